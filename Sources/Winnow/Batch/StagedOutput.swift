import WinnowZlib
import Foundation

extension OutputFolder {
    /// FNV-1a, 64 bits, taken over bytes given in pieces: the same value as ``OutputFolder/fnv1a64(_:)`` of the
    /// pieces joined, however they are cut (eight bytes at a time as little-endian words, the last one padded
    /// with zeros, then the length).
    struct FNV1a64 {
        private static let prime: UInt64 = 0x0000_0100_0000_01B3
        private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        /// Bytes of the word being filled (little-endian), and how many.
        private var word: UInt64 = 0
        private var filled = 0
        /// Bytes taken so far.
        private(set) var count = 0

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            var at = 0
            count += bytes.count
            // Finish the word a piece before left half full.
            while filled > 0 && filled < 8 && at < bytes.count {
                word |= UInt64(bytes[at]) << (8 * UInt64(filled))
                filled += 1
                at += 1
            }
            if filled == 8 {
                hash = (hash ^ word) &* Self.prime
                word = 0
                filled = 0
            }
            while bytes.count - at >= 8 {
                hash = (hash ^ bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self).littleEndian) &* Self.prime
                at += 8
            }
            while at < bytes.count {
                word |= UInt64(bytes[at]) << (8 * UInt64(filled))
                filled += 1
                at += 1
            }
        }

        mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

        /// The hash of everything added.
        var value: UInt64 {
            let last = (hash ^ word) &* Self.prime
            return (last ^ UInt64(count)) &* Self.prime
        }
    }

    /// One output written as it is made, a piece at a time, so that an output as large as its input (the output
    /// of a JSON-lines file of any size) is never held in memory whole. Pieces are gathered up to a megabyte,
    /// compressed when the output is `.gz`, hashed, and written to the output's temporary file
    /// (`.NAME.winnow-tmp`), to be renamed when its group is committed; see ``OutputFolder``.
    ///
    /// An output that exists already is read alongside, a piece at a time: while what is made matches it,
    /// nothing is written; at the first difference the part that matched is copied from it into the temporary
    /// file and writing goes on from there. So an output that is unchanged costs a read and no write, and the
    /// decision (unchanged, differs, a short output completed, replaced) is the one
    /// ``OutputFolder/stage(_:at:checkExisting:replace:completeShort:)`` makes for bytes held whole.
    final class StagedOutput {
        /// Bytes gathered before they are compressed, hashed and written.
        static let pieceBytes = 1 << 20

        let path: String
        /// The temporary file beside the output.
        let temporary: String
        private let completeShort: Bool
        private var deflater: Gzip.Deflater?
        private var gathered: [UInt8] = []
        private var hasher = FNV1a64()
        /// The existing output while what is made matches it so far (-1: none, or no longer compared).
        private var existing: Int32 = -1
        /// How the output compares with the one that existed: the same so far, the existing one is a strict
        /// prefix of it (it ended first), or they differ.
        private enum Comparison { case none, same, existingShort, differs }
        private var comparison = Comparison.none
        /// The temporary file, once something is written to it.
        private var descriptor: Int32 = -1
        private var failure: String?
        private var scratch: [UInt8] = []

        /// Starts the output at `path` (a full path). `checkExisting` compares it with the output already there
        /// (false: the folder was empty, there is none); `completeShort` stages an output whose existing file
        /// is a strict prefix of it (what a crash can leave; `--resume`); `compress` writes it as gzip.
        init(path: String, checkExisting: Bool, completeShort: Bool, compress: Bool) {
            self.path = path
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { String(path[..<$0]) } ?? "."
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            temporary = folder + "/." + name + ".winnow-tmp"
            self.completeShort = completeShort
            if compress {
                do { deflater = try Gzip.Deflater() } catch { failure = Message.cannotCompress(path, error.description) }
            }
            if checkExisting {
                existing = open(path, O_RDONLY | O_CLOEXEC)
                if existing >= 0 {
                    comparison = .same
                } else if errno != ENOENT {
                    failure = failure ?? Message.cannotReadExisting(path, errno)
                }
            }
        }

        deinit {
            if existing >= 0 { Foundation.close(existing) }
            if descriptor >= 0 {
                Foundation.close(descriptor)
                unlink(temporary)
            }
        }

        /// Adds the next bytes of the output.
        func write(_ bytes: [UInt8]) {
            guard failure == nil else { return }
            if gathered.isEmpty && bytes.count >= Self.pieceBytes {
                piece(bytes)
                return
            }
            gathered += bytes
            if gathered.count >= Self.pieceBytes {
                piece(gathered)
                gathered.removeAll(keepingCapacity: true)
            }
        }

        /// Ends the output: what it is next to the output that existed, its temporary file closed when it was
        /// staged (and removed when it was not). With `replace` an output that differs is staged all the same
        /// (`--force`); with `always`, every output is staged, even one the same as the existing one (the
        /// `.partial` output of an input cut short, which goes under another name).
        func finish(replace: Bool, always: Bool = false) -> Staged {
            if failure == nil, !gathered.isEmpty {
                piece(gathered)
                gathered = []
            }
            if failure == nil, let deflater {
                do { put(try deflater.finish()) } catch { failure = Message.cannotCompress(path, error.description) }
            }
            if failure == nil, comparison == .same, existing >= 0 {
                // Everything made matched: the existing output is the same only if it ends here too.
                var byte: UInt8 = 0
                switch readFully(existing, &byte, 1) {
                case .failure(let code): failure = Message.cannotReadExisting(path, code)
                case .success(0): break
                case .success: comparison = .differs
                }
            }
            if let failure { return abandon(.failed(failure)) }
            let written = Written(bytes: hasher.count, hash: hasher.value)
            if comparison == .same && !always { return abandon(.unchanged(written)) }
            let stage = always || replace || comparison == .none || (comparison == .existingShort && completeShort)
            guard stage else { return abandon(.differs) }
            if descriptor < 0 { startTemporary(copying: hasher.count) }
            if let failure { return abandon(.failed(failure)) }
            let closed = Foundation.close(descriptor)
            let code = errno
            descriptor = -1
            if existing >= 0 {
                Foundation.close(existing)
                existing = -1
            }
            if closed != 0 {
                unlink(temporary)
                return .failed(OutputFolder.Message.cannotWrite(temporary, code))
            }
            return .staged(temporary: temporary, written)
        }

        /// Removes the temporary file (when there is one) and gives `outcome`.
        private func abandon(_ outcome: Staged) -> Staged {
            if descriptor >= 0 {
                Foundation.close(descriptor)
                descriptor = -1
                unlink(temporary)
            }
            if existing >= 0 {
                Foundation.close(existing)
                existing = -1
            }
            return outcome
        }

        /// A piece of the output as made: compressed when the output is gzip, then put on disk.
        private func piece(_ bytes: [UInt8]) {
            guard let deflater else { return put(bytes) }
            do { put(try deflater.feed(bytes)) } catch { failure = Message.cannotCompress(path, error.description) }
        }

        /// Bytes of the output as they go on disk: hashed, compared with the existing output while it matches,
        /// written to the temporary file once it does not (or when there is none).
        private func put(_ bytes: [UInt8]) {
            guard failure == nil, !bytes.isEmpty else { return }
            let before = hasher.count
            hasher.add(bytes)
            if descriptor < 0 && comparison == .same {
                // Compared a megabyte at a time: at the first difference, the temporary file gets the part that
                // matched and the rest of these bytes.
                if scratch.count < Self.pieceBytes { scratch = [UInt8](repeating: 0, count: Self.pieceBytes) }
                var offset = 0
                while offset < bytes.count {
                    let want = min(bytes.count - offset, Self.pieceBytes)
                    let got: Int
                    switch scratch.withUnsafeMutableBytes({ readFully(existing, $0.baseAddress!, want) }) {
                    case .failure(let code):
                        failure = Message.cannotReadExisting(path, code)
                        return
                    case .success(let count): got = count
                    }
                    let matches = bytes.withUnsafeBytes { made in
                        scratch.withUnsafeBytes { old in got == 0 || memcmp(made.baseAddress! + offset, old.baseAddress!, got) == 0 }
                    }
                    if got == want && matches {
                        offset += want
                        continue
                    }
                    comparison = matches ? .existingShort : .differs
                    startTemporary(copying: before + offset)
                    guard failure == nil else { return }
                    if let code = OutputFolder.writeAll(descriptor, Array(bytes[offset...])) {
                        failure = OutputFolder.Message.cannotWrite(temporary, code)
                    }
                    return
                }
                return
            }
            if descriptor < 0 { startTemporary(copying: 0) }
            guard failure == nil else { return }
            if let code = OutputFolder.writeAll(descriptor, bytes) { failure = OutputFolder.Message.cannotWrite(temporary, code) }
        }

        /// Opens the temporary file (making the output's subfolder the first time one goes there) and copies
        /// into it the first `count` bytes of the existing output: the part that matched what was made.
        private func startTemporary(copying count: Int) {
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor < 0 && errno == ENOENT {
                let folder = (temporary as NSString).deletingLastPathComponent
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            }
            if descriptor < 0 {
                failure = OutputFolder.Message.cannotWrite(temporary, errno)
                return
            }
            var copied = 0
            if count > 0 && scratch.count < Self.pieceBytes { scratch = [UInt8](repeating: 0, count: Self.pieceBytes) }
            while copied < count {
                let want = min(count - copied, scratch.count)
                let got = scratch.withUnsafeMutableBytes { pread(existing, $0.baseAddress!, want, off_t(copied)) }
                if got <= 0 {
                    failure = Message.cannotReadExisting(path, got < 0 ? errno : EIO)
                    return
                }
                if let code = OutputFolder.writeAll(descriptor, Array(scratch[0..<got])) {
                    failure = OutputFolder.Message.cannotWrite(temporary, code)
                    return
                }
                copied += got
            }
            // Nothing more is compared: what follows is written as made.
            if existing >= 0 {
                Foundation.close(existing)
                existing = -1
            }
        }

        /// Reads up to `count` bytes, fewer only at the end of the file; the errno of a failed read.
        private func readFully(_ file: Int32, _ into: UnsafeMutableRawPointer, _ count: Int) -> Result<Int, CodeError> {
            var got = 0
            while got < count {
                let read = Foundation.read(file, into + got, count - got)
                if read < 0 {
                    if errno == EINTR { continue }
                    return .failure(CodeError(errno))
                }
                if read == 0 { break }
                got += read
            }
            return .success(got)
        }

        private struct CodeError: Error {
            var code: Int32
            init(_ code: Int32) { self.code = code }
        }

        private enum Message {
            static func cannotCompress(_ path: String, _ reason: String) -> String {
                "cannot compress \(path): \(reason)"
            }
            static func cannotReadExisting(_ path: String, _ code: CodeError) -> String {
                OutputFolder.Message.cannotReadExisting(path, code.code)
            }
            static func cannotReadExisting(_ path: String, _ code: Int32) -> String {
                OutputFolder.Message.cannotReadExisting(path, code)
            }
        }
    }
}
