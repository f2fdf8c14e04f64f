/// How well a pipeline cleans labelled documents: body lines kept, junk removed, non-articles dropped.
///
/// Lines are counted one by one (the way the project's judging sets are counted): a `body` line is kept when its
/// text, or part of it, is in the output; a `junk` line is removed when none of it is. Lines labelled `title`,
/// `date`, `author` or `source` belong in metadata: they are counted apart (removed from the text or not).
/// A document the pipeline drops keeps nothing.
public struct Evaluation: Sendable {
    /// Counts for one slice of the documents (a labels file, a language, a site).
    public struct Tally: Sendable, Equatable {
        public var documents = 0
        public var bodyLines = 0
        public var bodyKept = 0
        public var junkLines = 0
        public var junkRemoved = 0
        public var metadataLines = 0
        public var metadataRemoved = 0
        /// Documents labelled `drop`, and how many of them the pipeline dropped.
        public var toDrop = 0
        public var dropped = 0
        /// Articles (not labelled `drop`) that the pipeline dropped: always a loss.
        public var articlesDropped = 0

        public init() {}

        public var bodyKeptShare: Double { bodyLines == 0 ? 1 : Double(bodyKept) / Double(bodyLines) }
        public var junkRemovedShare: Double { junkLines == 0 ? 1 : Double(junkRemoved) / Double(junkLines) }
        public var droppedShare: Double { toDrop == 0 ? 1 : Double(dropped) / Double(toDrop) }

        public static func += (left: inout Tally, right: Tally) {
            left.documents += right.documents
            left.bodyLines += right.bodyLines
            left.bodyKept += right.bodyKept
            left.junkLines += right.junkLines
            left.junkRemoved += right.junkRemoved
            left.metadataLines += right.metadataLines
            left.metadataRemoved += right.metadataRemoved
            left.toDrop += right.toDrop
            left.dropped += right.dropped
            left.articlesDropped += right.articlesDropped
        }
    }

    /// A body line the pipeline removed, or a junk line it kept: what to look at first.
    public struct Miss: Sendable, Equatable {
        public var set: String
        public var file: String
        public var line: Int
        public var label: LineLabel
        /// The rule that removed the line (nil when it was kept).
        public var rule: String?
        public var text: String
        /// For a line a model removed (the judge, the spam model): its score in points.
        public var score: Double? = nil
    }

    /// A page labelled `drop` that the pipeline kept, or an article it dropped.
    public struct PageMiss: Sendable, Equatable {
        public var set: String
        public var file: String
        /// True for an article dropped, false for a page to drop kept.
        public var articleDropped: Bool
        /// The document model's score and threshold, when it weighed the page.
        public var score: Double?
        public var threshold: Double?
        /// For a dropped article: the rule that dropped it and why.
        public var rule: String?
        public var reason: String?
    }

    public var total = Tally()
    public var bySet: [String: Tally] = [:]
    public var byLanguage: [String: Tally] = [:]
    public var bySite: [String: Tally] = [:]
    /// Per rule: body lines it took and junk lines it removed.
    public var bodyTakenByRule: [String: Int] = [:]
    public var junkRemovedByRule: [String: Int] = [:]
    public var misses: [Miss] = []
    public var pageMisses: [PageMiss] = []
    /// Documents that could not be cleaned at all (rejected), with the cause; counted as keeping nothing.
    public var rejected: [(file: String, cause: String)] = []

    public init() {}

    /// Adds one document's outcome.
    public mutating func add(_ document: LabelledDocument, outcome: DocumentOutcome) {
        var tally = Tally()
        tally.documents = 1
        if document.drop {
            tally.toDrop = 1
            if outcome.dropped { tally.dropped = 1 }
        } else if outcome.dropped {
            tally.articlesDropped = 1
        }
        if document.drop != outcome.dropped {
            pageMisses.append(PageMiss(set: document.set, file: document.file, articleDropped: outcome.dropped,
                                       score: outcome.page?.score, threshold: outcome.page?.threshold,
                                       rule: outcome.drop?.rule, reason: outcome.drop?.reason))
        }
        for (number, label) in document.labels.sorted(by: { $0.key < $1.key }) {
            let fate = outcome.fates[number] ?? .removed(rule: "missing")
            switch label {
            case .body:
                tally.bodyLines += 1
                if fate.isKept {
                    tally.bodyKept += 1
                } else {
                    bodyTakenByRule[fate.rule ?? "?", default: 0] += 1
                    misses.append(Miss(set: document.set, file: document.file, line: number, label: label, rule: fate.rule,
                                       text: outcome.text(of: number), score: outcome.scores[number]))
                }
            case .junk:
                tally.junkLines += 1
                if fate.isKept {
                    misses.append(Miss(set: document.set, file: document.file, line: number, label: label, rule: nil,
                                       text: outcome.text(of: number)))
                } else {
                    tally.junkRemoved += 1
                    junkRemovedByRule[fate.rule ?? "?", default: 0] += 1
                }
            case .title, .date, .author, .source:
                tally.metadataLines += 1
                if !fate.isKept { tally.metadataRemoved += 1 }
            }
        }
        total += tally
        bySet[document.set, default: Tally()] += tally
        byLanguage[document.language, default: Tally()] += tally
        bySite[document.site, default: Tally()] += tally
    }
}

/// What happened to one input line.
public enum LineOutcome: Sendable, Equatable {
    /// In the output (whole, trimmed, or joined to another line).
    case kept
    case removed(rule: String)

    public var isKept: Bool { self == .kept }
    public var rule: String? { if case .removed(let rule) = self { rule } else { nil } }
}

/// The fate of every input line of a cleaned document.
public struct DocumentOutcome: Sendable {
    public var fates: [Int: LineOutcome] = [:]
    public var dropped = false
    /// The rule that dropped the document and why.
    public var drop: DropDecision?
    /// The document model's judgement of the page, when it weighed it.
    public var page: LineJudgement?
    /// Input line texts, for reports.
    public var lineTexts: [Int: String] = [:]
    /// The scores of the lines a model removed (the judge's or the spam model's points), by input line.
    public var scores: [Int: Double] = [:]

    public func text(of line: Int) -> String { lineTexts[line] ?? "" }

    /// Reads a finished document: lines still in it are kept, lines its edits removed are removed by that rule,
    /// and every line is removed by the drop rule when the document was dropped.
    public init(_ document: Document, inputLines: [Int: String]) {
        lineTexts = inputLines
        var removedBy: [Int: String] = [:]
        for edit in document.edits where edit.kind != .trimmed && edit.kind != .rewritten && edit.kind != .joined {
            removedBy[edit.line] = removedBy[edit.line] ?? edit.rule
            if let score = edit.score, scores[edit.line] == nil { scores[edit.line] = score }
        }
        page = document.pageJudgement
        drop = document.dropped
        let keptNumbers = Set(document.lines.map(\.number))
        let hosts = document.joinHosts()
        if let drop = document.dropped {
            dropped = true
            for number in inputLines.keys { fates[number] = .removed(rule: drop.rule) }
            return
        }
        for number in inputLines.keys where hosts[number] == nil {
            fates[number] = keptNumbers.contains(number) ? .kept : .removed(rule: removedBy[number] ?? "normalize")
        }
        // A line joined to another shares its fate.
        for (number, host) in hosts { fates[number] = fates[host] ?? .kept }
    }

    /// An outcome that keeps nothing (a rejected document).
    public init(rejectedLines inputLines: [Int: String], rule: String) {
        lineTexts = inputLines
        for number in inputLines.keys { fates[number] = .removed(rule: rule) }
    }
}
