import Foundation

/// A labelled line for the spam model: gambling promotion (`spam`) or not (`keep`: news about gambling, near
/// misses, ordinary article text).
public struct SpamLine: Sendable {
    public var text: String
    public var spam: Bool
    public var language: String
    /// "brand", "phrase", "disguised", "news", "near-miss", or "article" for body lines of labelled pages.
    public var kind: String
    /// Lines of one group never straddle folds (the page or site they came from).
    public var group: String
    /// The page an article line is from.
    public var page: String = ""
    public var weight: Double

    public init(text: String, spam: Bool, language: String, kind: String, group: String, weight: Double = 1, page: String = "") {
        self.page = page
        self.text = text
        self.spam = spam
        self.language = language
        self.kind = kind
        self.group = group
        self.weight = weight
    }
}

/// Spam-line sets: JSONL records `{"label": "spam"|"keep", "lang", "kind", "url"}` with the line in `text`, or
/// (for third-party lines re-created per machine, as ../shared/devset/spam-lines.jsonl) a `sha256_norm` looked up
/// in a texts file of `{"text"}` records: the sha256 of the NFC, space-collapsed line.
public enum SpamLineSet {
    public static func load(_ path: String, texts: String? = nil) throws(LabelledSetError) -> (lines: [SpamLine], missing: Int) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        var byHash: [String: String] = [:]
        if let texts, let textData = FileManager.default.contents(atPath: texts) {
            for raw in textData.split(separator: UInt8(ascii: "\n")) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any],
                      let text = object["text"] as? String else { continue }
                byHash[sha256Hex(normalised(text))] = text
            }
        }
        var lines: [SpamLine] = []
        var missing = 0
        var number = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            guard raw.contains(where: { $0 != 0x20 && $0 != 0x0D }) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any],
                  let label = object["label"] as? String, label == "spam" || label == "keep" else {
                throw .badRecord(path, line: number, "needs \"label\": \"spam\" or \"keep\"")
            }
            let text = (object["text"] as? String) ?? (object["sha256_norm"] as? String).flatMap { byHash[$0] }
            guard let text else {
                missing += 1
                continue
            }
            let url = object["url"] as? String
            let group = url.map(LabelledDocument.site(of:)) ?? "\((path as NSString).lastPathComponent):\(number / 20)"
            // Lines that must stay weigh more: they are few, and losing one is worse than keeping a spam line.
            lines.append(SpamLine(text: text, spam: label == "spam", language: object["lang"] as? String ?? "und",
                                  kind: object["kind"] as? String ?? "?", group: group, weight: label == "spam" ? 1 : 3))
        }
        return (lines, missing)
    }

    /// NFC, white space collapsed to single spaces, trimmed (no-break spaces count as white space).
    static func normalised(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\u{00A0}", with: " ")
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Fits the spam model: a vocabulary of folded terms (naive Bayes), then logistic regression over the
/// ``SpamFeature``s with the vocabulary features of held-out groups, and a threshold that keeps news about
/// gambling and article text.
public struct SpamTrainer: Sendable {
    public var penalty = 0.0005
    /// The share of `keep` lines (news, near misses) the threshold keeps on held-out groups, and the share of
    /// article pages it leaves untouched (a page counts by its highest-scored body line).
    public var newsKept = 0.995
    public var articleKept = 0.99
    public var innerFolds = 4
    /// The word lists the model weighs (kept from the model being replaced).
    public var lexicon = SpamLexicon()
    public var report: (@Sendable (String) -> Void)?

    public init() {}

    /// A line as the spam model sees it: normalised by the rules' normalize settings.
    public struct Example: Sendable {
        public var line: SpamLine
        var tokens: SpamTokens
        public var terms: [String]
        /// The points of the `spam.` evidence rules (the brand lists) that matched the line.
        public var rulePoints: Double
    }

    /// Normalises every line as the pipeline would and reads its tokens.
    public static func examples(_ lines: [SpamLine], ruleSet: RuleSet) throws(Rejection) -> [Example] {
        var before = ruleSet
        before.pipeline = [.decode, .normalize]
        let pipeline = try Pipeline(ruleSet: before)
        // The brand lists (spam evidence rules) without the model: points added to the model's score.
        let spamRules = try SpamStage(rules: ruleSet.rules, model: nil, extract: ruleSet.extract, folder: try TokenFolder.make(), explaining: false)
        var examples: [Example] = []
        for line in lines {
            var document = Document(id: "spam", source: "spam", text: line.text.replacingOccurrences(of: "\n", with: " "))
            do { try pipeline.run(&document) } catch { continue }
            guard let first = document.lines.first else { continue }
            let tokens = document.text.withUnsafeBufferPointer { text in
                SpamTokens(UnsafeBufferPointer(rebasing: text[first.range]), keepWords: true)
            }
            try spamRules.run(&document)
            examples.append(Example(line: line, tokens: tokens, terms: tokens.terms, rulePoints: document.evidence.reduce(0) { $0 + $1.score }))
        }
        return examples
    }

    public func train(_ examples: [Example], indexes: [Int]? = nil) -> SpamModel {
        let chosen = indexes ?? Array(examples.indices)
        var model = fit(examples, chosen)
        // The threshold from scores of groups the fitted model did not see.
        let folds = SiteFolds(sites: chosen.map { examples[$0].line.group }, count: innerFolds)
        var keepScores: [Double] = [], spamScores: [Double] = []
        var articleScores: [Double] { Array(articleMaxima.values) }
        var articleMaxima: [String: Double] = [:]
        var keepTail: [(Double, String)] = []
        for fold in 0..<folds.count {
            let training = zip(chosen, folds.assignment).filter { $0.1 != fold }.map(\.0)
            let foldModel = fit(examples, training)
            for (index, documentFold) in zip(chosen, folds.assignment) where documentFold == fold {
                let example = examples[index]
                let score = foldModel.score(SpamFeature.values(example.tokens, table: foldModel.terms), rules: example.rulePoints)
                if example.line.spam { spamScores.append(score) }
                else if example.line.kind == "article" {
                    articleMaxima[example.line.page, default: -100] = max(articleMaxima[example.line.page, default: -100], score)
                    if score > 1.5 { keepTail.append((score, "[article " + example.line.group + "] " + example.line.text)) }
                }
                else {
                    keepScores.append(score)
                    keepTail.append((score, example.line.text))
                }
            }
        }
        func quantile(_ scores: [Double], _ share: Double) -> Double {
            guard !scores.isEmpty else { return -Double.infinity }
            let sorted = scores.sorted()
            return sorted[min(sorted.count - 1, max(0, Int((share * Double(sorted.count)).rounded(.up)) - 1))]
        }
        model.threshold = max(quantile(keepScores, newsKept), quantile(articleScores, articleKept)) + 1e-6
        if let report {
            let caught = spamScores.filter { $0 >= model.threshold }.count
            report(String(format: "spam: threshold %.3f; held out: spam caught %d of %d, keep lines above %d of %d, article pages above %d of %d",
                          model.threshold, caught, spamScores.count, keepScores.filter { $0 >= model.threshold }.count,
                          keepScores.count, articleScores.filter { $0 >= model.threshold }.count, articleScores.count))
            for (score, text) in keepTail.sorted(by: { $0.0 > $1.0 }).prefix(6) { report(String(format: "  keep %6.2f %@", score, String(text.prefix(120)))) }
        }
        return model
    }

    func fit(_ examples: [Example], _ chosen: [Int]) -> SpamModel {
        // The vocabulary features of each line from a vocabulary learned without its group.
        let folds = SiteFolds(sites: chosen.map { examples[$0].line.group }, count: innerFolds)
        var values: [Int: [Double]] = [:]
        for fold in 0..<folds.count {
            let training = zip(chosen, folds.assignment).filter { $0.1 != fold }.map(\.0)
            let table = SpamTermTable(vocabulary: learnVocabulary(examples, training), lexicon: lexicon)
            for (index, exampleFold) in zip(chosen, folds.assignment) where exampleFold == fold {
                values[index] = SpamFeature.values(examples[index].tokens, table: table)
            }
        }
        var regression = LogisticRegression()
        for index in chosen {
            regression.add(values[index] ?? [], target: examples[index].line.spam, weight: examples[index].line.weight)
        }
        let fit = regression.fit(penalty: penalty)
        return SpamModel(bias: fit.intercept, threshold: 0, weights: fit.coefficients, vocabulary: learnVocabulary(examples, chosen),
                         lexicon: lexicon)
    }

    func learnVocabulary(_ examples: [Example], _ chosen: [Int]) -> SpamVocabulary {
        SpamVocabulary.learn(from: chosen.map { (examples[$0].terms, examples[$0].line.spam, examples[$0].line.weight) })
    }
}

/// The SHA-256 of `text`'s UTF-8, as lower-case hex (for matching re-created lines to their records).
func sha256Hex(_ text: String) -> String {
    var state = SHA256()
    state.update(Array(text.utf8))
    return state.finalize().map { String(format: "%02x", $0) }.joined()
}

/// SHA-256 (FIPS 180-4), small and self-contained: the labelled sets name re-created texts by it.
struct SHA256 {
    private var hash: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
        0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
        0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
        0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    mutating func update(_ bytes: [UInt8]) {
        length += UInt64(bytes.count)
        buffer += bytes
        while buffer.count >= 64 {
            block(Array(buffer[0..<64]))
            buffer.removeFirst(64)
        }
    }

    mutating func finalize() -> [UInt8] {
        var tail = buffer + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = length * 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        for start in stride(from: 0, to: tail.count, by: 64) { block(Array(tail[start..<(start + 64)])) }
        return hash.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    private mutating func block(_ chunk: [UInt8]) {
        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { (value >> count) | (value << (32 - count)) }
        var w = [UInt32](repeating: 0, count: 64)
        for index in 0..<16 {
            w[index] = UInt32(chunk[4 * index]) << 24 | UInt32(chunk[4 * index + 1]) << 16 | UInt32(chunk[4 * index + 2]) << 8 | UInt32(chunk[4 * index + 3])
        }
        for index in 16..<64 {
            let s0 = rotate(w[index - 15], 7) ^ rotate(w[index - 15], 18) ^ (w[index - 15] >> 3)
            let s1 = rotate(w[index - 2], 17) ^ rotate(w[index - 2], 19) ^ (w[index - 2] >> 10)
            w[index] = w[index - 16] &+ s0 &+ w[index - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (hash[0], hash[1], hash[2], hash[3], hash[4], hash[5], hash[6], hash[7])
        for index in 0..<64 {
            let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ Self.k[index] &+ w[index]
            let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        hash = zip(hash, [a, b, c, d, e, f, g, h]).map { $0 &+ $1 }
    }
}

/// How well a pipeline treats spam lines and the lines that must stay, each placed inside an ordinary article
/// (as the judging sets are built): spam removed by spam evidence (a rule or model whose id starts with
/// `spam.`), spam removed by accident (another rule), keep lines lost.
public struct SpamEvaluation: Sendable {
    public struct Tally: Sendable, Equatable {
        public var lines = 0
        public var removedBySpam = 0
        public var removedOtherwise = 0

        public init() {}
        public var removed: Int { removedBySpam + removedOtherwise }
    }

    /// By "spam" or "keep", then language, then kind.
    public var tallies: [String: Tally] = [:]
    /// Keep lines lost and spam lines kept, with what took them.
    public var misses: [(line: SpamLine, rule: String?)] = []

    public init() {}

    /// Host articles by language ("vi" and "en", from rules/labelled/hosts).
    public static func hosts(folder: String) -> [String: String] {
        var hosts: [String: String] = [:]
        for language in ["vi", "en"] {
            if let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("host-\(language).txt")) {
                hosts[language] = String(decoding: data, as: UTF8.self)
            }
        }
        return hosts
    }

    /// Puts `line` after the host's fourth non-empty line (its second paragraph), cleans, and counts its fate.
    public mutating func add(_ line: SpamLine, host: String, pipeline: Pipeline) {
        var lines = host.components(separatedBy: "\n")
        var seen = 0
        var at = lines.count
        for (index, text) in lines.enumerated() where !text.isEmpty {
            seen += 1
            if seen == 4 { at = index + 1; break }
        }
        lines.insert(contentsOf: ["", line.text.replacingOccurrences(of: "\n", with: " ")], at: min(at, lines.count))
        let number = min(at, lines.count) + 2
        var fate: String?? = .none   // nil: kept; .some(rule)
        do {
            let document = try pipeline.clean(id: "spam", source: "spam", bytes: Array(lines.joined(separator: "\n").utf8))
            if let drop = document.dropped {
                fate = .some(drop.rule)
            } else if !document.lines.contains(where: { $0.number == number }) {
                fate = .some(document.edits.first { $0.line == number && $0.kind != .trimmed && $0.kind != .rewritten }?.rule ?? "?")
            }
        } catch {
            fate = .some("rejected")
        }
        for key in ["\(line.spam ? "spam" : "keep")", "\(line.spam ? "spam" : "keep") \(line.language)",
                    "\(line.spam ? "spam" : "keep") \(line.language) \(line.kind)"] {
            var tally = tallies[key, default: Tally()]
            tally.lines += 1
            if case .some(let rule) = fate {
                if rule?.hasPrefix("spam.") == true || rule == "filter.gambling-page" { tally.removedBySpam += 1 } else { tally.removedOtherwise += 1 }
            }
            tallies[key] = tally
        }
        let removed: Bool = if case .some = fate { true } else { false }
        if removed != line.spam {
            if case .some(let rule) = fate { misses.append((line, rule)) } else { misses.append((line, nil)) }
        }
    }

    public var text: String {
        var out = "spam lines inside an article          lines   removed by spam evidence   removed otherwise   kept\n"
        for key in tallies.keys.sorted() {
            let tally = tallies[key]!
            let share = { (part: Int) in String(format: "%.3f (%d)", Double(part) / Double(max(1, tally.lines)), part) }
            out += EvaluationReport.pad(key, 36) + EvaluationReport.left(String(tally.lines), 7)
                + EvaluationReport.left(share(tally.removedBySpam), 27) + EvaluationReport.left(share(tally.removedOtherwise), 20)
                + EvaluationReport.left(share(tally.lines - tally.removed), 16) + "\n"
        }
        return out
    }
}
