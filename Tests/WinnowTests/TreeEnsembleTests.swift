import Foundation
import Testing
@testable import Winnow

/// Boosted trees on top of the judge's linear passes: fitting, the model file's leaves, and the threshold of
/// long pages.
@Suite struct TreeEnsembleTests {
    /// Junk exactly when a line is short and sits after the article, or long and before it: no weighted sum of
    /// the two features tells these apart, two questions do.
    static func interactionRows(count: Int) -> (values: [Double], targets: [Bool]) {
        var generator = SplitMix(seed: 7)
        var values: [Double] = [], targets: [Bool] = []
        for _ in 0..<count {
            let short = generator.unit(), after = generator.unit()
            values += [short, after]
            targets.append((short < 0.5) != (after < 0.5))
        }
        return (values, targets)
    }

    /// Trees fitted on 400 random rows of `width` values where features `first` and `second` are uniform in 0...1
    /// (and `fixed` features hold their values), each row's target what `target` says of the two.
    static func treesOfTwoFeatures(width: Int, _ first: Int, _ second: Int, fixed: [Int: Double] = [:], seed: UInt64,
                                   rounds: Int, naming: TreeEnsemble.Naming, target: (Double, Double) -> Bool) -> TreeEnsemble {
        var generator = SplitMix(seed: seed)
        var values: [Double] = [], targets: [Bool] = []
        for _ in 0..<400 {
            var row = [Double](repeating: 0, count: width)
            for (feature, value) in fixed { row[feature] = value }
            row[first] = generator.unit()
            row[second] = generator.unit()
            targets.append(target(row[first], row[second]))
            values += row
        }
        var boosting = GradientBoosting()
        boosting.rounds = rounds
        return boosting.fit(values: values, width: width, targets: targets, weights: [Double](repeating: 1, count: targets.count),
                            base: [Double](repeating: 0, count: targets.count), naming: naming)
    }

    @Test func boostingLearnsWhatTwoFeaturesSayOnlyTogether() {
        let (values, targets) = Self.interactionRows(count: 2_000)
        var boosting = GradientBoosting()
        boosting.rounds = 40
        let trees = boosting.fit(values: values, width: 2, targets: targets, weights: [Double](repeating: 1, count: targets.count),
                                 base: [Double](repeating: 0, count: targets.count))
        let right = targets.indices.filter { row in
            let score = values.withUnsafeBufferPointer { trees.points(UnsafeBufferPointer(rebasing: $0[(row * 2)..<(row * 2 + 2)]), linear: 0) }
            return (score > 0) == targets[row]
        }.count
        #expect(Double(right) / Double(targets.count) > 0.95)
        #expect(trees.trees.allSatisfy { $0.nodes.count <= 15 }, "at most three questions deep")
    }

    /// Every leaf is written as its tree and the questions that lead to it, and read back into the same trees.
    @Test func leavesRoundTripThroughTheModelFile() throws {
        let width = TreeEnsemble.featureCount
        var generator = SplitMix(seed: 11)
        var values: [Double] = [], targets: [Bool] = []
        for _ in 0..<600 {
            var row = [Double](repeating: 0, count: width)
            row[LineFeature.words.rawValue] = generator.unit()
            row[LineFeature.afterMain.rawValue] = generator.unit() < 0.5 ? 0 : 1
            row[TreeEnsemble.linearScore] = generator.unit() * 4 - 2
            targets.append(row[LineFeature.words.rawValue] < 0.3 && row[LineFeature.afterMain.rawValue] == 1)
            values += row
        }
        var boosting = GradientBoosting()
        boosting.rounds = 5
        let trees = boosting.fit(values: values, width: width, targets: targets, weights: [Double](repeating: 1, count: targets.count),
                                 base: [Double](repeating: 0, count: targets.count))
        #expect(trees.entries.first?.name.hasPrefix("t000 words < ") == true)
        let read = try TreeEnsemble.read(trees.entries).get()
        #expect(read == trees)

        var model = JudgeModel(threshold: 1.5, firstPass: nil, secondPass: LinearWeights(bias: -0.25), trees: trees)
        model.longPageThreshold = 2.75
        let rules = try loadRules(["main.yaml": "judge: {model: judge.yaml}\n", "judge.yaml": model.yaml])
        // Leaf points are written with three decimals.
        let loaded = try #require(rules.judge.model?.trees)
        #expect(loaded.trees.map { $0.nodes.map(\.feature) } == trees.trees.map { $0.nodes.map(\.feature) })
        #expect(zip(loaded.entries, trees.entries).allSatisfy { $0.name == $1.name && abs($0.weight - $1.weight) < 0.0005 })
        #expect(rules.judge.model?.longPageThreshold == 2.75)
    }

    @Test func aLeafThatDoesNotFitItsTreeIsReported() throws {
        let entries: [(name: String, weight: Double)] = [("t000 words < 0.5000", 0.25), ("t000 url >= 0.5000", -0.5)]
        guard case .failure(let error) = TreeEnsemble.read(entries) else {
            Issue.record("a tree whose leaves ask different questions was read")
            return
        }
        #expect(error.message == "the tree leaf 't000 url >= 0.5000' asks a different question where its tree's other leaves ask 'words < 0.5000'")
        let text = JudgeModel(threshold: 1, firstPass: nil, secondPass: LinearWeights()).yaml + "trees:\n  \"t000 nonsense\": 0.1\n"
        do {
            _ = try loadRules(["main.yaml": "judge: {model: judge.yaml}\n", "judge.yaml": text])
            Issue.record("a model file with a broken leaf was loaded")
        } catch {
            #expect(error.description.contains("the tree leaf 't000 nonsense' is not 'tNNN question & question...'"))
        }
    }

    /// The document model's trees ask about a page's measurements and its linear score, are written under those
    /// names, and load back into the same scores; a leaf naming a line's feature is no document leaf.
    @Test func theDocumentModelsTreesAskAboutThePageAndRoundTrip() throws {
        let trees = Self.treesOfTwoFeatures(width: DocumentFeature.count + 1, DocumentFeature.teaserShare.rawValue,
                                            DocumentFeature.coherence.rawValue, seed: 5, rounds: 8, naming: .documents) { teasers, coherence in
            teasers > 0.6 && coherence < 0.3
        }
        let model = DocumentModel(bias: -1, threshold: 0.5, weights: [Double](repeating: 0, count: DocumentFeature.count), trees: trees)
        let names = model.file.sections["trees", default: []].map(\.name)
        #expect(names.contains { $0.contains("teasers.share") } && names.contains { $0.contains("coherence") })
        let rules = try loadRules(["main.yaml": "judge: {documents: documents.yaml}\n", "documents.yaml": model.yaml])
        let loaded = try #require(rules.judge.documentModel)
        var listing = [Double](repeating: 0, count: DocumentFeature.count), article = listing
        listing[DocumentFeature.teaserShare.rawValue] = 0.9
        article[DocumentFeature.coherence.rawValue] = 0.8
        #expect(abs(loaded.score(listing) - model.score(listing)) < 0.01 && abs(loaded.score(article) - model.score(article)) < 0.01)
        #expect(model.score(listing) > model.score(article))

        let broken = model.yaml + "  \"t099 url < 0.5000\": 0.1\n  \"t099 url >= 0.5000\": 0.2\n"
        do {
            _ = try loadRules(["main.yaml": "judge: {documents: documents.yaml}\n", "documents.yaml": broken])
            Issue.record("a document model whose leaf asks about a line's feature was loaded")
        } catch {
            #expect(error.description.contains("the tree leaf 't099 url < 0.5000' is not"))
        }
    }

    /// The spam model's trees ask about a line's spam measurements, are written among its sections, read back,
    /// and add their points to the weighted score; a leaf that asks about a page's measurement is an error.
    @Test func theSpamModelsTreesAskAboutTheLineAndRoundTrip() throws {
        // Promotion only where the words are gambling's and no news word stands beside them.
        let trees = Self.treesOfTwoFeatures(width: SpamFeature.count + 1, SpamFeature.vocabulary.rawValue, SpamFeature.newsTerms.rawValue,
                                            fixed: [SpamFeature.brandShaped.rawValue: 1], seed: 9, rounds: 12, naming: .spam) { words, news in
            words > 0.5 && news < 0.5
        }
        var model = SpamModel(bias: 0, threshold: 0.5, weights: [Double](repeating: 0, count: SpamFeature.count), vocabulary: SpamVocabulary([]))
        model.trees = trees
        let names = model.file.sections["trees", default: []].map(\.name)
        #expect(names.contains { $0.contains("news-terms") } && names.contains { $0.contains("vocabulary") })
        let rules = try loadRules(["main.yaml": "judge: {spam: spam.yaml}\n", "spam.yaml": model.yaml])
        let loaded = try #require(rules.judge.spamModel)
        var promotion = [Double](repeating: 0, count: SpamFeature.count)
        promotion[SpamFeature.brandShaped.rawValue] = 1
        promotion[SpamFeature.vocabulary.rawValue] = 0.9
        var news = promotion
        news[SpamFeature.newsTerms.rawValue] = 0.9
        #expect(abs(loaded.score(promotion) - model.score(promotion)) < 0.01 && abs(loaded.score(news) - model.score(news)) < 0.01)
        #expect(model.score(promotion) > model.score(news) + 1)

        let broken = model.yaml.replacingOccurrences(of: "trees:\n", with: "trees:\n  \"t099 teasers.share < 0.5000\": 0.1\n  \"t099 teasers.share >= 0.5000\": 0.2\n")
        do {
            _ = try loadRules(["main.yaml": "judge: {spam: spam.yaml}\n", "spam.yaml": broken])
            Issue.record("a spam model whose leaf asks about a page's measurement was loaded")
        } catch {
            #expect(error.description.contains("the tree leaf 't099 teasers.share < 0.5000' is not"))
        }
    }

    /// Whole pages with their menus (40 lines or more) are judged at their own threshold when the model has one.
    /// Trees of uneven shapes (a lone leaf, a leaf one question down, three questions, a question on the linear
    /// score), and as many trees as make the walk take four at a time and then the rest.
    static func unevenTrees(count: Int, width: Int, seed: UInt64, depth: Int = 3) -> [TreeEnsemble.Tree] {
        typealias Node = TreeEnsemble.Node
        var generator = SplitMix(seed: seed)
        func grow(_ level: Int, into nodes: inout [Node]) -> Int {
            let index = nodes.count
            if level == depth || generator.unit() < 0.25 {
                nodes.append(.leaf(generator.unit() * 2 - 1))
                return index
            }
            // Feature `width` is the linear score.
            let feature = Int(generator.next() % UInt64(width + 1))
            nodes.append(Node(feature: feature, threshold: (generator.unit() * 4).rounded() / 4, below: -1, atOrAbove: -1, value: 0))
            let below = grow(level + 1, into: &nodes)
            let above = grow(level + 1, into: &nodes)
            nodes[index].below = below
            nodes[index].atOrAbove = above
            return index
        }
        return (0..<count).map { _ in
            var nodes: [Node] = []
            _ = grow(0, into: &nodes)
            return TreeEnsemble.Tree(nodes: nodes)
        }
    }

    /// The walk that scores every line (trees made complete, no branches) gives exactly the points of following
    /// each tree's questions one by one, whatever the trees' shapes: values on a threshold, NaN, the linear score.
    @Test(arguments: [3, 5, CompleteTrees.maxDepth])
    func scoringGivesThePointsOfFollowingEachTreesQuestions(depth: Int) {
        let width = TreeEnsemble.featureCount - 1
        let trees = Self.unevenTrees(count: 23, width: width, seed: UInt64(depth), depth: depth)
        let ensemble = TreeEnsemble(trees: trees)
        var generator = SplitMix(seed: 5)
        for _ in 0..<200 {
            var row = (0..<width).map { _ in (generator.unit() * 4).rounded() / 4 }
            row[Int(generator.next() % UInt64(width))] = .nan
            let linear = generator.unit() < 0.5 ? 0.5 : generator.unit()
            let expected = row.withUnsafeBufferPointer { values in
                trees.reduce(0.0) { total, tree in
                    total + tree.nodes[tree.leaf(values, linear: linear, linearIndex: TreeEnsemble.linearScore)].value
                }
            }
            #expect(row.withUnsafeBufferPointer { ensemble.points($0, linear: linear) } == expected)
        }
    }

    @Test func longPagesHaveTheirOwnThreshold() {
        var model = JudgeModel(threshold: 2, firstPass: nil, secondPass: LinearWeights())
        #expect(model.threshold(forLines: 39) == 2)
        #expect(model.threshold(forLines: 40) == 2)
        model.longPageThreshold = 3
        #expect(model.threshold(forLines: 39) == 2)
        #expect(model.threshold(forLines: JudgeModel.longPageLines) == 3)
        #expect(JudgeSettings(model: model, threshold: 1).threshold(forLines: 400) == 1, "the rules' own threshold wins")
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

extension TreeEnsembleTests {
    /// A leaf's name is its tree's number and the questions on the way to it, read word by word: what each reads
    /// as, and the names that are no leaf's.
    @Test func leafNamesAreReadWordByWord() throws {
        let words = try #require(TreeEnsemble.Naming.lines.indexes["words"])
        let url = try #require(TreeEnsemble.Naming.lines.indexes["url"])
        let (tree, path) = try #require(TreeEnsemble.parseLeafName("t012 words < 0.2500 & url >= 1.5000", naming: .lines))
        #expect(tree == 12)
        #expect(path == [TreeEnsemble.Step(feature: words, threshold: 0.25, below: true),
                         TreeEnsemble.Step(feature: url, threshold: 1.5, below: false)])
        #expect(TreeEnsemble.parseLeafName("t7 always", naming: .lines)?.0 == 7)
        #expect(TreeEnsemble.parseLeafName("t7 always", naming: .lines)?.1 == [])
        for broken in ["t", "x012 words < 0.25", "t012 words <= 0.25", "t012 words < 0.25 | url >= 1", "t012 nonsense < 1",
                       "t012 words < inf", "t012 words <", "t012  words < 0.25", "t012 words < 0.25 & "] {
            #expect(TreeEnsemble.parseLeafName(broken, naming: .lines) == nil, "\(broken)")
        }
    }
}
