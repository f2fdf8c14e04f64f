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
    /// The web addresses of text inputs, given apart (`--addresses`); a JSONL record carries its own.
    public var addresses = AddressBook()
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
    /// Skip inputs that the output folder's journal lists as done and whose output on disk matches it.
    public var resume = false
    /// Where rejected documents are listed (JSONL) when writing to standard output.
    public var rejectsPath: String?
    /// A line written between two documents of text or sentences on standard output (nil: none, the next
    /// document starts on the next line). JSONL needs none: a record is a line.
    public var documentSeparator: String?
    /// Where dropped documents go as JSONL records (the record `--format jsonl` writes, with `dropped`: its rule
    /// and reason), so that nothing a run drops disappears from sight (nil: only the report lists them).
    public var droppedPath: String?
    /// Compress standard output with gzip (outputs in --out are compressed when their input was).
    public var gzipOutput = false
    /// Worker threads, at most ``CleanOptions/maximumJobs`` (a larger number is clamped); output is the same
    /// for any number.
    public var jobs = 1
    /// Outputs in a folder are made durable with one flush per this many files (or 64 MB); a kill or crash
    /// loses at most the work of one group (see ``OutputFolder``).
    public var commitGroup = 1000
    /// Documents read ahead of the one written last while the workers clean; bounds memory.
    public var readAhead = 256
    /// Bytes of input read ahead of the document written last (and one document more): bounds memory when
    /// documents are large, which a count of them does not.
    public var readAheadBytes = 64 << 20
    /// The most bytes one document may have: a text file (after gzip inflation) or a JSONL line. A longer one is
    /// rejected (`too-large`) without being held whole, and the batch goes on; so memory stays bounded on any
    /// input, /dev/zero and gzip bombs included.
    public var maxRecordBytes = CleanOptions.defaultMaxRecordBytes {
        didSet { maxRecordBytes = min(maxRecordBytes, Self.largestMaxRecordBytes) }
    }
    public static let defaultMaxRecordBytes = 64 << 20
    /// The largest `maxRecordBytes` allowed. ICU addresses text and its buffers with 32-bit lengths; a document
    /// of at most this many bytes is at most as many UTF-16 units, and every buffer Winnow asks ICU to fill for
    /// it (up to four bytes or three units per unit) stays under 2^31.
    public static let largestMaxRecordBytes = 512 << 20
    /// Folder for the batch's JSONL records as numbered shards (see ``ShardWriter``), with the report, the
    /// rejects file and a dataset card; nil: outputs go to ``outputDirectory`` or standard output.
    public var shardDirectory: String?
    /// Bytes of JSONL (uncompressed) after which a shard is closed.
    public var shardBytes = CleanOptions.defaultShardBytes
    public static let defaultShardBytes = 256 << 20
    /// Whether shards are gzip-compressed (`.jsonl.gz`) or plain (`.jsonl`).
    public var shardCompression = true
    /// The shards' gzip level, 1 (fastest) to 9 (smallest); nil: zlib's default, 6.
    public var shardGzipLevel: Int?

    public init() {}

    /// The most worker threads a job runs: the machine's active cores. More threads than cores only make the
    /// threads wait for each other (and cost a pipeline each).
    public static var maximumJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The options a journal's entries depend on; a journal with other ones is not used for --resume.
    var journalHeader: String {
        var object = JSONObjectWriter()
        object.add("winnow_journal", raw: "1")
        object.add("format", raw: JSON.string(format.rawValue))
        object.add("input_format", raw: JSON.string(inputFormat.rawValue))
        object.add("text_field", raw: JSON.string(textField))
        object.add("id_field", raw: JSON.string(idField))
        object.add("encoding", raw: encoding.map(JSON.string) ?? "null")
        object.add("strict", raw: strict.map { $0 ? "true" : "false" } ?? "null")
        return object.json
    }
}

/// Runs the pipeline over files, folders or standard input, writes outputs atomically, and counts everything.
///
/// Outputs go to `--out` at the same relative path as their input (extension .txt or .jsonl), or to standard
/// output. An output file that already exists with the same content is left alone; one that differs is only
/// replaced with `force`. The job never writes into its own input. Rejected documents are listed in
/// `winnow-rejects.jsonl` (with their bytes in base64 when they were not valid UTF-8) and the report in
/// `winnow-report.json`, both in the output folder; how outputs are made durable, and what `--resume` trusts,
/// is told in ``OutputFolder``. Nothing is held in memory for the whole run but the report: a JSONL file's output
/// is written as its records are cleaned, and rejected and dropped documents wait on disk (``RecordSpill``).
///
/// Text files are read, cleaned and written (under a temporary name) by the worker threads, several files per
/// hand-off; the calling thread only counts, in input order, and hands each group of outputs to the commit.
public final class CleanJob {
    public let options: CleanOptions
    private let workers: WorkerPool
    private let ruleSet: RuleSet
    private let stdout: BufferedOutput
    let diagnostics: (String) -> Void
    var report: CleanReport
    /// `rejectPositions[i]` is the place in the batch of the `i`th rejection and of the spill's record `i`, to
    /// put them in input order at the end (a failed commit is found after later inputs); 8 bytes a rejection.
    private var rejectPositions: [Int] = []
    /// Rejected documents' records (JSONL lines, with their text), on disk until the rejects file is written;
    /// nil until the first one, and when there is no rejects file to write.
    private var spill: RecordSpill?
    /// Records of rejections found before the output folder is open (inputs that cannot be read), which the
    /// spill in that folder takes once it is.
    private var unspilled: [[UInt8]] = []
    /// Why the rejected documents could not be kept (told once when it happened): no rejects file is written.
    private var spillFailure: String?
    private var folder: OutputFolder?
    /// With ``CleanOptions/shardDirectory``: the shards being written, the card that declares their fields, and
    /// the folder's lock (one run at a time writes into it).
    var shards: ShardWriter?
    var card: DatasetCard?
    var shardLock: FolderLock?

    /// Told how far the batch has come, on the calling thread, after every document (a display throttles it).
    public var onProgress: ((BatchProgress) -> Void)?
    /// Input bytes read so far, and of all inputs (nil when one is standard input).
    private var progressBytes = 0
    private var totalBytes: Int?
    private var inputSizes: [Int: Int] = [:]
    private let started = Date()

    public static let reportName = "winnow-report.json"
    public static let rejectsName = "winnow-rejects.jsonl"

    public init(options given: CleanOptions, ruleSet: RuleSet, stdout: BufferedOutput, diagnostics: @escaping (String) -> Void) throws(Rejection) {
        var adjusted = given
        if let shards = given.shardDirectory {
            // Shards hold JSONL records; the rejects go beside them, as with --out.
            adjusted.format = .jsonl
            adjusted.rejectsPath = (shards as NSString).appendingPathComponent(Self.rejectsName)
        }
        let options = adjusted
        self.options = options
        self.ruleSet = ruleSet
        var settings = ruleSet.decode
        if let encoding = options.encoding { settings.encoding = encoding }
        if let strict = options.strict { settings.strict = strict }
        let decode = settings
        self.workers = try WorkerPool(jobs: min(options.jobs, CleanOptions.maximumJobs), window: options.readAhead,
                                      byteBudget: options.readAheadBytes) { () throws(Rejection) in
            try Pipeline(ruleSet: ruleSet, format: options.format, decode: decode,
                         textField: options.textField, idField: options.idField)
        }
        self.stdout = stdout
        self.diagnostics = diagnostics
        self.report = CleanReport(ruleIDs: ruleSet.rules.map(\.id))
    }

    /// One input file, planned: its place in the batch and its output path relative to the output folder (nil
    /// when it goes to standard output).
    private struct Planned: Sendable {
        var index: Int
        var file: InputFile
        var output: String?
        /// Place in the batch of the file's first document (a JSONL record `n` is at `position + n`).
        var position: Int { (index + 1) << 32 }
    }

    public func run() -> CleanReport {
        // The shard folder first: rejections of unreadable inputs wait in it for the rejects file.
        if let directory = options.shardDirectory, !openShards(directory) { return report }
        let (files, problems, skipped, _) = InputCollector.collect(options.inputs, extensions: OutputNames.inputExtensions(for: options.inputFormat))
        report.skipped = skipped
        for problem in problems {
            report.documentsIn += 1
            reject(source: problem.source, Rejection(.io, problem.reason), bytes: nil, position: 0)
            report.ioFailure = true
        }
        if let out = options.outputDirectory {
            do {
                folder = try OutputFolder(path: out, header: options.journalHeader, resume: options.resume,
                                          groupFiles: options.commitGroup, note: diagnostics)
            } catch {
                diagnostics(error.message)
                if error.cause == .outputBusy { report.outputBusy = true } else { report.ioFailure = true }
                return report
            }
        }
        // Two inputs with one output (a.txt in two input folders) would overwrite each other: the second is
        // rejected.
        var planned: [Planned] = []
        var owners: [String: String] = [:]
        for (index, file) in files.enumerated() {
            guard folder != nil, file.path != "-" else {
                planned.append(Planned(index: index, file: file, output: nil))
                continue
            }
            let output = outputPath(for: file)
            if let owner = owners[output] {
                report.documentsIn += 1
                reject(source: file.path, Rejection(.outputExists, Message.sameOutput(output, owner)), bytes: nil, position: (index + 1) << 32)
                continue
            }
            owners[output] = file.path
            planned.append(Planned(index: index, file: file, output: output))
        }
        measureInputs(planned)
        switch options.inputFormat {
        case .text: cleanTextFiles(planned)
        case .jsonl:
            for file in planned where !stdout.closed { cleanJSONLFile(file) }
        }
        stdout.finish()
        if let failure = stdout.failure {
            diagnostics("standard output: write failed: \(String(cString: strerror(failure)))")
            report.ioFailure = true
        }
        finish()
        return report
    }

    /// Whether a document went to standard output yet (the separator goes between documents).
    private var wroteDocument = false

    /// A document's output on standard output, after the separator line when one is set and one came before.
    private func writeToStandardOutput(_ rendered: [UInt8]) {
        if let shards {
            shards.write(rendered)
            if options.inputFormat == .jsonl { card?.observe(rendered) }
            return
        }
        if let separator = options.documentSeparator, wroteDocument, options.format != .jsonl {
            stdout.write(Array(separator.utf8) + [0x0A])
        }
        stdout.write(rendered)
        wroteDocument = true
    }

    // MARK: progress

    /// The sizes of the inputs, for the progress display.
    private func measureInputs(_ planned: [Planned]) {
        guard onProgress != nil else { return }
        var total = 0, known = true
        for input in planned {
            var info = stat()
            if input.file.path != "-", stat(input.file.path, &info) == 0 {
                inputSizes[input.index] = Int(info.st_size)
                total += Int(info.st_size)
            } else {
                known = false
            }
        }
        totalBytes = known ? total : nil
    }

    private func tick() {
        onProgress?(BatchProgress(documents: report.documentsIn, bytes: progressBytes, totalBytes: totalBytes,
                                  seconds: Date().timeIntervalSince(started)))
    }

    // MARK: text input

    /// What a worker did with one text input.
    private enum TextOutcome: Sendable {
        /// The journal of an earlier run lists it as done and its output matches: not read again.
        case resumed(OutputFolder.Entry)
        /// Cleaned: what it adds to the report, and with the output folder, its output staged (nil for a dropped
        /// document) and its journal line. The document itself comes back only for standard output or
        /// ``onDocument``.
        case cleaned(Document?, tally: CleanReport, OutputFolder.Staged?, line: [UInt8]?, dropped: [UInt8]?)
        case rejected(Rejection, bytes: [UInt8]?, id: String?, io: Bool)
    }

    /// A text input as the calling thread hands it to a worker: its bytes, or found done by `--resume`, or
    /// unreadable.
    private struct TextInput: Sendable {
        enum Read: Sendable {
            case bytes([UInt8])
            case done(OutputFolder.Entry)
            case failed(String)
            /// More than ``CleanOptions/maxRecordBytes``: the line on which the limit was reached.
            case tooLarge(line: Int)
        }
        var planned: Planned
        var read: Read
    }

    /// Reads text inputs ahead on the calling thread (open, one read, close; a read that waits for the disk
    /// does not stop the cleaning), cleans them and writes their outputs on the worker threads, eight files
    /// per hand-off, and counts them in input order.
    private func cleanTextFiles(_ files: [Planned]) {
        var remaining = files[...]
        let folder = self.folder
        let options = self.options
        func next() -> TextInput? {
            guard !stdout.closed, let planned = remaining.popFirst() else { return nil }
            if let folder, let output = planned.output, let entry = folder.earlier[output], folder.isDone(entry) {
                return TextInput(planned: planned, read: .done(entry))
            }
            do {
                let limit = options.maxRecordBytes
                let bytes = planned.file.path == "-" ? try readAll(descriptor: 0, limit: limit).bytes
                    : try Self.read(planned.file.path, limit: limit)
                if planned.file.path == "-", let warning = JSONLinesHint.standardInputWarning(for: bytes, textField: options.textField) {
                    diagnostics(warning)
                }
                if bytes.count > limit {
                    return TextInput(planned: planned, read: .tooLarge(line: Self.lineNumber(atOffset: limit, in: bytes)))
                }
                return TextInput(planned: planned, read: .bytes(bytes))
            } catch {
                return TextInput(planned: planned, read: .failed("cannot read: \(Self.describe(error))"))
            }
        }
        let keepLines = onDocument != nil
        let wantsDropped = options.droppedPath != nil
        let sampleGate = SampleGate()
        workers.map(batch: 8, overlap: folder != nil, cost: { if case .bytes(let bytes) = $0.read { bytes.count } else { 0 } },
                    next, work: { (text: TextInput, pipeline: Pipeline) -> (Planned, TextOutcome) in
            let input = text.planned
            var bytes: [UInt8]
            switch text.read {
            case .done(let entry): return (input, .resumed(entry))
            case .failed(let message): return (input, .rejected(Rejection(.io, message), bytes: nil, id: nil, io: true))
            case .tooLarge(let line):
                return (input, .rejected(Rejection(.tooLarge, Message.documentTooLarge(options.maxRecordBytes), line: line),
                                         bytes: nil, id: nil, io: false))
            case .bytes(let read): bytes = read
            }
            if Gzip.isCompressed(bytes) {
                do throws(Rejection) { bytes = try Self.inflate(bytes, limit: options.maxRecordBytes) } catch {
                    return (input, .rejected(error, bytes: nil, id: nil, io: error.cause == .io))
                }
            }
            let id = input.file.path == "-" ? "stdin" : (input.file.relativePath as NSString).deletingPathExtension
            var document: Document
            do throws(Rejection) {
                document = try pipeline.clean(id: id, source: input.file.path, bytes: bytes, url: options.addresses.address(of: input.file))
            } catch {
                return (input, .rejected(error, bytes: bytes, id: id, io: false))
            }
            // The document's part of the report, counted here rather than on the thread that keeps order.
            var tally = CleanReport()
            tally.documentsIn = 1
            tally.count(document)
            tally.dropSamples(of: sampleGate.rules)
            if let dropped = document.dropped {
                tally.dropped.append(.init(source: document.source, rule: dropped.rule, reason: dropped.reason))
            } else {
                tally.written = 1
            }
            let droppedRecord = wantsDropped ? Self.droppedRecord(document) : nil
            guard let folder, let output = input.output else {
                if !keepLines { document.dropText() }   // freed on the worker's thread, not the writer's
                return (input, .cleaned(document, tally: tally, nil, line: nil, dropped: droppedRecord))
            }
            let staged = document.dropped == nil ? Self.stage(document.rendered, output: output, in: folder, options: options) : nil
            let line = Self.journalLine(staged, output: output, tally: tally)
            return (input, .cleaned(keepLines ? document : nil, tally: tally, staged, line: line, dropped: droppedRecord))
        }, emit: { (input, outcome) in
            defer {
                progressBytes += inputSizes[input.index] ?? 0
                tick()
            }
            switch outcome {
            case .resumed(let entry):
                report.add(entry.tally)
                sampleGate.update(entry.tally.samples.map(\.rule), in: report)
                report.resumed += 1
                folder!.add(.init(position: input.position, source: input.file.path, path: fullPath(entry.output),
                                  temporary: nil, line: entry.line), bytes: 0)
            case .rejected(let rejection, let bytes, let id, let io):
                report.documentsIn += 1
                reject(source: input.file.path, rejection, bytes: bytes, id: id, position: input.position)
                if io { report.ioFailure = true }
            case .cleaned(let document, let tally, let staged, let line, let droppedRecord):
                defer { sampleGate.update(tally.samples.map(\.rule), in: report) }
                if let droppedRecord { keepDropped(droppedRecord) }
                if let document { onDocument?(document) }
                guard let folder, let output = input.output else {
                    report.add(tally)
                    if let document, document.dropped == nil { writeToStandardOutput(document.rendered) }
                    return
                }
                // The journal line keeps no samples of rules whose samples the batch has all. The worker left out
                // those it knew of; the ones filled since (a race of threads) go here, so the line depends on
                // the inputs before it alone.
                let full = Set(tally.samples.map(\.rule).filter { report.samplesPerRule[$0, default: 0] >= CleanReport.Sample.perRule })
                guard !full.isEmpty else {
                    commit(staged, output: output, tally: tally, line: line, source: input.file.path, position: input.position, in: folder)
                    return
                }
                var trimmed = tally
                trimmed.dropSamples(of: full)
                commit(staged, output: output, tally: trimmed, line: line == nil ? nil : Self.journalLine(staged, output: output, tally: trimmed),
                       source: input.file.path, position: input.position, in: folder)
            }
        })
    }

    /// Writes an output's bytes (compressed when the output is .gz) under a temporary name; see
    /// ``OutputFolder/stage(_:at:checkExisting:replace:completeShort:)``.
    private static func stage(_ rendered: [UInt8], output: String, in folder: OutputFolder, options: CleanOptions) -> OutputFolder.Staged {
        let staged = startOutput(output, in: folder, options: options)
        staged.write(rendered)
        return staged.finish(replace: options.force)
    }

    /// An output to be written a piece at a time (compressed when it is .gz) under a temporary name.
    private static func startOutput(_ output: String, in folder: OutputFolder, options: CleanOptions) -> OutputFolder.StagedOutput {
        OutputFolder.StagedOutput(path: (folder.path as NSString).appendingPathComponent(output), checkExisting: !folder.fresh,
                                  completeShort: options.resume, compress: output.hasSuffix(".gz"))
    }

    /// The journal line of an input whose output was staged (or that was dropped: `staged` nil); nil when the
    /// input must not be taken as done (its output differs or could not be written).
    private static func journalLine(_ staged: OutputFolder.Staged?, output: String, tally: CleanReport) -> [UInt8]? {
        switch staged {
        case nil: OutputFolder.line(output: output, written: nil, tally: tally)
        case .unchanged(let written), .staged(_, let written): OutputFolder.line(output: output, written: written, tally: tally)
        case .differs, .failed: nil
        }
    }

    /// Counts one input whose output was staged (or that was dropped: `staged` nil) and hands it to the
    /// folder's commit with its journal line; an output that differs or could not be written is rejected, and
    /// the input is not journaled.
    private func commit(_ staged: OutputFolder.Staged?, output: String, tally: CleanReport, line: [UInt8]?, source: String,
                        position: Int, in folder: OutputFolder, counted: Bool = false, obsolete: String? = nil) {
        var tally = tally
        func count() { if !counted { report.add(tally) } }
        let path = fullPath(output)
        switch staged {
        case nil:
            count()
            folder.add(.init(position: position, source: source, path: path, temporary: nil,
                             line: line), bytes: 0)
        case .unchanged:
            count()
            report.unchanged += tally.written
            folder.add(.init(position: position, source: source, path: path, temporary: nil,
                             line: line, obsolete: obsolete), bytes: 0)
        case .staged(let temporary, let written):
            count()
            folder.add(.init(position: position, source: source, path: path, temporary: temporary,
                             line: line, obsolete: obsolete), bytes: written.bytes)
        case .differs:
            tally.written -= 1
            if counted { report.written -= 1 } else { report.add(tally) }
            reject(source: source, Rejection(.outputExists, "\(path) exists and differs; pass --force to replace it"), bytes: nil, position: position)
        case .failed(let message):
            tally.written -= 1
            if counted { report.written -= 1 } else { report.add(tally) }
            reject(source: source, Rejection(.io, message), bytes: nil, position: position)
            report.ioFailure = true
        }
        takeCommitFailures(from: folder)
    }

    /// Outputs whose group could not be flushed or renamed: not written after all.
    private func takeCommitFailures(from folder: OutputFolder, _ failures: [OutputFolder.Failure]? = nil) {
        for failure in failures ?? folder.takeFailures() {
            if failure.isOutput {
                report.written -= 1
                reject(source: failure.source, Rejection(.io, failure.message), bytes: nil, position: failure.position)
            } else {
                diagnostics(failure.message)
            }
            report.ioFailure = true
        }
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

    private func cleanJSONLFile(_ planned: Planned) {
        let file = planned.file
        if let folder, let output = planned.output, let entry = folder.earlier[output], folder.isDone(entry) {
            report.add(entry.tally)
            report.resumed += 1
            folder.add(.init(position: planned.position, source: file.path, path: fullPath(output), temporary: nil, line: entry.line), bytes: 0)
            return
        }
        let before = report
        let descriptor = file.path == "-" ? 0 : open(file.path, O_RDONLY)
        if descriptor < 0 {
            report.documentsIn += 1
            reject(source: file.path, Rejection(.io, "cannot read: \(String(cString: strerror(errno)))"), bytes: nil, position: planned.position)
            report.ioFailure = true
            return
        }
        defer { if descriptor != 0 { close(descriptor) } }
        let limit = options.maxRecordBytes
        let reader = LineReader(descriptor: descriptor, maxLineBytes: limit)
        // The output is written as the records are cleaned, never held whole: a JSONL file's output is as
        // large as the file.
        let staging = folder.flatMap { folder in planned.output.map { Self.startOutput($0, in: folder, options: options) } }
        var number = 0
        // True when the input could not be read to its end: its output is written as NAME.partial.
        var faulted = false
        func next() -> JSONLInput? {
            while !stdout.closed {
                let item: LineReader.Item?
                do { item = try reader.next() } catch {
                    // The records before the fault were read (and are cleaned); the fault is one rejection, with
                    // the start of the record it cut off.
                    report.documentsIn += 1
                    reject(source: file.path, Rejection(.io, error.message, line: number + 1), bytes: error.partial.isEmpty ? nil : error.partial,
                           position: planned.position + number + 1)
                    report.ioFailure = true
                    faulted = true
                    return nil
                }
                guard let item else { return nil }
                number += 1
                guard case .line(var line) = item else {
                    if case .tooLong(let length) = item {
                        report.documentsIn += 1
                        reject(source: "\(file.path):\(number)", Rejection(.tooLarge, Message.recordTooLarge(length, limit: limit), line: number),
                               bytes: nil, position: planned.position + number)
                    }
                    continue
                }
                progressBytes += line.count + 1
                if line.last == 0x0D { line.removeLast() }
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                report.documentsIn += 1
                return JSONLInput(line: line, number: number, source: "\(file.path):\(number)")
            }
            return nil
        }
        let fields = (text: options.textField, id: options.idField)
        let keepLines = onDocument != nil
        let wantsDropped = options.droppedPath != nil
        // Records are small, and many: they go to the workers sixteen at a time.
        workers.map(batch: 16, cost: { $0.line.count }, next, work: { (input: JSONLInput, pipeline: Pipeline) -> (JSONLInput, Result<Document, Rejection>, String?) in
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
            if wantsDropped { kept.droppedRecord = Self.droppedRecord(document) }
            if !keepLines { document.dropText() }
            return (kept, .success(document), document.id)
        }, emit: { (input: JSONLInput, result: Result<Document, Rejection>, id: String?) in
            defer { tick() }
            switch result {
            case .failure(var rejection):
                rejection.line = rejection.line ?? input.number
                reject(source: input.source, rejection, bytes: input.line, id: id, position: planned.position + input.number)
            case .success(let document):
                if let record = input.droppedRecord { keepDropped(record) }
                finishDocument(document)
                guard document.dropped == nil else { return }
                if let staging { staging.write(document.rendered) } else { writeToStandardOutput(document.rendered) }
            }
        })
        guard let staging, let folder, let output = planned.output else { return }
        // The file's part of the report goes into its journal line; a file with a rejected record is not
        // journaled, so --resume cleans it again (and rejects the record again). An input that could not be read
        // to its end (a truncated shard) has its records written to NAME.partial, never under the output's name,
        // which would look complete; a later run that reads it whole removes the .partial file.
        let tally = report.since(before)
        let partial = output + Self.partialSuffix
        // The records were compared with the output as they came; an input cut short goes to NAME.partial
        // whatever is there.
        let staged = staging.finish(replace: options.force, always: faulted)
        let line = tally.rejected.isEmpty ? Self.journalLine(staged, output: output, tally: tally) : nil
        commit(staged, output: faulted ? partial : output, tally: tally, line: line, source: file.path,
               position: planned.position + number + 1, in: folder, counted: true,
               obsolete: faulted ? nil : fullPath(partial))
    }

    /// Added to the output's name of an input that could not be read to its end.
    public static let partialSuffix = ".partial"

    /// One line of a JSONL input.
    private struct JSONLInput: Sendable {
        var line: [UInt8]
        var number: Int
        var source: String
        /// The record for the dropped-documents file, when the record was dropped and one is asked for.
        var droppedRecord: [UInt8]? = nil
    }

    /// A document from one JSONL record: its text field's bytes go to the decode stage; the other fields are
    /// carried through. Throws a malformed-record rejection for a line that is not such a record.
    private static func record(_ input: JSONLInput, textField: String, idField: String) throws(Rejection) -> Document {
        try document(ofRecord: input.line, number: input.number, source: input.source, textField: textField, idField: idField)
    }

    /// The document a JSONL record holds: its text field's string as the text, its id field as the id (else the
    /// record's line number), every other field carried through.
    static func document(ofRecord line: [UInt8], number: Int, source: String, textField: String, idField: String) throws(Rejection) -> Document {
        let input = (line: line, number: number, source: source)
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

    /// The output's path relative to the output folder: the input's relative path with the format's
    /// extension; ".gz" again when the input was gzip-compressed.
    private func outputPath(for file: InputFile) -> String {
        return OutputNames.relativeOutputPath(for: file.relativePath, format: options.format)
    }

    private func fullPath(_ output: String) -> String {
        (options.outputDirectory! as NSString).appendingPathComponent(output)
    }

    private func reject(source: String, _ rejection: Rejection, bytes: [UInt8]?, id: String? = nil, position: Int) {
        report.rejected.append(.init(source: source, rule: nil, reason: rejection.message, line: rejection.line), at: position)
        rejectPositions.append(position)
        // A JSONL record's source ("path:N") already names its line.
        let location = rejection.line.map { source.hasSuffix(":\($0)") ? source : "\(source):\($0)" } ?? source
        diagnostics("\(location): rejected (\(rejection.cause.rawValue)): \(rejection.message)")
        // With no rejects file to write (standard output without --rejects), the rejected document is not kept
        // to the end of the run: a stream of rejects would otherwise hold them all. The place keeps the order.
        guard options.outputDirectory != nil || options.rejectsPath != nil else { return }
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
        keepRejected(Array((item.json + "\n").utf8))
    }

    /// Adds a rejected document's record to the spill, made the first time (in the output folder, or beside the
    /// `--rejects` file). A spill that cannot be made or written is told at once, once: the rejects file will
    /// not be written.
    private func keepRejected(_ record: [UInt8]?) {
        if let record { unspilled.append(record) }
        guard spillFailure == nil else {
            unspilled = []
            return
        }
        if spill == nil {
            guard let place = spillPlace() else { return }
            do throws(SystemError) { spill = try RecordSpill(in: place.folder, for: place.name) } catch {
                spillFailed(place.cause + error.description)
                return
            }
        }
        guard let spill else { return }
        for waiting in unspilled { spill.append(waiting) }
        unspilled = []
        if let failure = spill.failure { spillFailed(failure) }
    }

    /// Where the spill goes: in the output folder once it is open (nil before), else beside the `--rejects`
    /// file. `cause` starts the message for a spill that cannot be made there.
    private func spillPlace() -> (folder: String, name: String, cause: String)? {
        if options.outputDirectory != nil {
            guard let folder else { return nil }
            return (folder.path, Self.rejectsName, "cannot create a file beside it: ")
        }
        return options.rejectsPath.map(Self.spillPlace(for:))
    }

    /// Where the records for the file at `path` wait: beside it (beside the file a link names), or in the
    /// temporary folder when it is a device or a pipe.
    static func spillPlace(for path: String) -> (folder: String, name: String, cause: String) {
        let target = AtomicFile.target(path)
        if target.type == nil || target.type == S_IFREG {
            return ((target.path as NSString).deletingLastPathComponent, (target.path as NSString).lastPathComponent,
                    "cannot create a file beside it: ")
        }
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (temporary, (path as NSString).lastPathComponent, "cannot create a temporary file in \(temporary): ")
    }

    private func spillFailed(_ cause: String) {
        spillFailure = cause
        spill = nil
        unspilled = []
        diagnostics("\(rejectsFileName): cannot write the rejects file: \(cause)")
        report.ioFailure = true
    }

    /// The rejects file as the user names it.
    private var rejectsFileName: String {
        options.rejectsPath ?? ((options.outputDirectory ?? ".") as NSString).appendingPathComponent(Self.rejectsName)
    }

    /// Dropped documents' records, in input order, on disk until the `--dropped` file is written at the end (nil
    /// until the first); `droppedFailure` says why they could not be kept (told once).
    private var droppedSpill: RecordSpill?
    private var droppedFailure: String?

    private func keepDropped(_ record: [UInt8]) {
        guard droppedFailure == nil, let path = options.droppedPath else { return }
        if droppedSpill == nil {
            let place = Self.spillPlace(for: path)
            do throws(SystemError) { droppedSpill = try RecordSpill(in: place.folder, for: place.name) } catch {
                droppedSpillFailed(place.cause + error.description)
                return
            }
        }
        droppedSpill?.append(record)
        if let failure = droppedSpill?.failure { droppedSpillFailed(failure) }
    }

    private func droppedSpillFailed(_ cause: String) {
        droppedFailure = cause
        droppedSpill = nil
        diagnostics("\(options.droppedPath ?? ""): cannot write the dropped-documents file: \(cause)")
        report.ioFailure = true
    }

    /// A dropped document's JSONL record with `dropped` {rule, reason}, a line (nil for a document that was not
    /// dropped).
    static func droppedRecord(_ document: Document) -> [UInt8]? {
        document.dropped == nil ? nil : JSONLRecord.render(document, withDrop: true) + [0x0A]
    }

    /// Writes the dropped-documents file, the report and the rejects file. Any failing is an I/O failure, told
    /// with the file and the cause: a batch whose rejects are not written has lost them.
    private func finish() {
        if let path = options.droppedPath, droppedFailure == nil {
            // Written even when empty: a run that dropped nothing says so.
            if let droppedSpill {
                do throws(AtomicFile.Failure) { try AtomicFile.write(to: path, pieces: droppedSpill.pieces(in: Array(0..<droppedSpill.count))) } catch {
                    diagnostics("\(error.path): cannot write the dropped-documents file: \(error.cause)")
                    report.ioFailure = true
                }
                self.droppedSpill = nil
            } else {
                save([], to: path, what: "dropped-documents file")
            }
        }
        if let folder { takeCommitFailures(from: folder, folder.finish()) }
        if shards != nil { finishShards() }
        // Rejections in input order, wherever in the run they were found; the spill gets the records that
        // waited for the output folder.
        let order = rejectPositions.indices.sorted { (rejectPositions[$0], $0) < (rejectPositions[$1], $1) }
        report.rejected.trimByPosition()
        keepRejected(nil)
        if let folder {
            var problems: [String] = []
            problems += [folder.writeRunFile(Self.reportName, Array((report.json + "\n").utf8))].compactMap { $0 }
            problems += [folder.writeRunFile(HTMLReport.fileName, Array(HTMLReport(report).html.utf8))].compactMap { $0 }
            if let spill, !report.rejected.isEmpty {
                problems += [folder.writeRunFile(Self.rejectsName, pieces: spill.pieces(in: order))].compactMap { $0 }
            } else {
                // No rejects, or they could not be kept (told): a rejects file of an earlier run would pass for
                // this run's.
                unlink((folder.path as NSString).appendingPathComponent(Self.rejectsName))
            }
            problems += [folder.flushRun()].compactMap { $0 }
            for problem in problems {
                diagnostics(problem)
                report.ioFailure = true
            }
            self.folder = nil
        } else if let path = options.rejectsPath, options.shardDirectory != nil, spill == nil || report.rejected.isEmpty {
            // No rejects (or they could not be kept, told): a rejects file of an earlier run would pass for this
            // run's.
            unlink(path)
        } else if let path = options.rejectsPath, let spill, !report.rejected.isEmpty {
            do throws(AtomicFile.Failure) { try AtomicFile.write(to: path, pieces: spill.pieces(in: order)) } catch {
                diagnostics("\(error.path): cannot write the rejects file: \(error.cause)")
                report.ioFailure = true
            }
        }
        spill = nil
        if let directory = options.shardDirectory, shards != nil {
            save(Array((report.json + "\n").utf8), to: (directory as NSString).appendingPathComponent(Self.reportName), what: "report")
            save(Array(HTMLReport(report).html.utf8), to: (directory as NSString).appendingPathComponent(HTMLReport.fileName), what: "HTML report")
            shards = nil
            shardLock?.release()
            shardLock = nil
        }
    }

    /// Writes a run file outside an output folder (a --rejects path); a failure is an I/O failure, told with the
    /// file and the cause: a batch whose rejects are not written has lost them.
    func save(_ bytes: [UInt8], to path: String, what: String) {
        do { try AtomicFile.write(bytes, to: path) } catch {
            diagnostics("\(error.path): cannot write the \(what): \(error.cause)")
            report.ioFailure = true
        }
    }

    /// A read error in words.
    private static func describe(_ error: Error) -> String {
        if let error = error as? SystemError { return error.description }
        return error.localizedDescription
    }

    /// The file's bytes, or its first `limit + 1` when it is longer.
    private static func read(_ path: String, limit: Int) throws(SystemError) -> [UInt8] {
        try OutputFolder.readFile(path, limit: limit)
    }

    /// The 1-based line on which byte `offset` of `bytes` lies.
    static func lineNumber(atOffset offset: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var lines = 1
            var at = 0
            let end = min(offset, buffer.count)
            while at < end, let hit = memchr(buffer.baseAddress! + at, 0x0A, end - at) {
                lines += 1
                at = buffer.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return lines
        }
    }

    /// The text of a gzip-compressed text input, inflated a megabyte at a time up to `limit` bytes. Throws a
    /// `too-large` rejection past the limit (a bomb costs at most `limit` bytes), and an `io` rejection naming
    /// the fault (truncated, corrupt, trailing junk) and the line it is on.
    static func inflate(_ compressed: [UInt8], limit: Int) throws(Rejection) -> [UInt8] {
        var output: [UInt8] = []
        var failure: Gzip.Failure?
        do throws(Gzip.Failure) {
            let inflater = try Gzip.Inflater()
            inflater.give(compressed)
            while output.count <= limit {
                let piece = try inflater.take(limit: min(1 << 20, limit - output.count) + 1)
                if piece.isEmpty { break }
                output += piece
            }
            if output.count <= limit { try inflater.finish() }
        } catch {
            failure = error
        }
        if output.count > limit {
            throw Rejection(.tooLarge, Message.documentTooLarge(limit, inflated: true), line: lineNumber(atOffset: limit, in: output))
        }
        if let failure { throw Rejection(.io, failure.message, line: lineNumber(atOffset: output.count, in: output)) }
        return output
    }
}

extension CleanJob.Message {
    static func documentTooLarge(_ limit: Int, inflated: Bool = false) -> String {
        "the document \(inflated ? "inflates to" : "has") more than --max-record-bytes (\(limit) bytes), reached on this line; "
            + "it was not read further (raise --max-record-bytes to clean it)"
    }
    static func recordTooLarge(_ length: Int, limit: Int) -> String {
        "the record is \(length) bytes, more than --max-record-bytes (\(limit) bytes); it was skipped "
            + "(raise --max-record-bytes to clean it)"
    }
}

/// How far a batch has come: documents counted (cleaned, dropped or rejected), input bytes read, of how many.
public struct BatchProgress: Sendable, Equatable {
    public var documents: Int
    public var bytes: Int
    /// All inputs' bytes, when known (nil when one input is standard input).
    public var totalBytes: Int?
    public var seconds: Double

    /// Input megabytes per second so far.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }

    /// Seconds left at the rate so far, when the total is known and something was read.
    public var secondsLeft: Double? {
        guard let totalBytes, bytes > 0, seconds > 0 else { return nil }
        return Double(max(0, totalBytes - bytes)) / (Double(bytes) / seconds)
    }

    /// One line: "1,234 documents · 56.7 of 210.0 MB · 11.3 MB/s · 0:14 left".
    public var line: String {
        func megabytes(_ count: Int) -> String { String(format: "%.1f", Double(count) / 1_000_000) }
        var digits = String(documents), grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        let documentsText = digits + grouped + (documents == 1 ? " document" : " documents")
        var parts = [documentsText]
        parts.append(totalBytes.map { "\(megabytes(bytes)) of \(megabytes($0)) MB" } ?? "\(megabytes(bytes)) MB")
        parts.append(String(format: "%.1f MB/s", megabytesPerSecond))
        if let left = secondsLeft {
            let whole = Int(left.rounded())
            parts.append(String(format: "%d:%02d left", whole / 60, whole % 60))
        }
        return parts.joined(separator: " · ")
    }
}
