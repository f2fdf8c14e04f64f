import Yams

/// Corpus-level cleaning: what a batch says about each of its documents. Two jobs, both off unless asked for:
///
/// - **site boilerplate** (``SiteProfile``): lines that recur on a large share of one site's pages become
///   evidence for the judge (rule id `site.boilerplate`), never a verdict alone;
/// - **duplicate articles** (``DedupIndex``): exact copies by a hash of the cleaned text, near copies by MinHash
///   over word (syllable) shingles with LSH banding, verified by the shingle sets' Jaccard similarity; one
///   document of each cluster is kept.
///
/// The settings come from the rules file's `corpus:` section (all optional) and the command's flags:
///
///     corpus:
///       site_field: url            # JSONL field whose URL host names a document's site
///       boilerplate: {min_share: 0.3, min_documents: 3, points: 16, full_documents: 10, counters: 8192}
///       dedup: {shingle: 5, permutations: 128, bands: 32, threshold: 0.8, keep: longest}
public struct CorpusSettings: Sendable, Equatable {
    /// The JSONL field holding a document's URL; its host is the document's site (see ``SiteKey``).
    public var siteField = "url"
    public var boilerplate = BoilerplateSettings()
    public var dedup = DedupSettings()

    public init() {}
}

/// When a line is site boilerplate, and how much that weighs.
public struct BoilerplateSettings: Sendable, Equatable {
    /// A line goes into the profile when it is on at least this share of its site's documents...
    public var minShare = 0.3
    /// ...and on at least this many of them.
    public var minDocuments = 3
    /// Points of junk evidence for a line on every page of a site seen on at least `fullDocuments` pages; a line's
    /// points are `points × share × min(1, documents / fullDocuments)` (see ``SiteProfile/points(documents:of:)``).
    public var points = 16.0
    /// Pages a line must be seen on before its points are not scaled down for being seen on few.
    public var fullDocuments = 10
    /// Counters per site in the profile's first pass (Misra-Gries): memory per site is bounded by this, and a
    /// count is at most `occurrences / (counters + 1)` short of the truth.
    public var counters = 8192

    public init() {}
}

/// How near duplicates are found.
public struct DedupSettings: Sendable, Equatable {
    /// Which document of a cluster stays.
    public enum Keep: String, Sendable, CaseIterable {
        /// The one with the most words (a reprint that dropped a paragraph is shorter), then the first in input order.
        case longest
        /// The first in input order.
        case first
    }

    /// Words (Vietnamese: syllables) per shingle.
    public var shingle = 5
    /// MinHash values per document: `bands × rows`.
    public var permutations = 128
    /// LSH bands; each holds `permutations / bands` values. Two documents are compared when one band is equal.
    public var bands = 32
    /// Jaccard similarity of the shingle sets at or above which two documents are duplicates.
    public var threshold = 0.8
    public var keep = Keep.longest

    public init() {}

    public var rows: Int { permutations / max(1, bands) }

    /// What is wrong with the settings, or nil.
    public var problem: String? {
        if shingle < 1 { return "shingle must be at least 1" }
        if permutations < 1 || permutations > 1024 { return "permutations must be from 1 to 1024" }
        if bands < 1 || permutations % bands != 0 { return "bands must divide permutations (\(permutations))" }
        if !(threshold > 0 && threshold <= 1) { return "threshold must be above 0 and at most 1" }
        return nil
    }
}

extension CorpusSettings {
    /// The stages a pipeline adds for corpus work: the site-boilerplate evidence before the judge (when a
    /// profile is attached) and the duplicate stage before write (when a sketch sink or a plan is attached).
    /// Without either, `stages` comes back as it was: nothing changes unless asked for.
    static func insert(into stages: [any Stage], ruleSet: RuleSet) -> [any Stage] {
        var stages = stages
        let attached = ruleSet.corpusWork
        if let profile = attached.siteProfile {
            let stage = SiteBoilerplateStage(profile: profile, siteField: ruleSet.corpus.siteField, settings: ruleSet.corpus.boilerplate, site: attached.site)
            let at = stages.firstIndex { $0.name == .judge } ?? stages.firstIndex { $0.name == .segment } ?? stages.endIndex
            stages.insert(stage, at: at)
        }
        if attached.sketches != nil || attached.duplicates != nil {
            let stage = DuplicateStage(sketches: attached.sketches, plan: attached.duplicates, settings: ruleSet.corpus.dedup)
            stages.insert(stage, at: stages.firstIndex { $0.name == .write } ?? stages.endIndex)
        }
        return stages
    }
}

/// What a command attaches to a rule set for one run: a loaded profile, a sink for the first pass's sketches,
/// the second pass's decisions. Not part of the rules file.
public struct CorpusWork: Sendable {
    public var siteProfile: SiteProfile?
    /// The site of every document, instead of the one ``SiteKey`` finds (`winnow explain --site`).
    public var site: String?
    public var sketches: SketchSink?
    public var duplicates: DuplicatePlan?

    public init() {}
}

extension NodeReader {
    /// `corpus: {site_field, boilerplate: {...}, dedup: {...}}`.
    mutating func corpusSettings(_ node: Node, into settings: inout CorpusSettings) {
        guard let pairs = mapping(node, place: "corpus") else { return }
        checkKeys(pairs, allowed: CorpusKeys.corpus, place: "corpus")
        for pair in pairs {
            switch pair.key {
            case "site_field": settings.siteField = string(pair.value, key: "corpus.site_field") ?? settings.siteField
            case "boilerplate":
                guard let inner = mapping(pair.value, place: "corpus.boilerplate") else { continue }
                checkKeys(inner, allowed: CorpusKeys.boilerplate, place: "corpus.boilerplate")
                var value = settings.boilerplate
                for item in inner {
                    let key = "corpus.boilerplate." + item.key
                    switch item.key {
                    case "min_share": value.minShare = fraction(item.value, key: key) ?? value.minShare
                    case "min_documents": value.minDocuments = positive(item.value, key: key) ?? value.minDocuments
                    case "points": value.points = double(item.value, key: key) ?? value.points
                    case "full_documents": value.fullDocuments = positive(item.value, key: key) ?? value.fullDocuments
                    case "counters": value.counters = positive(item.value, key: key) ?? value.counters
                    default: break
                    }
                }
                settings.boilerplate = value
            case "dedup":
                guard let inner = mapping(pair.value, place: "corpus.dedup") else { continue }
                checkKeys(inner, allowed: CorpusKeys.dedup, place: "corpus.dedup")
                var value = settings.dedup
                for item in inner {
                    let key = "corpus.dedup." + item.key
                    switch item.key {
                    case "shingle": value.shingle = positive(item.value, key: key) ?? value.shingle
                    case "permutations": value.permutations = positive(item.value, key: key) ?? value.permutations
                    case "bands": value.bands = positive(item.value, key: key) ?? value.bands
                    case "threshold": value.threshold = fraction(item.value, key: key) ?? value.threshold
                    case "keep":
                        guard let name = string(item.value, key: key) else { continue }
                        if let keep = DedupSettings.Keep(rawValue: name) {
                            value.keep = keep
                        } else {
                            fail(item.value, RulesError.Message.unknownValue(name, for: key, valid: DedupSettings.Keep.allCases.map(\.rawValue)))
                        }
                    default: break
                    }
                }
                if let problem = value.problem { fail(pair.value, "corpus.dedup: " + problem) }
                settings.dedup = value
            default: break
            }
        }
    }

    private mutating func positive(_ node: Node, key: String) -> Int? {
        guard let value = int(node, key: key) else { return nil }
        guard value >= 1 else {
            fail(node, RulesError.Message.wrongType(key, expected: "a whole number of at least 1"))
            return nil
        }
        return value
    }

    private mutating func fraction(_ node: Node, key: String) -> Double? {
        guard let value = double(node, key: key) else { return nil }
        guard value > 0 && value <= 1 else {
            fail(node, RulesError.Message.wrongType(key, expected: "a fraction above 0 and at most 1"))
            return nil
        }
        return value
    }
}

/// The keys of the rules file's `corpus:` section.
enum CorpusKeys {
    static let corpus = ["site_field", "boilerplate", "dedup"]
    static let boilerplate = ["min_share", "min_documents", "points", "full_documents", "counters"]
    static let dedup = ["shingle", "permutations", "bands", "threshold", "keep"]
}
