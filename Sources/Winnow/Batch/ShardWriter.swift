import WinnowZlib
import Foundation

/// A batch's JSONL records written into numbered shards in one folder: `00000.jsonl.gz`, `00001.jsonl.gz`, ...
/// (`.jsonl` without compression), the layout datatrove and dolma write and Hugging Face `datasets` loads.
///
/// Records go in the order they are given, whole: a shard is closed after the record that brings its
/// uncompressed size to the limit (so a shard is at most the limit plus one record), never in the middle of one.
/// A shard is written to `.NAME.winnow-tmp` a megabyte at a time (deflated on the way), flushed to disk, and only
/// then renamed to its name: whatever ends a run, a file under a shard's name is a whole shard. Memory: one
/// megabyte of buffer and the deflater, whatever the size of a shard.
public final class ShardWriter {
    /// A shard written: its file name, its records, its bytes of JSONL (uncompressed) and on disk.
    public struct Shard: Sendable, Equatable {
        public var name: String
        public var records: Int
        public var bytes: Int
        public var storedBytes: Int
    }

    public let folder: String
    /// Bytes of JSONL (uncompressed) after which a shard is closed.
    public let limit: Int
    public let compressed: Bool
    /// The gzip level, 1 (fastest) to 9 (smallest); nil: zlib's default, 6.
    public let level: Int?
    /// The shards completed so far, in order.
    public private(set) var shards: [Shard] = []
    /// Why writing stopped (file and cause), once it has: later records are not written.
    public private(set) var failure: String?

    private var descriptor: Int32 = -1
    private var temporary = ""
    private var current: Shard?
    private var buffer: [UInt8] = []
    private var deflater: Gzip.Deflater?

    public static let temporarySuffix = ".winnow-tmp"

    public init(folder: String, limit: Int, compressed: Bool, level: Int? = nil) {
        self.folder = folder
        self.limit = max(1, limit)
        self.compressed = compressed
        self.level = level
    }

    /// The extension of shard files.
    public static func fileExtension(compressed: Bool) -> String { compressed ? ".jsonl.gz" : ".jsonl" }

    /// The name of shard `index` (0-based): five digits at least, as datatrove names them.
    public static func name(_ index: Int, compressed: Bool) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits + fileExtension(compressed: compressed)
    }

    /// Whether `name` is a shard's name (of either compression): digits, then `.jsonl` or `.jsonl.gz`.
    public static func isShardName(_ name: String) -> Bool {
        for suffix in [".jsonl.gz", ".jsonl"] where name.hasSuffix(suffix) {
            let stem = name.dropLast(suffix.count)
            return !stem.isEmpty && stem.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }

    /// Adds one record (a JSON object and its line end).
    public func write(_ record: [UInt8]) {
        guard failure == nil else { return }
        if current == nil { open() }
        guard failure == nil, var shard = current else { return }
        buffer.append(contentsOf: record)
        shard.records += 1
        shard.bytes += record.count
        current = shard
        if buffer.count >= 1 << 20 { drain() }
        if shard.bytes >= limit { close() }
    }

    /// Closes the shard being written, if any, and makes the renames durable. Returns the failure, if any.
    @discardableResult
    public func finish() -> String? {
        if current != nil { close() }
        if failure == nil {
            let directory = Foundation.open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directory >= 0 {
                _ = fsync(directory)
                Foundation.close(directory)
            }
        }
        return failure
    }

    private func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    private func open() {
        let name = Self.name(shards.count, compressed: compressed)
        temporary = path("." + name + Self.temporarySuffix)
        descriptor = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 {
            fail(temporary, "cannot create the shard: \(String(cString: strerror(errno)))")
            return
        }
        if compressed {
            do throws(Gzip.Failure) { deflater = try Gzip.Deflater(level: level) } catch {
                fail(temporary, "cannot start compressing: \(error.message)")
                return
            }
        }
        current = Shard(name: name, records: 0, bytes: 0, storedBytes: 0)
    }

    /// Writes the buffer out (deflated when compressing).
    private func drain(final: Bool = false) {
        guard failure == nil else { return }
        var out = buffer
        buffer.removeAll(keepingCapacity: true)
        if let deflater {
            do throws(Gzip.Failure) {
                out = out.isEmpty ? [] : try deflater.feed(out)
                if final { out += try deflater.finish() }
            } catch {
                fail(temporary, "cannot compress: \(error.message)")
                return
            }
        }
        guard !out.isEmpty else { return }
        if let code = OutputFolder.writeAll(descriptor, out) {
            fail(temporary, "cannot write: \(String(cString: strerror(code)))")
            return
        }
        current?.storedBytes += out.count
    }

    /// Ends the shard: its last bytes, a flush to disk, then the rename that gives it its name.
    private func close() {
        drain(final: true)
        guard failure == nil, let shard = current else { return }
        var code: Int32 = 0
        if fsync(descriptor) != 0 && errno != EINVAL { code = errno }
        if Foundation.close(descriptor) != 0 && code == 0 { code = errno }
        descriptor = -1
        if code == 0 && rename(temporary, path(shard.name)) != 0 { code = errno }
        if code != 0 {
            fail(path(shard.name), "cannot write the shard: \(String(cString: strerror(code)))")
            return
        }
        shards.append(shard)
        current = nil
        deflater = nil
    }

    private func fail(_ path: String, _ cause: String) {
        failure = "\(path): \(cause)"
        if descriptor >= 0 {
            Foundation.close(descriptor)
            descriptor = -1
        }
        if !temporary.isEmpty { unlink(temporary) }
        current = nil
        buffer = []
        deflater = nil
    }
}
