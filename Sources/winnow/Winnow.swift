import ArgumentParser
import Foundation
import Winnow

@main
struct WinnowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Clean scraped news text: normalise, strip page junk, extract metadata, split sentences.",
        discussion: "Exit codes: 0 ok, 1 some documents rejected, 2 usage or rules error, 3 I/O failure, 4 tests failed.",
        subcommands: [Clean.self, Explain.self, Test.self, Lint.self, Suggest.self, Eval.self, Train.self],
        defaultSubcommand: Clean.self
    )
}

/// Options every command that reads rules shares.
struct RulesOptions: ParsableArguments {
    @Option(name: .long, help: "Rules file (YAML). Default: the built-in rules (the text of rules/default.yaml).")
    var rules: String?

    /// Loads the rules, or prints the rules errors and exits with the usage code. `checks` is what the
    /// built-in rules get (a user's file always gets every check): `.full` where the command's job is to check.
    func load(builtInChecks checks: RulesLoader.Checks = .builtIn) throws -> RuleSet {
        do {
            if let rules { return try RulesLoader.fileSystem.load(rules) }
            return try RulesLoader.defaultRules(checks: checks)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
    }
}

struct Clean: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Clean files, folders (*.txt, recursively) or standard input.",
        discussion: """
        With no INPUT or with '-', reads standard input and writes standard output. With --out, writes one output \
        per input at the same relative path, plus winnow-report.json (and winnow-rejects.jsonl when documents were \
        rejected). Existing outputs with the same content are left alone; ones that differ need --force.
        """
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "Files or folders to clean; '-' for standard input.")
    var inputs: [String] = []

    @Option(name: .long, help: "Output folder. Without it, output goes to standard output.")
    var out: String?

    @Option(name: .long, help: "Output format: text, sentences or jsonl.")
    var format: String = "text"

    @Option(name: .long, help: "Input format: text (a file is a document) or jsonl (a line is a document).")
    var inputFormat: String = "text"

    @Option(name: .long, help: "JSONL input: the field holding the text.")
    var textField: String = "text"

    @Option(name: .long, help: "JSONL input: the field holding the document id.")
    var idField: String = "id"

    @Option(name: .long, help: "Input encoding: utf-8, auto (detect), or any ICU converter name (windows-1258, ...).")
    var encoding: String?

    @Flag(name: .long, help: "Reject documents with invalid UTF-8 instead of replacing bad bytes with U+FFFD.")
    var strict = false

    @Flag(name: .long, help: "Replace existing outputs that differ.")
    var force = false

    @Flag(name: .long, help: "With --out: skip inputs that OUT/winnow-journal.jsonl lists as done and whose output on disk matches it (size and hash).")
    var resume = false

    @Option(name: .long, help: "With --out: make outputs durable with one flush per this many files (or 64 MB). A crash loses at most one group's work.")
    var commitEvery: Int = CleanOptions().commitGroup

    @Option(name: .long, help: "Without --out: write rejected documents to this JSONL file.")
    var rejects: String?

    @Flag(name: .long, help: "Print the run's summary to standard error.")
    var verbose = false

    @Flag(name: .long, help: "Compress standard output with gzip. (gzip input is recognised by itself; with --out, outputs of .gz inputs are .gz.)")
    var gzip = false

    @Option(name: [.customShort("j"), .long], help: "Worker threads (default and most: the number of cores; more is clamped, with a note). Output is the same for any number.")
    var jobs: Int = CleanOptions.maximumJobs

    func validate() throws {
        guard OutputFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard InputFormat(rawValue: inputFormat) != nil else {
            throw ValidationError("--input-format must be text or jsonl")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if commitEvery < 1 { throw ValidationError("--commit-every must be at least 1") }
        if gzip && out != nil { throw ValidationError("--gzip is for standard output; with --out, outputs of .gz inputs are compressed") }
        if resume && out == nil { throw ValidationError("--resume needs --out") }
        if resume && force { throw ValidationError("--resume and --force contradict each other: choose one") }
        if rejects != nil && out != nil {
            throw ValidationError("--rejects is for standard output; with --out, rejects go to OUT/winnow-rejects.jsonl")
        }
    }

    func run() throws {
        let ruleSet = try rulesOptions.load()
        var options = CleanOptions()
        options.inputs = inputs.isEmpty ? ["-"] : inputs
        options.outputDirectory = out
        options.format = OutputFormat(rawValue: format)!
        options.inputFormat = InputFormat(rawValue: inputFormat)!
        options.textField = textField
        options.idField = idField
        options.encoding = encoding
        options.strict = strict ? true : nil
        options.force = force
        options.resume = resume
        options.jobs = min(jobs, CleanOptions.maximumJobs)
        if jobs > options.jobs { Terminal.error(Message.jobsClamped(jobs, options.jobs)) }
        options.commitGroup = commitEvery
        options.rejectsPath = rejects
        if let refusal = CleanJob.refusal(options) {
            Terminal.error(refusal)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        let output = BufferedOutput(descriptor: STDOUT_FILENO, lineBuffered: isatty(STDOUT_FILENO) != 0, gzip: gzip)
        let job: CleanJob
        do {
            job = try CleanJob(options: options, ruleSet: ruleSet, stdout: output, diagnostics: Terminal.error)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        let report = job.run()
        if verbose || out != nil { Terminal.note(report.summary(verbose: verbose)) }
        throw ExitCode(report.exitCode.rawValue)
    }
}

struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every input line with its fate (kept, dropped, cut, trimmed, extracted) and the rule id."
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "The file to explain, or '-' for standard input.")
    var input: String = "-"

    @Option(name: .long, help: "Output format: plain (columns) or jsonl.")
    var format: String = "plain"

    func validate() throws {
        guard ["plain", "jsonl"].contains(format) else { throw ValidationError("--format must be plain or jsonl") }
    }

    func run() throws {
        let ruleSet = try rulesOptions.load()
        let bytes: [UInt8]
        if input == "-" {
            bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else if let data = FileManager.default.contents(atPath: input) {
            bytes = [UInt8](data)
        } else {
            Terminal.error("\(input): cannot read")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
        let result: (document: Document, lines: [LineFate])
        do {
            result = try Explanation.fates(of: bytes, pipeline: try Pipeline(ruleSet: ruleSet, explaining: true))
        } catch {
            Terminal.error("\(input): rejected: \(error)")
            throw ExitCode(Winnow.ExitCode.someRejected.rawValue)
        }
        let output = BufferedOutput(descriptor: STDOUT_FILENO)
        let colour = Terminal.useColour(STDOUT_FILENO)
        for fate in result.lines {
            if format == "jsonl" {
                output.write(fate.json + "\n")
            } else {
                output.write(ExplainLine.plain(fate, colour: colour) + "\n")
            }
        }
        if format == "plain" {
            let metadata = result.document.metadata
            for field in MetadataField.allCases {
                if let value = metadata[field] { output.write("# \(field.rawValue): \(value)\n") }
            }
            if let dropped = result.document.dropped { output.write("# document dropped by \(dropped.rule): \(dropped.reason)\n") }
        }
        output.flush()
    }
}

struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every rule's examples and every fixture (NAME.txt with NAME.expected.txt, .expected.sentences.txt or .expected.jsonl).",
        discussion: "Fixtures default to the fixtures/ folder beside the rules file (rules/fixtures for the built-in rules)."
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "Fixture files or folders.")
    var fixtures: [String] = []

    @Flag(name: .long, help: "Rewrite the expected files from the current output (on purpose, then review the diff).")
    var update = false

    func run() throws {
        let ruleSet = try rulesOptions.load(builtInChecks: .full)
        var failed = 0
        // The loader already ran every example (a failing one is a rules error): count them for the summary.
        let examples = ruleSet.rules.reduce(0) { $0 + $1.examples.count }
        let folder = fixtures.isEmpty ? [defaultFixtures()] : fixtures
        let found = Fixture.find(in: folder)
        let runner = FixtureRunner(ruleSet: ruleSet)
        for fixture in found {
            do {
                let result = try runner.run(fixture, update: update)
                if !result.passed {
                    failed += 1
                    print("FAIL \(fixture.input)")
                    print(unifiedDiff(expected: result.expected, actual: result.actual,
                                      expectedName: fixture.expected, actualName: "actual"))
                }
            } catch {
                failed += 1
                print("FAIL \(fixture.input): \(error.localizedDescription)")
            }
        }
        print("\(examples + found.count - failed) passed, \(failed) failed (\(examples) rule examples, \(found.count) fixtures)")
        if update { print("updated \(found.count) expected files; review them with git diff") }
        if failed > 0 { throw ExitCode(Winnow.ExitCode.testsFailed.rawValue) }
    }

    private func defaultFixtures() -> String {
        if let rules = rulesOptions.rules {
            return ((rules as NSString).deletingLastPathComponent as NSString).appendingPathComponent("fixtures")
        }
        return "rules/fixtures"
    }
}

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate rules files; warn about rules without examples."
    )

    @Argument(help: "Rules files to check. Default: the built-in rules.")
    var files: [String] = []

    func run() throws {
        var failed = false
        let targets: [String?] = files.isEmpty ? [nil] : files.map { $0 }
        for file in targets {
            do {
                let ruleSet = try file.map { try RulesLoader.fileSystem.load($0) } ?? RulesLoader.defaultRules(checks: .full)
                for rule in ruleSet.rules where rule.examples.isEmpty {
                    print("\(rule.location): warning: rule '\(rule.id)' has no examples")
                }
                let folder = file.map { (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("fixtures") } ?? "rules/fixtures"
                let fixtures = Fixture.find(in: [folder])
                if !fixtures.isEmpty {
                    let exercised = try FixtureRunner(ruleSet: ruleSet).rulesExercised(by: fixtures)
                    for rule in ruleSet.rules where !exercised.contains(rule.id) {
                        print("\(rule.location): warning: no fixture in \(folder) exercises rule '\(rule.id)'")
                    }
                }
                print("\(file ?? "built-in rules"): \(ruleSet.rules.count) rules OK")
            } catch {
                Terminal.error("\(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(Winnow.ExitCode.usage.rawValue) }
    }
}

struct Suggest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find lines that survive cleaning but recur across many documents, and print them as rules to paste.",
        discussion: "Reads files, folders (*.txt, or *.jsonl with --input-format jsonl) or standard input, cleans them with the rules, and counts each kept line of up to --max-words words once per document."
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "Files or folders of a batch.")
    var inputs: [String] = []

    @Option(name: .long, help: "Input format: text or jsonl.")
    var inputFormat: String = "text"

    @Option(name: .long, help: "Report lines found in at least this many documents (default: 3, or 2% of the batch if more).")
    var minDocuments: Int?

    @Option(name: .long, help: "At most this many suggestions.")
    var limit: Int = 20

    @Option(name: .long, help: "Longer lines are taken as article text.")
    var maxWords: Int = 20

    func validate() throws {
        guard InputFormat(rawValue: inputFormat) != nil else { throw ValidationError("--input-format must be text or jsonl") }
    }

    func run() throws {
        let ruleSet = try rulesOptions.load()
        var finder = BoilerplateFinder(maxWords: maxWords)
        var options = CleanOptions()
        options.inputs = inputs.isEmpty ? ["-"] : inputs
        options.inputFormat = InputFormat(rawValue: inputFormat)!
        options.jobs = ProcessInfo.processInfo.activeProcessorCount
        let sink = BufferedOutput.discarding()
        let job: CleanJob
        do {
            job = try CleanJob(options: options, ruleSet: ruleSet, stdout: sink, diagnostics: Terminal.error)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        job.onDocument = { finder.add($0) }
        _ = job.run()
        let threshold = minDocuments ?? max(3, finder.documentsSeen / 50)
        print(BoilerplateFinder.yaml(finder.findings(minDocuments: threshold, limit: limit), documentsSeen: finder.documentsSeen), terminator: "")
    }
}

extension Clean {
    enum Message {
        static func jobsClamped(_ asked: Int, _ cores: Int) -> String {
            "--jobs \(asked) is more than the \(cores) cores of this machine; using \(cores)"
        }
    }
}

/// Writing to the terminal: messages to standard error, colour only on a terminal without NO_COLOR.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("winnow: " + message + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    static func useColour(_ descriptor: Int32) -> Bool {
        isatty(descriptor) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// One line of `winnow explain`.
enum ExplainLine {
    static func plain(_ fate: LineFate, colour: Bool) -> String {
        var fate = fate
        fate.text = fate.text.trimmingCharacters(in: .whitespaces)
        let number = String(fate.line).leftPadded(to: 5)
        let name = fate.fate.padding(toLength: 21, withPad: " ", startingAt: 0)
        let rule = (fate.rule ?? "").padding(toLength: 28, withPad: " ", startingAt: 0)
        // The judge's score (points; the line goes at the threshold) and what weighed most, on a second line.
        let score = fate.judgement.map { String(format: "%6.2f", $0.score) } ?? "      "
        let why = fate.judgement.map { judgement in
            "\n" + String(repeating: " ", count: 64) + "(threshold \(String(format: "%.2f", judgement.threshold)): "
                + judgement.contributions.map { String(format: "%@ %+.2f", $0.name, $0.points) }.joined(separator: ", ") + ")"
        } ?? ""
        guard colour else { return "\(number)  \(name)\(rule)\(score)  \(fate.text)\(why)" }
        let code = fate.fate == "kept" ? "32" : fate.fate == "blank" ? "90" : fate.fate.hasPrefix("extracted") ? "36" : "31"
        return "\(number)  \u{1B}[\(code)m\(name)\u{1B}[0m\(rule)\(score)  \(fate.text)\u{1B}[90m\(why)\u{1B}[0m"
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
