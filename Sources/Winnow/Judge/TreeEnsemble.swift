import Foundation

/// Small regression trees, boosted on top of the second pass: each asks up to three questions of a line's
/// features (and of the second pass's own score, `score.linear`) and adds the points of the leaf the line
/// reaches. A linear score cannot say "short *and* after the article *and* capitalised"; a tree can.
///
/// In the model file every leaf is one entry of the `trees` section, named by its tree and the questions that
/// lead to it, so a reviewer reads a leaf as a rule: "t004 words < 0.2500 & main.after >= 0.5000": 0.412.
public struct TreeEnsemble: Sendable, Equatable {
    /// A question (`feature` < `threshold`? then `below`, else `atOrAbove`) or, with `feature` -1, a leaf.
    public struct Node: Sendable, Equatable {
        public var feature: Int
        public var threshold: Double
        public var below: Int
        public var atOrAbove: Int
        public var value: Double

        public static func leaf(_ value: Double) -> Node { Node(feature: -1, threshold: 0, below: -1, atOrAbove: -1, value: value) }
        public var isLeaf: Bool { feature < 0 }
    }

    /// One tree: its nodes, the root first.
    public struct Tree: Sendable, Equatable {
        public var nodes: [Node]
        public init(nodes: [Node]) { self.nodes = nodes }

        /// The leaf `values` reaches (its node index); a question about feature `linearIndex` asks about `linear`.
        @inline(__always) func leaf(_ values: UnsafeBufferPointer<Double>, linear: Double, linearIndex: Int) -> Int {
            var index = 0
            while true {
                let node = nodes[index]
                if node.isLeaf { return index }
                let value = node.feature == linearIndex ? linear : values[node.feature]
                index = value < node.threshold ? node.below : node.atOrAbove
            }
        }
    }

    public let trees: [Tree]
    /// What the questions ask about: the features by index, and which index is the linear score.
    public let naming: Naming
    /// The same trees made complete to one depth, for a walk without branches (nil when a tree is deeper than
    /// ``CompleteTrees/maxDepth``).
    private let complete: CompleteTrees?

    public init(trees: [Tree], naming: Naming = .lines) {
        self.trees = trees
        self.naming = naming
        complete = CompleteTrees(trees, linearIndex: naming.linearScore)
    }

    /// The index trees use for the second pass's score; the line features come first, by raw value.
    public static let linearScore = LineFeature.count
    /// How many values a tree may ask about.
    public static let featureCount = LineFeature.count + 1

    /// What a tree's questions may ask about, by index, and the names the model file gives them: a line's features
    /// and the second pass's score for the judge's trees, a page's measurements and the document model's linear
    /// score for the document model's.
    public struct Naming: Sendable, Equatable {
        /// The features by index; the last is the linear score the trees add to.
        public let names: [String]
        let indexes: [String: Int]
        /// The index of `score.linear`: a question about it is answered by the score passed along, not the row.
        public var linearScore: Int { names.count - 1 }

        init(features: [String]) {
            names = features + ["score.linear"]
            indexes = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($0.element, $0.offset) })
        }

        /// A line's ``LineFeature``s, then `score.linear` at ``TreeEnsemble/linearScore``.
        public static let lines = Naming(features: LineFeature.allCases.map(\.name))
        /// A page's ``DocumentFeature``s, then `score.linear` at `DocumentFeature.count`.
        public static let documents = Naming(features: DocumentFeature.allCases.map(\.name))
        /// A line's ``SpamFeature``s, then `score.linear` (the spam model's weighted score with the brand lists'
        /// points) at `SpamFeature.count`.
        public static let spam = Naming(features: SpamFeature.allCases.map(\.name))
    }

    /// The points of every tree for one line (`values` its row of features, `linear` the second pass's score).
    public func points(_ values: UnsafeBufferPointer<Double>, linear: Double) -> Double {
        if let complete { return complete.points(values, linear: linear) }
        // Trees too deep to pad (only a hand-written model file has them): each walked question by question.
        return trees.reduce(0) { total, tree in
            total + tree.nodes[tree.leaf(values, linear: linear, linearIndex: naming.linearScore)].value
        }
    }

    /// The leaf of each tree the line reaches, as (tree, its name in the model file, points), largest first.
    public func leaves(_ values: UnsafeBufferPointer<Double>, linear: Double) -> [(name: String, points: Double)] {
        trees.enumerated().map { number, tree in
            let leaf = tree.leaf(values, linear: linear, linearIndex: naming.linearScore)
            return (Self.leafName(tree: number, path: tree.path(to: leaf), naming: naming), tree.nodes[leaf].value)
        }.sorted { abs($0.points) > abs($1.points) }
    }

    // MARK: The model file's `trees` section

    /// Every leaf as a named weight, tree by tree, the `below` side first.
    public var entries: [(name: String, weight: Double)] {
        var result: [(name: String, weight: Double)] = []
        for (number, tree) in trees.enumerated() {
            for (index, node) in tree.nodes.enumerated() where node.isLeaf {
                result.append((Self.leafName(tree: number, path: tree.path(to: index), naming: naming), node.value))
            }
        }
        return result
    }

    /// A question on a path: the feature, its threshold, and whether the path goes below it.
    struct Step: Equatable {
        var feature: Int
        var threshold: Double
        var below: Bool
    }

    static func leafName(tree: Int, path: [Step], naming: Naming) -> String {
        let questions = path.map { step in
            "\(naming.names[step.feature]) \(step.below ? "<" : ">=") \(String(format: "%.4f", step.threshold))"
        }
        return String(format: "t%03d ", tree) + (questions.isEmpty ? "always" : questions.joined(separator: " & "))
    }

    /// Rebuilds the trees from the leaves a model file lists (as ``entries`` writes them); the message says what
    /// is wrong with an entry that does not fit.
    public static func read(_ entries: [(name: String, weight: Double)], naming: Naming = .lines) -> Result<TreeEnsemble, TreeFileError> {
        var byTree: [(number: Int, leaves: [(path: [Step], value: Double, name: String)])] = []
        for (name, weight) in entries {
            guard let (number, path) = parseLeafName(name, naming: naming) else { return .failure(TreeFileError(entry: name, problem: "is not 'tNNN question & question...' with questions like 'words < 0.2500'")) }
            if byTree.last?.number != number {
                guard byTree.last.map({ $0.number < number }) ?? true else { return .failure(TreeFileError(entry: name, problem: "comes after a later tree's leaves")) }
                byTree.append((number, []))
            }
            byTree[byTree.count - 1].leaves.append((path, weight, name))
        }
        var trees: [Tree] = []
        for (_, leaves) in byTree {
            var nodes: [Node] = []
            switch build(leaves[...], depth: 0, into: &nodes, naming: naming) {
            case .success: trees.append(Tree(nodes: nodes))
            case .failure(let error): return .failure(error)
            }
        }
        return .success(TreeEnsemble(trees: trees, naming: naming))
    }

    private static func build(_ leaves: ArraySlice<(path: [Step], value: Double, name: String)>, depth: Int,
                              into nodes: inout [Node], naming: Naming) -> Result<Int, TreeFileError> {
        guard let first = leaves.first else { return .failure(TreeFileError(entry: "", problem: "a question has no leaf on one side")) }
        let index = nodes.count
        if first.path.count == depth {
            guard leaves.count == 1 else { return .failure(TreeFileError(entry: first.name, problem: "ends its tree's path, but other leaves go on from it")) }
            nodes.append(.leaf(first.value))
            return .success(index)
        }
        let question = first.path[depth]
        let below = leaves.prefix { $0.path.count > depth && $0.path[depth].below }
        let above = leaves.dropFirst(below.count)
        for leaf in leaves {
            guard leaf.path.count > depth, leaf.path[depth].feature == question.feature, leaf.path[depth].threshold == question.threshold else {
                return .failure(TreeFileError(entry: leaf.name, problem: "asks a different question where its tree's other leaves ask '\(naming.names[question.feature]) < \(String(format: "%.4f", question.threshold))'"))
            }
        }
        guard !below.isEmpty, !above.isEmpty, above.allSatisfy({ !$0.path[depth].below }) else {
            return .failure(TreeFileError(entry: first.name, problem: "its tree needs leaves on both sides of each question, the '<' side listed first"))
        }
        nodes.append(Node(feature: question.feature, threshold: question.threshold, below: -1, atOrAbove: -1, value: 0))
        switch build(below, depth: depth + 1, into: &nodes, naming: naming) {
        case .success(let child): nodes[index].below = child
        case .failure(let error): return .failure(error)
        }
        switch build(above, depth: depth + 1, into: &nodes, naming: naming) {
        case .success(let child): nodes[index].atOrAbove = child
        case .failure(let error): return .failure(error)
        }
        return .success(index)
    }

    /// Reads "tNNN question & question..." (or "tNNN always") word by word on its UTF-8: a model's thousands of
    /// leaves are read at every start. Foundation's string search took a quarter of the start-up, and splitting
    /// the name into Strings (the standard library's generic split) most of what was left; only a feature's name
    /// and a threshold become Strings now.
    static func parseLeafName(_ name: String, naming: Naming) -> (Int, [Step])? {
        var name = name
        return name.withUTF8 { bytes -> (Int, [Step])? in
            var words: [Range<Int>] = []
            words.reserveCapacity(32)
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x20 {
                words.append(start..<index)
                start = index + 1
            }
            words.append(start..<bytes.count)
            func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            // The signs between a question's words: "&", "<", ">=".
            func word(_ range: Range<Int>, is first: UInt8, _ second: UInt8? = nil) -> Bool {
                guard let second else { return range.count == 1 && bytes[range.lowerBound] == first }
                return range.count == 2 && bytes[range.lowerBound] == first && bytes[range.lowerBound + 1] == second
            }
            guard let first = words.first, first.count >= 2, bytes[first.lowerBound] == 0x74, words.count >= 2,
                  let number = Int(text(first.lowerBound + 1..<first.upperBound)) else { return nil }
            if words.count == 2 && text(words[1]) == "always" { return (number, []) }
            // Questions of three words, joined by "&".
            guard (words.count - 1) % 4 == 3 else { return nil }
            var path: [Step] = []
            path.reserveCapacity(words.count / 4)
            var index = 1
            while index < words.count {
                if index > 1 {
                    guard word(words[index], is: 0x26) else { return nil }
                    index += 1
                }
                let below = word(words[index + 1], is: 0x3C)
                guard below || word(words[index + 1], is: 0x3E, 0x3D), let feature = naming.indexes[text(words[index])],
                      let threshold = Double(text(words[index + 2])), threshold.isFinite else { return nil }
                path.append(Step(feature: feature, threshold: threshold, below: below))
                index += 3
            }
            return (number, path)
        }
    }
}

/// Trees padded to one depth `d`, stored level by level: tree `t`'s questions at `t * (2^d - 1)`, node `i`'s
/// children at `2i + 1` (below) and `2i + 2` (at or above), and its `2^d` leaves at `t * 2^d`. A leaf above the
/// last level becomes a question whose two sides lead to copies of its value, so every walk takes `d` steps and
/// each step is a comparison that picks an index, not a branch the processor must guess: a line's features send
/// it down different sides of the trees, and mispredicted branches were most of the walk's time. The points are
/// the same, added tree by tree in the same order.
struct CompleteTrees: Sendable, Equatable {
    /// Deeper trees keep the node-by-node walk: padding doubles with each level.
    static let maxDepth = 6
    let depth: Int
    let count: Int
    /// Each question's feature (the linear score is the row's last slot, see ``points(_:linear:)``).
    let features: [Int32]
    let thresholds: [Double]
    let leaves: [Double]
    let width: Int

    init?(_ trees: [TreeEnsemble.Tree], linearIndex: Int) {
        func depth(_ tree: TreeEnsemble.Tree, _ index: Int) -> Int {
            let node = tree.nodes[index]
            return node.isLeaf ? 0 : 1 + max(depth(tree, node.below), depth(tree, node.atOrAbove))
        }
        let depth = trees.map { depth($0, 0) }.max() ?? 0
        guard depth <= Self.maxDepth, !trees.isEmpty else { return nil }
        let questions = (1 << depth) - 1
        var features = [Int32](repeating: 0, count: trees.count * questions)
        var thresholds = [Double](repeating: 0, count: trees.count * questions)
        var leaves = [Double](repeating: 0, count: trees.count << depth)
        for (number, tree) in trees.enumerated() {
            // Node `source` of the tree at place `slot` of the complete one, `level` steps from the root.
            func place(_ source: Int, slot: Int, level: Int) {
                let node = tree.nodes[source]
                if level == depth {
                    leaves[(number << depth) + slot - questions] = node.value
                } else if node.isLeaf {
                    thresholds[number * questions + slot] = 0
                    place(source, slot: 2 * slot + 1, level: level + 1)
                    place(source, slot: 2 * slot + 2, level: level + 1)
                } else {
                    features[number * questions + slot] = Int32(node.feature)
                    thresholds[number * questions + slot] = node.threshold
                    place(node.below, slot: 2 * slot + 1, level: level + 1)
                    place(node.atOrAbove, slot: 2 * slot + 2, level: level + 1)
                }
            }
            place(0, slot: 0, level: 0)
        }
        self.depth = depth
        self.count = trees.count
        self.features = features
        self.thresholds = thresholds
        self.leaves = leaves
        self.width = linearIndex + 1
    }

    /// The points of every tree for a row of `width - 1` values and the linear score.
    func points(_ values: UnsafeBufferPointer<Double>, linear: Double) -> Double {
        // The row and the linear score side by side, so a question reads its value without asking which.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { row in
            for index in 0..<(width - 1) { row[index] = index < values.count ? values[index] : 0 }
            row[width - 1] = linear
            return features.withUnsafeBufferPointer { features in
                thresholds.withUnsafeBufferPointer { thresholds in
                    leaves.withUnsafeBufferPointer { leaves in
                        guard let rowBase = row.baseAddress, var feature = features.baseAddress,
                              var threshold = thresholds.baseAddress, var leaf = leaves.baseAddress else { return 0 }
                        // Pointers advanced tree by tree and wrapping arithmetic on the slots: the walk is the
                        // hottest loop of the judge, and overflow checks on indexes that cannot overflow (a slot
                        // is below 2^depth) doubled its instructions.
                        let questions = (1 << depth) &- 1
                        let leavesPerTree = 1 << depth
                        var total = 0.0
                        var tree = 0
                        // Four trees at a time: their walks do not wait on each other, so the processor
                        // overlaps them. The points are still added in tree order.
                        while tree &+ 4 <= count {
                            let feature1 = feature + questions, feature2 = feature1 + questions, feature3 = feature2 + questions
                            let threshold1 = threshold + questions, threshold2 = threshold1 + questions, threshold3 = threshold2 + questions
                            var slot0 = 0, slot1 = 0, slot2 = 0, slot3 = 0
                            for _ in 0..<depth {
                                let value0 = rowBase[Int(feature[slot0])], value1 = rowBase[Int(feature1[slot1])]
                                let value2 = rowBase[Int(feature2[slot2])], value3 = rowBase[Int(feature3[slot3])]
                                slot0 = (slot0 &<< 1) &+ (value0 < threshold[slot0] ? 1 : 2)
                                slot1 = (slot1 &<< 1) &+ (value1 < threshold1[slot1] ? 1 : 2)
                                slot2 = (slot2 &<< 1) &+ (value2 < threshold2[slot2] ? 1 : 2)
                                slot3 = (slot3 &<< 1) &+ (value3 < threshold3[slot3] ? 1 : 2)
                            }
                            total += leaf[slot0 &- questions]
                            total += (leaf + leavesPerTree)[slot1 &- questions]
                            total += (leaf + 2 &* leavesPerTree)[slot2 &- questions]
                            total += (leaf + 3 &* leavesPerTree)[slot3 &- questions]
                            feature += 4 &* questions
                            threshold += 4 &* questions
                            leaf += 4 &* leavesPerTree
                            tree &+= 4
                        }
                        while tree < count {
                            var slot = 0
                            for _ in 0..<depth {
                                let value = rowBase[Int(feature[slot])]
                                slot = (slot &<< 1) &+ (value < threshold[slot] ? 1 : 2)
                            }
                            total += leaf[slot &- questions]
                            feature += questions
                            threshold += questions
                            leaf += leavesPerTree
                            tree &+= 1
                        }
                        return total
                    }
                }
            }
        }
    }
}

extension TreeEnsemble.Tree {
    /// The questions from the root to node `target`.
    func path(to target: Int) -> [TreeEnsemble.Step] {
        func walk(_ index: Int, _ path: [TreeEnsemble.Step]) -> [TreeEnsemble.Step]? {
            if index == target { return path }
            let node = nodes[index]
            guard !node.isLeaf else { return nil }
            return walk(node.below, path + [.init(feature: node.feature, threshold: node.threshold, below: true)])
                ?? walk(node.atOrAbove, path + [.init(feature: node.feature, threshold: node.threshold, below: false)])
        }
        return walk(0, []) ?? []
    }
}

/// A `trees` entry of a model file that does not describe a leaf of a tree.
public struct TreeFileError: Error, Sendable, Equatable {
    public var entry: String
    public var problem: String
    public var message: String { "the tree leaf '\(entry)' \(problem)" }
}
