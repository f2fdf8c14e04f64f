import WinnowSystem
import Foundation

/// The output folder of a batch: outputs are made durable a group at a time, with one flush per group instead
/// of one per file, and listed in a journal that `--resume` trusts only when the output on disk matches it.
///
/// For every group of outputs (``CleanOptions/commitGroup`` files, or 64 MB, whichever comes first):
/// 1. each output is written to a temporary file beside it (`.NAME.winnow-tmp`), without a flush, a piece at a
///    time as it is made (``StagedOutput``);
/// 2. one `syncfs(2)` of the output folder's filesystem makes the whole group's bytes durable;
/// 3. each temporary file is renamed to its output's name;
/// 4. one line per input is appended to `winnow-journal.jsonl.partial`: the output's path relative to the
///    folder, its size in bytes and hash (``fnv1a64(_:)``), and what the input added to the report.
///
/// The next group's flush (or the last one, before the run exits) makes those renames and journal lines
/// durable. So a file under an output's name is never a torn write: its bytes were on disk before it got the
/// name. And `--resume` skips an input only when its journal line is whole and the output on disk has the
/// size and hash the line gives, so an output that a crash left empty or short is cleaned again. The commit of
/// one group runs on its own thread while the next group is cleaned and written.
///
/// At the end of the run the partial journal becomes `winnow-journal.jsonl`, one line per input that was
/// written, left unchanged or dropped (not rejected ones), in input order: the same bytes for the same batch
/// whether it ran at once or was killed and resumed.
final class OutputFolder: @unchecked Sendable {
    static let journalName = "winnow-journal.jsonl"
    static let partialName = "winnow-journal.jsonl.partial"
    /// A group is committed once its outputs hold this many bytes, whatever their number.
    static let groupByteLimit = 64 << 20

    /// The folder, as given.
    let path: String
    /// True when the folder was empty or did not exist when the run started: no output can exist before the
    /// job writes it, so the job does not look for one.
    let fresh: Bool
    /// Journal entries of earlier runs by output path (relative to the folder); filled only for `--resume`.
    let earlier: [String: Entry]

    private let descriptor: Int32
    private var journal: Int32
    /// Held from the start of the run to its end (see ``FolderLock``).
    private let lock: FolderLock
    private let groupFiles: Int
    private var group: [Item] = []
    private var groupBytes = 0
    private let commits = DispatchQueue(label: "winnow.output-commit")
    /// One group commits while the next fills; a third waits for the first.
    private let committing = DispatchSemaphore(value: 1)
    private let failuresLock = NSLock()
    private var failures: [Failure] = []

    /// What one input left in the folder: a journal line for `--resume`.
    struct Entry: Sendable {
        /// The output's path relative to the folder (also for a dropped document, which has no output).
        var output: String
        /// Size and hash of what was written; nil when nothing was (a dropped document).
        var written: Written?
        /// What the input added to the report.
        var tally: CleanReport
        /// The journal line, with its newline.
        var line: [UInt8]
    }

    /// Size (bytes) and FNV-1a 64 hash of an output's bytes.
    struct Written: Sendable, Equatable {
        var bytes: Int
        var hash: UInt64

        init(_ contents: [UInt8]) {
            bytes = contents.count
            hash = OutputFolder.fnv1a64(contents)
        }

        init(bytes: Int, hash: UInt64) {
            self.bytes = bytes
            self.hash = hash
        }
    }

    /// What ``stage(_:at:checkExisting:replace:completeShort:)`` found or did.
    enum Staged: Sendable {
        /// The output exists with exactly these bytes; nothing was written.
        case unchanged(Written)
        /// Written to `temporary`, to be renamed to the output's name when its group is committed.
        case staged(temporary: String, Written)
        /// The output exists with other bytes and may not be replaced.
        case differs
        /// Reading the existing output or writing the temporary file failed: the message says which and why.
        case failed(String)
    }

    /// One input's outcome, handed to the folder in input order.
    struct Item: Sendable {
        /// The input's place in the batch, to put failures back in input order.
        var position: Int
        var source: String
        /// Full path of the output, and of its temporary file when one was written.
        var path: String
        var temporary: String?
        /// The journal line; nil for an input that must not be taken as done.
        var line: [UInt8]?
        /// A file the output makes stale (the `.partial` output of an earlier run), removed once the output has
        /// its name.
        var obsolete: String? = nil
    }

    /// An output whose commit failed (flush or rename; it is not in the journal), or the journal itself.
    struct Failure: Sendable {
        var position: Int
        var source: String
        var message: String
        /// False for a failure of the journal, which no output's count depends on.
        var isOutput = true
    }

    /// Opens (creating it if needed) the output folder of a run. `header` names the options the outputs depend
    /// on: a journal written with another header is not trusted. With `resume`, the journal entries of earlier
    /// runs (the journal and a partial journal a killed run left) are loaded and kept on disk; without it,
    /// they are removed, since every input is cleaned again.
    init(path: String, header: String, resume: Bool, groupFiles: Int, note: (String) -> Void) throws(Rejection) {
        self.path = path
        self.groupFiles = max(1, groupFiles)
        let manager = FileManager.default
        let existed = manager.fileExists(atPath: path)
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Rejection(.io, Message.cannotCreate(path, error.localizedDescription))
        }
        // One run at a time: a second one refuses before it reads or writes anything.
        do throws(FolderLock.Failure) { lock = try FolderLock(folder: path) } catch {
            switch error {
            case .held(let pid): throw Rejection(.outputBusy, FolderLock.Message.held(path, pid: pid))
            case .failed(let message): throw Rejection(.io, message)
            }
        }
        if let pid = lock.stalePID { note(FolderLock.Message.takenOver(path, pid: pid)) }
        fresh = !existed || ((try? manager.contentsOfDirectory(atPath: path))?.allSatisfy { $0 == FolderLock.name } ?? false)
        // Temporary files are this run's alone now: any there are were left by a run that was killed.
        if !fresh {
            let removed = Self.removeTemporaryFiles(in: path)
            if removed > 0 { note(FolderLock.Message.temporaryFilesRemoved(path, count: removed)) }
        }
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor < 0 { throw Rejection(.io, Message.cannotOpen(path, errno)) }
        let journalPath = (path as NSString).appendingPathComponent(Self.journalName)
        let partialPath = (path as NSString).appendingPathComponent(Self.partialName)
        let headerLine = Array((header + "\n").utf8)
        var earlier: [String: Entry] = [:]
        if resume {
            // A killed run left a partial journal beside the journal of the run before it: both count (the
            // newer line for an output wins), so they are joined into the journal before the partial one is
            // started again.
            var joined = headerLine
            var mismatched = false
            for file in [journalPath, partialPath] {
                guard let bytes = try? Self.readFile(file) else { continue }
                guard let entries = Self.entries(of: bytes, header: headerLine) else {
                    mismatched = true
                    continue
                }
                for entry in entries {
                    earlier[entry.output] = entry
                    joined += entry.line
                }
            }
            if mismatched { note(Message.otherOptions(path)) }
            if manager.fileExists(atPath: partialPath) {
                do throws(Rejection) {
                    try Self.writeFileAtomically(joined, to: journalPath, folder: descriptor)
                } catch {
                    Foundation.close(descriptor)
                    throw error
                }
                unlink(partialPath)
            }
        } else {
            unlink(journalPath)
            unlink(partialPath)
        }
        self.earlier = earlier
        journal = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        if journal < 0 {
            let error = errno
            Foundation.close(descriptor)
            throw Rejection(.io, Message.cannotOpen(partialPath, error))
        }
        if let problem = Self.writeAll(journal, headerLine) {
            Foundation.close(journal)
            Foundation.close(descriptor)
            throw Rejection(.io, Message.cannotWrite(partialPath, problem))
        }
    }

    deinit {
        if journal >= 0 { Foundation.close(journal) }
        Foundation.close(descriptor)
    }

    /// Removes the files named `*.winnow-tmp` under `folder` (its subfolders included, symbolic links not
    /// followed): what a killed run leaves. Returns how many.
    static func removeTemporaryFiles(in folder: String) -> Int {
        var removed = 0
        var pending = [folder]
        while let current = pending.popLast() {
            guard let directory = opendir(current) else { continue }
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let name = withUnsafePointer(to: &entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let full = current + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(full, &status) == 0 else { continue }
                    type = (status.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : (status.st_mode & S_IFMT) == S_IFREG ? UInt8(DT_REG) : UInt8(DT_UNKNOWN)
                }
                if type == UInt8(DT_DIR) {
                    pending.append(full)
                } else if type == UInt8(DT_REG), name.hasSuffix(".winnow-tmp"), unlink(full) == 0 {
                    removed += 1
                }
            }
        }
        return removed
    }

    // MARK: writing outputs (any thread)

    /// Writes `contents` for the output at `path` under a temporary name beside it, to be renamed when its
    /// group is committed, unless the output exists with the same bytes (unchanged) or with other bytes that
    /// may not be replaced (differs). `checkExisting` false skips the look (the folder was empty); `replace`
    /// replaces any other bytes (`--force`); `completeShort` replaces an existing output that is a strict
    /// prefix of `contents`, the empty file included: what a crash can leave (`--resume`).
    static func stage(_ contents: [UInt8], at path: String, checkExisting: Bool, replace: Bool, completeShort: Bool) -> Staged {
        let output = StagedOutput(path: path, checkExisting: checkExisting, completeShort: completeShort, compress: false)
        output.write(contents)
        return output.finish(replace: replace)
    }

    /// True when the output an earlier run's journal entry names is on disk with the size and hash it gives
    /// (always, for an input whose document was dropped).
    func isDone(_ entry: Entry) -> Bool {
        guard let written = entry.written else { return true }
        return Self.measure((path as NSString).appendingPathComponent(entry.output), size: written.bytes) == written
    }

    /// Size and hash of a file, read a megabyte at a time (an output may be as large as its input); nil when it
    /// cannot be read, or is not `size` bytes long (not read then).
    static func measure(_ file: String, size: Int) -> Written? {
        let input = open(file, O_RDONLY | O_CLOEXEC)
        if input < 0 { return nil }
        defer { _ = Foundation.close(input) }
        var status = stat()
        guard fstat(input, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, Int(status.st_size) == size else { return nil }
        var hasher = FNV1a64()
        var buffer = [UInt8](repeating: 0, count: min(size + 1, StagedOutput.pieceBytes))
        while true {
            let got = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return nil }
            if got == 0 { break }
            buffer.withUnsafeBytes { hasher.add(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
        }
        return Written(bytes: hasher.count, hash: hasher.value)
    }

    // MARK: committing (the job's thread, in input order)

    /// Adds one input's outcome to the group; commits the group once it is full.
    func add(_ item: Item, bytes: Int) {
        group.append(item)
        groupBytes += bytes
        if group.count >= groupFiles || groupBytes >= Self.groupByteLimit { ship() }
    }

    /// Failures of the groups committed so far (each is returned once).
    func takeFailures() -> [Failure] {
        failuresLock.lock()
        defer { failuresLock.unlock() }
        let taken = failures
        failures = []
        return taken
    }

    /// Commits the last group, waits for every commit, and turns the partial journal into the journal.
    /// Call ``flushRun()`` after writing the report.
    func finish() -> [Failure] {
        ship()
        committing.wait()
        committing.signal()
        Foundation.close(journal)
        journal = -1
        let partialPath = (path as NSString).appendingPathComponent(Self.partialName)
        if rename(partialPath, (path as NSString).appendingPathComponent(Self.journalName)) != 0 {
            record(Failure(position: Int.max, source: partialPath, message: Message.cannotRename(partialPath, errno), isOutput: false))
        }
        return takeFailures()
    }

    /// Writes a file of the run (the report, the rejects) under a temporary name and renames it; the flush
    /// comes with ``flushRun()``.
    func writeRunFile(_ name: String, _ bytes: [UInt8]) -> String? {
        var done = false
        return writeRunFile(name) { () throws(AtomicFile.Failure) -> [UInt8] in
            defer { done = true }
            return done ? [] : bytes
        }
    }

    /// Writes a file of the run given a piece at a time (see ``AtomicFile/Pieces``); a failure of `next` leaves
    /// the file as it was.
    func writeRunFile(_ name: String, pieces next: AtomicFile.Pieces) -> String? {
        let target = (path as NSString).appendingPathComponent(name)
        let temporary = (path as NSString).appendingPathComponent("." + name + ".winnow-tmp")
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if output < 0 { return Message.cannotWrite(temporary, errno) }
        do throws(AtomicFile.Failure) { try AtomicFile.pour(next, into: output, path: temporary) } catch {
            Foundation.close(output)
            unlink(temporary)
            return error.path == temporary ? "cannot write \(error)" : error.description
        }
        Foundation.close(output)
        if rename(temporary, target) != 0 { return Message.cannotRename(temporary, errno) }
        return nil
    }

    /// The last flush: the last renames, the journal and the run's files are durable once it returns nil.
    func flushRun() -> String? {
        let failure = syncFileSystem(descriptor) == 0 ? nil : Message.cannotFlush(path, errno)
        // The run's files are in place: the folder is free for the next run.
        lock.release()
        return failure
    }

    private func ship() {
        guard !group.isEmpty else { return }
        let items = group
        group = []
        groupBytes = 0
        committing.wait()
        commits.async {
            self.commit(items)
            self.committing.signal()
        }
    }

    /// Flush, rename, journal: see the type's summary.
    private func commit(_ items: [Item]) {
        var failed = Set<Int>()
        if items.contains(where: { $0.temporary != nil }) && syncFileSystem(descriptor) != 0 {
            let message = Message.cannotFlush(path, errno)
            for (index, item) in items.enumerated() where item.temporary != nil {
                failed.insert(index)
                unlink(item.temporary!)
                record(Failure(position: item.position, source: item.source, message: message))
            }
        }
        var lines: [UInt8] = []
        for (index, item) in items.enumerated() where !failed.contains(index) {
            if let temporary = item.temporary, rename(temporary, item.path) != 0 {
                record(Failure(position: item.position, source: item.source, message: Message.cannotRename(temporary, errno)))
                unlink(temporary)
                continue
            }
            if let obsolete = item.obsolete { unlink(obsolete) }
            if let line = item.line { lines += line }
        }
        if let problem = Self.writeAll(journal, lines) {
            record(Failure(position: items.last!.position, source: (path as NSString).appendingPathComponent(Self.partialName),
                           message: Message.cannotWrite(Self.partialName, problem), isOutput: false))
        }
    }

    private func record(_ failure: Failure) {
        failuresLock.lock()
        failures.append(failure)
        failuresLock.unlock()
    }

    // MARK: the journal

    /// The journal line of one input.
    static func line(output: String, written: Written?, tally: CleanReport) -> [UInt8] {
        var json = JSONWriter()
        json.bytes.reserveCapacity(512)
        json.beginObject()
        json.key("output")
        json.string(output)
        json.key("bytes")
        json.raw(written.map { String($0.bytes) } ?? "null")
        json.key("hash")
        if let written { json.string(String(written.hash, radix: 16)) } else { json.raw("null") }
        tally.writeTally(to: &json)
        json.endObject()
        json.bytes.append(0x0A)
        return json.bytes
    }

    /// The entries of a journal, up to the first line that is not whole (a crash can tear the last one); nil
    /// when its first line is not `header`.
    static func entries(of bytes: [UInt8], header: [UInt8]) -> [Entry]? {
        guard bytes.starts(with: header) else { return nil }
        var entries: [Entry] = []
        var start = header.count
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            let line = Array(bytes[start...newline])
            start = newline + 1
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                  let output = object["output"] as? String,
                  let tally = CleanReport(tally: object) else { break }
            var written: Written?
            if let size = object["bytes"] as? Int {
                guard let text = object["hash"] as? String, let hash = UInt64(text, radix: 16) else { break }
                written = Written(bytes: size, hash: hash)
            }
            entries.append(Entry(output: output, written: written, tally: tally, line: line))
        }
        return entries
    }

    // MARK: bytes

    /// FNV-1a, 64 bits, over the bytes taken eight at a time (little-endian words, the last one padded with
    /// zeros) and then the length: a byte at a time would cost more than the output's write.
    static func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
        var hasher = FNV1a64()
        hasher.add(bytes)
        return hasher.value
    }

    /// A whole file, in one read when it does not grow while read (open, fstat, read, close). Throws the errno.
    /// With a `limit`, at most `limit + 1` bytes are read: more than `limit` bytes back means the file is
    /// longer (and the rest of it was not read; /dev/zero has no end).
    static func readFile(_ path: String, limit: Int = .max) throws(SystemError) -> [UInt8] {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw SystemError(code: errno) }
        defer { _ = Foundation.close(input) }
        var status = stat()
        let size = fstat(input, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG ? Int(status.st_size) : 0
        // One byte more than the size, so that a file that grew is noticed (and read to its end below).
        let want = min(size, limit) + 1
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: want) { buffer, count in
            while count < want {
                let got = read(input, buffer.baseAddress! + count, want - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                count += got
                // A regular file read short is read to its end.
                if count == size { return }
            }
        }
        if failure != 0 { throw SystemError(code: failure) }
        if bytes.count <= limit && (bytes.count > size || size == 0) {
            do { bytes += try readAll(descriptor: input, limit: limit - bytes.count).bytes } catch {
                throw SystemError(code: (error as? POSIXError)?.code.rawValue ?? EIO)
            }
        }
        return bytes
    }

    /// Writes all of `bytes`; returns the errno of a failed write.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return nil
    }

    /// Writes `bytes` to `path` durably before it gets its name: temporary file, flush, rename.
    static func writeFileAtomically(_ bytes: [UInt8], to path: String, folder: Int32) throws(Rejection) {
        let temporary = path + ".winnow-tmp"
        let output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if output < 0 { throw Rejection(.io, Message.cannotWrite(temporary, errno)) }
        let problem = writeAll(output, bytes)
        let flushed = fsync(output) == 0 ? nil : errno
        Foundation.close(output)
        if let problem = problem ?? flushed { throw Rejection(.io, Message.cannotWrite(temporary, problem)) }
        if rename(temporary, path) != 0 { throw Rejection(.io, Message.cannotRename(temporary, errno)) }
        _ = syncFileSystem(folder)
    }
}

/// An errno from a system call.
struct SystemError: Error, Sendable {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}

extension CleanReport {
    /// Adds what another part of the batch counted (an input's tally) to this report.
    mutating func add(_ other: CleanReport) {
        documentsIn += other.documentsIn
        written += other.written
        unchanged += other.unchanged
        dropped += other.dropped
        rejected += other.rejected
        for (rule, count) in other.hits { hits[rule, default: 0] += count }
        replacements += other.replacements
        for (name, count) in other.encodings { encodings[name, default: 0] += count }
        detected += other.detected
        invalidUTF8 += other.invalidUTF8
        for sample in other.samples { addSample(sample) }
        lengthsBefore.add(other.lengthsBefore)
        lengthsAfter.add(other.lengthsAfter)
    }

    /// What was counted since `earlier` (a copy of this report): the part of the batch in between.
    func since(_ earlier: CleanReport) -> CleanReport {
        var part = CleanReport()
        part.documentsIn = documentsIn - earlier.documentsIn
        part.written = written - earlier.written
        part.unchanged = unchanged - earlier.unchanged
        part.dropped = dropped.since(earlier.dropped)
        part.rejected = rejected.since(earlier.rejected)
        for (rule, count) in hits where count != earlier.hits[rule, default: 0] { part.hits[rule] = count - earlier.hits[rule, default: 0] }
        part.replacements = replacements - earlier.replacements
        for (name, count) in encodings where count != earlier.encodings[name, default: 0] {
            part.encodings[name] = count - earlier.encodings[name, default: 0]
        }
        part.detected = detected.since(earlier.detected)
        part.invalidUTF8 = invalidUTF8.since(earlier.invalidUTF8)
        for sample in samples[earlier.samples.count...] { part.addSample(sample) }
        part.lengthsBefore = lengthsBefore.subtracting(earlier.lengthsBefore)
        part.lengthsAfter = lengthsAfter.subtracting(earlier.lengthsAfter)
        return part
    }

    /// What this report counts that a journal line keeps, as keys of the object being written: documents in,
    /// written, hits, encodings, invalid UTF-8 and the dropped documents, detected encodings and lines with
    /// invalid UTF-8 (keys in a fixed order).
    func writeTally(to json: inout JSONWriter) {
        json.key("in")
        json.raw(String(documentsIn))
        json.key("written")
        json.raw(String(written))
        func counts(_ key: String, _ table: [String: Int]) {
            json.key(key)
            json.beginObject()
            for (name, count) in table.sorted(by: { $0.key < $1.key }) {
                json.key(name)
                json.raw(String(count))
            }
            json.endObject()
        }
        counts("hits", hits)
        counts("encodings", encodings)
        json.key("replacements")
        json.raw(String(replacements))
        func entries(_ key: String, _ list: EntryList) {
            if list.unlisted > 0 {
                json.key(key + "_count")
                json.raw(String(list.count))
            }
            json.key(key)
            json.beginArray()
            for entry in list.listed {
                json.beginObject()
                json.key("source")
                json.string(entry.source)
                if let rule = entry.rule {
                    json.key("rule")
                    json.string(rule)
                }
                if let line = entry.line {
                    json.key("line")
                    json.raw(String(line))
                }
                json.key("reason")
                json.string(entry.reason)
                json.endObject()
            }
            json.endArray()
        }
        entries("dropped", dropped)
        entries("detected", detected)
        entries("invalid_utf8", invalidUTF8)
        // For the HTML report, so that resumed inputs show in it as they did when cleaned.
        json.key("lengths_before")
        json.raw("[" + lengthsBefore.counts.map(String.init).joined(separator: ",") + "]")
        json.key("lengths_after")
        json.raw("[" + lengthsAfter.counts.map(String.init).joined(separator: ",") + "]")
        json.key("samples")
        json.beginArray()
        for sample in samples {
            json.beginObject()
            json.key("rule")
            json.string(sample.rule)
            json.key("source")
            json.string(sample.source)
            json.key("line")
            json.raw(String(sample.line))
            json.key("kind")
            json.string(sample.kind)
            json.key("text")
            json.string(sample.text)
            json.endObject()
        }
        json.endArray()
    }

    /// A tally read back from a journal line; nil when a field is missing or has the wrong type.
    init?(tally object: [String: Any]) {
        self.init()
        guard let documentsIn = object["in"] as? Int, let written = object["written"] as? Int,
              let hits = object["hits"] as? [String: Int], let encodings = object["encodings"] as? [String: Int],
              let replacements = object["replacements"] as? Int,
              let dropped = Self.entries(object["dropped"]), let detected = Self.entries(object["detected"]),
              let invalid = Self.entries(object["invalid_utf8"]) else { return nil }
        self.documentsIn = documentsIn
        self.written = written
        self.hits = hits
        self.encodings = encodings
        self.replacements = replacements
        // A list cut short in the journal carries its count (`dropped_count`, ...).
        self.dropped = EntryList(listed: dropped, count: object["dropped_count"] as? Int)
        self.detected = EntryList(listed: detected, count: object["detected_count"] as? Int)
        self.invalidUTF8 = EntryList(listed: invalid, count: object["invalid_utf8_count"] as? Int)
        // Journals of earlier versions have no lengths or samples: the HTML report then lacks them for resumed inputs.
        if let counts = object["lengths_before"] as? [Int], counts.count == LengthHistogram.bucketCount { lengthsBefore.counts = counts }
        if let counts = object["lengths_after"] as? [Int], counts.count == LengthHistogram.bucketCount { lengthsAfter.counts = counts }
        for item in object["samples"] as? [[String: Any]] ?? [] {
            guard let rule = item["rule"] as? String, let source = item["source"] as? String, let line = item["line"] as? Int,
                  let kind = item["kind"] as? String, let text = item["text"] as? String else { continue }
            addSample(Sample(rule: rule, source: source, line: line, kind: kind, text: text))
        }
    }

    private static func entries(_ value: Any?) -> [Entry]? {
        guard let list = value as? [[String: Any]] else { return nil }
        var entries: [Entry] = []
        for item in list {
            guard let source = item["source"] as? String, let reason = item["reason"] as? String else { return nil }
            entries.append(Entry(source: source, rule: item["rule"] as? String, reason: reason, line: item["line"] as? Int))
        }
        return entries
    }
}

extension OutputFolder {
    /// Messages, each saying what failed, where, and why.
    enum Message {
        static func cannotCreate(_ path: String, _ reason: String) -> String {
            "\(path): cannot create output folder: \(reason)"
        }
        static func cannotOpen(_ path: String, _ code: Int32) -> String {
            "\(path): cannot open: \(String(cString: strerror(code)))"
        }
        static func cannotReadExisting(_ path: String, _ code: Int32) -> String {
            "cannot read the existing output \(path) to compare it: \(String(cString: strerror(code)))"
        }
        static func cannotWrite(_ path: String, _ code: Int32) -> String {
            "cannot write \(path): \(String(cString: strerror(code)))"
        }
        static func cannotRename(_ path: String, _ code: Int32) -> String {
            "cannot rename \(path) to its output name: \(String(cString: strerror(code)))"
        }
        static func cannotFlush(_ path: String, _ code: Int32) -> String {
            "cannot flush the outputs in \(path) to disk: \(String(cString: strerror(code))); they were not kept, run again with --resume"
        }
        static func otherOptions(_ path: String) -> String {
            "\(path): the journal of the earlier run was written with other options (format, input format, fields, encoding); every input is cleaned again"
        }
    }
}
