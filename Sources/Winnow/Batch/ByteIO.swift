import WinnowZlib
import Foundation

/// Reads a file descriptor line by line (LF-terminated, the LF removed) with a bounded buffer. gzip input
/// (found by its magic number) is inflated on the way.
final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    private let chunk = 1 << 20
    private var inflater: Gzip.Inflater?
    private var sawFirstChunk = false
    /// Where to look for the next newline: bytes before it were searched already (keeps long lines linear).
    private var searchFrom = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next chunk of (decompressed) input, empty at the end.
    private func readChunk() throws -> [UInt8] {
        var raw = [UInt8](repeating: 0, count: chunk)
        var count = 0
        while true {
            count = raw.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, chunk) }
            if count < 0 && errno == EINTR { continue }
            break
        }
        if count < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        raw.removeSubrange(count...)
        if !sawFirstChunk {
            sawFirstChunk = true
            if Gzip.isCompressed(raw) { inflater = try Gzip.Inflater() }
        }
        guard let inflater else { return raw }
        if raw.isEmpty {
            _ = try inflater.finish()
            return []
        }
        let inflated = try inflater.feed(raw)
        return inflated.isEmpty ? try readChunk() : inflated
    }

    /// The index of the first LF at or after `start` (memchr: lines are long).
    private static func firstNewline(in buffer: [UInt8], from start: Int) -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let hit = memchr(bytes.baseAddress! + start, 0x0A, bytes.count - start) else { return nil }
            return bytes.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The next line, or nil at the end of input. Throws the errno of a failed read.
    func next() throws -> [UInt8]? {
        while true {
            if let newline = Self.firstNewline(in: buffer, from: max(start, searchFrom)) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                searchFrom = start
                return line
            }
            searchFrom = buffer.count
            if finished {
                if start < buffer.count {
                    let line = Array(buffer[start...])
                    start = buffer.count
                    return line
                }
                return nil
            }
            if start > 0 {
                buffer.removeSubrange(0..<start)
                searchFrom -= start
                start = 0
            }
            let more = try readChunk()
            if more.isEmpty { finished = true } else { buffer.append(contentsOf: more) }
        }
    }
}

/// Reads everything from a file descriptor.
func readAll(descriptor: Int32) throws -> [UInt8] {
    var bytes: [UInt8] = []
    let chunk = 1 << 20
    while true {
        let old = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: chunk))
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
        if count < 0 {
            bytes.removeSubrange(old...)
            if errno == EINTR { continue }
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        bytes.removeSubrange((old + count)...)
        if count == 0 { return bytes }
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
