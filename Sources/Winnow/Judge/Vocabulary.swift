import Foundation

/// Words with weights: how much each says its line is page junk (positive) or article text (negative), learned
/// from labelled lines as naive-Bayes log-odds. The vocabulary of furniture is shared across sites ("Trang chủ",
/// "Đăng nhập", "Advertisement", "Ảnh"), and a line's words add up to one feature of the judge.
public struct Vocabulary: Sendable, Equatable {
    /// Word (folded: letters, case-folded) and weight, strongest first: what the model file lists.
    public private(set) var entries: [(word: String, weight: Double)]
    /// The same weights by the hash the line scan computes.
    let table: WordTable<Double>

    public init(_ entries: [(word: String, weight: Double)]) {
        self.entries = entries
        self.table = WordTable(entries.map { (WordHash.hash($0.word), $0.weight) })
    }

    public static func == (left: Vocabulary, right: Vocabulary) -> Bool {
        left.entries.count == right.entries.count
            && zip(left.entries, right.entries).allSatisfy { $0.word == $1.word && $0.weight == $1.weight }
    }

    /// The weight of a folded word.
    public func weight(of word: String) -> Double { table[WordHash.hash(word)] ?? 0 }

    /// The most words a learned vocabulary keeps. Cross-validated by site on 3,122 pages (stop 45), 6,000 instead of
    /// 3,000 removed 484 more junk lines (scraped pages 209) and kept 15 more body lines; 1,500 removed 381 fewer
    /// and kept 37 fewer (README, "Judgement").
    public static let limit = 6000

    /// The two feature values of a line of folded `words`, as the line scan reads a line: training reads held-out
    /// vocabularies this way.
    func features(of words: [String]) -> Features {
        var weights = LineWeights()
        for word in words {
            if let weight = table[WordHash.hash(word)] { weights.add(weight) }
        }
        return weights.features(words: words.count)
    }

    /// A line's known words' weights, added up word by word: the line scan and training read a line alike.
    struct LineWeights {
        private(set) var sum = 0.0
        /// The highest weight of a known word (nil: none known): one word of furniture ("votes", "subscribe")
        /// inside a sentence of ordinary words, which the sum drowns.
        private(set) var strongest: Double?

        mutating func add(_ weight: Double) {
            sum += weight
            strongest = max(strongest ?? weight, weight)
        }

        /// The `vocabulary` and `vocabulary.strongest` feature values of a line of `words` words with letters: the sum
        /// scaled by the square root of the words (a long paragraph does not win by length alone), both capped to
        /// -1...1; a line with no known word says nothing either way.
        func features(words: Int) -> Features {
            Features(sum: words == 0 ? 0 : max(-1, min(1, sum / sqrt(Double(words)) / 4)),
                     strongest: strongest.map { max(-1, min(1, $0 / 4)) } ?? 0)
        }
    }

    /// The two feature values a line's words give the judge.
    struct Features {
        var sum: Double
        var strongest: Double
    }

    /// Naive-Bayes log-odds of every word seen in at least `minimumLines` lines (weighted counts), with add-one
    /// smoothing, keeping the `limit` words with the most evidence (|log-odds| times the square root of their
    /// count). `lines` are each line's folded words and whether it is junk, with its weight.
    public static func learn(from lines: [(words: [String], junk: Bool, weight: Double)], minimumLines: Double = 3,
                             limit: Int = Self.limit) -> Vocabulary {
        var junkCount: [String: Double] = [:]
        var bodyCount: [String: Double] = [:]
        var junkTotal = 0.0, bodyTotal = 0.0
        for line in lines {
            for word in Set(line.words) {
                if line.junk { junkCount[word, default: 0] += line.weight } else { bodyCount[word, default: 0] += line.weight }
            }
            if line.junk { junkTotal += line.weight } else { bodyTotal += line.weight }
        }
        guard junkTotal > 0, bodyTotal > 0 else { return Vocabulary([]) }
        var scored: [(word: String, weight: Double, evidence: Double)] = []
        for word in Set(junkCount.keys).union(bodyCount.keys) {
            let junk = junkCount[word] ?? 0, body = bodyCount[word] ?? 0
            guard junk + body >= minimumLines else { continue }
            let odds = log((junk + 0.5) / (junkTotal + 1)) - log((body + 0.5) / (bodyTotal + 1))
            let weight = max(-4, min(4, odds))
            guard abs(weight) >= 0.3 else { continue }
            scored.append((word, weight, abs(weight) * sqrt(junk + body)))
        }
        scored.sort { ($0.evidence, $1.word) > ($1.evidence, $0.word) }
        return Vocabulary(scored.prefix(limit).map { ($0.word, ($0.weight * 1000).rounded() / 1000) })
    }
}

/// Lines that mostly repeat another line's words: a caption restating a paragraph, a teaser of the article, a
/// pull quote. Found by four-word shingles: a line of eight words or more whose shingles are mostly seen in one
/// other line, and that is the shorter (or later) of the two.
enum NearCopies {
    /// `words` holds each line's word hashes in order.
    static func find(_ words: [[UInt64]]) -> Set<Int> {
        var total = 0
        for line in words where line.count >= 8 { total += line.count - 3 }
        guard total > 0 else { return [] }
        // The first line that has each shingle, by open addressing (Swift's hashed dictionaries cost more than
        // the rest of the features here); a shingle is counted for the later lines that have it too. The table
        // is read and written through pointers: this loop runs for every word of every page.
        var capacity = 16
        while capacity < total * 2 { capacity <<= 1 }
        let mask = capacity - 1
        let keys = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: capacity)
        keys.initialize(repeating: 0)
        // An owner is read only where a key was written with it.
        let owners = UnsafeMutableBufferPointer<Int32>.allocate(capacity: capacity)
        defer {
            keys.deallocate()
            owners.deallocate()
        }
        var shingleCounts = [Int](repeating: 0, count: words.count)
        // For each line, the earlier lines it shares shingles with, and how many.
        var shared: [[(line: Int, count: Int)]] = Array(repeating: [], count: words.count)
        for (index, line) in words.enumerated() where line.count >= 8 {
            shingleCounts[index] = line.count - 3
            line.withUnsafeBufferPointer { line in
                for start in 0...(line.count - 4) {
                    var key: UInt64 = 0x9E37_79B9_7F4A_7C15
                    for offset in 0..<4 { key = (key ^ line[start + offset]) &* 0x100_0000_01b3 }
                    key |= 1   // never 0: 0 marks an empty slot
                    var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
                    while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
                    if keys[slot] == 0 {
                        keys[slot] = key
                        owners[slot] = Int32(index)
                        continue
                    }
                    let owner = Int(owners[slot])
                    guard owner != index else { continue }
                    if let at = shared[index].firstIndex(where: { $0.line == owner }) {
                        shared[index][at].count += 1
                    } else {
                        shared[index].append((owner, 1))
                    }
                }
            }
        }
        // A line mostly made of an earlier line's shingles, or an earlier line mostly made of its: the shorter of
        // the two is the copy (a caption or teaser restates a longer paragraph), the later one when they are as long.
        var result = Set<Int>()
        for index in words.indices {
            for (other, count) in shared[index] {
                let mine = shingleCounts[index], theirs = shingleCounts[other]
                if mine <= theirs && Double(count) >= 0.6 * Double(mine) { result.insert(index) }
                if theirs < mine && Double(count) >= 0.6 * Double(theirs) { result.insert(other) }
            }
        }
        return result
    }
}
