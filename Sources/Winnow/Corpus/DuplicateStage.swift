import Synchronization

/// Where the first pass's workers leave each document's sketch for the thread that reads documents in input
/// order (keyed by the document's source, which names one file or one JSONL line).
public final class SketchSink: Sendable {
    private let sketches = Mutex<[String: DocumentSketch]>([:])

    public init() {}

    func put(_ sketch: DocumentSketch, for source: String) {
        sketches.withLock { $0[source] = sketch }
    }

    /// The sketch of the document from `source`, taken out of the sink; nil for a document that was dropped
    /// before it was sketched.
    public func take(_ source: String) -> DocumentSketch? {
        sketches.withLock { $0.removeValue(forKey: source) }
    }
}

/// The second pass's decisions: which documents go as copies of which, by source.
public struct DuplicatePlan: Sendable {
    public enum Decision: Sendable, Equatable {
        /// Kept: the cluster's number and how many copies of it were dropped.
        case kept(cluster: Int, dropped: Int)
        case dropped(cluster: Int, keptSource: String, keptID: String, jaccard: Double, exact: Bool)
    }

    public var decisions: [String: Decision] = [:]

    public init(_ clusters: [DedupIndex.Cluster]) {
        for cluster in clusters {
            decisions[cluster.kept.source] = .kept(cluster: cluster.number, dropped: cluster.dropped.count)
            for entry in cluster.dropped {
                decisions[entry.source] = .dropped(cluster: cluster.number, keptSource: cluster.kept.source, keptID: cluster.kept.id,
                                                   jaccard: entry.jaccard, exact: entry.exact)
            }
        }
    }

    /// The rule ids a dropped copy is reported under.
    public static let exactRule = "dedup.exact"
    public static let nearRule = "dedup.near"
    /// The field a kept document's JSONL record gets: `{"cluster": N, "dropped": M}`.
    public static let field = "duplicates"
}

/// pipeline: ... -> filter -> **duplicates** -> write
///
/// In the first pass of a run that looks for duplicates, sketches every document that is still there (see
/// ``MinHasher``) for ``DedupIndex``; in the second, drops the documents the index found to be copies (rule
/// `dedup.exact` or `dedup.near`, with the cluster's number and the kept document in the reason), and marks
/// the kept one of each cluster (a `duplicates` field in JSONL output).
public struct DuplicateStage: Stage {
    /// It drops whole documents, as the filter stage does.
    public let name = StageName.filter
    let sketches: SketchSink?
    let plan: DuplicatePlan?
    let hasher: MinHasher

    init(sketches: SketchSink?, plan: DuplicatePlan?, settings: DedupSettings) {
        self.sketches = sketches
        self.plan = plan
        self.hasher = MinHasher(settings: settings)
    }

    public func run(_ document: inout Document) throws(Rejection) {
        if let sketches { sketches.put(hasher.sketch(document), for: document.source) }
        guard let plan, let decision = plan.decisions[document.source] else { return }
        switch decision {
        case .kept(let cluster, let dropped):
            guard !document.passthrough.contains(where: { $0.key == DuplicatePlan.field }) else { return }
            document.passthrough.append((DuplicatePlan.field, "{\"cluster\":\(cluster),\"dropped\":\(dropped)}"))
        case .dropped(let cluster, let keptSource, _, let jaccard, let exact):
            document.dropped = DropDecision(rule: exact ? DuplicatePlan.exactRule : DuplicatePlan.nearRule,
                                            reason: Message.duplicate(of: keptSource, cluster: cluster, jaccard: jaccard, exact: exact))
        }
    }

    enum Message {
        static func duplicate(of kept: String, cluster: Int, jaccard: Double, exact: Bool) -> String {
            exact ? "exact copy of \(kept) (cluster \(cluster))"
                : "near copy of \(kept) (cluster \(cluster), Jaccard \(String(format: "%.3f", jaccard)))"
        }
    }
}
