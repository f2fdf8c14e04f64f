import ArgumentParser
import Foundation
import Winnow

@main
struct WinnowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winnow",
        abstract: "Clean scraped news text: normalise, strip page junk, extract metadata, split sentences.",
        discussion: """
        Exit codes: 0 ok, 1 some documents rejected, 2 usage or rules error, 3 I/O failure, 4 tests failed, 5 output folder in use by another run.
        'winnow --version' prints the version and the built-in rules' version and fingerprint.
        """,
        subcommands: [Clean.self, Explain.self, Test.self, Lint.self, Suggest.self, Eval.self, Train.self, Rules.self, Profile.self, Dedup.self],
        defaultSubcommand: Clean.self
    )

    /// Parses and runs the command. A usage error exits with 2, as the README documents, rather than the 64
    /// (EX_USAGE) swift-argument-parser uses.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"] {
            print(WinnowVersion.description)
            Foundation.exit(0)
        }
        if let (position, shown) = UsageCheck.notUTF8() {
            Terminal.error(Message.argumentNotUTF8(position, shown))
            Foundation.exit(Winnow.ExitCode.usage.rawValue)
        }
        if let word = UsageCheck.glued(arguments) {
            Terminal.error(Message.gluedShortOptions(word))
            Foundation.exit(Winnow.ExitCode.usage.rawValue)
        }
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        if let (word, command) = UsageCheck.mistypedCommand(arguments, commands: commands) {
            Terminal.error(Message.unknownCommand(word, suggestion: command))
            Foundation.exit(Winnow.ExitCode.usage.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((Terminal.escaped(fullMessage(for: error), keepingNewlines: true) + "\n").utf8))
                Foundation.exit(Winnow.ExitCode.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Checks of the raw command line that swift-argument-parser does not make.
enum UsageCheck {
    /// The first argument (before "--") that starts with a single "-" and is longer than one short option.
    /// swift-argument-parser reads "-dash.txt" as the short options -d -a -s -h ..., and -h asks for help: the
    /// command printed its help and exited 0 instead of cleaning or refusing the file. No option of winnow
    /// is glued to others or to its value, so such a word is always a mistake.
    static func glued(_ arguments: [String]) -> String? {
        for argument in arguments {
            if argument == "--" { return nil }
            if argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.count > 2 && argument != "-help" {
                return argument
            }
        }
        return nil
    }
}

extension UsageCheck {
    /// The first argument (1-based) whose bytes are not UTF-8, and how it reads with the bad bytes shown as
    /// `\xFF`. Swift reads arguments as UTF-8, replacing what is not: a file named in another encoding would be
    /// looked for under a name it does not have ("No such file").
    static func notUTF8() -> (Int, String)? {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: pointer) != nil { continue }
            let bytes = Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
            var shown = ""
            var rest = bytes[...]
            while !rest.isEmpty {
                // The longest valid prefix as text, then one byte as \xHH.
                var valid = rest.count
                while valid > 0, String(validating: rest.prefix(valid), as: UTF8.self) == nil { valid -= 1 }
                shown += String(decoding: rest.prefix(valid), as: UTF8.self)
                rest = rest.dropFirst(valid)
                if let byte = rest.first {
                    shown += String(format: "\\x%02X", byte)
                    rest = rest.dropFirst()
                }
            }
            return (index, shown)
        }
        return nil
    }

    /// The first argument and the command it is a misspelling of, when it is one: not an option, not a
    /// command, not an existing file or folder (`clean` is the default command, so `winnow notes.txt` cleans a
    /// file), and within two edits of a command's name (`claen`, `tset`). Cleaning would only have said
    /// "no such file" (exit 3) for it.
    static func mistypedCommand(_ arguments: [String], commands: [String]) -> (String, String)? {
        guard let word = arguments.first, !word.hasPrefix("-"), !commands.contains(word),
              !FileManager.default.fileExists(atPath: word) else { return nil }
        let scored = commands.map { ($0, editDistance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (command, distance) = scored, distance <= 2 else { return nil }
        return (word, command)
    }

    /// Levenshtein distance between two words, in characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
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
    /// A separator as typed on a command line, its escapes read: "\\f" a form feed, "\\t" a tab, "\\n" a new
    /// line, "\\\\" a backslash; any other backslash stays.
    static func unescape(_ typed: String) -> String {
        var result = ""
        var characters = typed.makeIterator()
        while let character = characters.next() {
            guard character == "\\" else { result.append(character); continue }
            switch characters.next() {
            case "f": result.append("\u{0C}")
            case "t": result.append("\t")
            case "n": result.append("\n")
            case "\\": result.append("\\")
            case let other?: result.append("\\"); result.append(other)
            case nil: result.append("\\")
            }
        }
        return result
    }

    static let configuration = CommandConfiguration(
        abstract: "Clean files, folders (*.txt, recursively) or standard input.",
        discussion: """
        With no INPUT or with '-', reads standard input and writes standard output. With --out, writes one output \
        per input at the same relative path, plus winnow-report.json, winnow-report.html (and winnow-rejects.jsonl when documents were \
        rejected). Existing outputs with the same content are left alone; ones that differ need --force.
        """
    )

    @OptionGroup var rulesOptions: RulesOptions

    @Argument(help: "Files or folders to clean; '-' for standard input.")
    var inputs: [String] = []

    @Option(name: .long, help: "Output folder. Without it, output goes to standard output.")
    var out: String?

    @Option(name: .long, help: "Output format: text, sentences or jsonl (default: text; with --shards, jsonl).")
    var format: String?

    /// The level of `--shard-compression gzip:N`, nil for any other value.
    var shardGzipLevel: Int? {
        guard shardCompression.hasPrefix("gzip:"), let level = Int(shardCompression.dropFirst(5)), (1...9).contains(level) else { return nil }
        return level
    }

    /// The output format asked for, or the default.
    var outputFormat: String { format ?? (shards != nil ? "jsonl" : "text") }

    @Option(name: .long, help: ArgumentHelp("Write the batch's JSONL records into numbered shards in this folder (00000.jsonl.gz, ...), in input order, with winnow-report.json, winnow-report.html, winnow-rejects.jsonl and a dataset card (README.md) that Hugging Face datasets reads.", valueName: "dir"))
    var shards: String?

    @Option(name: .long, help: "With --shards: close a shard once its JSONL (uncompressed) reaches this size: a number, or with K, M or G (powers of 1024). A record is never split.")
    var shardSize: ByteCount = ByteCount(CleanOptions.defaultShardBytes)

    @Option(name: .long, help: "With --shards: gzip (NNNNN.jsonl.gz, the default, zlib's level 6), gzip:N (level N, 1 fastest to 9 smallest) or none (NNNNN.jsonl).")
    var shardCompression: String = "gzip"

    @Option(name: .long, help: "Input format: text (a file is a document) or jsonl (a line is a document).")
    var inputFormat: String = "text"

    @OptionGroup var fields: JSONLFieldOptions

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

    @Option(name: .long, help: ArgumentHelp("Without --out, for text and sentences: a line written between two documents (\\f, \\t, \\n and \\\\ are read as escapes), such as '\\f' (a form feed), or --document-separator=--- for a line of dashes.", valueName: "line"))
    var documentSeparator: String?

    @Option(name: .long, help: ArgumentHelp("Write the documents the run drops to this JSONL file: the record --format jsonl writes, with 'dropped' (rule and reason).", valueName: "file"))
    var dropped: String?

    @Option(name: .long, help: ArgumentHelp("Without --out or --shards: write the HTML report (counts, removals by rule, samples, lengths, dropped and rejected documents) to this file. With them it is OUT/winnow-report.html.", valueName: "file"))
    var htmlReport: String?

    @Flag(name: .long, help: "Show progress on standard error even when it is not a terminal (on a terminal it is shown unless --quiet).")
    var progress = false

    @Flag(name: .long, help: "Show no progress.")
    var quiet = false

    @Flag(name: .long, help: "Print the run's summary to standard error when writing to standard output (with --out or --shards it is printed anyway), with detected encodings and lines with invalid UTF-8.")
    var verbose = false

    @Flag(name: .long, help: "Compress standard output with gzip. (gzip input is recognised by itself; with --out, outputs of .gz inputs are .gz.)")
    var gzip = false

    @Option(name: [.customShort("j"), .long], help: "Worker threads, from 1 to the number of cores (the default); a larger number is lowered to the number of cores, with a note on standard error. Output is the same for any number.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup(title: "Corpus") var corpus: CorpusCleanOptions

    @Option(name: .long, help: "The most bytes one document may have (a text file after gzip inflation, or a JSONL line): a number, or with K, M or G (powers of 1024). A longer one is rejected (too-large) and the batch goes on.")
    var maxRecordBytes: ByteCount = ByteCount(CleanOptions.defaultMaxRecordBytes)

    /// `--jobs`, at most the number of cores: more threads than cores only cost memory (each holds a pipeline).
    var workerThreads: Int { min(jobs, ProcessInfo.processInfo.activeProcessorCount) }

    func validate() throws {
        try maxRecordBytes.validateAsRecordLimit()
        // An empty name would be the current folder, which usually holds the input: say what is wrong instead.
        for (flag, value) in [("--out", out), ("--shards", shards), ("--rejects", rejects), ("--dropped", dropped)] where value?.isEmpty == true {
            throw ValidationError("\(flag) '' names no file or folder")
        }
        guard OutputFormat(rawValue: outputFormat) != nil else {
            throw ValidationError("--format must be one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard InputFormat(rawValue: inputFormat) != nil else {
            throw ValidationError("--input-format must be text or jsonl")
        }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        // Checked here, before any document: an unknown name would otherwise reject every one of them.
        if let encoding, !DecodeOptions.isKnownEncoding(encoding) {
            throw ValidationError("unknown --encoding '\(encoding)': \(DecodeOptions.encodingHint)")
        }
        if commitEvery < 1 { throw ValidationError("--commit-every must be at least 1") }
        if gzip && out != nil { throw ValidationError("--gzip is for standard output; with --out, outputs of .gz inputs are compressed") }
        if resume && out == nil { throw ValidationError("--resume needs --out") }
        if resume && force { throw ValidationError("--resume and --force contradict each other: choose one") }
        if shards != nil {
            if out != nil { throw ValidationError("--shards and --out contradict each other: choose one") }
            if outputFormat != "jsonl" { throw ValidationError("--shards writes JSONL records: drop --format \(outputFormat)") }
            if gzip { throw ValidationError("--gzip is for standard output; with --shards, use --shard-compression") }
            if rejects != nil { throw ValidationError("--rejects is for standard output; with --shards, rejects go to DIR/winnow-rejects.jsonl") }
            if documentSeparator != nil { throw ValidationError("--document-separator is for text on standard output; shards hold one JSONL record a line") }
        }
        if shardCompression != "gzip" && shardCompression != "none" && shardGzipLevel == nil {
            throw ValidationError("--shard-compression must be gzip, gzip:1 to gzip:9 or none, not '\(shardCompression)'")
        }
        if htmlReport != nil && (out != nil || shards != nil) {
            throw ValidationError("--html-report is for standard output; with --out or --shards, the HTML report is written beside winnow-report.json")
        }
        if rejects != nil && out != nil {
            throw ValidationError("--rejects is for standard output; with --out, rejects go to OUT/winnow-rejects.jsonl")
        }
    }

    func run() throws {
        var ruleSet = try rulesOptions.load()
        var options = CleanOptions()
        options.inputs = inputs.isEmpty ? ["-"] : inputs
        options.outputDirectory = out
        options.format = OutputFormat(rawValue: outputFormat)!
        options.shardDirectory = shards
        options.shardBytes = shardSize.bytes
        options.shardCompression = shardCompression != "none"
        options.shardGzipLevel = shardGzipLevel
        options.inputFormat = InputFormat(rawValue: inputFormat)!
        options.textField = fields.textField
        options.idField = fields.idField
        options.encoding = encoding
        options.strict = strict ? true : nil
        options.force = force
        options.resume = resume
        if jobs > workerThreads { Terminal.error(Message.jobsLowered(jobs, cores: workerThreads)) }
        options.jobs = workerThreads
        options.commitGroup = commitEvery
        options.rejectsPath = rejects
        options.documentSeparator = documentSeparator.map(Self.unescape)
        options.droppedPath = dropped
        options.maxRecordBytes = maxRecordBytes.bytes
        if let path = corpus.addresses {
            do throws(AddressBook.ReadError) { options.addresses = try AddressBook.load(path) } catch {
                Terminal.error(error.description)
                throw ExitCode(Winnow.ExitCode.usage.rawValue)
            }
        }
        if let refusal = CleanJob.refusal(options) {
            Terminal.error(refusal)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        for warning in CleanJob.warnings(options) { Terminal.error(warning) }
        ruleSet = try corpus.prepare(ruleSet, options: options, verbose: verbose)
        let output = BufferedOutput(descriptor: STDOUT_FILENO, lineBuffered: isatty(STDOUT_FILENO) != 0, gzip: gzip)
        let job: CleanJob
        do {
            job = try CleanJob(options: options, ruleSet: ruleSet, stdout: output, diagnostics: Terminal.error)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        // By itself only for batches of files: a filter reading standard input stays silent.
        let display = ProgressDisplay(enabled: !quiet && (progress || (isatty(STDERR_FILENO) != 0 && !options.inputs.contains("-"))))
        if display.enabled { job.onProgress = { display.show($0) } }
        var report = job.run()
        display.finish()
        if let htmlReport {
            do {
                try Data(HTMLReport(report).html.utf8).write(to: URL(fileURLWithPath: htmlReport), options: .atomic)
            } catch {
                Terminal.error("\(htmlReport): cannot write the HTML report: \(error.localizedDescription)")
                report.ioFailure = true
            }
        }
        if (verbose || out != nil || shards != nil) && !report.outputBusy { Terminal.note(report.summary(verbose: verbose)) }
        throw ExitCode(report.exitCode.rawValue)
    }
}

/// How near its threshold a line the spam model kept must have scored for its score to be shown: `explain` and
/// `eval --spam`.
struct SpamMarginOptions: ParsableArguments {
    @Option(name: .customLong("spam-margin"), help: ArgumentHelp("Show the spam model's score of a line it kept when the score came within this many points of its threshold (default 1; a line it removed shows its score anyway). A large margin shows every line the model weighed; a line with no evidence of gambling, whose gate stayed closed, scores -10.", valueName: "points"))
    var given: Double?

    /// The margin given, or the near misses' own.
    var points: Double { given ?? SpamStage.nearMissMargin }

    func validate() throws {
        if let given, !(given >= 0 && given.isFinite) { throw ValidationError("--spam-margin must be a number of points, 0 or more") }
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

    @Option(name: .long, help: ArgumentHelp("Explain one record of a JSON-lines file (or .jsonl.gz shard): the one on this line (1-based).", valueName: "line"))
    var record: Int?

    @Option(name: .long, help: ArgumentHelp("Explain the record of a JSON-lines file whose id field is this.", valueName: "id"))
    var id: String?

    @OptionGroup var fields: JSONLFieldOptions

    @Option(name: .long, help: "The most bytes the document may have (after gzip inflation): a number, or with K, M or G. A longer one is rejected.")
    var maxRecordBytes: ByteCount = ByteCount(CleanOptions.defaultMaxRecordBytes)

    @Option(name: .long, help: "The page's address, as a JSONL record's url field gives it (a listing's address is evidence; --record takes it from the record).")
    var url: String?

    @OptionGroup var spamMargin: SpamMarginOptions

    func validate() throws {
        try maxRecordBytes.validateAsRecordLimit()
        guard ["plain", "jsonl"].contains(format) else { throw ValidationError("--format must be plain or jsonl") }
        if record != nil && id != nil { throw ValidationError("give --record or --id, not both") }
        if let record, record < 1 { throw ValidationError("--record counts lines from 1") }
    }

    @OptionGroup(title: "Corpus") var corpus: ExplainCorpusOptions

    func run() throws {
        let ruleSet = try corpus.prepare(try rulesOptions.load())
        let bytes: [UInt8]
        do {
            bytes = try DocumentReader.read(input, limit: maxRecordBytes.bytes)
        } catch {
            let location = error.line.map { "\(input):\($0)" } ?? input
            Terminal.error("\(location): \(error.cause == .io ? "" : "rejected (\(error.cause.rawValue)): ")\(error.message)")
            throw ExitCode(error.cause == .io ? Winnow.ExitCode.ioFailure.rawValue : Winnow.ExitCode.someRejected.rawValue)
        }
        var text = bytes
        var source = input
        var passthrough: [(key: String, json: String)] = []
        if record == nil, id == nil, let warning = JSONLinesHint.explainWarning(for: bytes, path: input, fields: ["text", fields.textField]) {
            Terminal.error(warning)
        }
        if let key = record.map(JSONLRecordFinder.Key.line) ?? id.map(JSONLRecordFinder.Key.id) {
            do {
                let found = try JSONLRecordFinder.find(key, in: bytes, file: input, textField: fields.textField, idField: fields.idField)
                text = found.document.bytes
                source = found.document.source
                passthrough = found.document.passthrough
            } catch {
                Terminal.error("\(error.line.map { "\(input):\($0)" } ?? input): \(error.message)")
                throw ExitCode(Winnow.ExitCode.usage.rawValue)
            }
        }
        let result: (document: Document, lines: [LineFate])
        do {
            result = try Explanation.fates(of: text, pipeline: try Pipeline(ruleSet: ruleSet, explaining: true, spamMargin: spamMargin.points), source: source,
                                           passthrough: passthrough, url: url)
        } catch {
            Terminal.error("\(input): rejected: \(error)")
            throw ExitCode(Winnow.ExitCode.someRejected.rawValue)
        }
        let output = BufferedOutput(descriptor: STDOUT_FILENO)
        let colour = Terminal.useColour(STDOUT_FILENO)
        let notes = corpus.notes(result.document, source: input, ruleSet: ruleSet)
        for var fate in result.lines {
            fate.note = notes[fate.line]
            if format == "jsonl" {
                output.write(fate.json + "\n")
            } else {
                output.write(ExplainLine.plain(fate, colour: colour) + "\n")
            }
        }
        if format == "jsonl" {
            output.write(Explanation.documentJSON(result.document) + "\n")
        } else {
            let metadata = result.document.metadata
            for field in MetadataField.allCases {
                if let value = metadata[field] { output.write("# \(field.rawValue): \(Terminal.escaped(value))\n") }
            }
            if let page = result.document.pageJudgement {
                let reasons = page.contributions.map { String(format: "%@ %+.2f", $0.name, $0.points) }.joined(separator: ", ")
                output.write(String(format: "# page score %.2f (drops at %.2f: %@)\n", page.score, page.threshold, reasons))
            }
            if let dropped = result.document.dropped {
                output.write(Terminal.escaped("# document dropped by \(dropped.rule): \(dropped.reason)") + "\n")
            }
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
        // A fixture path that does not exist is a mistake, not "0 fixtures, all passed".
        for path in fixtures where !FileManager.default.fileExists(atPath: path) {
            Terminal.error(Message.noFixture(path))
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
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
                    Terminal.print("FAIL \(fixture.input)")
                    Terminal.print(unifiedDiff(expected: result.expected, actual: result.actual,
                                      expectedName: fixture.expected, actualName: "actual"))
                }
            } catch {
                failed += 1
                Terminal.print("FAIL \(fixture.input): \(error.localizedDescription)")
            }
        }
        print("\(examples + found.count - failed) passed, \(failed) failed (\(examples) rule examples, \(found.count) \(found.count == 1 ? "fixture" : "fixtures"))")
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
                // A user's file is linted for the user's rules: the built-in rules it includes have their own
                // examples and fixtures, checked when the built-in rules are linted.
                let own = ruleSet.rules.filter { file == nil || !$0.location.file.hasPrefix(BuiltinRules.includePrefix) }
                for rule in own where rule.examples.isEmpty {
                    Terminal.print("\(rule.location): warning: rule '\(rule.id)' has no examples")
                }
                for rule in own {
                    for pattern in rule.matcher?.patternsScanningEveryLine ?? [] {
                        Terminal.print("\(rule.location): warning: rule '\(rule.id)' tries /\(pattern.prefix(60))/ on every line: no anchor or literal text narrows it; add 'contains' or 'keywords' with text every match holds")
                    }
                }
                let folder = file.map { (($0 as NSString).deletingLastPathComponent as NSString).appendingPathComponent("fixtures") } ?? "rules/fixtures"
                let fixtures = Fixture.find(in: [folder])
                if !fixtures.isEmpty {
                    let exercised = try FixtureRunner(ruleSet: ruleSet).rulesExercised(by: fixtures)
                    for rule in own where !exercised.contains(rule.id) {
                        Terminal.print("\(rule.location): warning: no fixture in \(folder) exercises rule '\(rule.id)'")
                    }
                }
                Terminal.print("\(file ?? "built-in rules"): \(ruleSet.rules.count) rules OK")
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
    var maxWords: Int = 40

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

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in rules files, or print one (to read, copy or include as builtin:NAME).",
        discussion: "A rules file includes a built-in file with 'include: [builtin:default]' (or builtin:vi-news.yaml, ...)."
    )

    @Flag(name: .long, help: "List the built-in rules files.")
    var list = false

    @Option(name: .long, help: "Print the built-in file NAME (default, default.yaml, builtin:vi-news.yaml, models/judge.yaml, ...).")
    var print: String?

    func validate() throws {
        if list == (print != nil) { throw ValidationError("give one of --list or --print NAME") }
    }

    func run() throws {
        if list {
            for name in BuiltinRules.names { Swift.print(name) }
            return
        }
        guard let name = print.flatMap(BuiltinRules.file(named:)), let text = BuiltinRules.files[name] else {
            Terminal.error(Message.noBuiltinRules(print ?? ""))
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        Swift.print(text)
    }
}

/// A number of bytes on the command line: digits, optionally followed by K, M or G (powers of 1024, with or
/// without "iB" or "B"): `1000`, `64M`, `64MiB`, `1G`.
struct ByteCount: ExpressibleByArgument {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var digits = Substring(argument)
        var unit = 1
        for (suffix, size) in [("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30)] {
            for spelling in [suffix + "iB", suffix + "B", suffix, suffix.lowercased()] where digits.hasSuffix(spelling) {
                digits = digits.dropLast(spelling.count)
                unit = size
                break
            }
            if unit != 1 { break }
        }
        guard let number = Int(digits), number >= 1 else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        self.bytes = bytes
    }

    var defaultValueDescription: String { bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : String(bytes) }

    /// `--max-record-bytes` may not pass ``CleanOptions/largestMaxRecordBytes``.
    func validateAsRecordLimit() throws {
        guard bytes <= CleanOptions.largestMaxRecordBytes else {
            throw ValidationError(Message.recordLimitTooLarge(bytes))
        }
    }
}

/// Messages of the commands, kept together so that they read alike.
enum Message {
    static func argumentNotUTF8(_ position: Int, _ shown: String) -> String {
        "argument \(position), '\(shown)', is not UTF-8: Winnow reads names as UTF-8 and could not open it by that name; rename it (convmv converts a tree of names), or name the folder that holds it"
    }

    static func recordLimitTooLarge(_ bytes: Int) -> String {
        "--max-record-bytes \(bytes) is more than \(CleanOptions.largestMaxRecordBytes >> 20)M, the most a document may have: ICU addresses text with 32-bit lengths"
    }

    static func noFixture(_ path: String) -> String { "\(path): no such fixture file or folder" }

    static func gluedShortOptions(_ word: String) -> String {
        "unknown option '\(word)': to name a file that starts with '-', write ./\(word), or put it after --"
    }

    static func unknownCommand(_ word: String, suggestion: String) -> String {
        "unknown command '\(word)'; did you mean '\(suggestion)'?"
    }

    static func noBuiltinRules(_ name: String) -> String {
        "no built-in rules file '\(name)'; built-in files: \(BuiltinRules.names.joined(separator: ", "))"
    }

    static func jobsLowered(_ jobs: Int, cores: Int) -> String {
        "note: --jobs \(jobs) is more than the \(cores) cores of this machine; using \(cores)"
    }
}

/// Writing to the terminal: messages to standard error, colour only on a terminal without NO_COLOR.
///
/// Messages echo file names, rules and input text, any of which can hold raw control characters: an escape
/// sequence in a file name would otherwise reach the terminal and act there. Everything printed goes through
/// ``escaped(_:keepingNewlines:)``.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("winnow: " + escaped(message, keepingNewlines: true) + "\n").utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data((escaped(message, keepingNewlines: true) + "\n").utf8))
    }

    /// `text` with every control character (C0, DEL, C1) written as a visible escape: `\x1B` (or `\u{9B}` for
    /// C1). Line feeds stay when `keepingNewlines` (for messages of several lines).
    static func escaped(_ text: String, keepingNewlines: Bool = false) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        }
        guard text.unicodeScalars.contains(where: { isControl($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !isControl(scalar) || (keepingNewlines && scalar == "\n") {
                result.append(scalar)
            } else {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let escape = scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" : "") + hex : "\\u{\(hex)}"
                result.append(contentsOf: escape.unicodeScalars)
            }
        }
        return String(result)
    }

    /// Prints `text` to standard output with its control characters escaped (see ``escaped(_:keepingNewlines:)``).
    static func print(_ text: String, terminator: String = "\n") {
        Swift.print(escaped(text, keepingNewlines: true), terminator: terminator)
    }

    static func useColour(_ descriptor: Int32) -> Bool {
        isatty(descriptor) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}

/// One line of `winnow explain`.
enum ExplainLine {
    static func plain(_ fate: LineFate, colour: Bool) -> String {
        var fate = fate
        fate.text = Terminal.escaped(fate.text.trimmingCharacters(in: .whitespaces))
        fate.rule = fate.rule.map { Terminal.escaped($0) }
        let number = String(fate.line).leftPadded(to: 5)
        let name = fate.fate.padding(toLength: 21, withPad: " ", startingAt: 0)
        let rule = (fate.rule ?? "").padding(toLength: 28, withPad: " ", startingAt: 0)
        // The judge's score (points; the line goes at the threshold) and what weighed most, on a second line.
        let score = fate.judgement.map { String(format: "%6.2f", $0.score) } ?? "      "
        let why = fate.judgement.map { judgement in
            "\n" + String(repeating: " ", count: 64) + "(threshold \(String(format: "%.2f", judgement.threshold)): "
                + judgement.contributions.map { String(format: "%@ %+.2f", $0.name, $0.points) }.joined(separator: ", ") + ")"
        } ?? ""
        // A line the spam model kept, though it scored near its threshold.
        let spam = fate.spam.map { judgement in
            "\n" + String(repeating: " ", count: 64) + String(format: "(spam %.2f, below %.2f: ", judgement.score, judgement.threshold)
                + judgement.contributions.map { String(format: "%@ %+.2f", $0.name, $0.points) }.joined(separator: ", ") + ")"
        } ?? ""
        let note = spam + (fate.note.map { "\n" + String(repeating: " ", count: 64) + Terminal.escaped($0) } ?? "")
        guard colour else { return "\(number)  \(name)\(rule)\(score)  \(fate.text)\(why)\(note)" }
        let code = fate.fate == "kept" ? "32" : fate.fate == "blank" ? "90" : fate.fate.hasPrefix("extracted") ? "36" : "31"
        return "\(number)  \u{1B}[\(code)m\(name)\u{1B}[0m\(rule)\(score)  \(fate.text)\u{1B}[90m\(why)\(note)\u{1B}[0m"
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
