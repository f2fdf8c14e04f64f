import WinnowZlib
import Foundation

/// Reads a file descriptor line by line (LF-terminated, the LF removed) in bounded memory: at most one line of
/// `maxLineBytes` and a megabyte more, whatever the input. gzip input (found by its magic number) is inflated on
/// the way, a megabyte at a time, so a gzip bomb costs no more than plain text.
///
/// A line longer than `maxLineBytes` is not kept: it is skipped to its end and told as ``Item/tooLong(bytes:)``.
/// One that goes on for more than ``skipFactor`` times that without a line end (an endless stream such as
/// /dev/zero) ends the input with a ``Fault``. A fault in the input (a read error, a truncated or corrupt gzip
/// stream, junk after it) is thrown once every line before it has been returned, with the bytes of the line it
/// cut off, as `gzip -dc` writes everything before a fault; after it, ``next()`` returns nil.
final class LineReader {
    enum Item: Equatable {
        case line([UInt8])
        /// A line longer than the limit, skipped; its length in bytes (without the LF).
        case tooLong(bytes: Int)
    }

    /// Why the input could not be read to its end.
    struct Fault: Error {
        var message: String
        /// The start of the line the fault cut off (not a whole line), empty when it cut none.
        var partial: [UInt8] = []
    }

    /// An over-long line is skipped for up to this many times the line limit; then the input is given up.
    static let skipFactor = 16

    private let descriptor: Int32
    private let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where to look for the next newline: bytes before it were searched already (keeps long lines linear).
    private var searchFrom = 0
    /// True once the input gave all it will (its end, or a fault).
    private var finished = false
    /// The fault that ended the input, until it is thrown; `cutsLine` when the bytes after the last LF are not
    /// a whole line (a stream cut short) rather than a last line without LF.
    private var fault: (fault: Fault, cutsLine: Bool)?
    /// Bytes of the current over-long line skipped so far; nil when not skipping.
    private var skipped: Int?
    private let chunk = 1 << 20
    private var inflater: Gzip.Inflater?
    private var sawFirstChunk = false

    init(descriptor: Int32, maxLineBytes: Int = .max) {
        self.descriptor = descriptor
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Reads one chunk of raw input; empty at the end.
    private func readRaw() throws(Fault) -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: chunk)
        var count = 0
        while count == 0 || (!sawFirstChunk && count < 2) {
            let got = raw.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, chunk - count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Fault(message: Message.readFailed(errno))
            }
            if got == 0 { break }
            count += got
        }
        raw.removeSubrange(count...)
        return raw
    }

    /// Adds bytes to the buffer (a megabyte at most), or sets `finished`, with the fault if there is one.
    private func fill() {
        let raw: [UInt8]
        if let inflater {
            do throws(Gzip.Failure) {
                let piece = try inflater.take(limit: chunk)
                if !piece.isEmpty {
                    buffer += piece
                    return
                }
            } catch {
                return stop(error)
            }
        }
        do throws(Fault) { raw = try readRaw() } catch {
            finished = true
            fault = (error, true)
            return
        }
        if let inflater {
            if !raw.isEmpty { return inflater.give(raw) }
            do throws(Gzip.Failure) { try inflater.finish() } catch { return stop(error) }
            finished = true
            return
        }
        if !sawFirstChunk {
            sawFirstChunk = true
            if Gzip.isCompressed(raw) {
                do throws(Gzip.Failure) { inflater = try Gzip.Inflater() } catch { return stop(error) }
                return inflater!.give(raw)
            }
        }
        if raw.isEmpty { finished = true } else { buffer += raw }
    }

    /// Ends the input at a gzip fault. Junk after a whole gzip stream cuts no line: the bytes before it are whole.
    private func stop(_ failure: Gzip.Failure) {
        finished = true
        fault = (Fault(message: failure.message), failure.kind != .trailingJunk)
    }

    /// The index of the first LF at or after `start` (memchr: lines are long).
    private static func firstNewline(in buffer: [UInt8], from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let hit = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else { return nil }
            return bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Drops the bytes before `start` from the buffer.
    private func compact() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            searchFrom = max(0, searchFrom - start)
            start = 0
        }
    }

    /// The next line (or over-long line), or nil at the end of input. Throws the input's fault once, after the
    /// lines before it.
    func next() throws(Fault) -> Item? {
        while true {
            if let done = skipped {
                if let newline = Self.firstNewline(in: buffer, from: start) {
                    skipped = nil
                    let length = done + newline - start
                    start = newline + 1
                    searchFrom = start
                    return .tooLong(bytes: length)
                }
                let total = done + buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
                searchFrom = 0
                if total > maxLineBytes.multipliedReportingOverflow(by: Self.skipFactor).partialValue && !finished {
                    skipped = nil
                    finished = true
                    fault = nil
                    throw Fault(message: Message.endless(total))
                }
                skipped = total
                if finished {
                    skipped = nil
                    if let (fault, _) = fault {
                        self.fault = nil
                        throw fault
                    }
                    return .tooLong(bytes: total)
                }
                fill()
                continue
            }
            if let newline = Self.firstNewline(in: buffer, from: max(start, searchFrom)) {
                let length = newline - start
                let line = length > maxLineBytes ? nil : Array(buffer[start..<newline])
                start = newline + 1
                searchFrom = start
                return line.map { .line($0) } ?? .tooLong(bytes: length)
            }
            searchFrom = buffer.count
            if buffer.count - start > maxLineBytes {
                skipped = 0
                continue
            }
            if finished {
                let rest = start < buffer.count ? Array(buffer[start...]) : []
                start = buffer.count
                if let (fault, cutsLine) = self.fault {
                    if !rest.isEmpty && !cutsLine { return .line(rest) }
                    self.fault = nil
                    var thrown = fault
                    thrown.partial = rest
                    throw thrown
                }
                return rest.isEmpty ? nil : .line(rest)
            }
            compact()
            fill()
        }
    }

    enum Message {
        static func readFailed(_ code: Int32) -> String { "read failed: \(String(cString: strerror(code)))" }
        static func endless(_ bytes: Int) -> String {
            "a line goes on for \(bytes) bytes without a line end, more than \(LineReader.skipFactor) times "
                + "--max-record-bytes: the rest of the input is not read"
        }
    }
}

/// Reads from a file descriptor until its end or until more than `limit` bytes came. Returns the bytes, and
/// whether there were more than `limit` (then the bytes are the first `limit + 1`, and the rest is not read:
/// /dev/zero has no end).
func readAll(descriptor: Int32, limit: Int = .max) throws -> (bytes: [UInt8], over: Bool) {
    var bytes: [UInt8] = []
    var count = 0
    while true {
        // Room for a megabyte more (never more than the limit and one byte), zero-filled in one go.
        let want = min(1 << 20, limit - count) + 1
        if bytes.count < count + want { bytes += [UInt8](repeating: 0, count: max(count + want - bytes.count, bytes.count / 2)) }
        let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, want) }
        if got < 0 {
            if errno == EINTR { continue }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        count += got
        if count > limit || got == 0 {
            bytes.removeSubrange(count...)
            return (bytes, count > limit)
        }
    }
}

/// Block-buffered output to a file descriptor. A closed pipe (EPIPE) is not an error: it ends output quietly.
public final class BufferedOutput {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// True once the reader went away (EPIPE); later writes are ignored.
    public private(set) var closed = false
    /// The errno of a write that failed for another reason.
    public private(set) var failure: Int32?

    private let deflater: Gzip.Deflater?

    /// `gzip` compresses everything written (call ``finish()`` at the end to write the gzip trailer).
    public init(descriptor: Int32, lineBuffered: Bool = false, gzip: Bool = false) {
        self.descriptor = descriptor
        self.capacity = lineBuffered && !gzip ? 1 : 1 << 16
        self.deflater = gzip ? try? Gzip.Deflater() : nil
        buffer.reserveCapacity(capacity)
    }

    /// Flushes, and ends the gzip stream when compressing.
    public func finish() {
        flush()
        if let deflater, let trailer = try? deflater.finish() {
            buffer = trailer
            writeOut()
        }
    }

    /// Output that is thrown away (for tools that only want the documents, not their rendering).
    public static func discarding() -> BufferedOutput { BufferedOutput(descriptor: -1) }

    public func write(_ text: String) { write(Array(text.utf8)) }

    public func write(_ bytes: [UInt8]) {
        if closed || failure != nil || descriptor < 0 { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    public func flush() {
        if descriptor < 0 { return }
        if let deflater, !buffer.isEmpty {
            guard let compressed = try? deflater.feed(buffer) else { failure = EIO; return }
            buffer = compressed
        }
        writeOut()
    }

    private func writeOut() {
        var offset = 0
        while offset < buffer.count && !closed && failure == nil {
            let written = buffer.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, buffer.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { closed = true } else { failure = errno }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads one text document whole, in bounded memory: for tools that take a single document (`winnow explain`).
public enum DocumentReader {
    /// The bytes of `path` ("-" is standard input), gzip inflated, when they are at most `limit`. Throws a
    /// `too-large` rejection (with the line on which the limit was reached) without reading further, or an `io`
    /// one when the file cannot be read or its gzip data is faulty.
    public static func read(_ path: String, limit: Int = CleanOptions.defaultMaxRecordBytes) throws(Rejection) -> [UInt8] {
        var bytes: [UInt8]
        do {
            bytes = path == "-" ? try readAll(descriptor: 0, limit: limit).bytes : try OutputFolder.readFile(path, limit: limit)
        } catch let error as SystemError {
            throw Rejection(.io, "cannot read: \(error.description)")
        } catch {
            throw Rejection(.io, "cannot read: \(error.localizedDescription)")
        }
        if bytes.count > limit {
            throw Rejection(.tooLarge, CleanJob.Message.documentTooLarge(limit), line: CleanJob.lineNumber(atOffset: limit, in: bytes))
        }
        if Gzip.isCompressed(bytes) { bytes = try CleanJob.inflate(bytes, limit: limit) }
        return bytes
    }
}
