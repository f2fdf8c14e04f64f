import WinnowICU

/// Where something stands in a rules file: 1-based line and column (columns in Unicode scalars, as libyaml counts).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// An inclusive range of whole numbers; either end may be open.
public struct IntBounds: Sendable, Equatable {
    public var min: Int?
    public var max: Int?

    public init(min: Int? = nil, max: Int? = nil) {
        self.min = min
        self.max = max
    }

    public func contains(_ value: Int) -> Bool {
        if let min, value < min { return false }
        if let max, value > max { return false }
        return true
    }
}

/// An inclusive range of fractions; either end may be open.
public struct DoubleBounds: Sendable, Equatable {
    public var min: Double?
    public var max: Double?

    public func contains(_ value: Double) -> Bool {
        if let min, value < min { return false }
        if let max, value > max { return false }
        return true
    }
}

/// One condition on a line. A matcher holds when all of its conditions hold.
public indirect enum Condition: Sendable {
    /// ICU regular expressions; any of them finding a match is enough.
    case regex([String], ignoreCase: Bool)
    /// Keywords matched as whole tokens or domain names, through case, width, look-alike letters and invisible characters.
    case keywords([String])
    /// The line's first or last token is one of these keywords, matched as `keywords` matches them: a brand
    /// glued before or after a sentence, without scanning the sentence.
    case edgeKeywords([String])
    /// Whole lines, compared without regard to case.
    case exact([String])
    /// The line contains at least one of these strings (case-sensitive): a cheap filter before a regex.
    case contains([String])
    case words(IntBounds)
    case chars(IntBounds)
    case indent(IntBounds)
    /// Share of the line's non-space characters that are letters.
    case letterRatio(DoubleBounds)
    /// Whether the line ends with . ! ? … or ; (closing quotes and brackets after them allowed).
    case terminalPunctuation(Bool)
    /// Whether every word starts with an upper-case letter (the shape of a name).
    case capitalized(Bool)
    /// Whether the line has letters and none of them is lower case.
    case allCaps(Bool)
    /// Whether the line is one text written twice, glued or one space apart ("Tổ chức Tổ chức"): a link's text
    /// beside its title, or an image's alternative text beside its caption.
    case doubled(Bool)
    /// The line is among the first N lines of the body as it stands when the rule runs.
    case first(Int)
    /// The line is among the last N lines of the body as it stands when the rule runs.
    case last(Int)
    /// Blank lines after the line (the end of the document counts as many).
    case blankAfter(IntBounds)
    case blankBefore(IntBounds)
    /// The line before matches (false when there is none).
    case previous(MatcherSpec)
    /// The line after matches (false when there is none).
    case next(MatcherSpec)
    /// The nested matcher does not hold.
    case not(MatcherSpec)
    /// At least one nested matcher holds.
    case any([MatcherSpec])
}

/// A line matcher as written in the rules file: every condition must hold.
public struct MatcherSpec: Sendable {
    public var conditions: [Condition]

    public init(_ conditions: [Condition]) {
        self.conditions = conditions
    }
}

/// A condition on a whole document, for `drop_document` rules.
public enum DocumentCondition: Sendable {
    /// The share of the document's characters that rules matching these ids removed is in bounds, and they
    /// removed at least `minimumLines` lines. An id ending in `*` matches every id that starts with what comes
    /// before it.
    case removedShare(rules: [String], bounds: DoubleBounds, minimumLines: Int)
    /// Words left in the body.
    case words(IntBounds)
    /// Lines left in the body.
    case lines(IntBounds)
}

/// What a rule does with what it matches.
public enum RuleAction: Sendable, Equatable {
    case drop
    case dropPart
    case cutToEnd
    case cutFromStart
    case dropRepeated
    case extract(MetadataField)
    case dropDocument(reason: String)

    /// The stage that runs rules with this action.
    public var stage: StageName {
        switch self {
        case .drop, .dropPart, .cutToEnd, .cutFromStart, .dropRepeated: .strip
        case .extract: .extract
        case .dropDocument: .filter
        }
    }
}

/// Lines a rule must match and lines it must leave alone; `winnow test` runs them.
public struct RuleExamples: Sendable {
    public var match: [String] = []
    public var keep: [String] = []

    public var isEmpty: Bool { match.isEmpty && keep.isEmpty }
    public var count: Int { match.count + keep.count }
}

/// One rule of a rules file.
public struct Rule: Sendable {
    public var id: String
    public var description: String
    public var action: RuleAction
    public var matcher: MatcherSpec?
    public var document: [DocumentCondition]
    public var examples: RuleExamples
    public var location: SourceLocation
    /// For date extraction: the offset written after a date with a time ("+07:00"); overrides the file's setting.
    public var utcOffset: String?
    /// Points of junk evidence when the rule matches (negative: evidence of article text). A rule with a score does
    /// not act alone: the judge stage adds its points to the model's and decides. Nil: the rule decides alone.
    public var score: Double?
    /// For `cut_to_end`: cut only the block from the marker to the next paragraph (ten words or more ending with
    /// a full stop, question or exclamation mark or ellipsis), to the end when none follows: a related-news heading inside an article takes its teasers,
    /// not the article after them.
    public var untilParagraph = false
    /// For `drop_repeated`: only a line equal to the line right before it (an image's alternative text and its
    /// caption, a headline printed twice), not one equal to a line further up (a list an article gives again).
    public var adjacent = false
    /// For `drop_repeated`: only lines of a block printed again, a run of ``Rule/blockLines`` lines or more
    /// repeating in order a run further up, ``Rule/blockParagraphs`` of them of ten words or more (a whole
    /// article or a caption and its paragraphs printed twice; a song's chorus repeats short lines on purpose).
    public var block = false

    /// A repeated block has at least this many lines ...
    public static let blockLines = 3
    /// ... and at least this many of ten words or more.
    public static let blockParagraphs = 2

    /// Whether the rule is evidence for the judge rather than a verdict.
    public var isEvidence: Bool { score != nil }
}

/// How the judge stage weighs lines: a learned model (optional) and the score at which a line goes.
public struct JudgeSettings: Sendable, Equatable {
    /// The model file as written in the rules file (relative to it), and the model read from it.
    public var modelPath: String?
    public var model: JudgeModel?
    /// Points at which a line goes; default: the model's threshold, or 1 without a model.
    public var threshold: Double?
    /// The document model (which pages are not articles), as written and as read.
    public var documentModelPath: String?
    public var documentModel: DocumentModel?
    /// The spam model (which lines promote gambling), as written and as read.
    public var spamModelPath: String?
    public var spamModel: SpamModel?
    /// Captions found by their credit that go whatever the model says, on pages that are not photo stories.
    public var creditedCaptions: CreditedCaptions?
    /// Evidence rules that decide alone: a line one of them matched goes whatever the model says. They are decided
    /// at the judge, after the join stage has attached what belongs to the line before (a closing `”.` a link
    /// split off), where a `drop` rule would decide before it.
    public var decisive: Set<String> = []
    /// Evidence rules that decide alone on a page where they match half of the lines or more: a page of markup
    /// is no article, where one line of it among paragraphs (a tutorial's code sample) is the model's to weigh.
    public var decisiveOnMostLines: Set<String> = []

    public init(modelPath: String? = nil, model: JudgeModel? = nil, threshold: Double? = nil) {
        self.modelPath = modelPath
        self.model = model
        self.threshold = threshold
    }

    /// The threshold in force for pages of few lines.
    public var effectiveThreshold: Double { threshold ?? model?.threshold ?? 1 }

    /// The threshold in force for a page of `lines` lines reaching the judge: the rules' own, else the model's
    /// for pages of that length.
    public func threshold(forLines lines: Int) -> Double { threshold ?? model?.threshold(forLines: lines) ?? 1 }
}

/// `judge.credited_captions`: a line that one of `rules` matched (a caption that ends with its photo credit) goes
/// when it has at most `maxWords` words and the page is an article with photos: such lines are under `maxShare`
/// of its lines of four words or more, or no more than its other lines of ``paragraphWords`` words or more. In a
/// photo story, where they are most of the page and the other lines are short, the captions are the text.
public struct CreditedCaptions: Sendable, Equatable {
    /// A line of this many words or more is a paragraph of the article, not a caption or a lead.
    public static let paragraphWords = 25

    public var rules: Set<String>
    public var maxWords: Int
    public var maxShare: Double

    public init(rules: Set<String>, maxWords: Int = 40, maxShare: Double = 0.3) {
        self.rules = rules
        self.maxWords = maxWords
        self.maxShare = maxShare
    }
}

public struct DecodeOptions: Sendable, Equatable {
    /// "utf-8", "auto" (ICU's charset detector), or any converter name ICU knows.
    public var encoding: String = "utf-8"
    /// Reject documents with invalid UTF-8 instead of replacing the bad bytes with U+FFFD.
    public var strict: Bool = false
    public init() {}

    /// Whether `name` is an encoding the decode stage can use: utf-8, auto, or a name ICU's converters know.
    public static func isKnownEncoding(_ name: String) -> Bool {
        ["auto", "utf-8", "utf8"].contains(name.lowercased()) || Charset.isKnown(name)
    }

    /// What to say when an encoding name is not known.
    public static let encodingHint = "use utf-8, auto, or a name ICU's converters know (windows-1258, ISO-8859-1, ...)"
}

public struct NormalizeOptions: Sendable, Equatable {
    public var form: String = "nfc"
    /// Every Unicode space (no-break, thin, ideographic, ...) and tab becomes a plain space.
    public var unicodeSpaces: Bool = true
    /// Zero-width characters (outside emoji sequences), soft hyphens, bidi controls, stray BOMs and
    /// C0/C1 controls are removed.
    public var invisible: Bool = true
    /// Runs of spaces become one space.
    public var collapseSpaces: Bool = true
    /// Leading and trailing spaces are removed.
    public var trim: Bool = true
    /// Text that was UTF-8 but was decoded as windows-1252/Latin-1 upstream is repaired (when, and only when,
    /// the repair gives valid, shorter UTF-8).
    public var repairMojibake: Bool = false
    /// HTML character references left in scraped text (`&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;`, HTML5 names)
    /// are decoded; an ampersand that does not start a complete reference ("AT&T") stays. On unless a rules
    /// file turns it off, so the built-in rules decode them.
    public var htmlEntities: Bool = true
    /// Vietnamese tone-mark placement on oa/oe/uy: keep, traditional ("hòa") or modern ("hoà").
    public var toneMarks: ToneMarkStyle = .keep
    public init() {}
}

public struct SegmentOptions: Sendable, Equatable {
    /// ICU locale for the sentence break iterator.
    public var locale: String = "vi"
    /// Tokens after which no sentence ends ("TP.", "Mr."); merged from every included file.
    public var abbreviations: [String] = []
    /// Tokens after which no sentence ends when a number follows ("No. 5"; but "No. Is it useful?"). Merged from
    /// every included file.
    public var numberAbbreviations: [String] = []
    /// Names whose last word is one capital letter, which no initial ends ("Đông Nam Á"). Merged from every
    /// included file.
    public var notInitials: [String] = []
    /// Words that open sentences and name nothing ("The", "There"): after an abbreviation or an initial, one of
    /// them starts a new sentence ("in the U.S. There are"). Merged from every included file.
    public var sentenceOpeners: [String] = []
    /// Words that go on the sentence of a time of day ("a.m.", "p.m."): days and time zones ("10:30 p.m.
    /// Tuesday"). Merged from every included file.
    public var timeWords: [String] = []
    /// Verbs that attribute a quotation to the name before them: a quoted question or exclamation followed by a
    /// name and one of them is one sentence (`"Why now?" Forte said.`). Merged from every included file.
    public var reportingVerbs: [String] = []
    /// Keep the Vietnamese end mark "./." as written instead of writing ".".
    public var keepEndMark: Bool = false
    public init() {}
}

public struct ExtractOptions: Sendable, Equatable {
    /// Offset written after dates that carry a time, e.g. "+07:00"; none when empty.
    public var utcOffset: String = ""
    public init() {}
}

/// A loaded, validated rules file with everything it includes.
public struct RuleSet: Sendable {
    public var version: Int = 1
    public var pipeline: [StageName] = StageName.allCases
    public var decode = DecodeOptions()
    public var normalize = NormalizeOptions()
    public var segment = SegmentOptions()
    public var extract = ExtractOptions()
    public var judge = JudgeSettings()
    /// The `corpus:` section: site boilerplate and duplicate settings (see ``CorpusSettings``).
    public var corpus = CorpusSettings()
    /// What a command attached for one run (a site profile, duplicate decisions); not read from the file.
    public var corpusWork = CorpusWork()
    /// Rules in file order, includes first (depth-first, in the order they are listed).
    public var rules: [Rule] = []
    /// Every file that was read, the top one first.
    public var files: [String] = []

    public init() {}

    public func rules(for stage: StageName) -> [Rule] {
        rules.filter { $0.action.stage == stage }
    }

    public func rule(id: String) -> Rule? {
        rules.first { $0.id == id }
    }
}
