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

    // MARK: The cases the hand-split pages showed

    static func split(_ text: String) throws -> [String] {
        try SegmentStage(options: defaultRules.segment).sentences(in: text)
    }

    @Test func anAbbreviationOrAnInitialEndsASentenceBeforeAWordThatOpensSentences() throws {
        #expect(try Self.split("The sites are in Russia, China, or the U.S. There are no commercial spaceports.").count == 2)
        #expect(try Self.split("It was the last upgrade with the Xbox One S. That revision rounded out its life.").count == 2)
        #expect(try Self.split("So is code coverage a silver bullet? No. Is it useful? Definitely.").count == 4)
        // Not before a name, a number or another word of the name.
        #expect(try Self.split("The U.S. Army said so.").count == 1)
        #expect(try Self.split("He lives at No. 5 Main Street.").count == 1)
        #expect(try Self.split("Mr. Smith met Dr. Jones.").count == 1)
        // A list number stays with its item whatever follows.
        #expect(try Self.split("1. The first step is the hardest.").count == 1)
    }

    @Test func aTimeOfDayGoesOnIntoItsDayOrTimeZone() throws {
        #expect(try Self.split("Storms could fire as early as 1 p.m. Central time.").count == 1)
        #expect(try Self.split("He declared martial law around 10:30 p.m. Tuesday and lifted it around 4:30 a.m. Wednesday. Many left.").count == 2)
    }

    @Test func aQuotedQuestionAndItsSpeakerAreOneSentence() throws {
        #expect(try Self.split("“Why would they give those profits to take share in grocery?” Forte said. The deal closed.")
                == ["“Why would they give those profits to take share in grocery?” Forte said.", "The deal closed."])
        #expect(try Self.split("“Is it over?” The crowd went silent.").count == 2)
    }

    @Test func asiaIsAWordNotAnInitial() throws {
        #expect(try Self.split("Đội tuyển chỉ xếp hạng 3 Đông Nam Á. Nhìn vào cục diện bóng đá trẻ thì khác.").count == 2)
        #expect(try Self.split("Anh Phùng Bá H. 50 tuổi, trú tại xã Búng Lao.").count == 1)
    }

    @Test func aStrayMarkOpeningAParagraphIsNoSentence() throws {
        #expect(try Self.split(". Hai mẫu xe này sẽ mang cái tên Protonic. Giá chưa công bố.")
                == [". Hai mẫu xe này sẽ mang cái tên Protonic.", "Giá chưa công bố."])
    }

    // MARK: Paragraphs of real pages, split by hand by people who had not seen Winnow's output

    /// One paragraph of `rules/segmentation/*.boundaries.jsonl`: a line of a text in ../shared, and the UTF-8
    /// offsets where its second and later sentences start (the texts are third-party: only offsets are kept).
    struct BoundaryRecord: Decodable {
        var id: String
        var source: String
        var line: Int
        var sha256: String
        var starts: [Int]
    }

    /// The paragraph as the gold was made on it: NFC, white space collapsed to single spaces, trimmed.
    static func paragraph(of record: BoundaryRecord) throws -> String {
        let text = try String(contentsOfFile: path("../shared/" + record.source), encoding: .utf8)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)[record.line - 1]
        return String(line).precomposedStringWithCanonicalMapping.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func scoreBoundaries(_ file: String) throws -> (score: Score, misses: [String]) {
        var options = defaultRules.segment
        options.keepEndMark = true
        let stage = try SegmentStage(options: options)
        var score = Score()
        var misses: [String] = []
        for line in try String(contentsOfFile: path("rules/segmentation/\(file)"), encoding: .utf8).split(separator: "\n") {
            let record = try JSONDecoder().decode(BoundaryRecord.self, from: Data(line.utf8))
            let text = try paragraph(of: record)
            #expect(sha256Hex(text) == record.sha256, "\(record.id): \(record.source) line \(record.line) is not the text the gold was made on")
            let predicted = try text.withUTF8Bytes { (bytes) throws(Rejection) in Set(try stage.sentenceRanges(in: bytes).dropFirst().map(\.lowerBound)) }
            score.add(predicted: predicted, gold: Set(record.starts))
            if predicted != Set(record.starts) { misses.append(record.id) }
        }
        return (score, misses)
    }

    /// 450 English paragraphs of whole news and blog pages (../shared/devset/docs/auto-*) and 450 Vietnamese ones
    /// of ../shared/corpus, split into sentences by hand at stop 41. Measured before Winnow's segmenter was changed
    /// against them: English P 0.984 R 0.992, Vietnamese P 0.997 R 0.997 (README, "Sentence segmentation").
    @Test(arguments: ["pages-en.boundaries.jsonl", "corpus-vi.boundaries.jsonl"])
    func handSplitParagraphsOfRealPages(_ file: String) throws {
        let (score, misses) = try Self.scoreBoundaries(file)
        let f1 = 2 * score.precision * score.recall / (score.precision + score.recall)
        print("segmentation \(file): P=\(String(format: "%.3f", score.precision)) R=\(String(format: "%.3f", score.recall)) "
              + "F1=\(String(format: "%.3f", f1)) (\(score.gold) boundaries); paragraphs that differ: \(misses.joined(separator: " "))")
        #expect(score.gold >= 600)
        #expect(f1 >= 0.99)
    }
}
