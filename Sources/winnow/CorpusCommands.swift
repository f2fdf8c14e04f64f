import ArgumentParser
import Foundation
import Winnow

/// What reads a batch of JSONL or text, shared by the corpus commands.
struct BatchInputOptions: ParsableArguments {
    @Option(name: .long, help: "Input format: text (a file is a document) or jsonl (a line is a document).")
    var inputFormat: String = "text"

    @Option(name: .long, help: "JSONL input: the field holding the text.")
    var textField: String = "text"

    @Option(name: .long, help: "JSONL input: the field holding the document id.")
    var idField: String = "id"

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
        options.textField = textField
        options.idField = idField
        options.encoding = encoding
        options.jobs = min(jobs, CleanOptions.maximumJobs)
        return options
    }
}

/// `winnow clean`'s corpus options: evidence from a site profile.
struct CorpusCleanOptions: ParsableArguments {
    @Option(name: .long, help: "A site profile from 'winnow profile': its lines become evidence (site.boilerplate) for the judge.")
    var siteProfile: String?

    /// The rule set for the run, with the profile attached.
    func prepare(_ ruleSet: RuleSet, options: CleanOptions, verbose: Bool) throws -> RuleSet {
        var ruleSet = ruleSet
        ruleSet.corpusWork.siteProfile = try CorpusCommon.profile(siteProfile, for: ruleSet)
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

    /// Writes a file whole (atomically); a failure is an I/O failure told with the file.
    static func save(_ text: String, to path: String, what: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            Terminal.error("\(path): cannot write the \(what): \(error.localizedDescription)")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
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

/// Messages of the corpus commands.
enum CorpusMessage {
    static let profileWithoutJudge = "warning: the rules' pipeline has no judge stage, so the site profile's evidence weighs nothing; add judge to pipeline:"

    static func profileSummary(documents: Int, sites: Int, lines: Int, out: String) -> String {
        "\(documents) documents, \(sites) sites, \(lines) boilerplate lines written to \(out)"
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
