internal import CZlib

/// gzip through the system zlib: whole buffers, or streams of chunks for JSONL that does not fit in memory.
public enum Gzip {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    /// True when `bytes` start with the gzip magic number.
    public static func isCompressed<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1F && iterator.next() == 0x8B
    }

    public static func decompress(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        let inflater = try Inflater()
        var output = try inflater.feed(bytes)
        output += try inflater.finish()
        return output
    }

    public static func compress(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        let deflater = try Deflater()
        return try deflater.feed(bytes) + deflater.finish()
    }

    /// Inflates gzip data fed in chunks. Concatenated gzip members (as `cat a.gz b.gz` makes) are read in turn.
    public final class Inflater {
        private let stream: UnsafeMutablePointer<z_stream>
        private var ended = false

        public init() throws(Failure) {
            stream = czlib_newStream()
            guard czlib_inflateInit(stream) == Z_OK else {
                czlib_freeStream(stream)
                throw Failure(message: "zlib could not start inflating")
            }
        }

        deinit {
            inflateEnd(stream)
            czlib_freeStream(stream)
        }

        /// The decompressed bytes that `chunk` completes.
        public func feed(_ chunk: [UInt8]) throws(Failure) -> [UInt8] {
            var output: [UInt8] = []
            var input = chunk
            var failure: Failure?
            input.withUnsafeMutableBufferPointer { source in
                guard let base = source.baseAddress, source.count > 0 else { return }
                stream.pointee.next_in = base
                stream.pointee.avail_in = UInt32(source.count)
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while stream.pointee.avail_in > 0 {
                    let status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        return inflate(stream, Z_NO_FLUSH)
                    }
                    output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.pointee.avail_out))])
                    if status == Z_STREAM_END {
                        ended = true
                        if stream.pointee.avail_in > 0 { inflateReset(stream); ended = false }  // next member
                    } else if status != Z_OK && status != Z_BUF_ERROR {
                        failure = Failure(message: "not valid gzip data (zlib error \(status))")
                        return
                    } else if stream.pointee.avail_out != 0 && status == Z_BUF_ERROR {
                        break
                    }
                }
            }
            if let failure { throw failure }
            return output
        }

        /// Checks that the data ended where gzip says it ends.
        public func finish() throws(Failure) -> [UInt8] {
            if !ended { throw Failure(message: "gzip data is truncated") }
            return []
        }
    }

    /// Deflates into gzip, chunk by chunk.
    public final class Deflater {
        private let stream: UnsafeMutablePointer<z_stream>

        public init() throws(Failure) {
            stream = czlib_newStream()
            guard czlib_deflateInit(stream) == Z_OK else {
                czlib_freeStream(stream)
                throw Failure(message: "zlib could not start deflating")
            }
        }

        deinit {
            deflateEnd(stream)
            czlib_freeStream(stream)
        }

        public func feed(_ chunk: [UInt8]) throws(Failure) -> [UInt8] { try run(chunk, flush: Z_NO_FLUSH) }

        /// The last compressed bytes and the gzip trailer.
        public func finish() throws(Failure) -> [UInt8] { try run([], flush: Z_FINISH) }

        private func run(_ chunk: [UInt8], flush: Int32) throws(Failure) -> [UInt8] {
            var output: [UInt8] = []
            var input = chunk
            var status: Int32 = Z_OK
            input.withUnsafeMutableBufferPointer { source in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = UInt32(source.count)
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                repeat {
                    status = buffer.withUnsafeMutableBufferPointer { out -> Int32 in
                        stream.pointee.next_out = out.baseAddress
                        stream.pointee.avail_out = UInt32(out.count)
                        return deflate(stream, flush)
                    }
                    output.append(contentsOf: buffer[0..<(buffer.count - Int(stream.pointee.avail_out))])
                } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && status == Z_OK)
            }
            if status == Z_STREAM_ERROR { throw Failure(message: "zlib could not deflate") }
            return output
        }
    }
}
