/// One line of a document's body, with where it came from.
public struct Line: Sendable, Equatable {
    /// 1-based line number in the decoded input (CRLF, CR and LF each end one line).
    public var number: Int
    /// The line's text; after the normalize stage, trimmed and normalised.
    public var text: String {
        get { storedText }
        set {
            storedText = newValue
            wordCount = LineShape.wordCount(newValue)
            sentenceRanges = []
        }
    }
    private var storedText: String
    /// Words in `text` (runs between spaces), kept in step with it: many rules ask.
    public private(set) var wordCount: Int
    /// How many blank lines stood between this line and the previous non-blank one (or the start of the input).
    public var blankLinesBefore: Int
    /// Leading white space of the input line, in Unicode scalars, counted before normalisation trimmed it.
    public var indent: Int
    /// The line's sentences as UTF-8 byte ranges of `text`, filled by the segment stage; empty before it and
    /// after any change to the text.
    public internal(set) var sentenceRanges: [Range<Int>] = []

    /// The line's sentences, filled by the segment stage; empty before it.
    public var sentences: [String] { sentenceRanges.map { String(slice($0)) } }

    public init(number: Int, text: String, blankLinesBefore: Int = 0, indent: Int = 0) {
        self.number = number
        self.storedText = text
        self.wordCount = LineShape.wordCount(text)
        self.blankLinesBefore = blankLinesBefore
        self.indent = indent
    }

    /// A line whose words were counted already (the decode stage counts them while it splits the input).
    init(number: Int, text: String, blankLinesBefore: Int, wordCount: Int) {
        self.number = number
        self.storedText = text
        self.wordCount = wordCount
        self.blankLinesBefore = blankLinesBefore
        self.indent = 0
    }

    /// Keeps the bytes `range` of the text, which differ from it only by spaces at its edges: the words and
    /// their count stay.
    mutating func trimText(to range: Range<Int>) {
        storedText = String(slice(range))
        sentenceRanges = []
    }

    /// The text's UTF-8 bytes `range` (on character boundaries), without copying.
    func slice(_ range: Range<Int>) -> Substring {
        let utf8 = storedText.utf8
        return storedText[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
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

    public var name: String {
        switch self {
        case .dropped: "dropped"
        case .trimmed: "trimmed"
        case .cut: "cut"
        case .extracted(let field): "extracted:\(field.rawValue)"
        case .rewritten: "rewritten"
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

    public init(line: Int, rule: String, text: String, kind: EditKind) {
        self.line = line
        self.rule = rule
        self.text = text
        self.kind = kind
    }
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
/// Every stage edits it in place. Lines keep their original line numbers, and every removal lands in `edits`,
/// so any output line can be traced back and any removal explained.
public struct Document: Sendable {
    /// A stable identifier: the input's relative path without extension, or the JSONL record's id.
    public var id: String
    /// Where the document came from: a path, `-` for standard input, or `path:line` for a JSONL record.
    public var source: String
    /// The raw input; emptied by the decode stage.
    public var bytes: [UInt8]
    public var lines: [Line]
    public var metadata: Metadata
    public var edits: [Edit]
    public var decoding: DecodingReport
    /// Set by the filter stage when a rule drops the whole document.
    public var dropped: DropDecision?
    /// Fields of a JSONL input record other than the text, carried through to JSONL output untouched (raw JSON).
    public var passthrough: [(key: String, json: String)]
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

    /// The body as paragraphs (one per kept line).
    public var paragraphs: [String] { lines.map(\.text) }

    /// Logs the removal of a whole line.
    public mutating func log(_ line: Line, rule: String, kind: EditKind) {
        edits.append(Edit(line: line.number, rule: rule, text: line.text, kind: kind))
    }

    /// Removes the lines at `indexes` (positions in `lines`), logging each under `rule`, and hands the blank
    /// lines that stood before a removed line on to the next kept line, so gaps stay visible to later rules.
    public mutating func removeLines(at indexes: Set<Int>, rule: String, kind: EditKind) {
        guard !indexes.isEmpty else { return }
        var kept: [Line] = []
        kept.reserveCapacity(lines.count - indexes.count)
        var pendingBlank = 0
        for (index, line) in lines.enumerated() {
            if indexes.contains(index) {
                log(line, rule: rule, kind: kind)
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
