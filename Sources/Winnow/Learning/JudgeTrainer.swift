import Foundation

/// The lines of labelled documents as they reach the judge stage: their features, the evidence rules that matched
/// them, and their labels. Made once, then fitted on any subset of the documents (cross-validation folds).
public struct JudgeExamples: Sendable {
    public struct Row: Sendable {
        public var features: [Double]
        /// Ids of the evidence rules that matched the line.
        public var rules: [String]
        /// Its folded words (the `vocabulary` feature is filled at fitting time from them).
        public var words: [String]
        /// Where it is, for reports: "SET/FILE:LINE text".
        public var origin: String
        /// The line's text as it reached the judge.
        public var text: String
        public var label: LineLabel
        /// The line's weight in training: its set's weight, shared out so that a long page counts no more than
        /// ``JudgeExamples/linesPerDocument`` lines.
        public var weight: Double
        /// Input lines it stands for: 1, plus the lines the join stage appended to it.
        public var inputLines: Int = 1
    }

    public struct DocumentRows: Sendable {
        /// "SET/FILE": which labelled document the rows are from.
        public var key: String
        /// The document is labelled as not an article: the document model learns from it, the line passes do not.
        public var drop: Bool
        /// Its ``DocumentFeature``s, measured on every line that reached the judge.
        public var documentFeatures: [Double]
        /// The document as it reached the judge, for measuring the page the line model keeps.
        public var document: Document
        /// Lines that reached the judge.
        public var lineCount: Int
        public var site: String
        public var set: String
        public var rows: [Row]
    }

    /// A page with more lines than this counts as this many: the crude whole pages (hundreds of menu lines) must
    /// not drown the short scraped articles.
    public static let linesPerDocument = 40.0

    public var documents: [DocumentRows] = []
    /// Every evidence rule of the rules, in file order.
    public var ruleIDs: [String] = []

    /// The body lines of the labelled articles as the spam model meets them, for its training: after the brand
    /// lists and the rules before the judge, but never thinned by a spam model. Made from examples that ran the
    /// shipped spam model, they would lack the article lines that model already took, exactly the ones that
    /// should hold a retrained model's threshold up: the threshold would follow the model it replaces.
    public static func spamArticleLines(from sets: [(set: LabelledSet, weight: Double)], ruleSet: RuleSet) throws(Rejection) -> [SpamLine] {
        var withoutModel = ruleSet
        withoutModel.judge.spamModel = nil
        return try make(from: sets, ruleSet: withoutModel).articleLines()
    }

    /// The body lines of the article pages and their title, date, author and source lines ("Nguồn: quochoi.vn"
    /// is a credit, not an address a promoter planted), as lines the spam model must keep ("article" lines), each
    /// page's lines weighing `weight` in all.
    public func articleLines(weight: Double = 2) -> [SpamLine] {
        documents.filter { !$0.drop }.flatMap { document in
            let body = document.rows.filter { $0.label != .junk }
            return body.map { SpamLine(text: $0.text, spam: false, language: "", kind: "article", group: document.site,
                                       weight: weight / Double(max(1, body.count)), page: document.key) }
        }
    }
    /// Their own scores: where their learned weights start, and stay when the data says little.
    public var ruleScores: [String: Double] = [:]

    public init() {}

    /// Runs the pipeline's stages before the judge on every document and measures what the judge would see.
    public static func make(from sets: [(set: LabelledSet, weight: Double)], ruleSet: RuleSet) throws(Rejection) -> JudgeExamples {
        var examples = JudgeExamples()
        examples.ruleIDs = ruleSet.rules.filter(\.isEvidence).map(\.id)
        for rule in ruleSet.rules { if let score = rule.score { examples.ruleScores[rule.id] = score } }
        var before = ruleSet
        before.pipeline = Array(ruleSet.pipeline.prefix { $0 != .judge })
        let pipeline = try Pipeline(ruleSet: before)
        for (set, weight) in sets {
            for labelled in set.documents {
                var document = Document(id: labelled.file, source: labelled.file, bytes: labelled.bytes)
                do { try pipeline.run(&document) } catch { continue }
                if document.dropped != nil { continue }
                examples.documents.append(rows(of: document, labelled: labelled, setWeight: weight))
            }
        }
        return examples
    }

    static func rows(of document: Document, labelled: LabelledDocument, setWeight: Double) -> DocumentRows {
        var markers = CutMarkers()
        var rulesByLine: [Int: [String]] = [:]
        for item in document.evidence {
            if !(rulesByLine[item.line]?.contains(item.rule) ?? false) { rulesByLine[item.line, default: []].append(item.rule) }
            switch item.kind {
            case .cutToEnd: markers.cutToEnd = min(markers.cutToEnd ?? item.line, item.line)
            case .cutFromStart: markers.cutFromStart = max(markers.cutFromStart ?? item.line, item.line)
            case .line: break
            }
        }
        let matrix = LineFeatureExtractor.features(of: document, markers: markers,
                                                   evidence: Set(rulesByLine.filter { $0.value.contains(where: JudgeStage.isCaptionLikeEvidence) }.keys),
                                                   captions: Set(rulesByLine.filter { $0.value.contains(where: JudgeStage.isCaptionRule) }.keys))
        var joinedInto: [Int: Int] = [:]
        for host in document.joinHosts().values { joinedInto[host, default: 0] += 1 }
        let width = LineFeature.count
        let weight = setWeight * min(1, linesPerDocument / Double(max(1, document.lines.count)))
        var rows: [Row] = []
        for (index, line) in document.lines.enumerated() {
            // A line the labels do not know (it was empty in the raw text) teaches nothing.
            guard let label = labelled.labels[line.number] else { continue }
            rows.append(Row(features: Array(matrix.values[(index * width)..<((index + 1) * width)]),
                            rules: rulesByLine[line.number] ?? [], words: WordHash.words(of: document.text(of: line)),
                            origin: "\(labelled.set)/\(labelled.file):\(line.number) \(document.text(of: line))",
                            text: document.text(of: line),
                            label: label, weight: weight, inputLines: 1 + (joinedInto[line.number] ?? 0)))
        }
        return DocumentRows(key: labelled.set + "/" + labelled.file, drop: labelled.drop,
                            documentFeatures: DocumentFeature.measure(document), document: document, lineCount: document.lines.count, site: labelled.site, set: labelled.set, rows: rows)
    }
}

/// Fits the judge's two passes, its vocabulary and its threshold from labelled lines.
public struct JudgeTrainer: Sendable {
    /// L2 strength per unit of sample weight, for the line features and for the evidence rules' weights (pulled
    /// towards the rules' own scores).
    public var penalty: Double = 0.0001
    public var rulePenalty: Double = 0.001
    /// The share of body lines the threshold keeps, per group of sets (default for groups not named).
    public var bodyKept: Double = 0.99
    public var bodyKeptByGroup: [String: Double] = [:]
    /// The group of each set (a set not named is a group of its own).
    public var groupOfSet: [String: String] = [:]
    /// Folds (by site) for choosing the threshold on predictions the model did not train on, and for the first
    /// pass's scores that the second pass learns from.
    public var thresholdFolds = 3
    public var innerFolds = 3
    /// Boosted trees fitted on top of the second pass (nil: a model of two linear passes only).
    public var boosting: GradientBoosting?
    /// Whether pages of ``JudgeModel/longPageLines`` lines or more get a threshold of their own.
    public var longPageThreshold = false
    /// Told what the threshold search found (each set's threshold and the body lines that set it).
    public var report: (@Sendable (String) -> Void)?

    public init() {}

    /// The model fitted on `documents` (indexes into `examples.documents`; all when nil), with its threshold.
    public func train(_ examples: JudgeExamples, documents: [Int]? = nil) -> JudgeModel {
        // Pages to drop whole are the document model's to learn; their lines would teach the line passes that
        // article-like teasers are junk.
        let chosen = (documents ?? Array(examples.documents.indices)).filter { !examples.documents[$0].drop }
        let ruleIDs = firedRules(examples, documents: chosen)
        var model = fit(examples, documents: chosen, ruleIDs: ruleIDs)
        // Scores of lines the fitting models did not see, to choose the threshold honestly.
        let folds = SiteFolds(sites: chosen.map { examples.documents[$0].site }, count: thresholdFolds)
        var held: [(score: Double, body: Bool, set: String, origin: String, lines: Int)] = []
        var heldLong: [(score: Double, body: Bool, set: String, origin: String, lines: Int)] = []
        for fold in 0..<folds.count {
            let training = zip(chosen, folds.assignment).filter { $0.1 != fold }.map(\.0)
            let testing = zip(chosen, folds.assignment).filter { $0.1 == fold }.map(\.0)
            guard !training.isEmpty, !testing.isEmpty else { continue }
            let foldModel = fit(examples, documents: training, ruleIDs: ruleIDs)
            for index in testing {
                let document = examples.documents[index]
                for (row, score) in zip(document.rows, scores(of: index, in: examples, model: foldModel))
                where row.label == .body || row.label == .junk {
                    let line = (score, row.label == .body, document.set, row.origin, row.inputLines)
                    if document.lineCount >= JudgeModel.longPageLines { heldLong.append(line) } else { held.append(line) }
                }
            }
        }
        // Short pages (extracted articles) and long ones (whole pages with their menus) get a threshold each,
        // every group keeping its share of body lines in both.
        switch (longPageThreshold && held.contains { $0.body }, heldLong.contains { $0.body }) {
        case (true, true):
            report?("pages of fewer than \(JudgeModel.longPageLines) lines:")
            model.threshold = threshold(for: held)
            report?("pages of \(JudgeModel.longPageLines) lines or more:")
            model.longPageThreshold = threshold(for: heldLong)
        default:
            model.threshold = threshold(for: held + heldLong)
        }
        return model
    }

    /// The evidence rules that matched a line of the chosen documents: only those get a learned weight (a rule
    /// the data never shows keeps its own score).
    func firedRules(_ examples: JudgeExamples, documents: [Int]) -> [String] {
        var fired = Set<String>()
        for index in documents { for row in examples.documents[index].rows { fired.formUnion(row.rules) } }
        return examples.ruleIDs.filter(fired.contains)
    }

    /// Both passes and the vocabulary, fitted on `documents`.
    func fit(_ examples: JudgeExamples, documents: [Int], ruleIDs: [String]) -> JudgeModel {
        let heldOut = heldOutVocabularyFeatures(examples, documents: documents)
        let first = fitPass(examples, documents: documents, ruleIDs: ruleIDs, vocabulary: heldOut, firstScores: nil)
        // The second pass learns from first-pass scores like those of unseen pages: out of fold, by site.
        let folds = SiteFolds(sites: documents.map { examples.documents[$0].site }, count: innerFolds)
        var firstScores: [Int: [Double]] = [:]
        for fold in 0..<folds.count {
            let training = zip(documents, folds.assignment).filter { $0.1 != fold }.map(\.0)
            let foldPass = fitPass(examples, documents: training, ruleIDs: ruleIDs, vocabulary: heldOut, firstScores: nil)
            for (index, documentFold) in zip(documents, folds.assignment) where documentFold == fold {
                let matrix = self.matrix(of: index, in: examples, vocabulary: heldOut[index] ?? [])
                firstScores[index] = (0..<matrix.rows).map {
                    JudgeStage.score(row: $0, of: matrix, evidence: evidence(of: index, row: $0, in: examples), weights: foldPass)
                }
            }
        }
        let second = fitPass(examples, documents: documents, ruleIDs: ruleIDs, vocabulary: heldOut, firstScores: firstScores)
        var model = JudgeModel(threshold: 0, firstPass: first, secondPass: second, vocabulary: vocabulary(examples, documents: documents))
        if let boosting {
            model.trees = fitTrees(boosting, examples, documents: documents, vocabulary: heldOut, firstScores: firstScores, secondPass: second)
        }
        return model
    }

    /// Trees boosted from the second pass's scores, on the same rows it learned from (its context features made
    /// from out-of-fold first-pass scores), each row's features followed by its second-pass score.
    func fitTrees(_ boosting: GradientBoosting, _ examples: JudgeExamples, documents: [Int], vocabulary: [Int: [Vocabulary.Features]],
                  firstScores: [Int: [Double]], secondPass: LinearWeights) -> TreeEnsemble {
        var values: [Double] = [], targets: [Bool] = [], weights: [Double] = [], base: [Double] = []
        let width = LineFeature.count
        for index in documents {
            var matrix = self.matrix(of: index, in: examples, vocabulary: vocabulary[index] ?? [])
            if let scores = firstScores[index] { LineFeature.fillSecondPass(&matrix, firstPass: scores) }
            for (rowIndex, row) in examples.documents[index].rows.enumerated() {
                let linear = JudgeStage.score(row: rowIndex, of: matrix, evidence: evidence(of: index, row: rowIndex, in: examples), weights: secondPass)
                values += matrix.values[(rowIndex * width)..<((rowIndex + 1) * width)]
                values.append(linear)
                targets.append(!row.label.isBody)
                weights.append(row.weight)
                base.append(linear)
            }
        }
        return boosting.fit(values: values, width: TreeEnsemble.featureCount, targets: targets, weights: weights, base: base)
    }

    /// One pass fitted on `documents`: without `firstScores` a first pass (its context features are zero), with
    /// them a second pass.
    func fitPass(_ examples: JudgeExamples, documents: [Int], ruleIDs: [String], vocabulary: [Int: [Vocabulary.Features]],
                 firstScores: [Int: [Double]]?) -> LinearWeights {
        var regression = LogisticRegression()
        let ruleColumn = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
        let width = LineFeature.count
        for index in documents {
            var matrix = self.matrix(of: index, in: examples, vocabulary: vocabulary[index] ?? [])
            if let scores = firstScores?[index] { LineFeature.fillSecondPass(&matrix, firstPass: scores) }
            for (rowIndex, row) in examples.documents[index].rows.enumerated() {
                var values = Array(matrix.values[(rowIndex * width)..<((rowIndex + 1) * width)])
                values += [Double](repeating: 0, count: ruleIDs.count)
                for rule in row.rules { if let column = ruleColumn[rule] { values[width + column] = 1 } }
                regression.add(values, target: !row.label.isBody, weight: row.weight)
            }
        }
        let priors = [Double](repeating: 0, count: width) + ruleIDs.map { examples.ruleScores[$0] ?? 0 }
        let penalties = [Double](repeating: penalty, count: width) + [Double](repeating: rulePenalty, count: ruleIDs.count)
        let fit = regression.fit(penalty: penalty, penalties: penalties, priors: priors)
        var rules: [String: Double] = [:]
        for (column, id) in ruleIDs.enumerated() { rules[id] = fit.coefficients[width + column] }
        return LinearWeights(bias: fit.intercept, features: Array(fit.coefficients[0..<width]), rules: rules)
    }

    /// The rows of document `index` as a feature matrix, with the given `vocabulary` feature values.
    func matrix(of index: Int, in examples: JudgeExamples, vocabulary: [Vocabulary.Features]) -> FeatureMatrix {
        let rows = examples.documents[index].rows
        var matrix = FeatureMatrix(rows: rows.count, values: rows.flatMap(\.features))
        for (rowIndex, value) in vocabulary.enumerated() where rowIndex < rows.count {
            matrix[rowIndex, .vocabulary] = value.sum
            matrix[rowIndex, .vocabularyStrongest] = value.strongest
        }
        return matrix
    }

    func evidence(of index: Int, row: Int, in examples: JudgeExamples) -> [(rule: String, score: Double)] {
        examples.documents[index].rows[row].rules.map { ($0, examples.ruleScores[$0] ?? 0) }
    }

    /// The scores `model` gives the rows of document `index`, as the judge stage computes them.
    func scores(of index: Int, in examples: JudgeExamples, model: JudgeModel) -> [Double] {
        let rows = examples.documents[index].rows
        var matrix = self.matrix(of: index, in: examples, vocabulary: rows.map { model.vocabulary.features(of: $0.words) })
        let evidence = rows.indices.map { self.evidence(of: index, row: $0, in: examples) }
        if let first = model.firstPass {
            let scores = rows.indices.map { JudgeStage.score(row: $0, of: matrix, evidence: evidence[$0], weights: first) }
            LineFeature.fillSecondPass(&matrix, firstPass: scores)
        }
        return rows.indices.map { row in
            let linear = JudgeStage.score(row: row, of: matrix, evidence: evidence[row], weights: model.secondPass)
            guard let trees = model.trees else { return linear }
            return linear + matrix.withRow(row) { trees.points($0, linear: linear) }
        }
    }

    /// The vocabulary learned from the lines of `documents`.
    func vocabulary(_ examples: JudgeExamples, documents: [Int]) -> Vocabulary {
        var lines: [(words: [String], junk: Bool, weight: Double)] = []
        for index in documents {
            for row in examples.documents[index].rows { lines.append((row.words, !row.label.isBody, row.weight)) }
        }
        return Vocabulary.learn(from: lines)
    }

    /// The two vocabulary features of every row of `documents`, each from a vocabulary learned without its site's
    /// fold: the weights of the features must be learned from values like those of unseen pages.
    func heldOutVocabularyFeatures(_ examples: JudgeExamples, documents: [Int]) -> [Int: [Vocabulary.Features]] {
        let folds = SiteFolds(sites: documents.map { examples.documents[$0].site }, count: innerFolds)
        var result: [Int: [Vocabulary.Features]] = [:]
        for fold in 0..<folds.count {
            let training = zip(documents, folds.assignment).filter { $0.1 != fold }.map(\.0)
            let vocabulary = self.vocabulary(examples, documents: training)
            for (index, documentFold) in zip(documents, folds.assignment) where documentFold == fold {
                result[index] = examples.documents[index].rows.map { vocabulary.features(of: $0.words) }
            }
        }
        return result
    }

    /// Every row as one JSON line (features by name, rules, label, weight, set, site, document, held-out
    /// vocabulary feature), for studying the data with other tools.
    public func dump(_ examples: JudgeExamples) -> String {
        let all = Array(examples.documents.indices)
        let vocabulary = heldOutVocabularyFeatures(examples, documents: all)
        var out = ""
        for index in all {
            let document = examples.documents[index]
            var header = JSONObjectWriter()
            header.add("document", raw: JSON.string(document.key))
            header.add("set", raw: JSON.string(document.set))
            header.add("site", raw: JSON.string(document.site))
            header.add("drop", raw: document.drop ? "true" : "false")
            header.add("f", raw: "[" + document.documentFeatures.map { String($0) }.joined(separator: ",") + "]")
            out += header.json + "\n"
            let matrix = self.matrix(of: index, in: examples, vocabulary: vocabulary[index] ?? [])
            for (rowIndex, row) in document.rows.enumerated() {
                let width = LineFeature.count
                var object = JSONObjectWriter()
                object.add("doc", raw: String(index))
                object.add("key", raw: JSON.string(document.key))
                object.add("set", raw: JSON.string(document.set))
                object.add("site", raw: JSON.string(document.site))
                object.add("label", raw: JSON.string(row.label.rawValue))
                object.add("weight", raw: String(row.weight))
                object.add("rules", raw: "[" + row.rules.map(JSON.string).joined(separator: ",") + "]")
                object.add("x", raw: "[" + matrix.values[(rowIndex * width)..<((rowIndex + 1) * width)].map { String($0) }.joined(separator: ",") + "]")
                object.add("origin", raw: JSON.string(row.origin))
                out += object.json + "\n"
            }
        }
        return out
    }

    /// The lowest threshold (removing the most) at which every set keeps its share of body lines.
    func threshold(for scored: [(score: Double, body: Bool, set: String, origin: String, lines: Int)]) -> Double {
        var result = -Double.infinity
        let group = { (set: String) in groupOfSet[set] ?? set }
        for set in Set(scored.map { group($0.set) }).sorted() {
            let target = bodyKeptByGroup[set] ?? bodyKept
            let body = scored.filter { group($0.set) == set && $0.body }.sorted { $0.score < $1.score }
            guard !body.isEmpty else { continue }
            // Keep at least `target` of the body lines, counted as input lines (a joined line stands for all the
            // lines it was made of): the threshold must be above the scores of that many.
            let total = body.reduce(0) { $0 + $1.lines }
            let keep = Int((target * Double(total)).rounded(.up))
            var index = 0, counted = body[0].lines
            while counted < keep && index + 1 < body.count { index += 1; counted += body[index].lines }
            let needed = body[index].score + 1e-6
            if let report {
                let junk = scored.filter { group($0.set) == set && !$0.body }
                let removed = junk.filter { $0.score >= needed }.reduce(0) { $0 + $1.lines }
                report(String(format: "%@: keeping %.3f of %d body lines needs threshold %.3f (junk removed there %.3f)",
                              set, target, total, needed, Double(removed) / Double(max(1, junk.reduce(0) { $0 + $1.lines }))))
                for line in body.suffix(6).reversed() { report(String(format: "  %7.3f %@", line.score, String(line.origin.prefix(140)))) }
            }
            result = max(result, needed)
        }
        return result.isFinite ? result : 0
    }
}

/// Documents shared out into folds so that every page of a site lands in the same fold: a model is never tested
/// on a site it trained on. Sites are ordered by a hash of their name (stable across runs and machines), then
/// dealt out largest first to the fold with the fewest documents.
public struct SiteFolds: Sendable {
    public var count: Int
    /// The fold of each document, in the order given.
    public var assignment: [Int]

    public init(sites: [String], count: Int) {
        let distinct = Set(sites)
        let folds = max(1, min(count, distinct.count))
        var sizes: [String: Int] = [:]
        for site in sites { sizes[site, default: 0] += 1 }
        let ordered = distinct.sorted { left, right in
            if sizes[left]! != sizes[right]! { return sizes[left]! > sizes[right]! }
            return Self.stableHash(left) < Self.stableHash(right)
        }
        var load = [Int](repeating: 0, count: folds)
        var foldOf: [String: Int] = [:]
        for site in ordered {
            let fold = load.indices.min { load[$0] < load[$1] || (load[$0] == load[$1] && $0 < $1) }!
            foldOf[site] = fold
            load[fold] += sizes[site]!
        }
        self.count = folds
        self.assignment = sites.map { foldOf[$0]! }
    }

    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

/// Fits the document model: logistic regression over ``DocumentFeature``s, each labelled page counting once,
/// then (with `trees` rounds) boosted trees on top of its score, with a threshold above the score of every
/// article held out by site (plus a margin): when in doubt, keep.
public struct DocumentTrainer: Sendable {
    public var penalty = 0.001
    /// Rounds of boosted trees on top of the weights (0: the weights alone).
    public var trees = 0
    public var folds = 5
    /// Points above the highest held-out article's score. Cross-validated by site with the trees (outer folds,
    /// each with its threshold from inner folds; 2,103 pages), a margin of 0.5 dropped an article that 1.0 kept.
    public var margin = 1.0
    public var report: (@Sendable (String) -> Void)?

    public init() {}

    /// The document model fitted on `documents` (all when nil), each page measured on the lines `lineModel` keeps
    /// of it (as the judge stage measures it), or on every line without a line model.
    public func train(_ examples: JudgeExamples, documents: [Int]? = nil, lineModel: JudgeModel? = nil) -> DocumentModel {
        // The judge decides on pages of at least `documentMinimumLines` lines: learn from those.
        let chosen = (documents ?? Array(examples.documents.indices)).filter {
            examples.documents[$0].lineCount >= JudgeStage.documentMinimumLines
        }
        let features = Self.pageFeatures(examples, documents: chosen, lineModel: lineModel)
        var model = fit(examples, documents: chosen, features: features)
        let split = SiteFolds(sites: chosen.map { examples.documents[$0].site }, count: folds)
        var articleScores: [(Double, String)] = []
        var dropScores: [(Double, String)] = []
        for fold in 0..<split.count {
            let training = zip(chosen, split.assignment).filter { $0.1 != fold }.map(\.0)
            let foldModel = fit(examples, documents: training, features: features)
            for (index, documentFold) in zip(chosen, split.assignment) where documentFold == fold {
                let document = examples.documents[index]
                let score = foldModel.score(features[index]!)
                if document.drop { dropScores.append((score, document.key)) } else { articleScores.append((score, document.key)) }
            }
        }
        let highest = articleScores.max { $0.0 < $1.0 }
        model.threshold = (highest?.0 ?? 0) + margin
        if let report {
            let caught = dropScores.filter { $0.0 >= model.threshold }.count
            report(String(format: "documents: threshold %.3f (highest held-out article %@ at %.3f); held-out pages to drop caught %d of %d",
                          model.threshold, highest?.1 ?? "-", highest?.0 ?? 0, caught, dropScores.count))
            for (score, key) in articleScores.sorted(by: { $0.0 > $1.0 }).prefix(4) { report(String(format: "  article %7.3f %@", score, key)) }
            for (score, key) in dropScores.sorted(by: { $0.0 < $1.0 }) { report(String(format: "  drop    %7.3f %@", score, key)) }
        }
        return model
    }

    /// Each chosen page's features: on the lines `lineModel` keeps, else on all its lines.
    static func pageFeatures(_ examples: JudgeExamples, documents: [Int], lineModel: JudgeModel?) -> [Int: [Double]] {
        let judge = lineModel.map { JudgeStage(settings: JudgeSettings(model: $0)) }
        var features: [Int: [Double]] = [:]
        for index in documents {
            let rows = examples.documents[index]
            features[index] = judge.map { DocumentFeature.measure($0.keptPage(of: rows.document)) } ?? rows.documentFeatures
        }
        return features
    }

    func fit(_ examples: JudgeExamples, documents: [Int], features: [Int: [Double]]) -> DocumentModel {
        var regression = LogisticRegression()
        for index in documents {
            regression.add(features[index]!, target: examples.documents[index].drop)
        }
        let fit = regression.fit(penalty: penalty)
        var model = DocumentModel(bias: fit.intercept, threshold: 0, weights: fit.coefficients)
        guard trees > 0, !documents.isEmpty else { return model }
        // Each page's measurements and its linear score (`score.linear`), the score the trees start from.
        let linear = documents.map { model.linearScore(features[$0]!) }
        let values = zip(documents, linear).flatMap { features[$0.0]! + [$0.1] }
        var boosting = GradientBoosting()
        boosting.rounds = trees
        boosting.depth = Self.treeDepth
        boosting.learningRate = Self.learningRate
        boosting.minimumLeafWeight = Self.minimumLeafWeight
        model.trees = boosting.fit(values: values, width: DocumentFeature.count + 1,
                                   targets: documents.map { examples.documents[$0].drop },
                                   weights: [Double](repeating: 1, count: documents.count), base: linear, naming: .documents)
        return model
    }

    /// The trees' shape, chosen by the held-out pages to drop caught below the highest held-out article (10 of
    /// 194 with these, 7 with the line model's depth 3, rate 0.1 and smaller leaves): deeper questions, smaller
    /// steps, and no question asked of fewer than a few dozen pages.
    static let treeDepth = 4
    static let learningRate = 0.05
    static let minimumLeafWeight = 10.0
}
