import WinnowICU

/// Runs a list of compiled rules in file order; each sees the lines that the rules before it left.
struct RuleRunner {
    let rules: [CompiledRule]

    init(_ rules: [Rule], extract: ExtractOptions, folder: TokenFolder) throws(Rejection) {
        var compiled: [CompiledRule] = []
        for rule in rules { compiled.append(try CompiledRule(rule, folder: folder, extract: extract)) }
        self.rules = compiled
    }

    func run(_ document: inout Document) throws(Rejection) {
        for rule in rules {
            if document.dropped != nil { return }
            try rule.apply(to: &document)
        }
    }
}

/// lines -> fewer lines. Runs the rules whose action removes lines or parts of lines: drop, drop_part,
/// cut_to_end, cut_from_start, drop_repeated. Every removal is logged with its rule id.
public struct StripStage: Stage {
    public let name = StageName.strip
    let runner: RuleRunner

    init(rules: [Rule], extract: ExtractOptions, folder: TokenFolder) throws(Rejection) {
        runner = try RuleRunner(rules.filter { $0.action.stage == .strip && !SpamStage.isSpamEvidence($0) }, extract: extract, folder: folder)
    }

    public func run(_ document: inout Document) throws(Rejection) { try runner.run(&document) }
}

/// lines -> fewer lines, gambling promotion first. Runs the spam evidence rules (rules with a score whose id
/// starts with `spam.`: the brand lists), then the spam model (`judge: {spam: ...}`), which weighs each line's
/// words and shapes, adds the points of the rules that matched it, and removes the lines that reach its
/// threshold, logged as the strongest brand-list rule that matched them or else as `spam.model`. Running
/// before the other rules, it names what it takes: a promotion line is spam, not a follow prompt.
public struct SpamStage: Stage {
    public let name = StageName.spam
    let runner: RuleRunner
    let model: SpamModel?
    let explaining: Bool
    /// When explaining: kept lines scored within this many points of the threshold are shown as near misses.
    let explainMargin: Double
    /// The readings of the tokens this stage has met (with a model).
    private let memo: SpamTokenMemo?

    /// The rule id logged for lines the spam model removed.
    public static let ruleID = "spam.model"
    /// Kept lines scored within this many points of the threshold are near misses, shown by `winnow explain`
    /// (unless it is given another margin, `--spam-margin`).
    public static let nearMissMargin = 1.0
    /// On a page where this many lines or more reach the threshold, the near misses go too: promotion comes in
    /// blocks, and a page that shows that much of it is a betting page or a hijacked one (a casino affiliate's
    /// page of safe-play advice between its offers). A single line of spam placed in an article, as the labelled
    /// lines are measured, changes nothing; nor does a news report on a case, whose lines name the sites once.
    public static let spamBlockLines = 3

    static func isSpamEvidence(_ rule: Rule) -> Bool { rule.isEvidence && rule.id.hasPrefix("spam.") }

    init(rules: [Rule], model: SpamModel?, extract: ExtractOptions, folder: TokenFolder, explaining: Bool,
         explainMargin: Double = SpamStage.nearMissMargin) throws(Rejection) {
        runner = try RuleRunner(rules.filter { $0.action.stage == .strip && Self.isSpamEvidence($0) }, extract: extract, folder: folder)
        self.model = model
        self.explaining = explaining
        self.explainMargin = explainMargin
        memo = model == nil ? nil : SpamTokenMemo()
    }

    public func run(_ document: inout Document) throws(Rejection) {
        try runner.run(&document)
        guard let model, !document.lines.isEmpty else { return }
        // The brand-list rules that matched each line (by input line number), with their points.
        var rulesByLine: [Int: [LineJudgement.Contribution]] = [:]
        for evidence in document.evidence where evidence.rule.hasPrefix("spam.") {
            rulesByLine[evidence.line, default: []].append(LineJudgement.Contribution(name: evidence.rule, points: evidence.score))
        }
        // One SpamTokens and one array of feature values serve all the lines; the values of a line that reaches
        // the threshold are kept when explaining.
        var tokens = SpamTokens()
        var values = [Double](repeating: 0, count: SpamFeature.count)
        var explained: [Int: (values: [Double], rules: Double)] = [:]
        // Lines that go whatever the score, with the rule their log names when no brand list matched them: the
        // first decision that holds of a keyword salad, a betting address alone, a brand's access line and a betting
        // tip (a listed brand alone is logged under its brand list).
        var decisions: [Int: String] = [:]
        // Lines whose vocabulary evidence alone reaches the model's second threshold, with that evidence.
        var byVocabulary: [Int: Double] = [:]
        // Betting tips (``BettingOdds``), which go whatever the score, with what the model's weights say of each: the
        // gate, which opens on words and shapes, may have closed on one, and its log and explanation give this.
        var tips: [Int: Double] = [:]
        let splitByInvisibles = document.wordsSplitByInvisibles
        let spelledGaps = document.spelledWordGaps
        let scores = document.withLineTexts { lines in
            lines.indices.map { index in
                tokens.read(lines.bytes(index), memo: memo, terms: model.terms,
                            spelledGaps: spelledGaps.isEmpty ? [] : spelledGaps[lines[index].number, default: []])
                // Letters kept apart by invisible characters the normalize stage dropped: a word spelled out.
                if !splitByInvisibles.isEmpty && splitByInvisibles.contains(lines[index].number) { tokens.spelledOut += 1 }
                let evidence = SpamFeature.measure(tokens, table: model.terms, into: &values)
                if model.goesOnVocabulary(values, evidence: evidence) { byVocabulary[index] = evidence }
                let rules = rulesByLine[lines[index].number]?.reduce(0) { $0 + $1.points } ?? 0
                let score = model.score(values, rules: rules)
                let brandAlone = SpamModel.isListedBrandAlone(values, rules: rules)
                let addressAlone = SpamModel.isBettingAddressAlone(tokens, values)
                if KeywordSalad.holds(tokens, line: lines.bytes(index)) {
                    decisions[index] = KeywordSalad.ruleID
                } else if addressAlone {
                    decisions[index] = SpamModel.bettingAddressRuleID
                } else if BrandAccess.holds(tokens, values) {
                    decisions[index] = BrandAccess.ruleID
                }
                if BettingOdds.isTip(tokens, values) {
                    tips[index] = model.weighedScore(values, rules: rules)
                    if decisions[index] == nil { decisions[index] = BettingOdds.ruleID }
                }
                if brandAlone && decisions[index] == nil { decisions[index] = Self.ruleID }
                // (A listed brand alone has its decision by now.)
                if explaining && (score >= model.threshold - explainMargin || decisions[index] != nil || byVocabulary[index] != nil) {
                    explained[index] = (values, rules)
                }
                return score
            }
        }
        var threshold = model.threshold
        if scores.lazy.filter({ $0 >= threshold }).count >= Self.spamBlockLines { threshold -= Self.nearMissMargin }
        var removals = Set<Int>()
        for (index, score) in scores.enumerated() where score >= threshold || decisions[index] != nil || byVocabulary[index] != nil {
            removals.insert(index)
        }
        // The evidence of a line that goes on its vocabulary and nothing else: its log and explanation give that,
        // against the second threshold.
        func onVocabularyAlone(_ index: Int) -> Double? {
            scores[index] < threshold && decisions[index] == nil ? byVocabulary[index] : nil
        }
        if explaining {
            for (index, line) in document.lines.enumerated() {
                guard let (values, rules) = explained[index] else { continue }
                let contributions = (SpamFeature.allCases
                    .map { LineJudgement.Contribution(name: "spam " + $0.name, points: model.weights[$0.rawValue] * values[$0.rawValue]) }
                    + [LineJudgement.Contribution(name: "spam disguise", points: SpamModel.disguise(values))]
                    + [LineJudgement.Contribution(name: "spam trees (\(model.trees.trees.count))",
                                                  points: model.treePoints(values, linear: model.linearScore(values, rules: rules)))]
                    + rulesByLine[line.number, default: []]
                    + (byVocabulary[index].map { [LineJudgement.Contribution(name: "spam vocabulary alone", points: $0)] } ?? []))
                    .filter { $0.points != 0 }.sorted { abs($0.points) > abs($1.points) }.prefix(5)
                let onVocabulary = onVocabularyAlone(index)
                let judgement = LineJudgement(line: line.number, score: onVocabulary ?? tips[index] ?? scores[index],
                                              threshold: onVocabulary != nil ? model.vocabularyAlone ?? threshold : threshold,
                                              contributions: Array(contributions))
                if removals.contains(index) { document.judgements.append(judgement) } else { document.spamNearMisses.append(judgement) }
            }
        }
        // A line a brand list matched is logged under that rule (its strongest), a keyword salad as such, other
        // lines as the model's.
        let numbers = document.lines.map(\.number)
        document.removeLines(at: removals, kind: .dropped) { index in
            let rule = rulesByLine[numbers[index]]?.max { $0.points < $1.points }?.name
                ?? (scores[index] >= threshold ? Self.ruleID
                    : decisions[index] ?? (onVocabularyAlone(index) != nil ? SpamModel.vocabularyRuleID : Self.ruleID))
            return (rule, onVocabularyAlone(index) ?? tips[index] ?? scores[index])
        }
    }
}

/// lines -> metadata. Runs the `extract` rules: the lines they match move into title, date (ISO 8601), author
/// or source_url, and are logged as extracted.
public struct ExtractStage: Stage {
    public let name = StageName.extract
    let runner: RuleRunner

    init(rules: [Rule], extract: ExtractOptions, folder: TokenFolder) throws(Rejection) {
        runner = try RuleRunner(rules.filter { $0.action.stage == .extract }, extract: extract, folder: folder)
    }

    public func run(_ document: inout Document) throws(Rejection) { try runner.run(&document) }
}

/// document -> kept or dropped. Runs the `drop_document` rules; the first whose conditions hold drops the
/// document with its reason (it is counted as dropped, not lost).
public struct FilterStage: Stage {
    public let name = StageName.filter
    let runner: RuleRunner

    init(rules: [Rule], extract: ExtractOptions, folder: TokenFolder) throws(Rejection) {
        runner = try RuleRunner(rules.filter { $0.action.stage == .filter }, extract: extract, folder: folder)
    }

    public func run(_ document: inout Document) throws(Rejection) { try runner.run(&document) }
}
