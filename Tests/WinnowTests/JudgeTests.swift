import Foundation
import Testing
@testable import Winnow

/// Scored evidence, the judge stage, its model file, training and the labelled-document evaluation.
@Suite struct JudgeTests {
    /// Rules with a score are evidence: without a model the judge adds up their points (SpamAssassin's scheme)
    /// and a line goes when the sum reaches the threshold, logged under the rule that weighed most.
    @Test func evidenceRulesAddUpAgainstTheThreshold() throws {
        let rules = try loadRules(["main.yaml": """
            judge: {threshold: 3}
            rules:
              - {id: shape.short, action: drop, score: 1.5, match: {words: {max: 3}}}
              - {id: word.promo, action: drop, score: 2, match: {contains: [Promo]}}
            """])
        let document = try clean("Promo now\nA plain sentence of the article goes on here.\nShort line\nPromo offer with many words in it today.", rules: rules)
        #expect(document.paragraphs == ["A plain sentence of the article goes on here.", "Short line", "Promo offer with many words in it today."])
        #expect(document.edits.map(\.rule) == ["word.promo"])
        #expect(document.edits.first?.score == 3.5)
        #expect(document.evidence.map(\.line).sorted() == [1, 1, 3, 4])
    }

    /// A rule named in `judge.decisive` removes what it matched whatever the points say; the judge names the
    /// rules it is given, so a typo is an error with its position.
    @Test func aDecisiveRuleRemovesItsLinesWhateverThePoints() throws {
        let rules = try loadRules(["main.yaml": """
            judge:
              threshold: 30
              decisive: [shape.bar]
            rules:
              - {id: shape.bar, action: drop, score: 1, match: {exact: ["|"]}}
              - {id: word.promo, action: drop, score: 2, match: {contains: [Promo]}}
            """])
        let document = try clean("A plain sentence of the article goes on here.\n|\nPromo offer with many words in it today.", rules: rules)
        #expect(document.paragraphs == ["A plain sentence of the article goes on here.", "Promo offer with many words in it today."])
        #expect(document.edits.map(\.rule) == ["shape.bar"])

        #expect(rulesErrors("judge:\n  decisive: [shape.typo]\nrules:\n  - {id: shape.bar, action: drop, score: 1, match: {exact: [x]}}\n")
            .hasPrefix("main.yaml:2:14: error: the judge names rule 'shape.typo', which no rules file defines"))
    }

    /// A rule named in `judge.decisive_on_most_lines` decides alone on a page where it matched half of the lines
    /// or more (a page that is its HTML head), and leaves one line of its kind among paragraphs to the points.
    @Test func aRuleDecisiveOnMostLinesTakesAPageOfItsLinesOnly() throws {
        let rules = try loadRules(["main.yaml": """
            judge:
              threshold: 30
              decisive_on_most_lines: [markup.tag]
            rules:
              - {id: markup.tag, action: drop, score: 1, match: {regex: '^<(meta|link|script)\\b'}}
            """])
        let head = try clean("<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"a.png\">\nSite name\n<script src=\"a.js\"></script>", rules: rules)
        #expect(head.paragraphs == ["Site name"])
        #expect(head.edits.map(\.rule) == ["markup.tag", "markup.tag", "markup.tag"])

        let tutorial = try clean("Add the script to the page, before the closing tag of its body.\n<script src=\"a.js\"></script>\nThen reload the page and open the console to see it run.", rules: rules)
        #expect(tutorial.paragraphs.count == 3)
        #expect(tutorial.edits.isEmpty)
    }

    /// `drop_repeated` with `adjacent: true` takes a line equal to the one right before it, not a list given
    /// again further down; `adjacent` goes with `drop_repeated` only.
    @Test func anAdjacentRepeatIsACopyAndALaterOneIsNot() throws {
        let rules = try loadRules(["main.yaml": """
            rules:
              - {id: copy.next, action: drop_repeated, adjacent: true, match: {words: {min: 3}}}
            """])
        let document = try clean("The bridge over the river\nThe bridge over the river\nThe council voted to fund it.\nThe bridge over the river", rules: rules)
        #expect(document.paragraphs == ["The bridge over the river", "The council voted to fund it.", "The bridge over the river"])
        #expect(document.edits.map(\.line) == [2])

        #expect(rulesErrors("rules:\n  - {id: a.b, action: drop, adjacent: true, match: {exact: [x]}}\n")
            == "main.yaml:2:39: error: 'adjacent' is for drop_repeated rules")
    }

    /// The errors loading `yaml` as main.yaml gives, or "no error".
    func rulesErrors(_ yaml: String) -> String {
        do { _ = try loadRules(["main.yaml": yaml]); return "no error" } catch { return error.description }
    }

    @Test func scoreGoesWithLineActionsAndNeedsTheJudgeStage() {
        #expect(rulesErrors("rules:\n  - {id: a.b, action: extract, field: title, score: 2, match: {first: 1}}\n")
            == "main.yaml:2:53: error: a score is evidence about lines: it goes with drop, cut_to_end, cut_from_start or drop_repeated, not extract")
        #expect(rulesErrors("pipeline: [decode, normalize, strip, write]\nrules:\n  - {id: a.b, action: drop, score: 2, match: {exact: [x]}}\n")
            == "main.yaml:3:5: error: rule 'a.b' has a score, but the pipeline has no 'judge' stage to weigh it (add judge after extract)")
    }

    /// A related-news heading inside an article takes its teasers, not the article after them.
    /// `text` cleaned by one rule: a "Related" heading that cuts its block (`until_paragraph`).
    func cleanUnderARelatedHeadingRule(_ text: String) throws -> Document {
        let rules = try loadRules(["main.yaml": """
            rules:
              - {id: related.x, action: cut_to_end, until_paragraph: true, match: {exact: [Related]}}
            """])
        return try clean(text, rules: rules)
    }

    @Test func cutUntilParagraphStopsAtTheNextParagraph() throws {
        let text = "The council met on Monday and voted to fund the new bridge.\nRelated\nMayor opens park\nRoad closed\nWork on the bridge starts in June, officials said after the vote.\nRelated\nLast teaser"
        let document = try cleanUnderARelatedHeadingRule(text)
        #expect(document.paragraphs == ["The council met on Monday and voted to fund the new bridge.",
                                        "Work on the bridge starts in June, officials said after the vote."])
    }

    /// A teaser's sapo cut off with an ellipsis is the block's, however long: the cut goes on to the next whole
    /// paragraph or the end.
    @Test func cutUntilParagraphGoesOnThroughTeasersCutOffWithAnEllipsis() throws {
        let text = "Gunmen attacked the office of the police chief on Friday evening, officials said.\nRelated\nUmpire banned for six days\nFor violating the biosecure bubble, the umpire has been banned for six days by the board…\nPM loses majority\nIn a significant breakthrough, the combined opposition secured an agreement with the party..."
        let document = try cleanUnderARelatedHeadingRule(text)
        #expect(document.paragraphs == ["Gunmen attacked the office of the police chief on Friday evening, officials said."])
    }

    @Test func cutUntilParagraphStopsAtALineThatOpensTheArticlesOwnList() throws {
        let text = "The council met on Monday and voted to fund the new bridge.\nRelated\nMayor opens park\nThe bridge will cost the town about four million dollars, paid as follows:\nState grant: 2.5 million\nTown bonds: 1.5 million"
        let document = try cleanUnderARelatedHeadingRule(text)
        #expect(document.paragraphs == ["The council met on Monday and voted to fund the new bridge.",
                                        "The bridge will cost the town about four million dollars, paid as follows:",
                                        "State grant: 2.5 million", "Town bonds: 1.5 million"])
    }

    @Test func modelFileRoundTripsThroughItsYAML() throws {
        var weights = [Double](repeating: 0, count: LineFeature.count)
        weights[LineFeature.words.rawValue] = -2.5
        weights[LineFeature.contextLine.rawValue] = 1.25
        var first = [Double](repeating: 0, count: LineFeature.count)
        first[LineFeature.url.rawValue] = 0.75
        let model = JudgeModel(threshold: 1.5, firstPass: LinearWeights(bias: 0.5, features: first, rules: ["caption.x": 2]),
                               secondPass: LinearWeights(bias: -0.25, features: weights, rules: ["caption.x": 3]),
                               vocabulary: Vocabulary([("quảng", 1.5), ("true", -0.5), ("đăng", 2)]))
        let rules = try loadRules(["main.yaml": "judge: {model: judge.yaml}\n", "judge.yaml": model.yaml])
        #expect(rules.judge.model == model)
        #expect(rules.judge.effectiveThreshold == 1.5)
    }

    /// The model files as `winnow train` writes them are read without YAML; they must read exactly as YAML reads
    /// them, and anything else must go to YAML.
    @Test func modelFilesAsWrittenReadAsYAMLReadsThem() {
        let allowed = JudgeModel.sections + ["vocabulary", "promotion-terms", "news-terms"]
        func same(_ text: String) -> Bool {
            var reader = NodeReader(file: "model.yaml")
            guard let fast = ModelFile.readWritten(text, sections: allowed), let slow = reader.modelFileThroughYAML(text, sections: allowed) else {
                return false
            }
            return fast == slow && fast.training.map(\.key) == slow.training.map(\.key) && fast.training.map(\.value) == slow.training.map(\.value)
                && reader.errors.isEmpty
        }
        for name in BuiltinRules.names where name.hasPrefix("models/") {
            #expect(same(BuiltinRules.files[name]!), "\(name)")
        }
        let written = ModelFile(name: "spam", threshold: -0.5, bias: 0.125,
                                sections: ["vocabulary": [("nha cai", 1.5), ("quảng", -2), ("true", 0), ("say \"hi\"\\", 3.25), ("a\u{200B}b", 1),
                                                          ("88", -0.001), ("e\u{301}", 4)], "news-terms": []],
                                training: [("lines", "14758"), ("note", "a \"quoted\" value")])
        #expect(same(written.yaml(header: "A model.\n\nWith a blank line.", order: ["vocabulary"])))
        // Numbers of every length: short ones are read without the standard parser, and must read as it reads them.
        #expect(same("model: spam\nthreshold: 12345678901234567.25\nbias: -0.000\nvocabulary:\n  a: 0.1\n  b: -4.095\n  c: 0.30000000000000004\n  d: 9007199254740993\n  e: 123456789012.345\n"))
        // Forms `winnow train` does not write go to YAML (nil here), whatever YAML makes of them.
        let other = ["model: spam\nbias: 1 # a comment\n", "model: spam\nvocabulary:\n  a: 1\n  a: 2\n", "model: spam\r\nbias: 1\r\n",
                     "model: spam\nvocabulary:\n    a: 1\n", "model: spam\nvocabulary:\n", "# only a comment\n", "",
                     "model: spam\nunknown: 1\n", "model: spam\nvocabulary:\n  'a': 1\n", "model: spam\nvocabulary:\n  \"a\\tb\": 1\n",
                     "model: spam\nbias: 1e3\n", "model: spam\nbias: .5\n", "model: spam\nvocabulary: {a: 1}\n", "model: spam\nvocabulary:\n  a: 1 \n"]
        for text in other { #expect(ModelFile.readWritten(text, sections: allowed) == nil, "\(text.debugDescription)") }
    }

    @Test func unknownFeatureInAModelFileIsAnErrorWithTheNearestName() {
        do {
            _ = try loadRules(["main.yaml": "judge: {model: judge.yaml}\n", "judge.yaml": "model: judge\nthreshold: 1\nbias: 0\nfeatures:\n  wrods: 1\n"])
            Issue.record("loaded")
        } catch {
            #expect(error.description.contains("unknown name 'wrods' in the model's 'features'"))
            #expect(error.description.contains("did you mean 'words'?"))
        }
    }

    /// The vocabulary's sum over a sentence is carried by its ordinary words; its strongest word is not: a widget's
    /// sentence ("No votes so far! Be the first to rate this post.") reads as prose by the sum and as furniture by
    /// its one word of furniture.
    @Test func theStrongestWordSpeaksWhereTheSumIsDrownedByOrdinaryWords() throws {
        let vocabulary = Vocabulary([("the", -2), ("to", -2), ("this", -2), ("so", -1.5), ("far", -1), ("be", -1), ("first", -1),
                                     ("votes", 3.2), ("article", -0.5)])
        let document = Document(id: "t", source: "t", lines: [(1, "No votes so far! Be the first to rate this post.", 0), (2, "The article goes on to say this.", 0)])
        let matrix = LineFeatureExtractor.features(of: document, vocabulary: vocabulary)
        #expect(matrix[0, .vocabulary] < 0)
        #expect(abs(matrix[0, .vocabularyStrongest] - 0.8) < 1e-9)
        #expect(abs(matrix[1, .vocabularyStrongest] - -0.125) < 1e-9)
        // A line none of whose words the vocabulary knows says nothing either way.
        let unknown = LineFeatureExtractor.features(of: Document(id: "u", source: "u", lines: [(1, "Xin chào", 0)]), vocabulary: vocabulary)
        #expect(unknown[0, .vocabularyStrongest] == 0)
        // Training reads held-out values the same way.
        let values = vocabulary.features(of: WordHash.words(of: "No votes so far! Be the first to rate this post."))
        #expect(abs(values.strongest - 0.8) < 1e-9 && values.sum == matrix[0, .vocabulary])
    }

    @Test func logisticRegressionLearnsWhichFeatureSaysJunk() {
        var regression = LogisticRegression()
        // Feature 0 says junk, feature 1 says nothing; a little noise keeps the classes from separating.
        for index in 0..<400 {
            let junk = index % 2 == 0
            let noisy = index % 10 == 0
            regression.add([junk != noisy ? 1 : 0, Double(index % 3)], target: junk)
        }
        let fit = regression.fit(penalty: 0.0001)
        #expect(fit.coefficients[0] > 2)
        #expect(abs(fit.coefficients[1]) < 0.5)
        #expect(fit.score([1, 0]) > 0 && fit.score([0, 0]) < 0)
    }

    /// A prior holds a weight the data says nothing about at what a person set.
    @Test func priorsKeepUnseenWeightsWhereTheyWereSet() {
        var regression = LogisticRegression()
        for index in 0..<100 { regression.add([Double(index % 2), 0], target: index % 2 == 0) }
        let fit = regression.fit(penalty: 0.01, priors: [0, 3])
        #expect(abs(fit.coefficients[1] - 3) < 0.01)
    }

    @Test func labelledSetRejectsLabelsThatDoNotFitTheText() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("winnow-labels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try "Title\n\nBody line.\n".write(to: folder.appendingPathComponent("docs/a.txt"), atomically: true, encoding: .utf8)
        let labels = folder.appendingPathComponent("labels.jsonl")
        try #"{"file": "a.txt", "url": "https://www.example.vn/a", "lang": "vi", "lines": {"1": "title", "2": "body"}}"#
            .write(to: labels, atomically: true, encoding: .utf8)
        #expect(throws: LabelledSetError.self) { try LabelledSet.load(labels: labels.path) }
        try #"{"file": "a.txt", "url": "https://www.example.vn/a", "lang": "vi", "lines": {"1": "title", "3": "body"}}"#
            .write(to: labels, atomically: true, encoding: .utf8)
        let set = try LabelledSet.load(labels: labels.path)
        #expect(set.documents.first?.site == "example.vn")
        #expect(set.documents.first?.labels == [1: .title, 3: .body])
    }

    @Test func evaluationCountsBodyKeptAndJunkRemoved() throws {
        let labelled = LabelledDocument(file: "a.txt", url: "https://a.vn/x", language: "vi", drop: false,
                                        labels: [1: .junk, 2: .body, 3: .body, 4: .title], bytes: [], set: "test")
        var document = Document(id: "a", source: "a", lines: [(1, "Share", 0), (2, "Body one.", 0), (3, "Body two.", 0), (4, "Title", 0)])
        document.removeLines(at: [0, 2], rule: "some.rule", kind: .dropped)
        var evaluation = Evaluation()
        evaluation.add(labelled, outcome: DocumentOutcome(document, inputLines: [1: "Share", 2: "Body one.", 3: "Body two.", 4: "Title"]))
        #expect(evaluation.total.bodyLines == 2 && evaluation.total.bodyKept == 1)
        #expect(evaluation.total.junkLines == 1 && evaluation.total.junkRemoved == 1)
        #expect(evaluation.total.metadataLines == 1 && evaluation.total.metadataRemoved == 0)
        #expect(evaluation.bodyTakenByRule == ["some.rule": 1])
    }

    /// A body line a model took is listed with its score (how far past the threshold it went); one a rule took
    /// alone has none.
    @Test func lostBodyLinesCarryTheModelsScore() throws {
        let labelled = LabelledDocument(file: "a.txt", url: "https://a.vn/x", language: "vi", drop: false,
                                        labels: [1: .body, 2: .body, 3: .body], bytes: [], set: "test")
        var document = Document(id: "a", source: "a", lines: [(1, "Body one.", 0), (2, "Body two.", 0), (3, "Body three.", 0)])
        document.removeLines(at: [0], kind: .dropped) { _ in ("judge", 3.25) }
        document.removeLines(at: [0], rule: "some.rule", kind: .dropped)
        var evaluation = Evaluation()
        evaluation.add(labelled, outcome: DocumentOutcome(document, inputLines: [1: "Body one.", 2: "Body two.", 3: "Body three."]))
        #expect(evaluation.misses.map(\.rule) == ["judge", "some.rule"])
        #expect(evaluation.misses.map(\.score) == [3.25, nil])
        let report = EvaluationReport(evaluation, misses: 5, bySite: false).text
        #expect(report.contains("test/a.txt:1 [judge 3.25] Body one."))
        #expect(report.contains("test/a.txt:2 [some.rule] Body two."))
    }

    /// The pages the document decisions got wrong are listed apart: an article dropped with its rule and reason,
    /// a page to drop that was kept with the document model's score against its threshold.
    @Test func pagesDecidedWronglyAreListed() throws {
        let article = LabelledDocument(file: "story.txt", url: "https://a.vn/x", language: "vi", drop: false,
                                       labels: [1: .body], bytes: [], set: "test")
        var dropped = Document(id: "story", source: "story", lines: [(1, "Body one.", 0)])
        dropped.dropped = DropDecision(rule: "judge.tag-page", reason: "one teaser")
        let listing = LabelledDocument(file: "tag.txt", url: "https://a.vn/tag", language: "vi", drop: true,
                                       labels: [1: .junk], bytes: [], set: "test")
        var kept = Document(id: "tag", source: "tag", lines: [(1, "Teaser.", 0)])
        kept.pageJudgement = LineJudgement(line: 0, score: 1.25, threshold: 3.5, contributions: [])
        var evaluation = Evaluation()
        evaluation.add(article, outcome: DocumentOutcome(dropped, inputLines: [1: "Body one."]))
        evaluation.add(listing, outcome: DocumentOutcome(kept, inputLines: [1: "Teaser."]))
        #expect(evaluation.pageMisses.map(\.articleDropped) == [true, false])
        let report = EvaluationReport(evaluation, misses: 5, bySite: false).text
        #expect(report.contains("articles dropped (1), first 1:\n  test/story.txt [judge.tag-page] one teaser"))
        #expect(report.contains("pages to drop kept (1), first 1:\n  test/tag.txt (page score 1.25 of 3.50)"))
    }

    @Test func siteFoldsNeverSplitASite() {
        let sites = ["a.vn", "b.vn", "a.vn", "c.vn", "d.vn", "b.vn", "e.vn"]
        let folds = SiteFolds(sites: sites, count: 3)
        for (site, fold) in zip(sites, folds.assignment) {
            #expect(zip(sites, folds.assignment).allSatisfy { $0.0 != site || $0.1 == fold })
        }
        #expect(Set(folds.assignment).count == 3)
    }

    /// The issue's bar: a model trained on a small labelled set beats the rules alone there. Trained and
    /// tested across sites (cross-validation by site, five folds: with three, each model saw a third fewer pages
    /// and the body kept moved by a line or two with any change of the rules) on the pages written for the
    /// project, and compared with the same rules without a model: more junk removed, body kept as well.
    @Test func trainedModelBeatsTheRulesAloneOnHeldOutSites() throws {
        let sets = try ["labels-written-vi", "labels-written-en"].map {
            (set: try LabelledSet.load(labels: path("rules/labelled/\($0).jsonl")), weight: 1.0)
        }
        var rulesAlone = defaultRules
        rulesAlone.judge = JudgeSettings()
        let baseline = try Evaluator(ruleSet: rulesAlone).evaluate(sets.map(\.set)).total
        var trainer = JudgeTrainer()
        trainer.bodyKept = 0.98
        let judged = try Evaluator(ruleSet: defaultRules).crossValidate(sets, trainer: trainer, folds: 5).total
        print("trained model across sites: body kept \(judged.bodyKeptShare), junk removed \(judged.junkRemovedShare); rules alone: \(baseline.bodyKeptShare), \(baseline.junkRemovedShare)")
        #expect(judged.junkRemovedShare > baseline.junkRemovedShare + 0.1)
        #expect(judged.bodyKeptShare >= baseline.bodyKeptShare - 0.02)
    }

    /// The article lines the spam model learns to keep are read without the spam model being replaced: one that
    /// took every line would otherwise leave its successor nothing to keep, and set its threshold by nothing.
    @Test func theSpamModelsArticleLinesDoNotDependOnTheModelItReplaces() throws {
        let sets = [(set: try LabelledSet.load(labels: path("rules/labelled/labels-written-vi.jsonl")), weight: 1.0)]
        var greedy = defaultRules
        greedy.judge.spamModel?.threshold = -1_000
        #expect(try JudgeExamples.make(from: sets, ruleSet: greedy).articleLines().isEmpty)
        let lines = try JudgeExamples.spamArticleLines(from: sets, ruleSet: greedy)
        #expect(lines.count > 200)
        #expect(lines.map(\.text) == (try JudgeExamples.spamArticleLines(from: sets, ruleSet: defaultRules)).map(\.text))
    }
}

/// What `winnow train` and `eval` say of a set they skip.
struct TrainingManifestNoteTests {
    @Test func aSetWhoseTextsAreMissingIsNamedForThatNotForItsLabels() throws {
        let folder = try temporaryFolder("manifest")
        try Data("{\"file\": \"a.txt\", \"lang\": \"vi\", \"drop\": false, \"lines\": {\"1\": \"body\"}}\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/labels.jsonl"))
        try Data("""
            sets:
              - labels: labels.jsonl
                docs: texts
                optional: true
              - labels: absent.jsonl
                optional: true

            """.utf8).write(to: URL(fileURLWithPath: folder + "/training.yaml"))
        let manifest = try TrainingManifest.load(folder + "/training.yaml")
        let (sets, skipped) = try manifest.loadSets()
        #expect(sets.isEmpty)
        #expect(skipped == [folder + "/labels.jsonl: none of its texts is in \(folder)/texts (third-party texts, re-created on each machine as the devset's README says)",
                            folder + "/absent.jsonl is not on this machine"])
    }

    @Test func theDocumentMarginIsReadAndANegativeOneIsRefusedByName() throws {
        let folder = try temporaryFolder("manifest-margin")
        try Data("document_margin: 0.5\nsets: []\n".utf8).write(to: URL(fileURLWithPath: folder + "/training.yaml"))
        #expect(try TrainingManifest.load(folder + "/training.yaml").documentMargin == 0.5)
        try Data("sets: []\n".utf8).write(to: URL(fileURLWithPath: folder + "/default.yaml"))
        #expect(try TrainingManifest.load(folder + "/default.yaml").documentMargin == DocumentTrainer().margin)
        try Data("document_margin: -1\nsets: []\n".utf8).write(to: URL(fileURLWithPath: folder + "/bad.yaml"))
        #expect(throws: (any Error).self) { try TrainingManifest.load(folder + "/bad.yaml") }
        do {
            _ = try TrainingManifest.load(folder + "/bad.yaml")
        } catch {
            #expect("\(error)".contains("document_margin"))
        }
    }
}

/// The spam vocabulary's size comes from the manifest, and a trainer keeps no more terms than it says.
struct SpamVocabularySizeTests {
    @Test func theManifestSetsHowManyTermsTheSpamVocabularyKeeps() throws {
        let folder = try temporaryFolder("manifest-spam-vocabulary")
        try Data("spam_vocabulary: 3\nsets: []\n".utf8).write(to: URL(fileURLWithPath: folder + "/training.yaml"))
        #expect(try TrainingManifest.load(folder + "/training.yaml").spamVocabulary == 3)
        try Data("sets: []\n".utf8).write(to: URL(fileURLWithPath: folder + "/default.yaml"))
        #expect(try TrainingManifest.load(folder + "/default.yaml").spamVocabulary == SpamVocabulary.defaultSize)
        try Data("spam_vocabulary: 0\nsets: []\n".utf8).write(to: URL(fileURLWithPath: folder + "/bad.yaml"))
        do {
            _ = try TrainingManifest.load(folder + "/bad.yaml")
            Issue.record("spam_vocabulary: 0 was accepted")
        } catch {
            #expect("\(error)".contains("spam_vocabulary"))
        }
        let lines: [(terms: [String], spam: Bool, weight: Double)] = [
            (["nha cai", "nap", "thuong"], true, 1), (["nha cai", "nap", "thuong"], true, 1),
            (["cong an", "dieu tra", "thuong"], false, 1), (["cong an", "dieu tra", "thuong"], false, 1)]
        #expect(SpamVocabulary.learn(from: lines, limit: 3).entries.count == 3)
        #expect(SpamVocabulary.learn(from: lines).entries.count == 4)
    }
}

/// `winnow eval --without-addresses` scores the pages as a folder of .txt files is cleaned: a listing that only its
/// address gives away is dropped with the address and kept without it.
struct EvaluatorAddressTests {
    @Test func aListingKnownByItsAddressIsDroppedOnlyWhenTheAddressIsGiven() throws {
        let text = """
            Giá vàng hôm nay tăng mạnh theo thế giới, nhiều người xếp hàng mua vào từ sáng sớm tại các cửa hàng lớn.

            Ngân hàng Nhà nước tiếp tục bán vàng miếng bình ổn thị trường, giá bán ra giảm nhẹ so với phiên trước đó.
            """
        let page = LabelledDocument(file: "tag.txt", url: "https://baomau.vn/tag/gia-vang.html", language: "vi", drop: true,
                                    labels: [1: .junk, 3: .junk], bytes: Array(text.utf8), set: "pages")
        let set = LabelledSet(documents: [page])
        var evaluator = Evaluator(ruleSet: try RulesLoader.defaultRules())
        #expect(try evaluator.evaluate([set]).total.dropped == 1)
        evaluator.givesAddresses = false
        #expect(try evaluator.evaluate([set]).total.dropped == 0)
        #expect(try evaluator.evaluate([set]).total.toDrop == 1)
    }
}
