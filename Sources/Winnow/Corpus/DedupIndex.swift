import Foundation
import Synchronization

/// Finds exact and near-duplicate documents in a batch, in two passes over its sketches:
///
/// 1. ``add(id:source:sketch:)`` (in input order): keeps, per document, its id and source, word count, exact
///    hash and LSH band keys in memory (`bands` × 8 bytes), and appends its shingle set to a spill file on
///    disk, so memory grows by about 300 bytes a document and not with its length;
/// 2. ``resolve()``: exact duplicates (equal content hash) join one cluster; then, band by band, the documents
///    are sorted by band key, and within each group of equal keys every document is compared with the earlier
///    members of each other cluster there, until one of them is similar enough: the exact Jaccard similarity of
///    their shingle sets (read back from the spill file) at or above the threshold joins the two clusters. The
///    clusters are the connected components of those verified pairs, so they equal the components that
///    comparing every pair sharing a band would give (what `examples/spark/` does), whatever the input order.
///
/// With `bands` b of `rows` r, two documents of similarity s share a band with probability 1 - (1 - s^r)^b:
/// for 32 × 4, 0.99999995 at s = 0.8, 0.87 at 0.5, 0.23 at 0.3; pairs under the threshold are compared and
/// left apart, so precision does not rest on the banding.
public final class DedupIndex {
    public let settings: DedupSettings
    public let hasher: MinHasher

    struct Member {
        var id: String
        var source: String
        var words: Int32
        var exact: ContentHash
        /// Offset of the shingle set in the spill file, in UInt32 values, and its length.
        var offset: Int64
        var count: Int32
    }

    private(set) var members: [Member] = []
    private var bandKeys: [UInt64] = []
    private let spill: SpillFile
    private var signatures: BufferedOutput?
    private var signatureDescriptor: Int32 = -1
    private let withShingles: Bool
    private var recent: [Int: [UInt32]] = [:]
    private var recentOrder: [Int] = []
    private var recentNext = 0

    /// What the run counted.
    public struct Statistics: Sendable, Equatable {
        public var documents = 0
        /// Pairs of documents that shared a band and were in different clusters when they met.
        public var candidates = 0
        /// Of those, pairs whose Jaccard similarity reached the threshold.
        public var verified = 0
        public var clusters = 0
        public var exactDropped = 0
        public var nearDropped = 0
        /// Bytes of shingle sets spilled to disk.
        public var spilledBytes: Int64 = 0
    }

    public private(set) var statistics = Statistics()

    /// `spillDirectory`: where the shingle sets go for the run (a temporary file, deleted at once and freed when
    /// the index goes); `signaturesPath`: a JSONL file for every document's signature, with its shingle set
    /// too when `withShingles`.
    public init(settings: DedupSettings, spillDirectory: String? = nil, signaturesPath: String? = nil,
                withShingles: Bool = false) throws(SiteProfile.FileError) {
        self.settings = settings
        self.hasher = MinHasher(settings: settings)
        self.withShingles = withShingles
        self.spill = try SpillFile(directory: spillDirectory ?? ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        if let signaturesPath {
            signatureDescriptor = open(signaturesPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard signatureDescriptor >= 0 else {
                throw SiteProfile.FileError(path: signaturesPath, message: "cannot write the signatures: \(String(cString: strerror(errno)))")
            }
            signatures = BufferedOutput(descriptor: signatureDescriptor)
        }
    }

    deinit {
        if signatureDescriptor >= 0 { close(signatureDescriptor) }
    }

    /// Adds one cleaned document (call in input order: the first seen wins ties).
    public func add(id: String, source: String, sketch: DocumentSketch) {
        let offset = spill.append(sketch.shingles)
        members.append(Member(id: id, source: source, words: Int32(clamping: sketch.words), exact: sketch.exact,
                              offset: offset, count: Int32(sketch.shingles.count)))
        let rows = settings.rows
        for band in 0..<settings.bands {
            var key: UInt64 = 0x8445_D61A_4E77_4912 &+ UInt64(band)
            for row in 0..<rows { key = (key ^ UInt64(sketch.signature[band * rows + row])) &* 0x9E37_79B9_7F4A_7C15 }
            bandKeys.append(MinHasher.mix(key))
        }
        if let signatures {
            var object = JSONObjectWriter()
            object.add("id", raw: JSON.string(id))
            object.add("source", raw: JSON.string(source))
            object.add("words", raw: String(sketch.words))
            object.add("hash", raw: JSON.string(sketch.exact.description))
            object.add("minhash", raw: "[" + sketch.signature.map(String.init).joined(separator: ",") + "]")
            if withShingles { object.add("shingles", raw: "[" + sketch.shingles.map(String.init).joined(separator: ",") + "]") }
            signatures.write(object.json + "\n")
        }
    }

    /// Closes the signatures file; an error is told with the file.
    public func finishSignatures() -> String? {
        guard let signatures else { return nil }
        signatures.finish()
        self.signatures = nil
        if let failure = signatures.failure { return "cannot write the signatures: \(String(cString: strerror(failure)))" }
        return nil
    }

    /// One document of a cluster.
    public struct Entry: Sendable, Equatable {
        /// Position in input order (0-based).
        public var index: Int
        public var id: String
        public var source: String
        public var words: Int
        /// Similarity to the kept document (1 for an exact copy and for the kept document itself).
        public var jaccard: Double
        public var exact: Bool
    }

    /// Documents that are copies of each other; `kept` is the one that stays.
    public struct Cluster: Sendable, Equatable {
        /// Numbered from 1 in the input order of each cluster's first document.
        public var number: Int
        public var kept: Entry
        /// In input order.
        public var dropped: [Entry]
    }

    /// The clusters of two documents or more, in input order of their first documents.
    public func resolve() -> [Cluster] {
        let count = members.count
        statistics.documents = count
        statistics.spilledBytes = spill.bytes
        spill.flush()
        var forest = UnionFind(count)
        // Exact copies.
        var firstOf: [ContentHash: Int32] = [:]
        for index in 0..<count {
            if let first = firstOf[members[index].exact] { forest.union(Int32(index), first) } else { firstOf[members[index].exact] = Int32(index) }
        }
        firstOf = [:]
                let bands = settings.bands
        var keys: [(key: UInt64, member: Int32)] = []
        keys.reserveCapacity(count)
        for band in 0..<bands {
            keys.removeAll(keepingCapacity: true)
            for index in 0..<count where members[index].count > 0 {
                keys.append((bandKeys[index * bands + band], Int32(index)))
            }
            keys.sort { ($0.key, $0.member) < ($1.key, $1.member) }
            var start = 0
            while start < keys.count {
                var end = start + 1
                while end < keys.count && keys[end].key == keys[start].key { end += 1 }
                if end - start > 1 { group(keys[start..<end].map(\.member), forest: &forest) }
                start = end
            }
        }
        keys = []
        // Components of two or more, numbered by their first member.
        var byRoot: [Int32: [Int32]] = [:]
        for index in 0..<count {
            let root = forest.find(Int32(index))
            if root != Int32(index) || byRoot[root] != nil { byRoot[root, default: []].append(Int32(index)) }
        }
        var components: [[Int32]] = []
        for index in 0..<count {
            let root = forest.find(Int32(index))
            guard var list = byRoot.removeValue(forKey: root) else { continue }
            if !list.contains(root) { list.append(root) }
            list.sort()
            if list.count > 1 { components.append(list) }
        }
        var clusters: [Cluster] = []
        for (number, list) in components.enumerated() {
            let kept: Int32
            switch settings.keep {
            case .first: kept = list[0]
            case .longest: kept = list.max { (members[Int($0)].words, -$0) < (members[Int($1)].words, -$1) }!
            }
            let keptSet = shingles(Int(kept))
            func entry(_ index: Int32) -> Entry {
                let member = members[Int(index)]
                let exact = member.exact == members[Int(kept)].exact
                let similarity = exact ? 1 : keptSet.withUnsafeBufferPointer { k in
                    shingles(Int(index)).withUnsafeBufferPointer { MinHasher.jaccard(k, $0) }
                }
                return Entry(index: Int(index), id: member.id, source: member.source, words: Int(member.words), jaccard: similarity, exact: exact)
            }
            let dropped = list.filter { $0 != kept }.map(entry)
            statistics.exactDropped += dropped.filter(\.exact).count
            statistics.nearDropped += dropped.filter { !$0.exact }.count
            clusters.append(Cluster(number: number + 1, kept: entry(kept), dropped: dropped))
        }
        statistics.clusters = clusters.count
        return clusters
    }

    /// Joins the clusters of a group of documents that share a band key (in input order): each document is
    /// compared with members of every other cluster present in the group until one is similar enough.
    private func group(_ group: [Int32], forest: inout UnionFind) {
        // Members of the group seen so far, by cluster (lists of members known to be connected).
        var seen: [[Int32]] = []
        for member in group {
            var mine: Int? = nil
            var index = 0
            while index < seen.count {
                let other = seen[index]
                var joined = forest.find(other[0]) == forest.find(member)
                if !joined {
                    let set = shingles(Int(member))
                    for earlier in other.prefix(Self.comparisonsPerCluster) {
                        statistics.candidates += 1
                        let similarity = set.withUnsafeBufferPointer { s in shingles(Int(earlier)).withUnsafeBufferPointer { MinHasher.jaccard(s, $0) } }
                        if similarity >= settings.threshold {
                            statistics.verified += 1
                            forest.union(member, earlier)
                            joined = true
                            break
                        }
                    }
                }
                if joined {
                    if let mine {
                        seen[mine] += other
                        seen.remove(at: index)
                        continue
                    }
                    seen[index].append(member)
                    mine = index
                }
                index += 1
            }
            if mine == nil { seen.append([member]) }
        }
    }

    /// At most this many members of one cluster a document is compared with in one band group: a group of
    /// hundreds of unrelated documents (short texts of one template) would otherwise cost its square.
    static let comparisonsPerCluster = 64

    /// The clusters as JSONL: one line per document in a cluster, the kept one first.
    public static func jsonl(_ clusters: [Cluster]) -> String {
        var out = ""
        for cluster in clusters {
            for (entry, kept) in [(cluster.kept, true)] + cluster.dropped.map({ ($0, false) }) {
                var object = JSONObjectWriter()
                object.add("cluster", raw: String(cluster.number))
                object.add("id", raw: JSON.string(entry.id))
                object.add("source", raw: JSON.string(entry.source))
                object.add("kept", raw: kept ? "true" : "false")
                object.add("words", raw: String(entry.words))
                object.add("jaccard", raw: String(format: "%.4f", entry.jaccard))
                object.add("exact", raw: entry.exact ? "true" : "false")
                out += object.json + "\n"
            }
        }
        return out
    }
}

/// Disjoint sets with path halving and union by size.
struct UnionFind {
    private var parent: [Int32]
    private var size: [Int32]

    init(_ count: Int) {
        parent = (0..<Int32(count)).map { $0 }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ item: Int32) -> Int32 {
        var item = item
        while parent[Int(item)] != item {
            parent[Int(item)] = parent[Int(parent[Int(item)])]
            item = parent[Int(item)]
        }
        return item
    }

    mutating func union(_ a: Int32, _ b: Int32) {
        var a = find(a), b = find(b)
        guard a != b else { return }
        if size[Int(a)] < size[Int(b)] { swap(&a, &b) }
        parent[Int(b)] = a
        size[Int(a)] += size[Int(b)]
    }
}

/// The shingle sets of a run, appended to a temporary file (unlinked at once) and read back by offset.
final class SpillFile {
    private let file: UnnamedFile
    private var buffer: [UInt32] = []
    private var written: Int64 = 0
    var bytes: Int64 { (written + Int64(buffer.count)) * 4 }

    init(directory: String) throws(SiteProfile.FileError) {
        do throws(SystemError) {
            file = try UnnamedFile(in: directory, prefix: "winnow-shingles")
        } catch {
            throw SiteProfile.FileError(path: directory, message: "cannot make a temporary file for shingle sets: \(error.description)")
        }
        buffer.reserveCapacity(1 << 18)
    }

    /// Appends a set; returns its offset in values.
    func append(_ values: [UInt32]) -> Int64 {
        let offset = written + Int64(buffer.count)
        buffer += values
        if buffer.count >= 1 << 18 { flush() }
        return offset
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        if let code = buffer.withUnsafeBytes({ file.append($0) }) {
            fatalError("spill file: write failed: \(String(cString: strerror(code)))")
        }
        written += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    func read(offset: Int64, count: Int) -> [UInt32] {
        var values = [UInt32](repeating: 0, count: count)
        guard count > 0 else { return values }
        if let code = values.withUnsafeMutableBytes({ file.read(into: $0, at: Int(offset * 4)) }) {
            fatalError("spill file: read failed: \(String(cString: strerror(code)))")
        }
        return values
    }
}

extension DedupIndex {
    /// The shingle set of document `index`, read back from the spill file (the last 1,024 read are kept, so
    /// a document compared with several others is read once).
    func shingles(_ index: Int) -> [UInt32] {
        if let found = recent[index] { return found }
        let member = members[index]
        let values = spill.read(offset: member.offset, count: Int(member.count))
        if recentOrder.count < 1024 {
            recentOrder.append(index)
        } else {
            recent[recentOrder[recentNext]] = nil
            recentOrder[recentNext] = index
            recentNext = (recentNext + 1) % recentOrder.count
        }
        recent[index] = values
        return values
    }
}
