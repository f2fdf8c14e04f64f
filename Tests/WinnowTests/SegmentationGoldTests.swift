import Foundation
import Testing
import WinnowICU
@testable import Winnow

/// Sentence boundaries measured against the hand-checked gold set in rules/segmentation/.
///
/// A boundary is the offset (in characters) where a sentence starts inside a paragraph, the paragraph's own
/// start excluded: paragraph ends are always boundaries and are not counted.
@Suite struct SegmentationGoldTests {
    struct Score {
        var truePositives = 0, predicted = 0, gold = 0
        var precision: Double { predicted == 0 ? 1 : Double(truePositives) / Double(predicted) }
        var recall: Double { gold == 0 ? 1 : Double(truePositives) / Double(gold) }
        mutating func add(predicted p: Set<Int>, gold g: Set<Int>) {
            truePositives += p.intersection(g).count
            predicted += p.count
            gold += g.count
        }
    }

    /// The gold paragraphs of a file: each a list of sentences.
    static func paragraphs(_ name: String) throws -> [[String]] {
        try String(contentsOfFile: path("rules/segmentation/\(name)"), encoding: .utf8)
            .components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") } }
            .filter { !$0.isEmpty }
    }

    /// Start offsets (in characters) of each sentence after the first, found in order in `text`.
    static func starts(of sentences: [String], in text: String) -> Set<Int> {
        var result = Set<Int>()
        var searchFrom = text.startIndex
        for (index, sentence) in sentences.enumerated() {
            guard let range = text.range(of: sentence, range: searchFrom..<text.endIndex) else { continue }
            if index > 0 { result.insert(text.distance(from: text.startIndex, to: range.lowerBound)) }
            searchFrom = range.upperBound
        }
        return result
    }

    static func score(_ file: String, winnow: Bool) throws -> Score {
        var options = defaultRules.segment
        options.keepEndMark = true
        let stage = try SegmentStage(options: options)
        let icu = try SentenceBreaker(locale: options.locale)
        var score = Score()
        for sentences in try paragraphs(file) {
            let text = sentences.joined(separator: " ")
            let gold = starts(of: sentences, in: text)
            let predicted: Set<Int>
            if winnow {
                predicted = starts(of: try stage.sentences(in: text), in: text)
            } else {
                let bytes = Array(text.utf8)
                predicted = Set(try icu.icuBoundaries(in: text).dropLast().map { String(decoding: bytes[..<$0], as: UTF8.self).count })
            }
            score.add(predicted: predicted, gold: gold)
        }
        return score
    }

    @Test func goldSetHasAtLeast300Boundaries() throws {
        let total = try Self.score("vi-news.gold.txt", winnow: true).gold + Self.score("en-news.gold.txt", winnow: true).gold
        #expect(total >= 300)
    }

    @Test(arguments: ["vi-news.gold.txt", "en-news.gold.txt"])
    func winnowBeatsPlainICU(_ file: String) throws {
        let winnow = try Self.score(file, winnow: true)
        let icu = try Self.score(file, winnow: false)
        print("segmentation \(file): winnow P=\(String(format: "%.3f", winnow.precision)) R=\(String(format: "%.3f", winnow.recall)); "
              + "plain ICU P=\(String(format: "%.3f", icu.precision)) R=\(String(format: "%.3f", icu.recall)) (\(winnow.gold) boundaries)")
        #expect(winnow.precision >= 0.98)
        #expect(winnow.recall >= 0.98)
        #expect(winnow.precision > icu.precision)
    }
}
