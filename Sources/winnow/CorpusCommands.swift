import ArgumentParser
import Foundation
import Winnow

/// Which fields of a JSON-lines record hold the text and the id: `clean`, `explain` and the corpus commands.
struct JSONLFieldOptions: ParsableArguments {
    @Option(name: .long, help: "JSONL input: the field holding the text.")
    var textField: String = "text"

    @Option(name: .long, help: "JSONL input: the field holding the document id.")
    var idField: String = "id"
}

/// What reads a batch of JSONL or text, shared by the corpus commands.
struct BatchInputOptions: ParsableArguments {
    @Option(name: .long, help: "Input format: text (a file is a document) or jsonl (a line is a document).")
    var inputFormat: String = "text"

    @OptionGroup var fields: JSONLFieldOptions

    @Option(name: .long, help: "Input encoding: utf-8, auto (detect), or any ICU converter name.")
    var encoding: String?

    @Option(name: [.customShort("j"), .long], help: "Worker threads, from 1 to the number of cores (the default).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard InputFormat(rawValue: inputFormat) != nil else { throw ValidationError("--input-format must be text or jsonl") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let encoding, !DecodeOptions.isKnownEncoding(encoding) {
            throw ValidationError("unknown --encoding '\(encoding)': \(DecodeOptions.encodingHint)")
        }
    }

    func cleanOptions(_ inputs: [String]) -> CleanOptions {
        var options = CleanOptions()
        options.inputs = inputs.isEmpty ? ["-"] : inputs
        options.inputFormat = InputFormat(rawValue: inputFormat)!
        options.textField = fields.textField
        options.idField = fields.idField
        options.encoding = encoding
        options.jobs = min(jobs, CleanOptions.maximumJobs)
        return options
    }
}

/// The duplicate finder's settings on the command line; each overrides the rules file's `corpus.dedup`.
struct DedupOptions: ParsableArguments {
    @Option(name: .long, help: "Words (Vietnamese: syllables) per shingle (default 5).")
    var shingle: Int?

    @Option(name: .long, help: "MinHash values per document (default 128).")
    var permutations: Int?

    @Option(name: .long, help: "LSH bands; must divide --permutations (default 32, so 4 values a band).")
    var bands: Int?

    @Option(name: .long, help: "Jaccard similarity of shingle sets at which two documents are copies (default 0.8).")
    var threshold: Double?

    @Option(name: .long, help: "Which document of a cluster stays: longest (most words, then first) or first.")
    var keep: String?

    func validate() throws {
        if let keep, DedupSettings.Keep(rawValue: keep) == nil { throw ValidationError("--keep must be longest or first") }
    }

    /// The rules file's settings with the flags on top; a usage error names what is wrong.
    func settings(_ base: DedupSettings) throws -> DedupSettings {
        var settings = base
        if let shingle { settings.shingle = shingle }
        if let permutations { settings.permutations = permutations }
        if let bands { settings.bands = bands }
        if let threshold { settings.threshold = threshold }
        if let keep { settings.keep = DedupSettings.Keep(rawValue: keep)! }
        if let problem = settings.problem { throw ValidationError("dedup settings: \(problem)") }
        return settings
    }
}

/// `winnow clean`'s corpus options: evidence from a site profile, and dropping duplicates.
struct CorpusCleanOptions: ParsableArguments {
    @Option(name: .long, help: "A site profile from 'winnow profile': its lines become evidence (site.boilerplate) for the judge.")
    var siteProfile: String?

    @Option(name: .long, help: ArgumentHelp("The web addresses of text inputs: one line per file, its path (as given, or relative to the folder given), a tab, its address. The judge drops a page whose address names a listing (/tag/, /category/, ?page=...); a JSONL record gives its own in its url field.", valueName: "file"))
    var addresses: String?

    @Flag(name: .long, help: "Drop exact and near-duplicate documents (a first pass reads the batch; not for standard input).")
    var dedup = false

    @Option(name: .long, help: "With --dedup: write the clusters (JSONL, one line per document of a cluster) to this file.")
    var clusters: String?

    @Option(name: .long, help: "With --dedup: write every document's MinHash signature (JSONL) to this file.")
    var signatures: String?

    @Flag(name: .long, help: "With --signatures: add each document's shingle set (for an exact check elsewhere).")
    var withShingles = false

    @OptionGroup var dedupOptions: DedupOptions

    func validate() throws {
        if !dedup {
            if clusters != nil { throw ValidationError("--clusters needs --dedup") }
            if signatures != nil { throw ValidationError("--signatures needs --dedup") }
        }
        if withShingles && signatures == nil { throw ValidationError("--with-shingles needs --signatures") }
    }

    /// The rule set for the run: the profile attached, and with --dedup the first pass run and its decisions
    /// attached, so that the clean job's second pass drops the copies.
    func prepare(_ ruleSet: RuleSet, options: CleanOptions, verbose: Bool) throws -> RuleSet {
        var ruleSet = ruleSet
        ruleSet.corpusWork.siteProfile = try CorpusCommon.profile(siteProfile, for: ruleSet)
        guard dedup else { return ruleSet }
        if options.inputs.contains("-") {
            Terminal.error(CorpusMessage.dedupNeedsFiles)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        ruleSet.corpus.dedup = try usage { try dedupOptions.settings(ruleSet.corpus.dedup) }
        let clusters = try CorpusCommon.findDuplicates(options: options, ruleSet: ruleSet, cleaned: false, signatures: signatures,
                                                       withShingles: withShingles, diagnostics: { _ in }, verbose: verbose)
        if let path = self.clusters { try CorpusCommon.save(DedupIndex.jsonl(clusters.found), to: path, what: "clusters") }
        ruleSet.corpusWork.duplicates = DuplicatePlan(clusters.found)
        return ruleSet
    }
}

/// Steps the corpus commands share.
enum CorpusCommon {
    /// Reads `path` as a site profile (nil: none); a bad file is a usage error told with the file.
    static func profile(_ path: String?, for ruleSet: RuleSet) throws -> SiteProfile? {
        guard let path else { return nil }
        do {
            let profile = try SiteProfile.read(path)
            if !ruleSet.pipeline.contains(.judge) { Terminal.error(CorpusMessage.profileWithoutJudge) }
            return profile
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
    }

    struct Found {
        var found: [DedupIndex.Cluster]
    }

    /// Runs the sketch pass and resolves the clusters; prints the figures with `verbose`.
    static func findDuplicates(options: CleanOptions, ruleSet: RuleSet, cleaned: Bool, signatures: String?, withShingles: Bool,
                               diagnostics: @escaping (String) -> Void, verbose: Bool) throws -> Found {
        let index: DedupIndex
        do {
            index = try DedupIndex(settings: ruleSet.corpus.dedup, signaturesPath: signatures, withShingles: withShingles)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
        let start = Date()
        let report: CleanReport
        do {
            report = try CorpusPasses.sketch(options: options, ruleSet: ruleSet, cleaned: cleaned, into: index, diagnostics: diagnostics)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        if let problem = index.finishSignatures() {
            Terminal.error("\(signatures ?? ""): \(problem)")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
        let sketched = Date()
        let clusters = index.resolve()
        if verbose {
            let s = index.statistics
            Terminal.note(CorpusMessage.dedupSummary(s, settings: index.settings, report: report,
                                                     sketchSeconds: sketched.timeIntervalSince(start),
                                                     resolveSeconds: Date().timeIntervalSince(sketched)))
        }
        return Found(found: clusters)
    }

    /// Writes a file whole (atomically); a failure is an I/O failure told with the file.
    static func save(_ text: String, to path: String, what: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            Terminal.error("\(path): cannot write the \(what): \(error.localizedDescription)")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
    }
}

/// Runs `body`, turning a validation error into the usage exit with its message.
func usage<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ValidationError {
        Terminal.error(error.message)
        throw ExitCode(Winnow.ExitCode.usage.rawValue)
    }
}

struct Profile: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find each site's boilerplate: lines on a large share of its pages. Writes a profile for 'clean --site-profile'.",
        discussion: """
        A document's site is the host of its JSONL 'url' field (--site-field), else the name of the folder that holds \
        its file. Lines are counted after decoding and normalisation, once per document, each by a fingerprint of \
        the line with white space collapsed and digits folded; the profile lists the lines on at least --min-share \
        and --min-documents of a site's documents. Memory is bounded per site (--counters); counts are at most \
        occurrences/(counters+1) short of the truth, never above it. The format follows the extension: .jsonl or .yaml.
        """
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "Files or folders of a batch; '-' for standard input.")
    var inputs: [String] = []

    @Option(name: .long, help: "The profile file to write: NAME.jsonl or NAME.yaml.")
    var out: String

    @OptionGroup var input: BatchInputOptions

    @Option(name: .long, help: "JSONL field whose URL host names the site (default: url, or the rules file's corpus.site_field).")
    var siteField: String?

    @Option(name: .long, help: "Least share of a site's documents a line must be on (default 0.3).")
    var minShare: Double?

    @Option(name: .long, help: "Least number of a site's documents a line must be on (default 3).")
    var minDocuments: Int?

    @Option(name: .long, help: "Counters per site (default 8192): memory per site, and the error bound.")
    var counters: Int?

    @Flag(name: .long, help: "Print the run's summary to standard error.")
    var verbose = false

    func validate() throws {
        if SiteProfile.Format(path: out) == nil { throw ValidationError("--out must end in .jsonl or .yaml: \(out)") }
        if let minShare, !(minShare > 0 && minShare <= 1) { throw ValidationError("--min-share must be above 0 and at most 1") }
        if let minDocuments, minDocuments < 1 { throw ValidationError("--min-documents must be at least 1") }
        if let counters, counters < 1 { throw ValidationError("--counters must be at least 1") }
    }

    func run() throws {
        var ruleSet = try rulesOptions.load()
        if let siteField { ruleSet.corpus.siteField = siteField }
        if let minShare { ruleSet.corpus.boilerplate.minShare = minShare }
        if let minDocuments { ruleSet.corpus.boilerplate.minDocuments = minDocuments }
        if let counters { ruleSet.corpus.boilerplate.counters = counters }
        let options = input.cleanOptions(inputs)
        if let refusal = CleanJob.refusal(options) {
            Terminal.error(refusal)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        let result: (profile: SiteProfile, report: CleanReport)
        do {
            result = try CorpusPasses.profile(options: options, ruleSet: ruleSet, diagnostics: Terminal.error)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        try CorpusCommon.save(result.profile.text(SiteProfile.Format(path: out)!), to: out, what: "site profile")
        if verbose {
            let lines = result.profile.sites.values.reduce(0) { $0 + $1.lines.count }
            Terminal.note(CorpusMessage.profileSummary(documents: result.report.documentsIn, sites: result.profile.sites.count,
                                                       lines: lines, out: out))
        }
        throw ExitCode(result.report.exitCode.rawValue)
    }
}

struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find exact and near-duplicate documents of a batch; print the clusters as JSONL.",
        discussion: """
        Cleans every document with the rules (or, with --cleaned, only decodes and normalises it), hashes its text \
        for exact copies, and finds near copies by MinHash over word (Vietnamese: syllable) shingles with LSH \
        banding, each candidate pair checked by the Jaccard similarity of its shingle sets. Prints one line per \
        document of each cluster: {"cluster", "id", "source", "kept", "words", "jaccard", "exact"}. \
        'winnow clean --dedup' writes the batch without the copies.
        """
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "Files or folders of a batch; '-' for standard input.")
    var inputs: [String] = []

    @OptionGroup var input: BatchInputOptions

    @Flag(name: .long, help: "The inputs are cleaned already (Winnow's output): decode and normalise only.")
    var cleaned = false

    @Option(name: .long, help: "Write the clusters to this file instead of standard output.")
    var clusters: String?

    @Option(name: .long, help: "Write every document's MinHash signature (JSONL) to this file.")
    var signatures: String?

    @Flag(name: .long, help: "With --signatures: add each document's shingle set (for an exact check elsewhere).")
    var withShingles = false

    @Option(name: .long, help: "A site profile from 'winnow profile', used while cleaning.")
    var siteProfile: String?

    @OptionGroup var dedupOptions: DedupOptions

    @Flag(name: .long, help: "Print the run's figures to standard error.")
    var verbose = false

    func validate() throws {
        if withShingles && signatures == nil { throw ValidationError("--with-shingles needs --signatures") }
    }

    func run() throws {
        var ruleSet = try rulesOptions.load()
        ruleSet.corpus.dedup = try usage { try dedupOptions.settings(ruleSet.corpus.dedup) }
        ruleSet.corpusWork.siteProfile = try CorpusCommon.profile(siteProfile, for: ruleSet)
        let options = input.cleanOptions(inputs)
        if let refusal = CleanJob.refusal(options) {
            Terminal.error(refusal)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        let found = try CorpusCommon.findDuplicates(options: options, ruleSet: ruleSet, cleaned: cleaned, signatures: signatures,
                                                    withShingles: withShingles, diagnostics: Terminal.error, verbose: verbose)
        let text = DedupIndex.jsonl(found.found)
        if let clusters {
            try CorpusCommon.save(text, to: clusters, what: "clusters")
        } else {
            let output = BufferedOutput(descriptor: STDOUT_FILENO)
            output.write(text)
            output.finish()
        }
    }
}

/// Messages of the corpus commands.
enum CorpusMessage {
    static let dedupNeedsFiles = "--dedup reads the batch twice (once to find the copies, once to write): give files or folders, not standard input"
    static let profileWithoutJudge = "warning: the rules' pipeline has no judge stage, so the site profile's evidence weighs nothing; add judge to pipeline:"

    static func profileSummary(documents: Int, sites: Int, lines: Int, out: String) -> String {
        "\(documents) documents, \(sites) sites, \(lines) boilerplate lines written to \(out)"
    }

    static func dedupSummary(_ s: DedupIndex.Statistics, settings: DedupSettings, report: CleanReport, sketchSeconds: Double,
                             resolveSeconds: Double) -> String {
        String(format: "%d documents sketched (%d in, %d dropped by rules, %d rejected) in %.2f s; %d clusters: %d exact and %d near copies to drop; "
               + "%d candidate pairs compared, %d similar (shingle %d, %d×%d bands, threshold %.2f), %.1f MB of shingle sets spilled; clusters resolved in %.2f s",
               s.documents, report.documentsIn, report.dropped.count, report.rejected.count, sketchSeconds, s.clusters, s.exactDropped,
               s.nearDropped, s.candidates, s.verified, settings.shingle, settings.bands, settings.rows, settings.threshold,
               Double(s.spilledBytes) / 1e6, resolveSeconds)
    }
}

/// `winnow explain`'s corpus options: the site profile's evidence, and what it says of each line.
struct ExplainCorpusOptions: ParsableArguments {
    @Option(name: .long, help: "A site profile from 'winnow profile': show its evidence (site.boilerplate) for the file's site.")
    var siteProfile: String?

    @Option(name: .long, help: "With --site-profile: the file's site (default: the name of the folder holding it).")
    var site: String?

    func validate() throws {
        if site != nil && siteProfile == nil { throw ValidationError("--site needs --site-profile") }
    }

    func prepare(_ ruleSet: RuleSet) throws -> RuleSet {
        var ruleSet = ruleSet
        ruleSet.corpusWork.siteProfile = try CorpusCommon.profile(siteProfile, for: ruleSet)
        ruleSet.corpusWork.site = site
        return ruleSet
    }

    /// "seen on 412 of 430 pages of this site (example.com)" by input line number.
    func notes(_ document: Document, source: String, ruleSet: RuleSet) -> [Int: String] {
        guard let profile = ruleSet.corpusWork.siteProfile else { return [:] }
        return profile.notes(for: document, site: site ?? SiteKey.of(document, field: ruleSet.corpus.siteField))
    }
}
