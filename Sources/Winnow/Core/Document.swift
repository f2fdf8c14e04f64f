import Foundation

/// One line of a document's body: where its text is and what the stages learned about it.
///
/// Plain data: the text itself is a range of the document's ``Document/text``, so lines are kept, dropped and
/// copied without touching text or reference counts (the rules look at every line many times).
public struct Line: Sendable, Equatable {
    /// 1-based line number in the decoded input (CRLF, CR and LF each end one line).
    public var number: Int
    /// Where the line's text is in the document's `text`, in UTF-8 bytes. After the normalize stage the text is
    /// trimmed and normalised.
    public internal(set) var range: Range<Int>
    /// Words in the text (runs between spaces), kept in step with it: many rules ask.
    public internal(set) var wordCount: Int
    /// How many blank lines stood between this line and the previous non-blank one (or the start of the input).
    public var blankLinesBefore: Int
    /// Leading white space of the input line, in Unicode scalars, counted before normalisation trimmed it.
    public var indent: Int
    /// Which of the document's ``Document/sentenceRanges`` are this line's, filled by the segment stage.
    public internal(set) var sentenceIndexes: Range<Int> = 0..<0

    init(number: Int, range: Range<Int>, wordCount: Int, blankLinesBefore: Int, indent: Int = 0) {
        self.number = number
        self.range = range
        self.wordCount = wordCount
        self.blankLinesBefore = blankLinesBefore
        self.indent = indent
    }
}

/// A metadata field that a rule can fill.
public enum MetadataField: String, Sendable, CaseIterable, Codable {
    case title, date, author
    case sourceURL = "source_url"
}

/// What Winnow learned about a document besides its text.
public struct Metadata: Sendable, Equatable {
    public var title: String?
    /// ISO 8601, e.g. "2022-04-21T18:59:00+07:00".
    public var date: String?
    public var author: String?
    public var sourceURL: String?

    public init(title: String? = nil, date: String? = nil, author: String? = nil, sourceURL: String? = nil) {
        self.title = title
        self.date = date
        self.author = author
        self.sourceURL = sourceURL
    }

    public subscript(field: MetadataField) -> String? {
        get {
            switch field {
            case .title: title
            case .date: date
            case .author: author
            case .sourceURL: sourceURL
            }
        }
        set {
            switch field {
            case .title: title = newValue
            case .date: date = newValue
            case .author: author = newValue
            case .sourceURL: sourceURL = newValue
            }
        }
    }
}

/// What happened to (part of) an input line.
public enum EditKind: Sendable, Equatable {
    /// The whole line was removed.
    case dropped
    /// Part of the line was removed; the rest stays.
    case trimmed
    /// The line was removed because a marker rule cut the document there.
    case cut
    /// The line was moved into a metadata field.
    case extracted(MetadataField)
    /// The line was changed in place (normalisation, repair).
    case rewritten
    /// The line was joined to the end of the line before it: an extractor had split a sentence at an inline link.
    case joined

    public var name: String {
        switch self {
        case .dropped: "dropped"
        case .trimmed: "trimmed"
        case .cut: "cut"
        case .extracted(let field): "extracted:\(field.rawValue)"
        case .rewritten: "rewritten"
        case .joined: "joined"
        }
    }
}

/// One logged edit: which rule removed what from which input line.
public struct Edit: Sendable, Equatable {
    /// 1-based input line number.
    public var line: Int
    /// The id of the rule (or built-in step, e.g. `normalize.blank`) that made the edit.
    public var rule: String
    /// The text removed or moved (for `.rewritten`, the text before the change).
    public var text: String
    public var kind: EditKind
    /// For a line the judge removed: its junk score in points (see ``LineJudgement``).
    public var score: Double?
    /// For a line moved into the metadata: the value the rule read from it (a date in ISO 8601, an author's name),
    /// whether or not the field kept it (the first date line fills `date`; the page's later ones are logged too).
    public var value: String?

    public init(line: Int, rule: String, text: String, kind: EditKind, score: Double? = nil, value: String? = nil) {
        self.line = line
        self.rule = rule
        self.text = text
        self.kind = kind
        self.score = score
        self.value = value
    }
}

/// What an evidence rule (a rule with a `score`) found: it matched a line, and says how much that weighs. The
/// judge stage adds up the evidence of every line with the model's features and decides.
public struct Evidence: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The rule matched this line.
        case line
        /// A `cut_to_end` rule's marker: the line, and the block after it, look like what the marker announces.
        case cutToEnd
        /// A `cut_from_start` rule's marker: the line, and what stands before it.
        case cutFromStart
    }

    /// 1-based input line number.
    public var line: Int
    public var rule: String
    /// The rule's own score, in points; the model's weight for the rule replaces it when the model has one.
    public var score: Double
    public var kind: Kind

    public init(line: Int, rule: String, score: Double, kind: Kind = .line) {
        self.line = line
        self.rule = rule
        self.score = score
        self.kind = kind
    }
}

/// Why the judge kept or removed a line: its score and what contributed most to it.
public struct LineJudgement: Sendable, Equatable {
    /// 1-based input line number.
    public var line: Int
    /// Junk evidence in points: the model's bias plus every contribution. The line goes at or above `threshold`.
    public var score: Double
    public var threshold: Double
    /// The largest contributions (feature, rule or model part, and its points), largest magnitude first.
    public var contributions: [Contribution]

    public struct Contribution: Sendable, Equatable {
        public var name: String
        public var points: Double
    }

    /// The junk probability the score stands for.
    public var probability: Double { 1 / (1 + exp(-score)) }
    public var removed: Bool { score >= threshold }
}

/// How the input bytes became text.
public struct DecodingReport: Sendable, Equatable {
    /// The encoding that was used, e.g. "UTF-8", "UTF-16LE", "windows-1258".
    public var encoding: String = "UTF-8"
    /// Confidence (0-100) of the charset detector, when it chose the encoding.
    public var detectedConfidence: Int?
    /// Invalid byte sequences replaced by U+FFFD.
    public var replacements: Int = 0
    /// Input lines (1-based) that held replaced sequences.
    public var linesWithReplacements: [Int] = []

    public init() {}
}

/// Why a document was dropped on purpose by a rule (it is not an error).
public struct DropDecision: Sendable, Equatable {
    public var rule: String
    public var reason: String
}

/// A document on its way through the pipeline: bytes before the decode stage, lines after it.
///
/// Every stage edits it in place. The text of all lines is one buffer of valid UTF-8 (`text`), made once by
/// the decode stage (the input itself when it is valid UTF-8) and read in place by every stage after it; a
/// line is a range of it. Lines keep their original line numbers, and every removal lands in `edits`, so any
/// output line can be traced back and any removal explained.
public struct Document: Sendable {
    /// A stable identifier: the input's relative path without extension, or the JSONL record's id.
    public var id: String
    /// Where the document came from: a path, `-` for standard input, or `path:line` for a JSONL record.
    public var source: String
    /// The raw input; emptied by the decode stage.
    public var bytes: [UInt8]
    /// The lines' text, valid UTF-8; each line is a range of it (see ``text(of:)``). Filled by the decode stage.
    public internal(set) var text: [UInt8] = []
    public var lines: [Line]
    /// The sentences of every line as ranges of `text`, in order (see ``sentences(of:)``), filled by the segment stage.
    public internal(set) var sentenceRanges: [Range<Int>] = []
    public var metadata: Metadata
    public var edits: [Edit]
    public var decoding: DecodingReport
    /// Set by the filter stage when a rule drops the whole document.
    public var dropped: DropDecision?
    /// What evidence rules found, in the order they ran (filled by the strip stage).
    public var evidence: [Evidence] = []
    /// The judge's reasons for every line it weighed; filled only when the pipeline explains (``Pipeline/explaining``).
    public var judgements: [LineJudgement] = []
    /// When explaining: the spam model's scores of lines it kept that came within ``SpamStage/nearMissMargin``
    /// points of its threshold (or the pipeline's `spamMargin`), so that `winnow explain` shows how near a line
    /// came to going as spam.
    public var spamNearMisses: [LineJudgement] = []
    /// When explaining: the document model's score of the page (its `line` is 0), with the measurements that
    /// weighed most; `winnow explain` prints it under the lines.
    public var pageJudgement: LineJudgement?
    /// Input lines whose words the normalize stage found split by invisible characters ("k\u{200B}i\u{200B}n\u{200B}g",
    /// ``NormalizeStage/hiddenLetterDisguise`` or more between letters): a disguise the spam model counts.
    public internal(set) var wordsSplitByInvisibles: Set<Int> = []
    /// Input lines where the normalize stage collapsed a run of spaces between a one-letter word and a letter: by
    /// line number, the places (in words, from 0) of the words after those runs. The gaps between words spelled out
    /// one letter at a time ("s p i n h a r b o r   c a s i n o"), which the spam stage reads.
    public internal(set) var spelledWordGaps: [Int: [Int]] = [:]
    /// Fields of a JSONL input record other than the text, carried through to JSONL output untouched (raw JSON).
    public var passthrough: [(key: String, json: String)]
    /// The string value of the record field `key`, if the document has one (a JSONL record's `url`).
    public func stringField(_ key: String) -> String? {
        for (name, json) in passthrough where name == key {
            if let value = JSONObjectScanner.decodeString(Array(json.utf8)[...]) { return String(decoding: value, as: UTF8.self) }
        }
        return nil
    }
    /// Sets the record field `key` to the string `value` (as a JSONL record's `url` would come).
    public mutating func setField(_ key: String, string value: String) {
        passthrough.removeAll { $0.key == key }
        passthrough.append((key: key, json: JSON.string(value)))
    }
    /// What the write stage rendered, as UTF-8 (empty for a dropped document).
    public var rendered: [UInt8] = []
    /// The rendering as a string.
    public var renderedText: String { String(decoding: rendered, as: UTF8.self) }

    public init(id: String, source: String, bytes: [UInt8]) {
        self.id = id
        self.source = source
        self.bytes = bytes
        self.lines = []
        self.metadata = Metadata()
        self.edits = []
        self.decoding = DecodingReport()
        self.dropped = nil
        self.passthrough = []
    }

    /// A document whose text is already decoded, e.g. a rule example or a JSONL record's text field.
    public init(id: String, source: String, text: String) {
        self.init(id: id, source: source, bytes: Array(text.utf8))
    }

    /// A document whose lines are given (for tests of what stages do to lines).
    init(id: String, source: String, lines: [(number: Int, text: String, blankLinesBefore: Int)]) {
        self.init(id: id, source: source, bytes: [])
        for line in lines {
            let start = text.count
            text += line.text.utf8
            self.lines.append(Line(number: line.number, range: start..<text.count, wordCount: LineShape.wordCount(line.text),
                                   blankLinesBefore: line.blankLinesBefore))
        }
    }

    /// The text of `line`.
    public func text(of line: Line) -> String { String(decoding: text[line.range], as: UTF8.self) }

    /// The sentences of `line` (filled by the segment stage; empty before it).
    public func sentences(of line: Line) -> [String] {
        sentenceRanges[line.sentenceIndexes].map { String(decoding: text[$0], as: UTF8.self) }
    }

    /// The body as paragraphs (one per kept line).
    public var paragraphs: [String] { lines.map(text(of:)) }

    /// The lines with their text, read in place, for `body`: what rule conditions look at.
    func withLineTexts<R, E: Error>(_ body: (LineTexts) throws(E) -> R) throws(E) -> R {
        try text.withUnsafeBufferPointer { (text) throws(E) -> R in
            try lines.withUnsafeBufferPointer { (lines) throws(E) -> R in try body(LineTexts(lines: lines, text: text)) }
        }
    }

    /// Replaces the text of the line at `index` (positions in `lines`) and counts its words; see ``store(_:for:)``.
    mutating func setText(ofLine index: Int, to newText: String) {
        var line = lines[index]
        store(newText, for: &line)
        lines[index] = line
    }

    /// Writes `newText` as the text of `line` and counts its words: over the old text when it is not longer
    /// (trimming, cleaning and normalising seldom lengthen a line), else after the rest, so the buffer stays
    /// close to the input's size. Sentences are found after every change, so none refer to the old text.
    mutating func store(_ newText: String, for line: inout Line) {
        let utf8 = newText.utf8
        if utf8.count <= line.range.count {
            let start = line.range.lowerBound
            text.withUnsafeMutableBufferPointer { buffer in _ = UnsafeMutableBufferPointer(rebasing: buffer[start...]).initialize(from: utf8) }
            line.range = start..<(start + utf8.count)
        } else {
            let start = text.count
            text += utf8
            line.range = start..<text.count
        }
        line.wordCount = LineShape.wordCount(newText)
    }

    /// The line each joined input line was appended to (input line numbers): the join stage joins only lines
    /// next to each other in the input, so a joined line's host is the nearest line before it not joined itself.
    public func joinHosts() -> [Int: Int] {
        let joined = Set(edits.filter { $0.kind == .joined }.map(\.line))
        var hosts: [Int: Int] = [:]
        for line in joined {
            var host = line - 1
            while joined.contains(host) { host -= 1 }
            hosts[line] = host
        }
        return hosts
    }

    /// Frees the text, lines and sentences (once the document is rendered and nobody reads them).
    mutating func dropText() {
        text = []
        lines = []
        sentenceRanges = []
    }

    /// Logs the removal of a whole line.
    public mutating func log(_ line: Line, rule: String, kind: EditKind) {
        edits.append(Edit(line: line.number, rule: rule, text: text(of: line), kind: kind))
    }

    /// Removes the lines at `indexes` (positions in `lines`), logging each under `rule`, and hands the blank
    /// lines that stood before a removed line on to the next kept line, so gaps stay visible to later rules.
    public mutating func removeLines(at indexes: Set<Int>, rule: String, kind: EditKind) {
        removeLines(at: indexes, kind: kind) { _ in (rule, nil) }
    }

    /// Moves the lines at `taken`'s indexes (ascending) into the metadata's `field` under `rule`, each edit logging
    /// the value the rule read from its line.
    mutating func extractLines(_ taken: [(index: Int, value: String)], rule: String, field: MetadataField) {
        guard !taken.isEmpty else { return }
        let first = edits.count
        removeLines(at: Set(taken.map(\.index)), rule: rule, kind: .extracted(field))
        // The edits follow the lines' order, which is `taken`'s.
        for (offset, line) in taken.enumerated() { edits[first + offset].value = line.value }
    }

    /// Removes the lines at `indexes` like ``removeLines(at:rule:kind:)``, each logged under the rule (and score)
    /// that `reason` gives for its position.
    mutating func removeLines(at indexes: Set<Int>, kind: EditKind, reason: (Int) -> (rule: String, score: Double?)) {
        guard !indexes.isEmpty else { return }
        var kept: [Line] = []
        kept.reserveCapacity(lines.count - indexes.count)
        var pendingBlank = 0
        for (index, line) in lines.enumerated() {
            if indexes.contains(index) {
                let (rule, score) = reason(index)
                edits.append(Edit(line: line.number, rule: rule, text: text(of: line), kind: kind, score: score))
                pendingBlank += line.blankLinesBefore
            } else {
                var line = line
                line.blankLinesBefore += pendingBlank
                pendingBlank = 0
                kept.append(line)
            }
        }
        lines = kept
    }
}

/// A document's lines and their text read in place, for the rule conditions: line `index`'s bytes without a
/// copy or a reference count. Valid inside ``Document/withLineTexts(_:)`` only.
struct LineTexts {
    let lines: UnsafeBufferPointer<Line>
    let text: UnsafeBufferPointer<UInt8>

    var count: Int { lines.count }
    var indices: Range<Int> { 0..<lines.count }
    subscript(index: Int) -> Line { lines[index] }

    /// The UTF-8 of line `index` (valid UTF-8).
    func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: text[lines[index].range]) }

    /// The text of line `index`, for conditions that look at characters.
    func string(_ index: Int) -> String { String(decoding: bytes(index), as: UTF8.self) }
}
