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
    /// article pages it leaves untouched (a page counts by its highest-scored body line). At 99% of article pages
    /// (until stop 36) the quoted-vocabulary model's threshold fell to 1.70 and took four more body lines of
    /// articles in cross-validation ("Seven Tips for Repurposing Video Content"); at 99.5% it stands at 1.86.
    public var newsKept = 0.995
    public var articleKept = 0.995
    /// The share of `keep` lines, and of article pages, that the second threshold (a line going on its vocabulary
    /// evidence alone, ``SpamModel/vocabularyAlone``) keeps on held-out groups; nil: no such decision.
    public var vocabularyKept: Double?
    /// The most terms the vocabulary keeps, the strongest evidence first (``SpamVocabulary/learn(from:minimumLines:limit:)``).
    public var vocabularySize = SpamVocabulary.defaultSize
    public var innerFolds = 4
    /// Rounds of boosted trees on top of the weighted score (0: the weights alone), fitted on the held-out
    /// vocabulary features the weights learn from.
    public var trees = 0
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

        /// The line's score under `model` (the brand lists' points included) and its vocabulary evidence
        /// (``SpamFeature/measure(_:table:into:)``); `values` is scratch space, left holding the line's features.
        func scored(by model: SpamModel, values: inout [Double]) -> (score: Double, evidence: Double) {
            let evidence = SpamFeature.measure(tokens, table: model.terms, into: &values)
            return (model.score(values, rules: rulePoints), evidence)
        }
    }

    /// Normalises every line as the pipeline would and reads its tokens.
    public static func examples(_ lines: [SpamLine], ruleSet: RuleSet) throws(Rejection) -> [Example] {
        var before = ruleSet
        before.pipeline = [.decode, .normalize]
        let pipeline = try Pipeline(ruleSet: before)
        // The brand lists (spam evidence rules) without the model: points added to the model's score.
        let spamRules = try SpamStage(rules: ruleSet.rules, model: nil, extract: ruleSet.extract, folder: try TokenFolder.make(), explaining: false)
        // The brands the evidence rules name earn the rules' points; their words learn no weight of their own in the
        // vocabulary, where news about a brand ("OKVIP" in a police report) would teach the model to cancel those
        // points on a line that is only the brand.
        let brands = Self.ruleKeywords(ruleSet.rules)
        var examples: [Example] = []
        for line in lines {
            var document = Document(id: "spam", source: "spam", text: line.text.replacingOccurrences(of: "\n", with: " "))
            do { try pipeline.run(&document) } catch { continue }
            guard let first = document.lines.first else { continue }
            var tokens = document.text.withUnsafeBufferPointer { text in
                SpamTokens(UnsafeBufferPointer(rebasing: text[first.range]), keepWords: true,
                           spelledGaps: document.spelledWordGaps[first.number, default: []])
            }
            if document.wordsSplitByInvisibles.contains(first.number) { tokens.spelledOut += 1 }
            try spamRules.run(&document)
            examples.append(Example(line: line, tokens: tokens, terms: tokens.terms.filter { !brands.contains($0) },
                                    rulePoints: document.evidence.reduce(0) { $0 + $1.score }))
        }
        return examples
    }

    /// The keywords of the spam evidence rules (ids starting with `spam.`, with a score), lower-cased: the terms
    /// the vocabulary leaves to them.
    static func ruleKeywords(_ rules: [Rule]) -> Set<String> {
        func keywords(_ spec: MatcherSpec) -> [String] {
            spec.conditions.flatMap { condition -> [String] in
                switch condition {
                case .keywords(let words), .edgeKeywords(let words): words.map { $0.lowercased() }
                case .any(let specs): specs.flatMap(keywords)
                default: []
                }
            }
        }
        return Set(rules.filter(SpamStage.isSpamEvidence).flatMap { $0.matcher.map(keywords) ?? [] })
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
        // The held-out vocabulary evidence of the lines that could go on it (three words or more; else -infinity).
        var keepEvidence: [Double] = [], spamEvidence: [Double] = [], articleEvidence: [String: Double] = [:]
        var values = [Double](repeating: 0, count: SpamFeature.count)
        for fold in 0..<folds.count {
            let training = zip(chosen, folds.assignment).filter { $0.1 != fold }.map(\.0)
            let foldModel = fit(examples, training)
            for (index, documentFold) in zip(chosen, folds.assignment) where documentFold == fold {
                let example = examples[index]
                let scored = example.scored(by: foldModel, values: &values)
                let score = scored.score
                let evidence = SpamModel.hasThreeWordsOrMore(values) ? scored.evidence : -.infinity
                if example.line.spam { spamScores.append(score); spamEvidence.append(evidence) }
                else if example.line.kind == "article" {
                    articleEvidence[example.line.page] = max(articleEvidence[example.line.page, default: -.infinity], evidence)
                    articleMaxima[example.line.page, default: -100] = max(articleMaxima[example.line.page, default: -100], score)
                    if score > 1.5 { keepTail.append((score, "[article " + example.line.group + "] " + example.line.text)) }
                }
                else {
                    keepEvidence.append(evidence)
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
        if let vocabularyKept {
            let cut = max(quantile(keepEvidence, vocabularyKept), quantile(Array(articleEvidence.values), vocabularyKept))
            // Where nothing to keep could go (too few lines held out), no decision rather than one at -infinity.
            model.vocabularyAlone = cut.isFinite ? (cut * 1000).rounded(.up) / 1000 + 0.001 : nil
        }
        if let report {
            let caught = spamScores.filter { $0 >= model.threshold }.count
            report(String(format: "spam: threshold %.3f; held out: spam caught %d of %d, keep lines above %d of %d, article pages above %d of %d",
                          model.threshold, caught, spamScores.count, keepScores.filter { $0 >= model.threshold }.count,
                          keepScores.count, articleScores.filter { $0 >= model.threshold }.count, articleScores.count))
            // What other thresholds would buy: spam caught at the score that keeps each share of the keep lines.
            let trade = [0.95, 0.98, 0.99, 0.995, 0.999].map { share -> String in
                let cut = quantile(keepScores, share) + 1e-6
                return String(format: "%.3f keeps -> %.3f caught", share, Double(spamScores.filter { $0 >= cut }.count) / Double(max(1, spamScores.count)))
            }
            report("  trade-off: " + trade.joined(separator: ", "))
            report(String(format: "  set by: keep lines %.3f, article pages %.3f", quantile(keepScores, newsKept), quantile(articleScores, articleKept)))
            if let vocabularyAlone = model.vocabularyAlone {
                report(String(format: "  vocabulary alone: at %.3f; held out: spam caught %d of %d (%d of them under the threshold), keep lines above %d, article pages above %d",
                              vocabularyAlone, spamEvidence.filter { $0 >= vocabularyAlone }.count, spamEvidence.count,
                              zip(spamEvidence, spamScores).filter { $0.0 >= vocabularyAlone && $0.1 < model.threshold }.count,
                              keepEvidence.filter { $0 >= vocabularyAlone }.count, articleEvidence.values.filter { $0 >= vocabularyAlone }.count))
            }
            for (score, text) in keepTail.sorted(by: { $0.0 > $1.0 }).prefix(12) { report(String(format: "  keep %6.2f %@", score, String(text.prefix(120)))) }
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
        var model = SpamModel(bias: fit.intercept, threshold: 0, weights: fit.coefficients, vocabulary: learnVocabulary(examples, chosen),
                              lexicon: lexicon)
        if trees > 0 {
            // Each line's held-out values and its weighted score (with the brand lists' points): where the trees start.
            var rows: [Double] = [], targets: [Bool] = [], weights: [Double] = [], base: [Double] = []
            for index in chosen {
                guard let row = values[index] else { continue }
                let linear = model.linearScore(row, rules: examples[index].rulePoints)
                rows += row
                rows.append(linear)
                targets.append(examples[index].line.spam)
                weights.append(examples[index].line.weight)
                base.append(linear)
            }
            var boosting = GradientBoosting()
            boosting.rounds = trees
            model.trees = boosting.fit(values: rows, width: SpamFeature.count + 1, targets: targets, weights: weights, base: base, naming: .spam)
        }
        return model
    }

    func learnVocabulary(_ examples: [Example], _ chosen: [Int]) -> SpamVocabulary {
        SpamVocabulary.learn(from: chosen.map { (examples[$0].terms, examples[$0].line.spam, examples[$0].line.weight) },
                             limit: vocabularySize)
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
    /// Keep lines lost and spam lines kept, with what took them, and the spam model's score of the line when the
    /// pipeline explains: for a line it removed, or one it kept within a point of its threshold (nil further
    /// below, or when the pipeline does not explain).
    public var misses: [(line: SpamLine, rule: String?, spam: LineJudgement?)] = []
    /// Cross-validated only: each held-out line's score under the model of its fold (``HeldOutSpamScores``).
    public var heldOut = HeldOutSpamScores()

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
        var judgement: LineJudgement?
        do {
            let document = try pipeline.clean(id: "spam", source: "spam", bytes: Array(lines.joined(separator: "\n").utf8))
            judgement = document.spamNearMisses.first { $0.line == number }
                ?? document.judgements.first { $0.line == number && $0.contributions.contains { $0.name.hasPrefix("spam") } }
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
            misses.append((line, fate ?? nil, judgement))
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
        if let summary = heldOut.summary { out += summary + "\n" }
        return out
    }
}

/// The scores held-out lines got from the model of their fold (the brand lists' points included), spam lines and
/// lines to keep apart. Read together they give the trade-off the model offers whatever threshold each fold set: a
/// change to the model, its lexicon or its features compared this way is not swamped by where the folds' thresholds
/// fall (they are set by the few lines to keep that score highest, and a small change moves them by more than it
/// moves the spam). What the spam stage decides beside the score (a listed brand alone, a betting address, a
/// keyword salad, a betting tip) is not in it.
public struct HeldOutSpamScores: Sendable {
    public var spam: [Double] = []
    public var keep: [Double] = []

    public init(spam: [Double] = [], keep: [Double] = []) {
        self.spam = spam
        self.keep = keep
    }

    public mutating func add(_ score: Double, spam isSpam: Bool) {
        if isSpam { spam.append(score) } else { keep.append(score) }
    }

    /// The share of spam lines that score above the score under which `share` of the lines to keep stay; nil
    /// without scores of both kinds.
    public func tradeOff(keeping share: Double) -> Double? {
        guard !spam.isEmpty, !keep.isEmpty else { return nil }
        let sorted = keep.sorted()
        let cut = sorted[min(sorted.count - 1, max(0, Int((share * Double(sorted.count)).rounded(.up)) - 1))]
        return Double(spam.filter { $0 > cut }.count) / Double(spam.count)
    }

    /// The shares of lines to keep ``summary`` reports.
    public static let shares = [0.98, 0.99, 0.995]

    /// One line of the trade-off at ``shares``; nil without scores.
    public var summary: String? {
        guard tradeOff(keeping: Self.shares[0]) != nil else { return nil }
        return "held out, spam scoring above the lines to keep (\(spam.count) spam, \(keep.count) to keep): "
            + Self.shares.map { String(format: "%.1f%% kept -> %.3f", $0 * 100, tradeOff(keeping: $0) ?? 0) }.joined(separator: ", ")
    }
}
