import Foundation
import WinnowICU

/// The named measurements of a line and of its neighbourhood that the judgement model weighs. Every value is a
/// number near 0...1 (counts are logarithms or capped), so weights compare.
///
/// The line's own shape follows boilerpipe's shallow text features and jusText's stop-word density; its
/// neighbourhood says where it stands relative to the article's main block, found as the run of paragraph-like
/// lines (ten words or more, ending like a sentence).
public enum LineFeature: Int, CaseIterable, Sendable {
    // The line itself.
    case words, fewWords, shortLine, longLine
    case sentenceEnd, colonEnd, otherEnd, ellipsisEnd
    case bullet, lowercaseStart, digitStart, bracketed
    case capitalised, allCaps
    case digits, letters, punctuation, symbols
    case url, email, separators, copyright, dateOrTime, quoted
    case stopwords, stopwordsLong, commas, sentences, wordLength, unspaced
    case repeated, firstOfRepeated, nearCopy, vocabulary, vocabularyStrongest
    // Its neighbourhood.
    case position, previousWords, nextWords, previousParagraph, nextParagraph, blankBefore, blankAfter
    case paragraphsNear, paragraphsAround, beforeMain, afterMain, distanceToMain, noMain
    case documentParagraphs, documentLines
    case afterCutMarker, beforeStartMarker
    case lastLine, unfinishedLast
    case storyDocument, storyCaption, storyEvidence, captionOutsideStory
    // What the first pass thought of the line and its neighbours (filled for the second pass only).
    case contextLine, contextPrevious, contextNext, contextNear, contextAround, contextAroundBest
    case contextDocument, contextDocumentBody, contextVersusMedian, contextEdge

    /// The name the model file uses.
    public var name: String {
        switch self {
        case .words: "words"
        case .fewWords: "words.few"
        case .shortLine: "words.short"
        case .longLine: "words.long"
        case .sentenceEnd: "end.sentence"
        case .colonEnd: "end.colon"
        case .otherEnd: "end.other-punctuation"
        case .ellipsisEnd: "end.ellipsis"
        case .bullet: "start.bullet"
        case .lowercaseStart: "start.lowercase"
        case .digitStart: "start.digit"
        case .bracketed: "bracketed"
        case .capitalised: "capitalised"
        case .allCaps: "all-caps"
        case .digits: "share.digits"
        case .letters: "share.letters"
        case .punctuation: "share.punctuation"
        case .symbols: "share.symbols"
        case .url: "url"
        case .email: "email"
        case .separators: "separators"
        case .copyright: "copyright"
        case .dateOrTime: "date-or-time"
        case .quoted: "quoted"
        case .stopwords: "stopwords"
        case .stopwordsLong: "stopwords.long"
        case .commas: "commas"
        case .sentences: "sentences"
        case .wordLength: "word-length"
        case .unspaced: "unspaced-script"
        case .repeated: "repeated"
        case .firstOfRepeated: "repeated.first"
        case .nearCopy: "near-copy"
        case .vocabulary: "vocabulary"
        case .vocabularyStrongest: "vocabulary.strongest"
        case .position: "position"
        case .previousWords: "previous.words"
        case .nextWords: "next.words"
        case .previousParagraph: "previous.paragraph"
        case .nextParagraph: "next.paragraph"
        case .blankBefore: "blank.before"
        case .blankAfter: "blank.after"
        case .paragraphsNear: "paragraphs.near"
        case .paragraphsAround: "paragraphs.around"
        case .beforeMain: "main.before"
        case .afterMain: "main.after"
        case .distanceToMain: "main.distance"
        case .noMain: "main.none"
        case .documentParagraphs: "document.paragraphs"
        case .documentLines: "document.lines"
        case .afterCutMarker: "cut.after-marker"
        case .beforeStartMarker: "cut.before-start-marker"
        case .lastLine: "last-line"
        case .unfinishedLast: "last-line.unfinished"
        case .storyDocument: "photo-story"
        case .storyCaption: "photo-story.caption"
        case .storyEvidence: "photo-story.rule-evidence"
        case .captionOutsideStory: "caption.outside-photo-story"
        case .contextLine: "context.line"
        case .contextPrevious: "context.previous"
        case .contextNext: "context.next"
        case .contextNear: "context.near"
        case .contextAround: "context.around"
        case .contextAroundBest: "context.around-best"
        case .contextDocument: "context.document"
        case .contextDocumentBody: "context.document-body"
        case .contextVersusMedian: "context.versus-median"
        case .contextEdge: "context.edge"
        }
    }

    /// Whether the feature measures the line's neighbourhood rather than the line.
    public var isContext: Bool { rawValue >= LineFeature.position.rawValue }

    /// Whether the feature is made from the first pass's scores.
    public var isSecondPass: Bool { rawValue >= LineFeature.contextLine.rawValue }

    /// Fills the second-pass features of `matrix` from the first pass's scores (one per row): each line's score,
    /// its neighbours', the mean and best (lowest) score around it, the document's mean and share of lines
    /// scored as article text, the line against the document's median, and how far the strongest article
    /// evidence on its weaker side is (a line at the edge of the article has none on one side).
    public static func fillSecondPass(_ matrix: inout FeatureMatrix, firstPass raw: [Double]) {
        let count = raw.count
        guard count > 0 else { return }
        let scores = raw.map { max(-8, min(8, $0)) }
        let mean = scores.reduce(0, +) / Double(count)
        let bodyShare = Double(scores.filter { $0 < 0 }.count) / Double(count)
        let sorted = scores.sorted()
        let median = count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2
        var bestBefore = [Double](repeating: 8, count: count)
        var bestAfter = [Double](repeating: 8, count: count)
        for index in 1..<max(1, count) { bestBefore[index] = min(bestBefore[index - 1], scores[index - 1]) }
        if count > 1 { for index in stride(from: count - 2, through: 0, by: -1) { bestAfter[index] = min(bestAfter[index + 1], scores[index + 1]) } }
        for index in 0..<count {
            /// The sum (in line order), count and least of the scores within `radius` lines, this one left out.
            func window(_ radius: Int) -> (sum: Double, count: Int, least: Double?) {
                var sum = 0.0, lines = 0, least: Double?
                for other in max(0, index - radius)..<min(count, index + radius + 1) where other != index {
                    sum += scores[other]
                    lines += 1
                    least = min(least ?? scores[other], scores[other])
                }
                return (sum, lines, least)
            }
            let near = window(2), around = window(5)
            // Scores are scaled by 1/8 so the features stay within -1...1 like the others.
            matrix[index, .contextLine] = scores[index] / 8
            matrix[index, .contextPrevious] = (index > 0 ? scores[index - 1] : mean) / 8
            matrix[index, .contextNext] = (index + 1 < count ? scores[index + 1] : mean) / 8
            matrix[index, .contextNear] = (near.count == 0 ? mean : near.sum / Double(near.count)) / 8
            matrix[index, .contextAround] = (around.count == 0 ? mean : around.sum / Double(around.count)) / 8
            matrix[index, .contextAroundBest] = (around.least ?? mean) / 8
            matrix[index, .contextDocument] = mean / 8
            matrix[index, .contextDocumentBody] = bodyShare
            matrix[index, .contextVersusMedian] = (scores[index] - median) / 8
            matrix[index, .contextEdge] = max(bestBefore[index], bestAfter[index]) / 8
        }
    }

    public static let byName: [String: LineFeature] = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })
    public static let count = allCases.count
}

/// The features of every line of a document, one row per line (in `lines` order), as a flat matrix.
public struct FeatureMatrix: Sendable {
    public var rows: Int
    public var values: [Double]

    public subscript(row: Int, feature: LineFeature) -> Double {
        get { values[row * LineFeature.count + feature.rawValue] }
        set { values[row * LineFeature.count + feature.rawValue] = newValue }
    }

    /// `body` run on the values of row `row`, in place.
    public func withRow<Result>(_ row: Int, _ body: (UnsafeBufferPointer<Double>) -> Result) -> Result {
        values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(row * LineFeature.count)..<((row + 1) * LineFeature.count)])) }
    }
}

/// Measures lines for the judgement model.
public enum LineFeatureExtractor {
    /// The word being read.
    struct WordState {
        var open = false
        var letters = 0
        var hash = WordHash.seed
        var hasLetter = false
        var unspaced = false
    }

    /// What one pass over a line's characters finds.
    struct Shape {
        var words = 0
        /// Words plus half the characters of scripts written without spaces: a length that compares across scripts.
        var length = 0.0
        var letters = 0, upper = 0, digits = 0, punctuation = 0, symbols = 0, unspaced = 0, visible = 0
        var capitalisedWords = 0, wordsWithLetters = 0, stopwords = 0, commas = 0, sentenceEnds = 0, letterTotal = 0
        var sentenceEnd = false, colonEnd = false, otherEnd = false
        /// Ends with an ellipsis ("…", "...", "[…]"): a teaser cut short, more often than a sentence trailing off.
        var ellipsisEnd = false
        var bullet = false, lowercaseStart = false, digitStart = false, bracketed = false
        var url = false, email = false, separators = 0, copyright = false, dateOrTime = false, quoted = false
        /// The weights of the line's words in the model's vocabulary.
        var vocabulary = Vocabulary.LineWeights()
        /// Words of fifteen letters or more: glued or scrambled text.
        var longWords = 0
        /// The hash (``WordHash``) of every word with a letter, in order; filled when asked for.
        var wordHashes: [UInt64] = []
        /// Of those, the words of four letters or more that are not stop words: what a line is about.
        var contentHashes: [UInt64] = []

        /// Ten words or more ending like a sentence, or thirty words or more however it ends (a paragraph an
        /// excerpt cut off, one whose full stop a link took).
        var isParagraph: Bool { (length >= 10 && sentenceEnd) || length >= 30 }

        /// Counts the word just read (if one is open) and closes it. Its hash goes to ``wordHashes`` (and, with
        /// four letters or more, to ``contentHashes``) for ``lookUpWords(vocabulary:)``.
        mutating func finish(_ word: inout WordState) {
            guard word.open else { return }
            word.open = false
            guard word.hasLetter else { return }
            wordsWithLetters += 1
            if word.letters >= 15 && !word.unspaced { longWords += 1 }
            letterTotal += word.letters
            wordHashes.append(word.hash)
            if word.letters >= 4 { contentHashes.append(word.hash) }
        }

        /// Looks the line's words up once they are all read (their slots loading since, see ``shape(of:vocabulary:keepWords:)``):
        /// the stop words (which leave ``contentHashes``) and the vocabulary's weights, added in the words' order.
        mutating func lookUpWords(vocabulary: Vocabulary?) {
            let stopwordTable = Stopwords.shared
            for hash in wordHashes {
                if stopwordTable.contains(hash) { stopwords += 1 }
                if let vocabulary, let weight = vocabulary.table[hash] { self.vocabulary.add(weight) }
            }
            if stopwords > 0 { contentHashes.removeAll { stopwordTable.contains($0) } }
        }
        /// The shape of a photo caption: a sentence of four to thirty-five words (or one ending in a table's
        /// separator).
        var isCaptionLike: Bool { length >= 4 && length <= 35 && (sentenceEnd || endsWithSeparator) }
        /// The line ends with "|" or another separator that a table or list left behind.
        var endsWithSeparator = false
    }

    /// The features of every line of `document` as it stands.
    /// `evidence` holds the input line numbers whose evidence reads as a caption's
    /// (``JudgeStage/captionLikeEvidence(_:)``).
    public static func features(of document: Document, markers: CutMarkers = CutMarkers(),
                                vocabulary: Vocabulary? = nil, evidence: Set<Int> = [], captions: Set<Int> = []) -> FeatureMatrix {
        document.withLineTexts { lines in features(of: lines, markers: markers, vocabulary: vocabulary, evidence: evidence, captions: captions) }
    }

    /// The line features and the document features of `document`, measuring each line once.
    static func measure(_ document: Document, markers: CutMarkers, vocabulary: Vocabulary?, evidence: Set<Int>,
                        documentFeatures: Bool) -> (lines: FeatureMatrix, document: [Double]?) {
        document.withLineTexts { lines in
            let shapes = Self.shapes(of: lines, vocabulary: vocabulary)
            return (features(of: lines, markers: markers, vocabulary: vocabulary, evidence: evidence, shapes: shapes),
                    documentFeatures ? DocumentFeature.measure(lines, shapes: shapes) : nil)
        }
    }

    /// The shapes of every line, with their words (for the features that compare lines).
    static func shapes(of lines: LineTexts, vocabulary: Vocabulary?) -> [Shape] {
        lines.indices.map { shape(of: lines.bytes($0), vocabulary: vocabulary, keepWords: true) }
    }

    /// `evidence`: input line numbers whose evidence reads as a caption's (``JudgeStage/captionLikeEvidence(_:)``);
    /// `captions`: those a `caption.*` rule matched.
    static func features(of lines: LineTexts, markers: CutMarkers, vocabulary: Vocabulary?, evidence: Set<Int> = [],
                         captions captionLines: Set<Int> = [], shapes given: [Shape]? = nil) -> FeatureMatrix {
        let count = lines.count
        var matrix = FeatureMatrix(rows: count, values: [Double](repeating: 0, count: count * LineFeature.count))
        guard count > 0 else { return matrix }
        let shapes = given ?? Self.shapes(of: lines, vocabulary: vocabulary)
        let nearCopies = NearCopies.find(shapes.map { $0.wordHashes })
        // A photo story: the text is a run of captions (caption-shaped lines, or lines a caption rule matched),
        // with at most one long paragraph.
        let captionLike = (0..<count).map { shapes[$0].isCaptionLike || (evidence.contains(lines[$0].number) && shapes[$0].length >= 3 && shapes[$0].length <= 35) }
        let captions = captionLike.filter { $0 }.count
        let isStory = shapes.filter { $0.length >= 45 }.count <= 1 && captions >= 4 && Double(captions) >= 0.3 * Double(count)
        let captionRuleLines = lines.indices.filter { captionLines.contains(lines[$0].number) }.count
        let captionRich = captionRuleLines >= 4 && Double(captionRuleLines) >= 0.3 * Double(count)
        let paragraph = shapes.map { $0.isParagraph }
        let paragraphIndexes = paragraph.indices.filter { paragraph[$0] }
        let firstParagraph = paragraphIndexes.first ?? count
        let lastParagraph = paragraphIndexes.last ?? -1
        // Prefix sums of paragraph lines, for the share in a window.
        var prefix = [0]
        prefix.reserveCapacity(count + 1)
        for flag in paragraph { prefix.append(prefix.last! + (flag ? 1 : 0)) }
        func share(around index: Int, radius: Int) -> Double {
            let low = max(0, index - radius), high = min(count, index + radius + 1)
            let inWindow = prefix[high] - prefix[low] - (paragraph[index] ? 1 : 0)
            return Double(inWindow) / Double(max(1, high - low - 1))
        }
        // Repeated lines, by a hash of their bytes (collisions only make a line look repeated).
        var seen = HashCounter(expected: count)
        let hashes = lines.indices.map { lineHash(lines.bytes($0)) }
        for hash in hashes { seen.add(hash) }
        var firstSeen = HashCounter(expected: count)
        let documentParagraphs = Double(paragraphIndexes.count) / Double(count)
        let documentLines = log1p(Double(count)) / 6
        var nearestBefore = -1
        var nextParagraphIndex = 0
        // Each line's row is written in place (the matrix starts at zero).
        matrix.values.withUnsafeMutableBufferPointer { values in
            for index in 0..<count {
                let s = shapes[index]
                let row = UnsafeMutableBufferPointer(rebasing: values[(index * LineFeature.count)..<((index + 1) * LineFeature.count)])
                func set(_ feature: LineFeature, _ value: Double) { row[feature.rawValue] = value }
                func flag(_ feature: LineFeature, _ value: Bool) { row[feature.rawValue] = value ? 1 : 0 }
                set(.words, log1p(s.length) / 4)
                flag(.fewWords, s.length <= 3)
                flag(.shortLine, s.length > 3 && s.length <= 8)
                flag(.longLine, s.length >= 20)
                flag(.sentenceEnd, s.sentenceEnd)
                flag(.colonEnd, s.colonEnd)
                flag(.otherEnd, s.otherEnd)
                flag(.ellipsisEnd, s.ellipsisEnd)
                flag(.bullet, s.bullet)
                flag(.lowercaseStart, s.lowercaseStart)
                flag(.digitStart, s.digitStart)
                flag(.bracketed, s.bracketed)
                set(.capitalised, s.wordsWithLetters == 0 ? 0 : Double(s.capitalisedWords) / Double(s.wordsWithLetters))
                flag(.allCaps, s.letters >= 4 && s.upper == s.letters)
                let visible = Double(max(1, s.visible))
                set(.digits, Double(s.digits) / visible)
                set(.letters, Double(s.letters) / visible)
                set(.punctuation, Double(s.punctuation) / visible)
                set(.symbols, Double(s.symbols) / visible)
                flag(.url, s.url)
                flag(.email, s.email)
                set(.separators, Double(min(s.separators, 3)) / 3)
                flag(.copyright, s.copyright)
                flag(.dateOrTime, s.dateOrTime)
                flag(.quoted, s.quoted)
                let stopShare = s.words == 0 ? 0 : Double(s.stopwords) / Double(s.words)
                set(.stopwords, stopShare)
                set(.stopwordsLong, stopShare * min(1, s.length / 10))
                set(.commas, s.words == 0 ? 0 : min(1, Double(s.commas) * 5 / Double(s.words)))
                set(.sentences, Double(min(s.sentenceEnds, 4)) / 4)
                set(.wordLength, s.wordsWithLetters == 0 ? 0 : min(1, Double(s.letterTotal) / Double(s.wordsWithLetters) / 10))
                set(.unspaced, Double(s.unspaced) / visible)
                let copies = seen.count(hashes[index])
                flag(.repeated, copies > 1)
                if copies > 1 && firstSeen.add(hashes[index]) == 1 { set(.firstOfRepeated, 1) }
                flag(.nearCopy, nearCopies.contains(index))
                let vocabularyFeatures = s.vocabulary.features(words: s.wordsWithLetters)
                set(.vocabulary, vocabularyFeatures.sum)
                set(.vocabularyStrongest, vocabularyFeatures.strongest)
                // Neighbourhood.
                set(.position, count == 1 ? 0 : Double(index) / Double(count - 1))
                if index > 0 {
                    set(.previousWords, log1p(shapes[index - 1].length) / 4)
                    flag(.previousParagraph, paragraph[index - 1])
                }
                if index + 1 < count {
                    set(.nextWords, log1p(shapes[index + 1].length) / 4)
                    flag(.nextParagraph, paragraph[index + 1])
                }
                let line = lines[index]
                flag(.blankBefore, line.blankLinesBefore > 0 || index == 0)
                flag(.blankAfter, index + 1 == count || lines[index + 1].blankLinesBefore > 0)
                set(.paragraphsNear, share(around: index, radius: 3))
                set(.paragraphsAround, share(around: index, radius: 12))
                // Before or after the main block; a page without a paragraph has no main block to be outside of.
                flag(.noMain, paragraphIndexes.isEmpty)
                flag(.beforeMain, !paragraphIndexes.isEmpty && index < firstParagraph)
                flag(.afterMain, !paragraphIndexes.isEmpty && index > lastParagraph)
                while nextParagraphIndex < paragraphIndexes.count && paragraphIndexes[nextParagraphIndex] < index { nextParagraphIndex += 1 }
                if paragraph[index] { nearestBefore = index }
                var distance = 64
                if nearestBefore >= 0 { distance = index - nearestBefore }
                if nextParagraphIndex < paragraphIndexes.count { distance = min(distance, paragraphIndexes[nextParagraphIndex] - index) }
                set(.distanceToMain, log1p(Double(distance)) / 4)
                set(.documentParagraphs, documentParagraphs)
                set(.documentLines, documentLines)
                if let marker = markers.cutToEnd, line.number > marker { set(.afterCutMarker, 1) }
                if let marker = markers.cutFromStart, line.number < marker { set(.beforeStartMarker, 1) }
                flag(.storyDocument, isStory)
                flag(.storyCaption, isStory && captionLike[index])
                // In a photo story or a gallery (captions a good part of the page) the captions are the article:
                // evidence that a line is a caption weighs less there.
                flag(.storyEvidence, (isStory || captionRich) && evidence.contains(line.number))
                // Elsewhere a caption is furniture, however much it reads like a sentence; unless captions are a
                // good part of the page (a gallery with a few paragraphs: the photos are the story).
                flag(.captionOutsideStory, !isStory && !captionRich && captionLines.contains(line.number))
                if index + 1 == count {
                    set(.lastLine, 1)
                    // An excerpt cut off in mid-paragraph ends with a line that stops without punctuation.
                    let previousParagraph = index > 0 && paragraph[index - 1]
                    flag(.unfinishedLast, !s.sentenceEnd && (previousParagraph || s.length >= 8))
                }
            }
        }
        return matrix
    }

    /// One pass over the line's UTF-8 (valid, normalised: single spaces, trimmed).
    static func shape(of bytes: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary? = nil, keepWords: Bool = false) -> Shape {
        var s = Shape()
        guard !bytes.isEmpty else { return s }
        // Room for the words' hashes from the start (a word takes four bytes or more with its space, nearly
        // always), rather than arrays grown and copied word by word.
        s.wordHashes.reserveCapacity(bytes.count / 4 + 1)
        s.contentHashes.reserveCapacity(bytes.count / 4 + 1)
        let classes = CharacterClass.table
        var index = 0
        var word = WordState()
        var firstClass: UInt8 = 0
        var digitRun = 0
        var sawYear = false, sawDigitSeparator = false
        var previousWasDigit = false
        var firstScalar: UInt32 = 0
        var lastScalar: UInt32 = 0
        // Counters live in locals (registers) during the scan and go into `s` at the end.
        var visible = 0, unspaced = 0, words = 0, capitalised = 0, letters = 0, upper = 0, digits = 0
        var punctuation = 0, symbols = 0, commas = 0, separators = 0, sentenceEnds = 0
        var email = false, quoted = false, copyrightSign = false
        // Each word's slots in the stop-word and vocabulary tables start loading as soon as the word is read, for
        // lookUpWords to find them in cache.
        let stopwordPrefetcher = Stopwords.shared.prefetcher, vocabularyPrefetcher = vocabulary?.table.prefetcher
        let count = bytes.count
        while index < count {
            let value = UTF8Scalars.next(in: bytes, at: &index)
            if value == 0x20 {
                if word.open {
                    stopwordPrefetcher.prefetch(word.hash)
                    vocabularyPrefetcher?.prefetch(word.hash)
                    s.finish(&word)
                }
                digitRun = 0
                previousWasDigit = false
                continue
            }
            if firstScalar == 0 { firstScalar = value }
            lastScalar = value
            visible += 1
            let byte = value < 0x1_0000 ? classes[Int(value)] : CharacterClass.byte(of: value)
            let kind = byte & 0x7F
            if !word.open {
                words += 1
                word = WordState()
                word.open = true
                if kind == CharacterClass.upper.rawValue { capitalised += 1 }
                if words == 1 { firstClass = kind }
            }
            if byte & CharacterClass.unspacedFlag != 0 {
                unspaced += 1
                word.unspaced = true
            }
            switch kind {
            case CharacterClass.lower.rawValue, CharacterClass.caseless.rawValue:
                letters += 1
                word.letters += 1
                word.hasLetter = true
                word.hash = WordHash.mix(word.hash, value &- 0x41 < 26 ? value | 0x20 : value)
                previousWasDigit = false
                digitRun = 0
            case CharacterClass.upper.rawValue:
                letters += 1
                upper += 1
                word.letters += 1
                word.hasLetter = true
                word.hash = WordHash.mix(word.hash, WordHash.fold(value, kind: .upper))
                previousWasDigit = false
                digitRun = 0
            case CharacterClass.mark.rawValue:
                word.letters += 1
                word.hasLetter = true
                word.hash = WordHash.mix(word.hash, value)
                previousWasDigit = false
                digitRun = 0
            case CharacterClass.digit.rawValue:
                digits += 1
                digitRun += 1
                if digitRun == 4, value >= 0x30, value <= 0x39 { sawYear = true }
                previousWasDigit = true
            case CharacterClass.punctuation.rawValue:
                punctuation += 1
                switch value {
                case 0x2C, 0x3001, 0xFF0C: commas += 1
                case 0x40: email = true
                case 0x7C, 0xBB, 0x203A, 0xB7, 0x2022: separators += 1
                case 0x22, 0x201C, 0x201D, 0xAB, 0x201E: quoted = true
                default: break
                }
                if (value == 0x2F || value == 0x3A || value == 0x2E || value == 0x2D) && previousWasDigit,
                   index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 { sawDigitSeparator = true }
                if Self.isSentenceEnd(value) && (value >= 0x3000 || (index < count && bytes[index] == 0x20)) {
                    sentenceEnds += 1
                }
                previousWasDigit = false
                digitRun = 0
            case CharacterClass.symbol.rawValue:
                symbols += 1
                if value == 0xA9 { copyrightSign = true }
                if value == 0x7C { separators += 1 }
                previousWasDigit = false
                digitRun = 0
            default:
                previousWasDigit = false
                digitRun = 0
            }
        }
        if word.open {
            stopwordPrefetcher.prefetch(word.hash)
            vocabularyPrefetcher?.prefetch(word.hash)
            s.finish(&word)
        }
        s.lookUpWords(vocabulary: vocabulary)
        if !keepWords {
            s.wordHashes = []
            s.contentHashes = []
        }
        s.visible = visible
        s.unspaced = unspaced
        s.words = words
        s.capitalisedWords = capitalised
        s.letters = letters
        s.upper = upper
        s.digits = digits
        s.punctuation = punctuation
        s.symbols = symbols
        s.commas = commas
        s.separators = separators
        s.sentenceEnds = sentenceEnds
        s.email = email
        s.quoted = quoted
        s.copyright = copyrightSign
        s.length = Double(s.words) + Double(s.unspaced) / 2
        // How the line ends: the last character that is not a closing quote or bracket.
        var end = bytes.count
        while end > 0 {
            var start = end - 1
            while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
            let (value, _) = UTF8Scalars.scalar(in: bytes, at: start)
            if Self.isCloser(value) || value == 0x20 {
                end = start
                continue
            }
            // A table cell's or list's separator left at the end: " |", " -", " •".
            if (value == 0x7C || value == 0x2D || value == 0x2022 || value == 0xA6), start > 0, bytes[start - 1] == 0x20 {
                s.endsWithSeparator = true
                end = start
                continue
            }
            if Self.isSentenceEnd(value) {
                s.sentenceEnd = true
                s.ellipsisEnd = value == 0x2026 || (value == 0x2E && start >= 2 && bytes[start - 1] == 0x2E && bytes[start - 2] == 0x2E)
            } else if value == 0x3A || value == 0xFF1A {
                s.colonEnd = true
            } else if CharacterClass(rawValue: CharacterClass.byte(of: value) & 0x7F) == .punctuation {
                s.otherEnd = true
            }
            break
        }
        s.bullet = Self.isBullet(firstScalar, bytes: bytes)
        s.lowercaseStart = firstClass == CharacterClass.lower.rawValue
        s.digitStart = firstClass == CharacterClass.digit.rawValue
        s.bracketed = (firstScalar == 0x28 || firstScalar == 0x5B) && (lastScalar == 0x29 || lastScalar == 0x5D)
        s.dateOrTime = sawDigitSeparator || sawYear
        let (url, copyright) = Self.scanMarkers(bytes)
        s.url = url
        s.copyright = s.copyright || copyright
        return s
    }

    @inline(__always) static func isSentenceEnd(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x2026 || value == 0x3002 || value == 0xFF01
            || value == 0xFF1F || value == 0x0964
    }

    @inline(__always) static func isCloser(_ value: UInt32) -> Bool {
        value == 0x22 || value == 0x27 || value == 0x29 || value == 0x5D || value == 0x201D || value == 0x2019
            || value == 0xBB || value == 0x300D || value == 0x300F || value == 0xFF09 || value == 0x2A
    }

    /// The marks a list item opens with: "-", "*", "+", ">", "•", "·", "►", "▶", "»", "›", "–", "—", "●", "▪", "♦", "✓".
    static func isBulletMark(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x2A, 0x2B, 0x3E, 0x2022, 0x00B7, 0x25BA, 0x25B6, 0x00BB, 0x203A, 0x2013, 0x2014, 0x25CF, 0x25AA, 0x2666, 0x2713:
            true
        default:
            false
        }
    }

    static func isBullet(_ first: UInt32, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if isBulletMark(first) { return true }
        switch first {
        case 0x30...0x39:
            // "1." or "2)" followed by a space.
            var index = 0
            while index < bytes.count && index < 3 && bytes[index] >= 0x30 && bytes[index] <= 0x39 { index += 1 }
            return index + 1 < bytes.count && (bytes[index] == 0x2E || bytes[index] == 0x29) && bytes[index + 1] == 0x20
        default:
            return false
        }
    }

    /// Whether the line holds an address ("://", "www.", ".com", ".vn", ".org", ".net", ".htm") and the word
    /// "copyright" (either case of its first letter), in one pass over the bytes.
    static func scanMarkers(_ bytes: UnsafeBufferPointer<UInt8>) -> (url: Bool, copyright: Bool) {
        guard let base = bytes.baseAddress, bytes.count >= 3 else { return (false, false) }
        let count = bytes.count
        func matches(_ index: Int, _ text: StaticString) -> Bool {
            let length = text.utf8CodeUnitCount
            guard index >= 0, index + length <= count else { return false }
            return memcmp(base + index, text.utf8Start, length) == 0
        }
        var url = false
        // Every "." and ":" found with memchr, then the address shapes around it.
        var from = 0
        while !url, from < count, let found = memchr(base + from, 0x2E, count - from) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            url = matches(index, ".com") || matches(index, ".vn") || matches(index, ".org") || matches(index, ".net")
                || matches(index, ".htm") || matches(index - 3, "www.")
            from = index + 1
        }
        from = 0
        while !url, from < count, let found = memchr(base + from, 0x3A, count - from) {
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            url = matches(index, "://")
            from = index + 1
        }
        var copyright = false
        from = 0
        while !copyright, from < count, let found = memchr(base + from, 0x79, count - from) {   // the "y"
            let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            copyright = matches(index - 3, "opyright") && index >= 4 && (bytes[index - 4] == 0x43 || bytes[index - 4] == 0x63)
            from = index + 1
        }
        return (url, copyright)
    }

    static func containsURL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        containsASCII(bytes, "://") || containsASCII(bytes, "www.") || containsASCII(bytes, ".com")
            || containsASCII(bytes, ".vn") || containsASCII(bytes, ".html") || containsASCII(bytes, ".org")
            || containsASCII(bytes, ".net")
    }

    static func containsASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard count > 0, bytes.count >= count else { return false }
        let pointer = needle.utf8Start
        let first = pointer[0]
        var index = 0
        let last = bytes.count - count
        while index <= last {
            if bytes[index] == first {
                var offset = 1
                while offset < count && bytes[index + offset] == pointer[offset] { offset += 1 }
                if offset == count { return true }
            }
            index += 1
        }
        return false
    }
}

/// Where the evidence rules saw cut markers: input line numbers of the first `cut_to_end` marker and the last
/// `cut_from_start` marker. Lines past them are the teaser block the marker announces, as evidence.
public struct CutMarkers: Sendable, Equatable {
    public var cutToEnd: Int?
    public var cutFromStart: Int?
    public init(cutToEnd: Int? = nil, cutFromStart: Int? = nil) {
        self.cutToEnd = cutToEnd
        self.cutFromStart = cutFromStart
    }
}
