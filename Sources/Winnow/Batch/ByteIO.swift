import Foundation

/// Reads a file descriptor line by line (LF-terminated, the LF removed) with a bounded buffer.
final class LineReader {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    private let chunk = 1 << 20

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The next line, or nil at the end of input. Throws the errno of a failed read.
    func next() throws -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                return line
            }
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
                start = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: chunk))
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + old, chunk) }
            if count < 0 {
                buffer.removeSubrange(old...)
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            buffer.removeSubrange((old + count)...)
            if count == 0 { finished = true }
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

    public init(descriptor: Int32, lineBuffered: Bool = false) {
        self.descriptor = descriptor
        self.capacity = lineBuffered ? 1 : 1 << 16
        buffer.reserveCapacity(capacity)
    }

    /// Output that is thrown away (for tools that only want the documents, not their rendering).
    public static func discarding() -> BufferedOutput { BufferedOutput(descriptor: -1) }

    public func write(_ text: String) {
        if closed || failure != nil || descriptor < 0 { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    public func flush() {
        if descriptor < 0 { return }
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
