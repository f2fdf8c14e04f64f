/// The first pass of `winnow profile`: counts, per site, on how many documents each line fingerprint is, in
/// bounded memory, and keeps the lines that recur on a large share of a site's documents.
///
/// Each site has a Misra-Gries summary of at most `counters` fingerprints ("Finding repeated elements", 1982):
/// a fingerprint already counted goes up by one; a new one takes a free counter; when none is free, every
/// counter goes down by one (and those at zero are freed) instead. A count is therefore never above the truth
/// and at most `N / (counters + 1)` below it, where N is the site's line occurrences (each line once per
/// document). So a line the profile lists is on at least the share it says (no false boilerplate), and a line
/// on a share `s` of the site's D documents is certainly listed when `s·D - N/(counters+1)` still reaches the
/// thresholds. With the default 8,192 counters and 40 distinct lines a page, the miss zone is 0.5% of the
/// pages above `min_share`. Memory: at most `counters` fingerprints (8 bytes), counts and, for lines seen on two
/// pages or more, their first 200 bytes of text, per site.
public struct SiteProfiler {
    public let settings: BoilerplateSettings
    let siteField: String
    private var sites: [String: Counter] = [:]
    public private(set) var documentsSeen = 0

    public init(settings: BoilerplateSettings, siteField: String = "url") {
        self.settings = settings
        self.siteField = siteField
    }

    struct Counter {
        var documents = 0
        var occurrences = 0
        var counts: [UInt64: Int32] = [:]
        /// Texts of fingerprints counted twice or more (the rest are mostly article lines seen once).
        var texts: [UInt64: String] = [:]
    }

    /// Counts the lines of one document (after decode and normalize), each distinct line once.
    public mutating func add(_ document: Document) {
        documentsSeen += 1
        let site = SiteKey.of(document, field: siteField)
        var counter = sites.removeValue(forKey: site) ?? Counter()
        counter.documents += 1
        var seen = Set<UInt64>()
        seen.reserveCapacity(document.lines.count)
        let capacity = settings.counters
        document.withLineTexts { lines in
            for index in lines.indices where lines[index].wordCount > 0 {
                let fingerprint = LineFingerprint.of(lines.bytes(index))
                guard seen.insert(fingerprint).inserted else { continue }
                counter.occurrences += 1
                if let count = counter.counts[fingerprint] {
                    counter.counts[fingerprint] = count + 1
                    if count == 1 { counter.texts[fingerprint] = Self.sample(lines.bytes(index)) }
                } else if counter.counts.count < capacity {
                    counter.counts[fingerprint] = 1
                } else {
                    // Full: this occurrence and one of every counted fingerprint cancel out.
                    for (key, count) in counter.counts {
                        if count <= 1 {
                            counter.counts[key] = nil
                            counter.texts[key] = nil
                        } else {
                            counter.counts[key] = count - 1
                        }
                    }
                }
            }
        }
        sites[site] = counter
    }

    /// The line as the profile shows it: its first 200 bytes (cut at a character boundary).
    static func sample(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var end = min(bytes.count, 200)
        while end < bytes.count && end > 0 && (bytes[end] & 0xC0) == 0x80 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
    }

    /// The profile: per site, the lines on at least `minShare` and `minDocuments` of its documents.
    public func profile() -> SiteProfile {
        var result: [SiteProfile.Site] = []
        for (name, counter) in sites {
            let needed = max(settings.minDocuments, Int((settings.minShare * Double(counter.documents) - 1e-9).rounded(.up)))
            let lines = counter.counts.filter { Int($0.value) >= needed }
                .map { SiteProfile.Line(fingerprint: $0.key, documents: Int($0.value), text: counter.texts[$0.key] ?? "") }
                .sorted { ($1.documents, $0.text, $0.fingerprint) < ($0.documents, $1.text, $1.fingerprint) }
            result.append(SiteProfile.Site(name: name, documents: counter.documents, occurrences: counter.occurrences,
                                           error: counter.occurrences / (settings.counters + 1), lines: lines))
        }
        return SiteProfile(minShare: settings.minShare, minDocuments: settings.minDocuments, sites: result)
    }
}

/// pipeline: ... -> spam -> strip -> extract -> **site boilerplate** -> judge -> ...
///
/// Adds `site.boilerplate` evidence to every line that the site profile lists for the document's site, with
/// ``SiteProfile/points(count:documents:settings:)`` points. The judge adds them to what it weighs; the stage
/// removes nothing itself.
public struct SiteBoilerplateStage: Stage {
    /// Part of the judge's step: it gathers what the judge weighs (and is skipped, like the judge, for a page
    /// already dropped).
    public let name = StageName.judge
    let profile: SiteProfile
    let siteField: String
    let settings: BoilerplateSettings

    /// The rule id of the evidence.
    public static let ruleID = "site.boilerplate"

    /// The evidence the judge's first pass weighs: all but this stage's. The first pass's scores of a line's
    /// neighbours become its context features in the second; a page's furniture scored as certain junk there
    /// pushed the byline and the last sentence next to it over the threshold. The profile speaks of the lines
    /// it lists, in the second pass, and of no others.
    static func firstPass(_ evidence: [(rule: String, score: Double)]) -> [(rule: String, score: Double)] {
        evidence.contains { $0.rule == ruleID } ? evidence.filter { $0.rule != ruleID } : evidence
    }

    /// The input line numbers a site profile found as the site's template.
    static func templateLines(_ evidence: [Evidence]) -> Set<Int> {
        Set(evidence.filter { $0.rule == ruleID }.map(\.line))
    }

    let site: String?

    init(profile: SiteProfile, siteField: String, settings: BoilerplateSettings, site: String? = nil) {
        self.site = site
        self.profile = profile
        self.siteField = siteField
        self.settings = settings
    }

    public func run(_ document: inout Document) throws(Rejection) {
        guard !document.lines.isEmpty, let site = profile.sites[self.site ?? SiteKey.of(document, field: siteField)], !site.counts.isEmpty else { return }
        var found: [Evidence] = []
        document.withLineTexts { lines in
            for index in lines.indices {
                guard let count = site.counts[LineFingerprint.of(lines.bytes(index))],
                      let points = SiteProfile.points(count: count, documents: site.documents, settings: settings) else { continue }
                found.append(Evidence(line: lines[index].number, rule: Self.ruleID, score: points))
            }
        }
        document.evidence += found
        retitle(&document, site: site, template: Set(found.map(\.line)))
    }

    /// When the title the rules extracted is a line of the site's template (the site's name, on every page: it
    /// stands first), the title is the first line after the template, if it has a headline's shape (3 to 35
    /// words, no final full stop, colon, semicolon, comma or ellipsis) and no rule found it as something else (a
    /// breadcrumb, a caption, a date); the template line is logged as boilerplate instead. Without this the
    /// article's headline stayed in the text, and a headline the article repeats went as a repeated line.
    func retitle(_ document: inout Document, site: SiteProfile.Site, template: Set<Int>) {
        guard let title = document.metadata.title,
              let count = site.counts[LineFingerprint.of(title)],
              SiteProfile.points(count: count, documents: site.documents, settings: settings) != nil,
              let edit = document.edits.firstIndex(where: { $0.kind == .extracted(.title) && $0.text == title }),
              let index = document.lines.firstIndex(where: { !template.contains($0.number) }) else { return }
        let line = document.lines[index]
        let text = document.text(of: line)
        guard (3...35).contains(line.wordCount), !Self.endsLikeASentence(text),
              !document.evidence.contains(where: { $0.line == line.number }) else { return }
        document.edits[edit].rule = Self.ruleID
        document.edits[edit].kind = .dropped
        document.metadata.title = text
        document.removeLines(at: [index], rule: Self.titleRuleID, kind: .extracted(.title))
    }

    /// The rule id logged for a title taken from after the site's template.
    public static let titleRuleID = "site.title"

    static func endsLikeASentence(_ text: String) -> Bool {
        var trimmed = Substring(text)
        while let last = trimmed.last, last == " " || "\"”’)]".contains(last) { trimmed.removeLast() }
        return trimmed.last.map { ".:;,…".contains($0) } ?? false
    }
}
