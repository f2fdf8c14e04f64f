import ArgumentParser
import Foundation
import Winnow

/// Where labelled documents come from: label files named on the command line, or a training manifest.
struct LabelledOptions: ParsableArguments {
    @Argument(help: "Labels files (JSONL records as in ../shared/devset); texts in the docs/ folder beside each, or LABELS=DOCS. Default: the sets of --manifest.")
    var labels: [String] = []

    @Option(name: .long, help: "Training manifest naming the labelled sets, their weights and body targets.")
    var manifest: String = "rules/models/training.yaml"

    /// The manifest, read once by each command that needs it; a manifest that cannot be read ends the command as
    /// an I/O failure, with the message naming file and line.
    func readManifest() throws -> TrainingManifest {
        do { return try TrainingManifest.load(manifest) } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
    }

    /// The spam lines `manifest` names (labelled lines and lines of spam pages).
    func spamLines(_ manifest: TrainingManifest) throws -> [SpamLine] {
        do {
            let (lines, notes) = try manifest.loadSpamLines()
            for note in notes { Terminal.note("note: " + note) }
            return lines
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
    }

    /// A labels argument, `LABELS` or `LABELS=TEXTS`: the labels file, and where its texts are when they are not beside it.
    static func split(_ argument: String) -> (labels: String, texts: String?) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : nil)
    }

    /// The spam lines of the labels files given (`LABELS=TEXTS` for a set whose lines are re-created into a texts
    /// file, as ../shared/devset/spam-lines.jsonl), with a note for each file's missing texts.
    func spamLineFiles() throws -> [SpamLine] {
        do {
            return try labels.flatMap { argument -> [SpamLine] in
                let (path, texts) = Self.split(argument)
                let (lines, missing) = try SpamLineSet.load(path, texts: texts)
                if missing > 0 { Terminal.note("note: \(path): \(missing) line texts missing") }
                return lines
            }
        } catch let error as LabelledSetError {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
    }

    /// The spam trainer: the word lists of the rules' spam model, and the trees, vocabulary size and vocabulary-alone
    /// share `manifest` gives it (none of them for label files given by hand).
    func spamTrainer(_ ruleSet: RuleSet, manifest: TrainingManifest) -> SpamTrainer {
        var trainer = SpamTrainer()
        if let lexicon = ruleSet.judge.spamModel?.lexicon { trainer.lexicon = lexicon }
        if labels.isEmpty {
            trainer.trees = manifest.spamTrees
            trainer.vocabularyKept = manifest.spamVocabularyKept
            trainer.vocabularySize = manifest.spamVocabulary
        }
        return trainer
    }

    /// The sets with their training weights, and the trainers the manifest configures (`read`, when the command has
    /// read it already; read here otherwise, and only when no labels files are given).
    func load(_ read: TrainingManifest? = nil) throws -> (sets: [(set: LabelledSet, weight: Double)], trainer: JudgeTrainer, documentTrainer: DocumentTrainer) {
        var trainer = JudgeTrainer()
        var documentTrainer = DocumentTrainer()
        do {
            if labels.isEmpty {
                let manifest = try read ?? TrainingManifest.load(manifest)
                trainer.penalty = manifest.penalty
                trainer.rulePenalty = manifest.rulePenalty
                trainer.longPageThreshold = manifest.longPageThreshold
                if manifest.trees > 0 {
                    var boosting = GradientBoosting()
                    boosting.rounds = manifest.trees
                    boosting.depth = manifest.treeDepth
                    boosting.learningRate = manifest.treeLearningRate
                    trainer.boosting = boosting
                }
                documentTrainer.trees = manifest.documentTrees
                documentTrainer.margin = manifest.documentMargin
                trainer.bodyKept = manifest.bodyKept
                let (loaded, skipped) = try manifest.loadSets()
                for note in skipped { Terminal.note("note: \(note); skipped") }
                var sets: [(set: LabelledSet, weight: Double)] = []
                for (source, set) in loaded {
                    if !set.missing.isEmpty { Terminal.note("note: \(source.labels): \(set.missing.count) texts missing") }
                    if let name = set.documents.first?.set {
                        let group = source.group ?? name
                        trainer.groupOfSet[name] = group
                        if let target = source.bodyKept { trainer.bodyKeptByGroup[group] = target }
                    }
                    sets.append((set, source.weight))
                }
                return (sets, trainer, documentTrainer)
            }
            return (try labels.map { argument in
                let (path, docs) = Self.split(argument)
                let set = try LabelledSet.load(labels: path, docs: docs)
                if !set.missing.isEmpty { Terminal.note("note: \(path): \(set.missing.count) texts missing") }
                return (set, 1.0)
            }, trainer, documentTrainer)
        } catch let error as LabelledSetError {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score rules on labelled documents: body lines kept, junk removed, non-articles dropped.",
        discussion: """
        Per labels file, per language and per rule (which rule took which body lines), then the lines to look \
        at. With --cross-validate, the judge's model is retrained for each fold of sites without them, so \
        every document is cleaned by a model that never saw its site.
        """
    )

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var labelled: LabelledOptions

    @Flag(name: .long, help: "Retrain the judge's model per fold of sites and clean each fold with the model that did not see it.")
    var crossValidate = false

    @Option(name: .long, help: "Folds for --cross-validate (sites never straddle folds).")
    var folds = 10

    @Option(name: .long, help: "How many lost body lines and kept junk lines to list.")
    var misses = 20

    @Flag(name: .long, help: "Also tabulate every site.")
    var bySite = false

    @Flag(name: .long, help: "Score the spam filter instead: the manifest's spam and keep lines (or those of the spam-line files given, LABELS=TEXTS where the texts are re-created apart), each placed inside an ordinary article (rules/labelled/hosts).")
    var spam = false

    @Flag(name: .long, help: "Clean the documents as bare text, without the addresses their records give (as a folder of .txt files is cleaned): the listing-address decision cannot help.")
    var withoutAddresses = false

    @OptionGroup(title: "With --spam: the misses' scores") var spamMargin: SpamMarginOptions

    func validate() throws {
        if folds < 2 { throw ValidationError("--folds must be at least 2") }
        if withoutAddresses && spam { throw ValidationError("--without-addresses scores pages; the spam lines carry no address to leave out") }
        if spam && crossValidate && !labelled.labels.isEmpty {
            throw ValidationError("--spam --cross-validate trains on the manifest's lines; give no labels files (or leave out --cross-validate to score the files' lines with the rules' model)")
        }
        if misses < 0 { throw ValidationError("--misses must not be negative") }
        if spamMargin.given != nil && !spam { throw ValidationError("--spam-margin goes with --spam") }
    }

    func run() throws {
        let ruleSet = try rulesOptions.load()
        if spam { return try runSpam(ruleSet) }
        let (sets, trainer, documentTrainer) = try labelled.load()
        var evaluator = Evaluator(ruleSet: ruleSet)
        evaluator.givesAddresses = !withoutAddresses
        let evaluation: Evaluation
        do {
            evaluation = crossValidate
                ? try evaluator.crossValidate(sets, trainer: trainer, documentTrainer: documentTrainer, folds: folds)
                : try evaluator.evaluate(sets.map(\.set))
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        Terminal.print(EvaluationReport(evaluation, misses: misses, bySite: bySite).text, terminator: "")
    }

    func runSpam(_ ruleSet: RuleSet) throws {
        let lines: [SpamLine]
        var articles: [SpamLine] = []
        var trainer: SpamTrainer?
        if !labelled.labels.isEmpty {
            // Spam-line files given: their lines alone, scored with the rules' own model (validate() refuses
            // --cross-validate here).
            lines = try labelled.spamLineFiles()
        } else {
            let manifest = try labelled.readManifest()
            let named = try labelled.spamLines(manifest)
            lines = named.filter { $0.kind != "page" }
            if crossValidate {
                let (sets, _, _) = try labelled.load(manifest)
                articles = named.filter { $0.kind == "page" }
                do { articles += try JudgeExamples.spamArticleLines(from: sets, ruleSet: ruleSet) } catch {
                    Terminal.error(error.description)
                    throw ExitCode(Winnow.ExitCode.usage.rawValue)
                }
                trainer = labelled.spamTrainer(ruleSet, manifest: manifest)
            }
        }
        let evaluation: SpamEvaluation
        do {
            evaluation = try Evaluator(ruleSet: ruleSet).evaluateSpam(lines, articles: articles,
                                                                     hosts: SpamEvaluation.hosts(folder: "rules/labelled/hosts"),
                                                                     trainer: trainer, folds: folds, spamMargin: spamMargin.points)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        report(evaluation)
    }

    /// The spam evaluation's table, then the lines it got wrong (`--misses` of them).
    func report(_ evaluation: SpamEvaluation) {
        print(evaluation.text, terminator: "")
        if misses > 0 {
            print("\nmisses (\(evaluation.misses.count)), first \(min(misses, evaluation.misses.count)):")
            for (line, rule, spam) in evaluation.misses.prefix(misses) {
                // How far the spam model's score stood from its threshold, when it was within --spam-margin points or above.
                let score = spam.map { String(format: " (spam %.3f of %.3f)", $0.score, $0.threshold) } ?? ""
                print("  \(line.spam ? "spam kept" : "keep lost by \(rule ?? "?")") [\(line.language) \(line.kind)]\(score) \(EvaluationReport.clip(line.text))")
            }
        }
    }
}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the judge's model from labelled documents and write it as YAML.",
        discussion: """
        Reads the sets of --manifest (or the labels files given), runs the rules' stages before the judge on \
        them, fits the weights of the line features and evidence rules (logistic regression), and sets the \
        threshold so that each set keeps its share of body lines on sites held out. Review the written file \
        with git diff.
        """
    )

    @OptionGroup var rulesOptions: RulesOptions
    @OptionGroup var labelled: LabelledOptions

    @Option(name: .long, help: "Where to write the line model (the document model goes beside it as documents.yaml). Default: judge.yaml beside the manifest.")
    var out: String?

    @Flag(name: .long, help: "Print each set's threshold and the body lines that set it.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Write the training rows as JSON lines to this file and stop (for study).", visibility: .hidden))
    var dump: String?

    func run() throws {
        let ruleSet = try rulesOptions.load()
        let manifest = try labelled.readManifest()
        var (sets, trainer, documentTrainer) = try labelled.load(manifest)
        if verbose { trainer.report = { Terminal.note($0) } }
        let examples: JudgeExamples
        do { examples = try JudgeExamples.make(from: sets, ruleSet: ruleSet) } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        if let dump {
            guard FileManager.default.createFile(atPath: dump, contents: Data(trainer.dump(examples).utf8)) else {
                Terminal.error("\(dump): cannot write the feature dump there (does its folder exist, and may it be written?)")
                throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
            }
            Terminal.note("names: " + LineFeature.allCases.map(\.name).joined(separator: " "))
            return
        }
        var model = trainer.train(examples)
        if verbose { documentTrainer.report = { Terminal.note($0) } }
        let documentModel = documentTrainer.train(examples, lineModel: model)
        var spamTrainer = labelled.spamTrainer(ruleSet, manifest: manifest)
        if verbose { spamTrainer.report = { Terminal.note($0) } }
        let articleLines: [SpamLine]
        do { articleLines = try JudgeExamples.spamArticleLines(from: sets, ruleSet: ruleSet) } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        let spamLines = try labelled.spamLines(manifest) + articleLines
        let spamExamples: [SpamTrainer.Example]
        do { spamExamples = try SpamTrainer.examples(spamLines, ruleSet: ruleSet) } catch {
            Terminal.error(error.description)
            throw ExitCode(Winnow.ExitCode.usage.rawValue)
        }
        var spamModel = spamTrainer.train(spamExamples)
        spamModel.training = [("lines", String(spamExamples.count)),
                              ("spam", String(spamExamples.filter(\.line.spam).count)),
                              ("keep", String(spamExamples.filter { !$0.line.spam && $0.line.kind != "article" }.count)),
                              ("article_lines", String(spamExamples.filter { $0.line.kind == "article" }.count))]
        let lines = examples.documents.reduce(0) { $0 + $1.rows.count }
        model.training = [("documents", String(examples.documents.count)), ("lines", String(lines)),
                          ("sets", sets.map { $0.set.documents.first?.set ?? "?" }.joined(separator: ", ")),
                          ("body_kept_target", String(trainer.bodyKept)), ("penalty", String(trainer.penalty)), ("rule_penalty", String(trainer.rulePenalty)),
                          ("trees", String(trainer.boosting?.rounds ?? 0))]
        if let boosting = trainer.boosting {
            model.training += [("tree_depth", String(boosting.depth)), ("tree_learning_rate", String(boosting.learningRate))]
        }
        let path = out ?? ((labelled.manifest as NSString).deletingLastPathComponent as NSString).appendingPathComponent("judge.yaml")
        let text = model.yaml
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            Terminal.error("\(path): cannot write the model: \(error.localizedDescription)")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
        let documentsPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("documents.yaml")
        do { try documentModel.yaml.write(toFile: documentsPath, atomically: true, encoding: .utf8) } catch {
            Terminal.error("\(documentsPath): cannot write the document model: \(error.localizedDescription)")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
        Terminal.note("wrote \(path): \(examples.documents.count) documents, \(lines) lines, threshold \(String(format: "%.3f", model.threshold))"
                      + (model.longPageThreshold.map { String(format: " (pages of %d lines or more: %.3f)", JudgeModel.longPageLines, $0) } ?? ""))
        Terminal.note("wrote \(documentsPath): threshold \(String(format: "%.3f", documentModel.threshold))")
        let spamPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("spam.yaml")
        do { try spamModel.yaml.write(toFile: spamPath, atomically: true, encoding: .utf8) } catch {
            Terminal.error("\(spamPath): cannot write the spam model: \(error.localizedDescription)")
            throw ExitCode(Winnow.ExitCode.ioFailure.rawValue)
        }
        Terminal.note("wrote \(spamPath): \(spamExamples.count) lines, threshold \(String(format: "%.3f", spamModel.threshold))")
    }
}
