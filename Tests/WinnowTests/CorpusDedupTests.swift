import Foundation
import Testing
@testable import Winnow

/// Light edits of an article, as a site reprinting a wire story makes them.
enum Reprint {
    /// The article without its `paragraph`-th long paragraph, with one word changed in another.
    static func edited(_ article: String, dropping paragraph: Int, changing word: Int) -> String {
        var lines = article.components(separatedBy: "\n")
        let long = lines.indices.filter { lines[$0].split(separator: " ").count >= 25 }
        if !long.isEmpty { lines.remove(at: long[paragraph % long.count]) }
        let others = lines.indices.filter { lines[$0].split(separator: " ").count >= 25 }
        if let target = others.first {
            var words = lines[target].split(separator: " ").map(String.init)
            words[word % words.count] = "khẳng định"
            lines[target] = words.joined(separator: " ")
        }
        return lines.joined(separator: "\n")
    }
}

@Suite struct CorpusDedupTests {
    let hasher = MinHasher()

    func tokens(_ text: String) -> [UInt64] {
        var tokens: [UInt64] = []
        var text = text
        text.withUTF8 { MinHasher.words($0, into: &tokens) }
        return tokens
    }

    @Test func wordsAreSyllablesFoldedOutOfCase() {
        #expect(tokens("Hà Nội, TP.HCM và ĐÀ NẴNG “mới”…").count == 8)
        #expect(tokens("HÀ NỘI ĐÀ NẴNG Ơ Ư") == tokens("hà nội đà nẵng ơ ư"))
        #expect(tokens("Ông Nam nói: \"Tốt\".") == tokens("ông nam nói tốt"))
        #expect(tokens("10/2016 và 1.000 Bảng") == tokens("10 2016 và 1 000 bảng"))
        #expect(tokens("—  ...  !!").isEmpty)
    }

    @Test func shinglesAreSortedDistinctAndShortTextsHaveOne() {
        let five = hasher.shingles(tokens("một hai ba bốn năm sáu một hai ba bốn năm sáu"))
        #expect(five == five.sorted() && Set(five).count == five.count)
        #expect(five.count == 6)
        #expect(hasher.shingles(tokens("ba từ thôi")).count == 1)
        #expect(hasher.shingles([]).isEmpty)
        #expect(MinHasher.jaccard([1, 2, 3, 4], [3, 4, 5, 6]) == 2.0 / 6.0)
        #expect(MinHasher.jaccard([], []) == 0)
    }

    @Test func signaturesAgreeAboutAsOftenAsTheSetsOverlap() {
        // Two sets of 1,000 shingles sharing 600: Jaccard 600 / 1,400.
        let shared = (0..<600).map { UInt32($0 * 7919 + 13) }
        let left = (shared + (0..<400).map { UInt32(10_000_000 + $0 * 31) }).sorted()
        let right = (shared + (0..<400).map { UInt32(20_000_000 + $0 * 37) }).sorted()
        let a = hasher.signature(left), b = hasher.signature(right)
        let agreement = Double(zip(a, b).filter { $0 == $1 }.count) / Double(a.count)
        #expect(abs(agreement - 600.0 / 1400.0) < 0.13)
        #expect(hasher.signature(left) == a)
        #expect(MinHasher(seed: 1).signature(left) != a)
    }

    func index(_ texts: [String], settings: DedupSettings = DedupSettings()) throws -> (DedupIndex, [DedupIndex.Cluster]) {
        let index = try DedupIndex(settings: settings)
        let hasher = MinHasher(settings: settings)
        for (number, document) in try SitePages.normalised(texts, folder: "in/site").enumerated() {
            index.add(id: "\(number)", source: document.source, sketch: hasher.sketch(document))
        }
        return (index, index.resolve())
    }

    @Test func findsExactAndNearCopiesAndKeepsTheLongest() throws {
        let articles = try SitePages.articles(6)
        let edited = Reprint.edited(articles[2], dropping: 1, changing: 5)
        let texts = [articles[0], edited, articles[1], articles[2], articles[3], articles[2], articles[4]]
        let (index, clusters) = try index(texts)
        #expect(clusters.count == 1)
        let cluster = try #require(clusters.first)
        #expect(cluster.number == 1)
        // The untouched article (first seen at 3) beats the shorter reprint seen before it.
        #expect(cluster.kept.index == 3)
        #expect(cluster.dropped.map(\.index) == [1, 5])
        #expect(cluster.dropped[0].exact == false && cluster.dropped[0].jaccard >= 0.8 && cluster.dropped[0].jaccard < 1)
        #expect(cluster.dropped[1].exact && cluster.dropped[1].jaccard == 1)
        #expect(index.statistics.exactDropped == 1 && index.statistics.nearDropped == 1)
        var first = DedupSettings()
        first.keep = .first
        #expect(try self.index(texts, settings: first).1.first?.kept.index == 1)
    }

    @Test func clustersAreTheComponentsOfSimilarPairsAsBruteForceFindsThem() throws {
        // Chains of reprints, each a little further from the original, among unrelated articles: the clusters
        // are the connected components of the pairs at or above the threshold, compared pair by pair.
        let articles = try SitePages.articles(24)
        var texts: [String] = []
        for (number, article) in articles.enumerated() {
            texts.append(article)
            if number % 3 == 0 {
                var reprint = article
                for step in 0..<(1 + number % 4) {
                    reprint = Reprint.edited(reprint, dropping: step + number, changing: step * 3 + number)
                    texts.append(reprint)
                }
            }
        }
        let (_, clusters) = try index(texts)
        let hasher = MinHasher()
        let sets = try SitePages.normalised(texts, folder: "in/site").map { hasher.sketch($0).shingles }
        var forest = UnionFind(sets.count)
        for a in sets.indices {
            for b in sets.indices where b > a && !sets[a].isEmpty && MinHasher.jaccard(sets[a], sets[b]) >= 0.8 {
                forest.union(Int32(a), Int32(b))
            }
        }
        var brute: [Int32: [Int]] = [:]
        for item in sets.indices { brute[forest.find(Int32(item)), default: []].append(item) }
        let expected = Set(brute.values.filter { $0.count > 1 }.map { Set($0) })
        let found = Set(clusters.map { Set([$0.kept.index] + $0.dropped.map(\.index)) })
        #expect(found == expected)
        #expect(found.count >= 4)
    }

    @Test func settingsAreChecked() {
        var settings = DedupSettings()
        #expect(settings.problem == nil && settings.rows == 4)
        settings.bands = 30
        #expect(settings.problem == "bands must divide permutations (128)")
        settings = DedupSettings()
        settings.threshold = 0
        #expect(settings.problem != nil)
    }

    @Test func rulesFileDedupSectionIsReadAndChecked() throws {
        let rules = try loadRules(["main.yaml": """
            version: 1
            corpus:
              dedup: {shingle: 3, permutations: 64, bands: 16, threshold: 0.9, keep: first}
            rules: []
            """])
        #expect(rules.corpus.dedup.rows == 4 && rules.corpus.dedup.keep == .first && rules.corpus.dedup.shingle == 3)
        #expect(rules.corpus.dedup.threshold == 0.9)
        #expect(throws: RulesErrors.self) {
            try loadRules(["main.yaml": "version: 1\ncorpus:\n  dedup: {permutations: 100, bands: 32}\n"])
        }
        #expect(throws: RulesErrors.self) {
            try loadRules(["main.yaml": "version: 1\ncorpus:\n  dedup: {keep: shortest}\n"])
        }
    }
}

@Suite struct MinHashArithmeticTests {
    @Test func signatureHalvesEqualTheSixtyFourBitFormula() {
        let hasher = MinHasher(permutations: 16)
        let shingles: [UInt32] = [0, 1, 7, 0xFFFF_FFFF, 0x8000_0000, 123_456_789, 0xDEAD_BEEF]
        let signature = hasher.signature(shingles)
        for function in 0..<16 {
            #expect(signature[function] == shingles.map { hasher.value($0, function: function) }.min())
        }
    }

    @Test func radixSortSorts() {
        var state: UInt64 = 42
        var values = (0..<1000).map { _ in UInt32(truncatingIfNeeded: MinHasher.splitMix(&state)) } + [0, .max, 5, 5]
        let expected = values.sorted()
        MinHasher.radixSort(&values)
        #expect(values == expected)
    }
}
