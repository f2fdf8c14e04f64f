import WinnowZlib
import Foundation

/// How documents come in.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Each file (or standard input) is one document.
    case text
    /// Each line is a JSON object holding one document.
    case jsonl
}

/// Everything `winnow clean` needs to know, already validated by the caller.
public struct CleanOptions: Sendable {
    public var inputs: [String] = ["-"]
    /// Folder for outputs; nil writes every document to standard output.
    public var outputDirectory: String?
    public var format: OutputFormat = .text
    public var inputFormat: InputFormat = .text
    public var textField = "text"
    public var idField = "id"
    /// Overrides the rules file's decode settings when set.
    public var encoding: String?
    public var strict: Bool?
    /// Overwrite outputs that exist and differ.
    public var force = false
    /// Skip inputs whose output exists already (written atomically, so complete).
    public var resume = false
    /// Where rejected documents are listed (JSONL) when writing to standard output.
    public var rejectsPath: String?
    /// Compress standard output with gzip (outputs in --out are compressed when their input was).
    public var gzipOutput = false
    /// Worker threads; output is the same for any number.
    public var jobs = 1
    /// Documents read ahead of the one written last while the workers clean; bounds memory.
    public var readAhead = 256

    public init() {}
}

/// Runs the pipeline over files, folders or standard input, writes outputs atomically, and counts everything.
///
/// Outputs go to `--out` at the same relative path as their input (extension .txt or .jsonl), or to standard
/// output. An output file that already exists with the same content is left alone; one that differs is only
/// replaced with `force`. The job never writes into its own input. Rejected documents are listed in
/// `winnow-rejects.jsonl` (with their bytes in base64 when they were not valid UTF-8) and the report in
/// `winnow-report.json`, both in the output folder.
public final class CleanJob {
    public let options: CleanOptions
    private let workers: WorkerPool
    private let ruleSet: RuleSet
    private let stdout: BufferedOutput
    private let diagnostics: (String) -> Void
    private var report: CleanReport
    private var rejects: [String] = []

    public static let reportName = "winnow-report.json"
    public static let rejectsName = "winnow-rejects.jsonl"

    public init(options: CleanOptions, ruleSet: RuleSet, stdout: BufferedOutput, diagnostics: @escaping (String) -> Void) throws(Rejection) {
        self.options = options
        self.ruleSet = ruleSet
        var settings = ruleSet.decode
        if let encoding = options.encoding { settings.encoding = encoding }
        if let strict = options.strict { settings.strict = strict }
        let decode = settings
        self.workers = try WorkerPool(jobs: options.jobs, window: options.readAhead) { () throws(Rejection) in
            try Pipeline(ruleSet: ruleSet, format: options.format, decode: decode,
                         textField: options.textField, idField: options.idField)
        }
        self.stdout = stdout
        self.diagnostics = diagnostics
        self.report = CleanReport(ruleIDs: ruleSet.rules.map(\.id))
    }

    public func run() -> CleanReport {
        let (files, problems, skipped) = InputCollector.collect(options.inputs, extensions: OutputNames.inputExtensions(for: options.inputFormat))
        report.skipped = skipped
        for problem in problems {
            report.documentsIn += 1
            reject(source: problem.source, Rejection(.io, problem.reason), bytes: nil)
            report.ioFailure = true
        }
        if let out = options.outputDirectory {
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                diagnostics("\(out): cannot create output folder: \(error.localizedDescription)")
                report.ioFailure = true
                return report
            }
        }
        let todo = files.filter { file in
            let done = options.resume && options.outputDirectory != nil && file.path != "-"
                && FileManager.default.fileExists(atPath: outputPath(for: file))
            if done { report.resumed += 1 }
            return !done
        }
        switch options.inputFormat {
        case .text: cleanTextFiles(todo)
        case .jsonl:
            for file in todo where !stdout.closed { cleanJSONLFile(file) }
        }
        stdout.finish()
        if let failure = stdout.failure {
            diagnostics("standard output: write failed: \(String(cString: strerror(failure)))")
            report.ioFailure = true
        }
        finish()
        return report
    }

    // MARK: text input

    /// Reads text inputs one after another, cleans them on the worker threads, and writes them in input order.
    private func cleanTextFiles(_ files: [InputFile]) {
        var remaining = files[...]
        func next() -> (file: InputFile, bytes: [UInt8])? {
            while let file = remaining.popFirst(), !stdout.closed {
                report.documentsIn += 1
                do {
                    var bytes = try file.path == "-" ? readAll(descriptor: 0) : Self.read(file.path)
                    if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes) }
                    return (file, bytes)
                } catch {
                    reject(source: file.path, Rejection(.io, "cannot read: \(error.localizedDescription)"), bytes: nil)
                    report.ioFailure = true
                }
            }
            return nil
        }
        let keepLines = onDocument != nil
        workers.map(next, work: { (input: (file: InputFile, bytes: [UInt8]), pipeline: Pipeline) -> ((file: InputFile, bytes: [UInt8]), Result<Document, Rejection>) in
            let id = input.file.path == "-" ? "stdin" : (input.file.relativePath as NSString).deletingPathExtension
            return (input, Result { () throws(Rejection) in
                var document = try pipeline.clean(id: id, source: input.file.path, bytes: input.bytes)
                if !keepLines { document.dropText() }   // freed on the worker's thread, not the writer's
                return document
            })
        }, emit: { (input, result) in
            let document: Document
            switch result {
            case .success(let cleaned): document = cleaned
            case .failure(let rejection):
                reject(source: input.file.path, rejection, bytes: input.bytes, id: (input.file.relativePath as NSString).deletingPathExtension)
                return
            }
            finishDocument(document)
            if document.dropped != nil { return }
            if options.outputDirectory != nil, input.file.path != "-" {
                writeFile(outputPath(for: input.file), contents: document.rendered, source: input.file.path)
            } else {
                stdout.write(document.rendered)
            }
        })
    }

    /// Called with every cleaned (or dropped) document, in input order; for tools built on the job (suggest).
    public var onDocument: ((Document) -> Void)?

    private func finishDocument(_ document: Document) {
        onDocument?(document)
        report.count(document)
        if let dropped = document.dropped {
            report.dropped.append(.init(source: document.source, rule: dropped.rule, reason: dropped.reason))
        } else {
            report.written += 1
        }
    }

    // MARK: JSONL input

    private func cleanJSONLFile(_ file: InputFile) {
        let descriptor = file.path == "-" ? 0 : open(file.path, O_RDONLY)
        if descriptor < 0 {
            report.documentsIn += 1
            reject(source: file.path, Rejection(.io, "cannot read: \(String(cString: strerror(errno)))"), bytes: nil)
            report.ioFailure = true
            return
        }
        defer { if descriptor != 0 { close(descriptor) } }
        let reader = LineReader(descriptor: descriptor)
        var rendered: [UInt8] = []
        let toFile = options.outputDirectory != nil && file.path != "-"
        var number = 0
        func next() -> JSONLInput? {
            while !stdout.closed {
                let line: [UInt8]?
                do { line = try reader.next() } catch {
                    report.documentsIn += 1
                    reject(source: file.path, Rejection(.io, "read failed: \(error.localizedDescription)", line: number + 1), bytes: nil)
                    report.ioFailure = true
                    return nil
                }
                guard var line else { return nil }
                number += 1
                if line.last == 0x0D { line.removeLast() }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                report.documentsIn += 1
                return JSONLInput(line: line, number: number, source: "\(file.path):\(number)")
            }
            return nil
        }
        let fields = (text: options.textField, id: options.idField)
        let keepLines = onDocument != nil
        // Records are small, and many: they go to the workers sixteen at a time.
        workers.map(batch: 16, next, work: { (input: JSONLInput, pipeline: Pipeline) -> (JSONLInput, Result<Document, Rejection>, String?) in
            var document: Document
            do throws(Rejection) {
                document = try Self.record(input, textField: fields.text, idField: fields.id)
            } catch {
                return (input, .failure(error), nil)
            }
            do throws(Rejection) { try pipeline.run(&document) } catch {
                return (input, .failure(error), document.id)
            }
            // Free what the writer does not need here, on the worker's thread, rather than on the writer's.
            var kept = input
            kept.line = []
            if !keepLines { document.dropText() }
            return (kept, .success(document), document.id)
        }, emit: { (input: JSONLInput, result: Result<Document, Rejection>, id: String?) in
            switch result {
            case .failure(var rejection):
                rejection.line = rejection.line ?? input.number
                reject(source: input.source, rejection, bytes: input.line, id: id)
            case .success(let document):
                finishDocument(document)
                guard document.dropped == nil else { return }
                if toFile { rendered += document.rendered } else { stdout.write(document.rendered) }
            }
        })
        if toFile {
            writeFile(outputPath(for: file), contents: rendered, source: file.path)
        }
    }

    /// One line of a JSONL input.
    private struct JSONLInput: Sendable {
        var line: [UInt8]
        var number: Int
        var source: String
    }

    /// A document from one JSONL record: its text field's bytes go to the decode stage; the other fields are
    /// carried through. Throws a malformed-record rejection for a line that is not such a record.
    private static func record(_ input: JSONLInput, textField: String, idField: String) throws(Rejection) -> Document {
        let line = input.line
        let fields: [(key: String, raw: Range<Int>)]
        do { fields = try JSONObjectScanner.fields(of: line) } catch {
            throw Rejection(.malformedRecord, "not a JSON object: \(error)", line: input.number)
        }
        guard let textRange = fields.first(where: { $0.key == textField })?.raw,
              let text = JSONObjectScanner.decodeString(line[textRange]) else {
            throw Rejection(.malformedRecord, "no string field '\(textField)'", line: input.number)
        }
        var id = String(input.number)
        var passthrough: [(key: String, json: String)] = []
        for field in fields where field.key != textField {
            guard let raw = String(validating: line[field.raw], as: UTF8.self) else {
                throw Rejection(.malformedRecord, "field '\(field.key)' is not valid UTF-8", line: input.number)
            }
            if field.key == idField {
                id = JSONObjectScanner.decodeString(line[field.raw]).map { String(decoding: $0, as: UTF8.self) } ?? raw
            } else {
                passthrough.append((field.key, raw))
            }
        }
        var document = Document(id: id, source: input.source, bytes: text)
        document.passthrough = passthrough
        return document
    }

    // MARK: output

    /// OUT/relative path with the format's extension; ".gz" again when the input was gzip-compressed.
    private func outputPath(for file: InputFile) -> String {
        let relative = OutputNames.relativeOutputPath(for: file.relativePath, format: options.format)
        return (options.outputDirectory! as NSString).appendingPathComponent(relative)
    }

    private func writeFile(_ path: String, contents: [UInt8], source: String) {
        var data = Data(contents)
        if path.hasSuffix(".gz") {
            do { data = Data(try Gzip.compress(contents)) } catch {
                report.written -= 1
                reject(source: source, Rejection(.io, "cannot compress \(path): \(error)"), bytes: nil)
                return
            }
        }
        if let existing = FileManager.default.contents(atPath: path) {
            if existing == data {
                report.unchanged += 1
                return
            }
            if !options.force {
                report.written -= 1
                reject(source: source, Rejection(.outputExists, "\(path) exists and differs; pass --force to replace it"), bytes: nil)
                return
            }
        }
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            report.written -= 1
            reject(source: source, Rejection(.io, "cannot write \(path): \(error.localizedDescription)"), bytes: nil)
            report.ioFailure = true
        }
    }

    private func reject(source: String, _ rejection: Rejection, bytes: [UInt8]?, id: String? = nil) {
        report.rejected.append(.init(source: source, rule: nil, reason: rejection.message, line: rejection.line))
        // A JSONL record's source ("path:N") already names its line.
        let location = rejection.line.map { source.hasSuffix(":\($0)") ? source : "\(source):\($0)" } ?? source
        diagnostics("\(location): rejected (\(rejection.cause.rawValue)): \(rejection.message)")
        var item = JSONObjectWriter()
        if let id { item.add("id", raw: JSON.string(id)) }
        item.add("source", raw: JSON.string(source))
        if let line = rejection.line { item.add("line", raw: String(line)) }
        item.add("cause", raw: JSON.string(rejection.cause.rawValue))
        item.add("reason", raw: JSON.string(rejection.message))
        if let bytes {
            if rejection.cause != .binary, let text = String(validating: bytes, as: UTF8.self) {
                item.add("text", raw: JSON.string(text))
            } else {
                item.add("bytes_base64", raw: JSON.string(Data(bytes).base64EncodedString()))
            }
        }
        rejects.append(item.json)
    }

    /// Writes the report and the rejects file. Either failing is an I/O failure, told with the file and the cause:
    /// a batch whose rejects are not written has lost them.
    private func finish() {
        let rejectsText = Array((rejects.joined(separator: "\n") + "\n").utf8)
        if let out = options.outputDirectory {
            save(Array((report.json + "\n").utf8), to: (out as NSString).appendingPathComponent(Self.reportName), what: "report")
            let rejectsPath = (out as NSString).appendingPathComponent(Self.rejectsName)
            if !rejects.isEmpty {
                save(rejectsText, to: rejectsPath, what: "rejects file")
            } else if FileManager.default.fileExists(atPath: rejectsPath), unlink(rejectsPath) != 0 {
                diagnostics("\(rejectsPath): cannot remove the rejects file of an earlier run: \(String(cString: strerror(errno)))")
                report.ioFailure = true
            }
        } else if let path = options.rejectsPath, !rejects.isEmpty {
            save(rejectsText, to: path, what: "rejects file")
        }
    }

    private func save(_ bytes: [UInt8], to path: String, what: String) {
        do { try AtomicFile.write(bytes, to: path) } catch {
            diagnostics("\(error.path): cannot write the \(what): \(error.cause)")
            report.ioFailure = true
        }
    }

    private static func read(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        return try readAll(descriptor: descriptor)
    }
}
