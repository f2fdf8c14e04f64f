import Foundation

/// The named measurements of a whole document that say whether it is an article at all: a listing or tag page
/// is a column of teaser headlines with dates, a page without article text is all short lines, a scrambled page
/// has words no language has. Measured on the lines that reach the judge.
public enum DocumentFeature: Int, CaseIterable, Sendable {
    case lines, words, paragraphs, paragraphShare, longest, longestRun
    case teaserShare, datedShare, shortShare, sentenceEndShare, repeatedShare
    case stopwords, letters, longWords, capitalised
    case paragraphLength, firstParagraph, headlineThenParagraph, datedNearParagraph
    case repeatedStarts, ellipsisEnds, coherence

    public var name: String {
        switch self {
        case .lines: "lines"
        case .words: "words"
        case .paragraphs: "paragraphs"
        case .paragraphShare: "paragraphs.share"
        case .longest: "longest-line"
        case .longestRun: "paragraphs.longest-run"
        case .teaserShare: "teasers.share"
        case .datedShare: "dated.share"
        case .shortShare: "short.share"
        case .sentenceEndShare: "sentence-ends.share"
        case .repeatedShare: "repeated.share"
        case .stopwords: "stopwords"
        case .letters: "letters"
        case .longWords: "long-words"
        case .capitalised: "capitalised"
        case .paragraphLength: "paragraphs.length"
        case .firstParagraph: "paragraphs.first-position"
        case .headlineThenParagraph: "headline-then-paragraph.share"
        case .datedNearParagraph: "dated-next-to-paragraph.share"
        case .repeatedStarts: "repeated-starts.share"
        case .ellipsisEnds: "ellipsis-ends.share"
        case .coherence: "coherence"
        }
    }

    public static let byName: [String: DocumentFeature] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    public static let count = allCases.count

    /// The features of `document`'s lines as they stand.
    public static func measure(_ document: Document) -> [Double] {
        document.withLineTexts { lines in measure(lines) }
    }

    static func measure(_ lines: LineTexts) -> [Double] {
        measure(lines, shapes: LineFeatureExtractor.shapes(of: lines, vocabulary: nil))
    }

    static func measure(_ lines: LineTexts, shapes: [LineFeatureExtractor.Shape]) -> [Double] {
        var values = [Double](repeating: 0, count: count)
        let total = lines.count
        guard total > 0 else { return values }
        var words = 0, paragraphs = 0, teasers = 0, dated = 0, short = 0, ended = 0, longWords = 0, letterWords = 0
        var longest = 0.0, run = 0, longestRun = 0
        var stopwordSum = 0.0, stopwordLines = 0, letterSum = 0.0, capitalisedSum = 0.0, capitalisedLines = 0
        var seen = HashCounter(expected: total)
        var repeatedLines = 0
        var paragraphLength = 0.0, firstParagraph = total, headlineThenParagraph = 0, datedNearParagraph = 0
        for index in lines.indices {
            let bytes = lines.bytes(index)
            let shape = shapes[index]
            if shape.isParagraph {
                paragraphLength += shape.length
                firstParagraph = min(firstParagraph, index)
                if (index > 0 && shapes[index - 1].dateOrTime && shapes[index - 1].length <= 8)
                    || (index + 1 < total && shapes[index + 1].dateOrTime && shapes[index + 1].length <= 8) {
                    datedNearParagraph += 1
                }
            }
            if index + 1 < total, !shape.sentenceEnd, shape.length >= 4, shape.length <= 25, shapes[index + 1].isParagraph {
                headlineThenParagraph += 1
            }
            words += shape.words
            longest = max(longest, shape.length)
            if shape.isParagraph {
                paragraphs += 1
                run += 1
                longestRun = max(longestRun, run)
            } else {
                run = 0
            }
            if shape.length >= 5 && shape.length <= 25 && !shape.sentenceEnd { teasers += 1 }
            if shape.dateOrTime { dated += 1 }
            if shape.length <= 3 { short += 1 }
            if shape.sentenceEnd { ended += 1 }
            if shape.words >= 5 {
                stopwordSum += Double(shape.stopwords) / Double(shape.words)
                stopwordLines += 1
            }
            if shape.wordsWithLetters > 0 {
                capitalisedSum += Double(shape.capitalisedWords) / Double(shape.wordsWithLetters)
                capitalisedLines += 1
            }
            letterSum += Double(shape.letters) / Double(max(1, shape.visible))
            longWords += shape.longWords
            letterWords += shape.wordsWithLetters
            // Every copy after the first, and the first when its first copy comes.
            let copies = seen.add(lineHash(bytes))
            if copies == 2 { repeatedLines += 2 } else if copies > 2 { repeatedLines += 1 }
        }
        let n = Double(total)
        func set(_ feature: DocumentFeature, _ value: Double) { values[feature.rawValue] = value }
        set(.lines, log1p(n) / 6)
        set(.words, log1p(Double(words)) / 8)
        set(.paragraphs, log1p(Double(paragraphs)) / 4)
        set(.paragraphShare, Double(paragraphs) / n)
        set(.longest, log1p(longest) / 5)
        set(.longestRun, log1p(Double(longestRun)) / 3)
        set(.teaserShare, Double(teasers) / n)
        set(.datedShare, Double(dated) / n)
        set(.shortShare, Double(short) / n)
        set(.sentenceEndShare, Double(ended) / n)
        set(.repeatedShare, Double(repeatedLines) / n)
        set(.stopwords, stopwordLines == 0 ? 0 : stopwordSum / Double(stopwordLines))
        set(.letters, letterSum / n)
        set(.longWords, letterWords == 0 ? 0 : min(1, Double(longWords) * 10 / Double(letterWords)))
        set(.capitalised, capitalisedLines == 0 ? 0 : capitalisedSum / Double(capitalisedLines))
        set(.paragraphLength, paragraphs == 0 ? 0 : log1p(paragraphLength / Double(paragraphs)) / 5)
        set(.firstParagraph, Double(firstParagraph) / n)
        set(.headlineThenParagraph, Double(headlineThenParagraph) / n)
        set(.datedNearParagraph, paragraphs == 0 ? 0 : Double(datedNearParagraph) / Double(paragraphs))
        set(.repeatedStarts, Self.repeatedStarts(shapes))
        set(.ellipsisEnds, Double(lines.indices.filter { Self.endsWithEllipsis(lines.bytes($0)) }.count) / n)
        set(.coherence, Self.coherence(shapes))
        return values
    }
}

extension DocumentFeature {
    /// The share of lines (of three words or more) whose first two words begin at least two other lines too: a
    /// listing's "VOV.VN - ..." or "Business ..." on every teaser.
    static func repeatedStarts(_ shapes: [LineFeatureExtractor.Shape]) -> Double {
        let starts = shapes.map { shape -> UInt64? in
            shape.wordHashes.count >= 3 ? (shape.wordHashes[0] &* 31) ^ shape.wordHashes[1] : nil
        }
        var counts = HashCounter(expected: shapes.count)
        for case let start? in starts { counts.add(start) }
        let repeated = starts.filter { $0.map { counts.count($0) >= 3 } ?? false }.count
        return Double(repeated) / Double(max(1, shapes.count))
    }

    /// Whether the UTF-8 `bytes` end with "..." or "…".
    static func endsWithEllipsis(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        let last = bytes.suffix(3)
        return last.elementsEqual([0x2E, 0x2E, 0x2E]) || last.elementsEqual([0xE2, 0x80, 0xA6])
    }

    /// How much consecutive paragraphs share their content words (four letters or more, not stop words): an
    /// article's paragraphs keep naming the same people and things, a listing's teasers each tell another story.
    /// The mean over consecutive pairs of lines of eight words or more of the shared words over the smaller set.
    static func coherence(_ shapes: [LineFeatureExtractor.Shape]) -> Double {
        // Each line's words as a set: sorted, without repeats (a line has a few dozen; no hashing needed).
        var previous: [UInt64] = [], words: [UInt64] = []
        var total = 0.0, pairs = 0
        for shape in shapes where shape.length >= 8 {
            words.removeAll(keepingCapacity: true)
            words.append(contentsOf: shape.contentHashes)
            words.sort()
            words.removeConsecutiveRepeats()
            guard !words.isEmpty else { continue }
            if !previous.isEmpty {
                total += Double(Self.sharedCount(previous, words)) / Double(min(previous.count, words.count))
                pairs += 1
            }
            swap(&previous, &words)
        }
        return pairs == 0 ? 0.5 : total / Double(pairs)
    }

    /// How many values two sorted arrays without repeats have in common.
    static func sharedCount(_ first: [UInt64], _ second: [UInt64]) -> Int {
        var shared = 0, i = 0, j = 0
        while i < first.count && j < second.count {
            if first[i] < second[j] { i += 1 } else if first[i] > second[j] { j += 1 } else { shared += 1; i += 1; j += 1 }
        }
        return shared
    }
}

/// The document model: weights of ``DocumentFeature``s, boosted trees on top of them (a page's measurements
/// combine: many short paragraphs *and* each under a headline), and the score at which a document is not an
/// article.
public struct DocumentModel: Sendable, Equatable {
    public var bias: Double
    public var threshold: Double
    public var weights: [Double]
    /// Trees asking about the measurements and the linear score (`score.linear`); none in a model without them.
    public var trees: TreeEnsemble

    public init(bias: Double, threshold: Double, weights: [Double], trees: TreeEnsemble = TreeEnsemble(trees: [], naming: .documents)) {
        self.bias = bias
        self.threshold = threshold
        self.weights = weights
        self.trees = trees
    }

    init(_ file: ModelFile) {
        var weights = [Double](repeating: 0, count: DocumentFeature.count)
        for (name, weight) in file.sections["features", default: []] {
            if let feature = DocumentFeature.byName[name] { weights[feature.rawValue] = weight }
        }
        let trees = file.sections["trees"].flatMap { try? TreeEnsemble.read($0, naming: .documents).get() }
        self.init(bias: file.bias, threshold: file.threshold, weights: weights, trees: trees ?? TreeEnsemble(trees: [], naming: .documents))
    }

    public var file: ModelFile {
        var sections = ["features": DocumentFeature.allCases.map { ($0.name, weights[$0.rawValue]) }]
        if !trees.trees.isEmpty { sections["trees"] = trees.entries }
        return ModelFile(name: "documents", threshold: threshold, bias: bias, sections: sections)
    }

    /// The score of the weights alone.
    public func linearScore(_ values: [Double]) -> Double {
        zip(values, weights).reduce(bias) { $0 + $1.0 * $1.1 }
    }

    public func score(_ values: [Double]) -> Double {
        let linear = linearScore(values)
        return linear + treePoints(values, linear: linear)
    }

    /// What the trees add to `linear` for the page measured as `values`.
    func treePoints(_ values: [Double], linear: Double) -> Double {
        guard !trees.trees.isEmpty else { return 0 }
        return values.withUnsafeBufferPointer { trees.points($0, linear: linear) }
    }

    /// Every feature's points on this page (bias apart), and the trees' together, for `winnow explain`.
    func contributions(_ values: [Double]) -> [LineJudgement.Contribution] {
        let features = DocumentFeature.allCases.map { LineJudgement.Contribution(name: $0.name, points: weights[$0.rawValue] * values[$0.rawValue]) }
        let trees = LineJudgement.Contribution(name: "trees", points: treePoints(values, linear: linearScore(values)))
        return (features + [trees]).filter { $0.points != 0 }
    }

    /// The features that pushed hardest towards dropping, for the reason a report shows.
    public func reasons(_ values: [Double]) -> [(name: String, points: Double)] {
        contributions(values).filter { $0.points > 0 }.sorted { $0.points > $1.points }.map { ($0.name, $0.points) }
    }

    public var yaml: String { file.yaml(header: Self.header, order: ["features", "trees"]) }

    static let header = """
        Winnow's document model: how much each measurement of a whole page says it is not an article (a listing,
        tag or search page, a page without article text, scrambled text). A page's score is the bias plus the
        points of its measurements (`features`); then each tree of `trees` adds the points of the leaf the page
        reaches, a leaf named by its tree and the questions that lead to it (`score.linear` is the score of the
        features). The judge drops a page whose score reaches the threshold, which `winnow train` sets above
        every labelled article it held out: a real article is never to be dropped.
        Features: Sources/Winnow/Judge/DocumentFeatures.swift.
        """
}

extension Array where Element: Equatable {
    /// Removes every element equal to the one before it (in a sorted array: the repeats).
    mutating func removeConsecutiveRepeats() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}
