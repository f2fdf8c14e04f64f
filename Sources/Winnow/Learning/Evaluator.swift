/// Runs a rules file over labelled documents and tallies the outcome (``Evaluation``), as it is, or
/// cross-validated: the judge's model retrained without the held-out sites for each fold.
public struct Evaluator: Sendable {
    public var ruleSet: RuleSet
    /// Whether the documents being scored are cleaned with the addresses their records give (as a JSONL record's
    /// `url` field gives it), or as bare text. Training uses them either way.
    public var givesAddresses = true

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    /// Cleans every document with the rules as they are.
    public func evaluate(_ sets: [LabelledSet]) throws(Rejection) -> Evaluation {
        var evaluation = Evaluation()
        let pipeline = try Pipeline(ruleSet: ruleSet)
        for set in sets {
            for document in set.documents { add(document, pipeline: pipeline, to: &evaluation) }
        }
        return evaluation
    }

    /// Cross-validation by site: the documents are split into `folds` groups that share no site; each group is
    /// cleaned with a judge model trained on the others (threshold included). Sets get their training weights.
    public func crossValidate(_ sets: [(set: LabelledSet, weight: Double)], trainer: JudgeTrainer,
                              documentTrainer: DocumentTrainer = DocumentTrainer(), folds: Int) throws(Rejection) -> Evaluation {
        let examples = try JudgeExamples.make(from: sets, ruleSet: ruleSet)
        let documents = sets.flatMap(\.set.documents)
        let split = SiteFolds(sites: documents.map(\.site), count: folds)
        let foldOfKey = Dictionary(zip(documents.map { $0.set + "/" + $0.file }, split.assignment), uniquingKeysWith: { first, _ in first })
        var evaluation = Evaluation()
        for fold in 0..<split.count {
            let training = examples.documents.indices.filter { foldOfKey[examples.documents[$0].key] != fold }
            var foldRules = ruleSet
            foldRules.judge.model = trainer.train(examples, documents: training)
            foldRules.judge.threshold = nil
            if ruleSet.judge.documentModel != nil { foldRules.judge.documentModel = documentTrainer.train(examples, documents: training, lineModel: foldRules.judge.model) }
            let pipeline = try Pipeline(ruleSet: foldRules)
            for (document, documentFold) in zip(documents, split.assignment) where documentFold == fold {
                add(document, pipeline: pipeline, to: &evaluation)
            }
        }
        return evaluation
    }

    /// Spam and keep lines placed inside host articles, cleaned with the rules as they are, or cross-validated:
    /// the spam model retrained for each fold of groups without them (the article lines of `articles` always train).
    /// A line it gets wrong carries the spam model's score when that came within `spamMargin` points of the threshold.
    public func evaluateSpam(_ lines: [SpamLine], articles: [SpamLine], hosts: [String: String], trainer: SpamTrainer?,
                             folds: Int, spamMargin: Double = SpamStage.nearMissMargin) throws(Rejection) -> SpamEvaluation {
        var evaluation = SpamEvaluation()
        func host(_ line: SpamLine) -> String { hosts[line.language] ?? hosts["en"] ?? "" }
        guard let trainer else {
            let pipeline = try Pipeline(ruleSet: ruleSet, explaining: true, spamMargin: spamMargin)
            for line in lines { evaluation.add(line, host: host(line), pipeline: pipeline) }
            return evaluation
        }
        let examples = try SpamTrainer.examples(lines + articles, ruleSet: ruleSet)
        let split = SiteFolds(sites: lines.map(\.group), count: folds)
        let foldOfGroup = Dictionary(zip(lines.map(\.group), split.assignment), uniquingKeysWith: { first, _ in first })
        for fold in 0..<split.count {
            let training = examples.indices.filter { examples[$0].line.kind == "article" || foldOfGroup[examples[$0].line.group] != fold }
            var foldRules = ruleSet
            let model = trainer.train(examples, indexes: training)
            foldRules.judge.spamModel = model
            var values = [Double](repeating: 0, count: SpamFeature.count)
            for example in examples where example.line.kind != "article" && example.line.kind != "page" && foldOfGroup[example.line.group] == fold {
                evaluation.heldOut.add(example.scored(by: model, values: &values).score, spam: example.line.spam)
            }
            let pipeline = try Pipeline(ruleSet: foldRules, explaining: true, spamMargin: spamMargin)
            for (line, lineFold) in zip(lines, split.assignment) where lineFold == fold {
                evaluation.add(line, host: host(line), pipeline: pipeline)
            }
        }
        return evaluation
    }

    private func add(_ labelled: LabelledDocument, pipeline: Pipeline, to evaluation: inout Evaluation) {
        let inputLines = Self.inputLines(labelled.bytes)
        do {
            let document = try pipeline.clean(id: labelled.file, source: labelled.file, bytes: labelled.bytes,
                                              url: givesAddresses ? labelled.url : nil)
            evaluation.add(labelled, outcome: DocumentOutcome(document, inputLines: inputLines))
        } catch {
            evaluation.rejected.append((labelled.file, error.description))
            evaluation.add(labelled, outcome: DocumentOutcome(rejectedLines: inputLines, rule: "rejected"))
        }
    }

    /// The text of every line (1-based, split on "\\n"), as the labels number them.
    static func inputLines(_ bytes: [UInt8]) -> [Int: String] {
        var lines: [Int: String] = [:]
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            lines[index + 1] = String(decoding: line, as: UTF8.self)
        }
        return lines
    }
}
