internal import CZlib

/// gzip through the system zlib: whole buffers, or streams of chunks for JSONL that does not fit in memory.
public enum Gzip {
    /// What went wrong with gzip data, and where.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public enum Kind: Sendable, Equatable {
            /// The data ends inside a gzip member: the file was cut short.
            case truncated
            /// zlib found bytes that are not valid deflate data, or a checksum that does not match.
            case corrupt
            /// A gzip member ended and what follows is not another member.
            case trailingJunk
            /// The data inflates to more than the caller's limit (a gzip bomb, or a document too large).
            case tooLarge
            /// zlib itself could not start or run (out of memory): not the data's fault.
            case zlib
        }

        public var kind: Kind
        public var message: String
        /// Offset in the compressed data (bytes) at which the fault was found, and decompressed bytes before it.
        public var compressedOffset: Int
        public var decompressedOffset: Int
        public var description: String { message }

        public init(_ kind: Kind, _ message: String, compressedOffset: Int = 0, decompressedOffset: Int = 0) {
            self.kind = kind
            self.message = message
            self.compressedOffset = compressedOffset
            self.decompressedOffset = decompressedOffset
        }
    }

    /// True when `bytes` start with the gzip magic number.
    public static func isCompressed<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1F && iterator.next() == 0x8B
    }

    /// The bytes that gzip data inflates to. Throws a ``Failure`` of kind `tooLarge` as soon as more than
    /// `limit` bytes come out (so a bomb costs at most `limit` bytes), and the data's faults (truncated,
    /// corrupt, trailing junk) after inflating what comes before them.
    public static func decompress(_ bytes: [UInt8], limit: Int = .max) throws(Failure) -> [UInt8] {
        let inflater = try Inflater()
        inflater.give(bytes)
        var output: [UInt8] = []
        while true {
            let piece = try inflater.take(limit: min(1 << 20, limit - output.count) + 1)
            if piece.isEmpty { break }
            output += piece
            if output.count > limit {
                throw Failure(.tooLarge, Message.tooLarge(limit), compressedOffset: inflater.compressedCount,
                              decompressedOffset: limit)
            }
        }
        try inflater.finish()
        return output
    }

    public static func compress(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        let deflater = try Deflater()
        return try deflater.feed(bytes) + deflater.finish()
    }

    /// Inflates gzip data given in chunks, a bounded piece at a time (a bomb never sits in memory whole).
    /// Concatenated gzip members (as `cat a.gz b.gz` makes) are read in turn. A fault in the data (a corrupt
    /// block, trailing junk, a cut) is thrown only after every byte inflated before it has been taken, as
    /// `gzip -dc` writes everything before the fault.
    ///
    /// Give a chunk, take pieces until a piece comes back empty, give the next chunk; at the end of the data,
    /// call ``finish()``.
    public final class Inflater {
        private let stream: UnsafeMutablePointer<z_stream>
        /// The chunk being inflated, and how much of it zlib has read.
        private var input: [UInt8] = []
        private var offset = 0
        /// True between the end of one member and the first bytes of the next.
        private var betweenMembers = false
        /// True once any member has started (data that is not gzip at all is corrupt, not trailing junk).
        private var started = false
        /// True when zlib filled the room it was given: it may hold more output without more input.
        private var outputPending = false
        private var fault: Failure?
        /// Compressed bytes read, and decompressed bytes produced, over all chunks.
        public private(set) var compressedCount = 0
        public private(set) var decompressedCount = 0

        public init() throws(Failure) {
            stream = czlib_newStream()
            guard czlib_inflateInit(stream) == Z_OK else {
                czlib_freeStream(stream)
                throw Failure(.zlib, Message.cannotStart)
            }
        }

        deinit {
            inflateEnd(stream)
            czlib_freeStream(stream)
        }

        /// The next chunk of compressed data. Bytes of the last chunk that zlib has not read yet (at most one,
        /// between two members) are kept in front of it.
        public func give(_ chunk: [UInt8]) {
            if offset < input.count {
                input = Array(input[offset...]) + chunk
            } else {
                input = chunk
            }
            offset = 0
        }

        /// Up to `limit` (at least 1) decompressed bytes of the data given; empty when it needs the next chunk.
        /// Throws the data's fault once the bytes before it have been taken.
        public func take(limit: Int) throws(Failure) -> [UInt8] {
            if let fault { throw fault }
            let capacity = max(1, min(limit, 1 << 20))
            var output = [UInt8](repeating: 0, count: capacity)
            var produced = 0
            // zlib may hold output it could not hand over for want of room (up to a match, 258 bytes) after it
            // has read all the input: it is asked again until it has none, before more input is wanted.
            while produced < capacity && fault == nil && (offset < input.count || (outputPending && !betweenMembers)) {
                if betweenMembers {
                    // gzip reads another member or nothing: anything else is junk (zeros a tape pads with too).
                    if input.count - offset < 2 && input[offset] == 0x1F { break }   // wait for the second byte
                    guard Gzip.isCompressed(input[offset...]) else {
                        fault = Failure(.trailingJunk, Message.trailingJunk(at: compressedCount),
                                        compressedOffset: compressedCount, decompressedOffset: decompressedCount)
                        break
                    }
                    inflateReset(stream)
                    betweenMembers = false
                }
                started = true
                let before = offset, producedBefore = produced
                let status = input.withUnsafeMutableBufferPointer { source in
                    output.withUnsafeMutableBufferPointer { out -> Int32 in
                        // No input at all (an empty chunk) is a null pointer with no bytes, which zlib accepts.
                        stream.pointee.next_in = source.baseAddress.map { $0 + offset }
                        stream.pointee.avail_in = UInt32(min(source.count - offset, Int(UInt32.max)))
                        stream.pointee.next_out = out.baseAddress! + produced
                        stream.pointee.avail_out = UInt32(capacity - produced)
                        let status = inflate(stream, Z_NO_FLUSH)
                        if let base = source.baseAddress { offset = base.distance(to: stream.pointee.next_in) }
                        produced = out.baseAddress!.distance(to: stream.pointee.next_out)
                        outputPending = stream.pointee.avail_out == 0
                        return status
                    }
                }
                compressedCount += offset - before
                // No progress: zlib wants more input.
                if offset == before && produced == producedBefore && status == Z_BUF_ERROR {
                    outputPending = false
                    break
                }
                switch status {
                case Z_STREAM_END:
                    betweenMembers = true
                    outputPending = false
                case Z_OK, Z_BUF_ERROR:
                    continue
                case Z_MEM_ERROR:
                    fault = Failure(.zlib, Message.outOfMemory, compressedOffset: compressedCount,
                                    decompressedOffset: decompressedCount + produced)
                default:
                    let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    fault = Failure(.corrupt, Message.corrupt(at: compressedCount, reason),
                                    compressedOffset: compressedCount, decompressedOffset: decompressedCount + produced)
                }
            }
            output.removeSubrange(produced...)
            decompressedCount += produced
            if output.isEmpty, let fault { throw fault }
            return output
        }

        /// Checks, at the end of the data, that it ended where gzip says it ends: not inside a member
        /// (truncated), and not in junk after the last one.
        public func finish() throws(Failure) {
            if let fault { throw fault }
            if offset < input.count {
                throw Failure(.trailingJunk, Message.trailingJunk(at: compressedCount),
                              compressedOffset: compressedCount, decompressedOffset: decompressedCount)
            }
            if !betweenMembers {
                throw Failure(.truncated, started ? Message.truncated(after: decompressedCount) : Message.empty,
                              compressedOffset: compressedCount, decompressedOffset: decompressedCount)
            }
        }
    }

    /// Deflates into gzip, chunk by chunk.
    public final class Deflater {
        private let stream: UnsafeMutablePointer<z_stream>

        /// `level`: 1 (fastest) to 9 (smallest); nil is zlib's default, 6.
        public init(level: Int? = nil) throws(Failure) {
            stream = czlib_newStream()
            guard czlib_deflateInit(stream, level.map { Int32(clamping: $0) } ?? Z_DEFAULT_COMPRESSION) == Z_OK else {
                czlib_freeStream(stream)
                throw Failure(.zlib, "zlib could not start deflating")
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
            if status == Z_STREAM_ERROR { throw Failure(.zlib, "zlib could not deflate") }
            return output
        }
    }

    /// Messages about gzip data: what is wrong, where, and what to do.
    enum Message {
        static let cannotStart = "zlib could not start inflating"
        static let outOfMemory = "zlib ran out of memory while inflating"
        static let empty = "truncated gzip data: it ends inside the gzip header"
        static func truncated(after bytes: Int) -> String {
            "truncated gzip data: it ends inside the compressed stream, after \(bytes) bytes inflated; "
                + "the file was cut short (copy or download it again)"
        }
        static func corrupt(at offset: Int, _ reason: String) -> String {
            "corrupt gzip data at compressed byte \(offset): \(reason)"
        }
        static func trailingJunk(at offset: Int) -> String {
            "trailing junk after the gzip data: the bytes from compressed byte \(offset) on are not gzip and were not read"
        }
        static func tooLarge(_ limit: Int) -> String {
            "gzip data inflates to more than \(limit) bytes"
        }
    }
}
