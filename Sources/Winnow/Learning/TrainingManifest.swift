import Foundation
import Yams

/// What `winnow train` and `winnow eval` read: the labelled sets, how much each weighs, and the share of body
/// lines the judge must keep. Paths are relative to the manifest.
///
///     body_kept: 0.99          # the threshold keeps at least this share of each set's body lines (cross-validated)
///     penalty: 0.0001          # L2 strength per unit of sample weight, for the line features
///     rule_penalty: 0.001      # and for evidence rules' weights, pulled towards the rules' own scores
///     trees: 150               # boosted trees on top of the linear passes (0: none)
///     tree_depth: 3            # questions per tree, at most (1 to 6)
///     tree_learning_rate: 0.1  # how much of each tree's step is taken
///     document_trees: 100      # boosted trees on top of the document model's weights (0: none)
///     document_margin: 1.0     # the page threshold's points above the highest article held out
///     spam_trees: 100          # boosted trees on top of the spam model's weights (0: none)
///     spam_vocabulary: 30000   # the most terms the spam model's vocabulary keeps, strongest evidence first
///     spam_vocabulary_kept: 0.998  # held-out share of lines to keep and article pages the spam model's second
///                                  # threshold keeps (a line going on its words alone; 0: no such decision)
///     long_page_threshold: true  # pages of 40 lines or more get a threshold of their own
///     sets:
///       - labels: labelled/labels-written-vi.jsonl       # texts in labelled/docs/
///       - labels: ../../shared/devset/labels-auto.jsonl
///         weight: 0.5
///         body_kept: 0.95
///         group: whole-pages       # sets of a group share one body target
///       - labels: ../../shared/devset/labels-vi.jsonl
///         docs: ../../devset-local/docs                # third-party texts re-created on this machine
public struct TrainingManifest: Sendable {
    public struct LabelledSource: Sendable {
        public var labels: String
        public var docs: String?
        /// How much the set's lines weigh in training, relative to the others.
        public var weight: Double
        /// This set's share of body lines to keep; default the manifest's.
        public var bodyKept: Double?
        /// Whether the set may be absent on this machine (third-party texts re-created locally).
        public var optional: Bool
        /// Sets of one group share their body target: the threshold keeps that share of the group's body lines.
        public var group: String?
    }

    /// Spam-line sets (``SpamLineSet``) and spam pages, for the spam model.
    public struct SpamSource: Sendable {
        public var labels: String
        public var texts: String?
        public var optional: Bool
    }

    public struct SpamPages: Sendable {
        /// A JSONL index of `{"file", "url", "lang"}` records, as ../shared/devset/spam-pages/index.jsonl.
        public var index: String
        public var docs: String
        public var optional: Bool
    }

    public var spamLines: [SpamSource] = []
    public var spamPages: [SpamPages] = []
    public var bodyKept: Double = 0.99
    public var penalty: Double = 0.0001
    public var rulePenalty: Double = 0.001
    /// Rounds of boosted trees (0: the linear passes only).
    public var trees: Int = 0
    /// Rounds of boosted trees of the spam model (0: its weights only).
    public var spamTrees: Int = 0
    /// The share of lines to keep and article pages the spam model's vocabulary-alone threshold keeps on held-out
    /// groups (nil: that decision is off; ``SpamTrainer/vocabularyKept``).
    public var spamVocabularyKept: Double?
    /// The most terms the spam model's vocabulary keeps (``SpamTrainer/vocabularySize``).
    public var spamVocabulary: Int = SpamVocabulary.defaultSize
    /// The line trees' depth and learning rate (``GradientBoosting``'s defaults unless given).
    public var treeDepth: Int = GradientBoosting().depth
    public var treeLearningRate: Double = GradientBoosting().learningRate
    /// Rounds of boosted trees of the document model (0: its weights only).
    public var documentTrees: Int = 0
    /// Points of the page threshold above the highest-scoring article held out (``DocumentTrainer/margin``).
    public var documentMargin: Double = DocumentTrainer().margin
    /// Whether long pages (whole pages with their menus) get a threshold of their own.
    public var longPageThreshold = false
    public var sets: [LabelledSource] = []
    public var path: String = ""

    public init() {}

    /// Reads the manifest at `path`.
    public static func load(_ path: String) throws(LabelledSetError) -> TrainingManifest {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path)
        }
        var manifest = TrainingManifest()
        manifest.path = path
        let directory = (path as NSString).deletingLastPathComponent
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || directory.isEmpty ? relative : (directory as NSString).appendingPathComponent(relative)
        }
        guard let node = try? Yams.compose(yaml: text), let top = node.mapping else {
            throw .badRecord(path, line: 1, "not a YAML mapping")
        }
        // Rounds of boosted trees, for any of the three models.
        func rounds(_ value: Node, key: String, line: Int) throws(LabelledSetError) -> Int {
            guard let rounds = value.int, rounds >= 0, rounds <= 2000 else { throw .badRecord(path, line: line, "\(key) must be a whole number from 0 to 2000") }
            return rounds
        }
        for (keyNode, value) in top {
            let line = keyNode.mark?.line ?? 1
            switch keyNode.string ?? "" {
            case "body_kept":
                guard let share = value.float, share > 0, share <= 1 else { throw .badRecord(path, line: line, "body_kept must be a share in (0, 1]") }
                manifest.bodyKept = share
            case "penalty":
                guard let penalty = value.float, penalty >= 0 else { throw .badRecord(path, line: line, "penalty must be a number >= 0") }
                manifest.penalty = penalty
            case "trees":
                manifest.trees = try rounds(value, key: "trees", line: line)
            case "spam_trees":
                manifest.spamTrees = try rounds(value, key: "spam_trees", line: line)
            case "spam_vocabulary":
                guard let size = value.int, size >= 1 else { throw .badRecord(path, line: line, "spam_vocabulary must be a whole number >= 1") }
                manifest.spamVocabulary = size
            case "spam_vocabulary_kept":
                guard let share = value.float, share >= 0, share <= 1 else {
                    throw .badRecord(path, line: line, "spam_vocabulary_kept must be a share in [0, 1] (0: no vocabulary-alone decision)")
                }
                manifest.spamVocabularyKept = share > 0 ? share : nil
            case "tree_depth":
                guard let depth = value.int, depth >= 1, depth <= 6 else { throw .badRecord(path, line: line, "tree_depth must be a whole number from 1 to 6") }
                manifest.treeDepth = depth
            case "tree_learning_rate":
                guard let rate = value.float, rate > 0, rate <= 1 else { throw .badRecord(path, line: line, "tree_learning_rate must be a number in (0, 1]") }
                manifest.treeLearningRate = rate
            case "document_trees":
                manifest.documentTrees = try rounds(value, key: "document_trees", line: line)
            case "document_margin":
                guard let margin = value.float, margin >= 0, margin <= 10 else { throw .badRecord(path, line: line, "document_margin must be a number of points from 0 to 10") }
                manifest.documentMargin = margin
            case "long_page_threshold":
                guard let flag = value.bool else { throw .badRecord(path, line: line, "long_page_threshold must be true or false") }
                manifest.longPageThreshold = flag
            case "rule_penalty":
                guard let penalty = value.float, penalty >= 0 else { throw .badRecord(path, line: line, "rule_penalty must be a number >= 0") }
                manifest.rulePenalty = penalty
            case "spam":
                guard let fields = value.mapping else { throw .badRecord(path, line: line, "spam needs 'lines' and 'pages'") }
                for item in fields["lines"]?.sequence ?? [] {
                    guard let labels = item.mapping?["labels"]?.string else { throw .badRecord(path, line: item.mark?.line ?? line, "a spam-line set needs 'labels'") }
                    manifest.spamLines.append(SpamSource(labels: resolve(labels), texts: item.mapping?["texts"]?.string.map(resolve),
                                                         optional: item.mapping?["optional"]?.bool ?? false))
                }
                for item in fields["pages"]?.sequence ?? [] {
                    guard let index = item.mapping?["index"]?.string, let docs = item.mapping?["docs"]?.string else {
                        throw .badRecord(path, line: item.mark?.line ?? line, "spam pages need 'index' and 'docs'")
                    }
                    manifest.spamPages.append(SpamPages(index: resolve(index), docs: resolve(docs), optional: item.mapping?["optional"]?.bool ?? false))
                }
            case "sets":
                for item in value.sequence ?? [] {
                    guard let fields = item.mapping, let labels = fields["labels"]?.string else {
                        throw .badRecord(path, line: item.mark?.line ?? line, "a set needs 'labels'")
                    }
                    manifest.sets.append(LabelledSource(labels: resolve(labels), docs: fields["docs"]?.string.map(resolve),
                                                        weight: fields["weight"]?.float ?? 1,
                                                        bodyKept: fields["body_kept"]?.float,
                                                        optional: fields["optional"]?.bool ?? false,
                                                        group: fields["group"]?.string))
                }
            default:
                throw .badRecord(path, line: line, "unknown key '\(keyNode.string ?? "")' (body_kept, penalty, rule_penalty, trees, tree_depth, tree_learning_rate, document_trees, document_margin, spam_trees, spam_vocabulary, spam_vocabulary_kept, long_page_threshold, sets, spam)")
            }
        }
        return manifest
    }

    /// Reads the spam lines and the lines of spam pages (four words or more: a page's menus are not its spam).
    public func loadSpamLines() throws(LabelledSetError) -> (lines: [SpamLine], notes: [String]) {
        var lines: [SpamLine] = []
        var notes: [String] = []
        for source in spamLines {
            if source.optional && !FileManager.default.fileExists(atPath: source.texts ?? source.labels) {
                notes.append("\(source.texts ?? source.labels) is not on this machine; skipped")
                continue
            }
            let (found, missing) = try SpamLineSet.load(source.labels, texts: source.texts)
            if missing > 0 { notes.append("\(source.labels): \(missing) line texts missing") }
            lines += found
        }
        for pages in spamPages {
            guard let data = FileManager.default.contents(atPath: pages.index) else {
                if pages.optional { continue }
                throw .unreadable(pages.index)
            }
            var found = 0
            for raw in data.split(separator: UInt8(ascii: "\n")) {
                guard let object = try? JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any],
                      let file = object["file"] as? String,
                      let text = FileManager.default.contents(atPath: (pages.docs as NSString).appendingPathComponent(file)) else { continue }
                found += 1
                let site = LabelledDocument.site(of: object["url"] as? String ?? file)
                for line in String(decoding: text, as: UTF8.self).split(separator: "\n") where line.split(separator: " ").count >= 4 {
                    lines.append(SpamLine(text: String(line), spam: true, language: object["lang"] as? String ?? "und",
                                          kind: "page", group: site, weight: 0.5))
                }
            }
            if found == 0 && pages.optional { notes.append("\(pages.docs): no spam pages on this machine; skipped") }
        }
        return (lines, notes)
    }

    /// Reads every set; an optional set whose labels file is absent is skipped and named in `skipped`.
    /// The sets that are on this machine, and a note on each optional one that is not (its labels file, or
    /// every one of its texts, missing).
    public func loadSets() throws(LabelledSetError) -> (sets: [(source: LabelledSource, set: LabelledSet)], skipped: [String]) {
        var result: [(LabelledSource, LabelledSet)] = []
        var skipped: [String] = []
        for source in sets {
            if source.optional && !FileManager.default.fileExists(atPath: source.labels) {
                skipped.append("\(source.labels) is not on this machine")
                continue
            }
            let set = try LabelledSet.load(labels: source.labels, docs: source.docs)
            if source.optional && set.documents.isEmpty {
                let folder = source.docs ?? ((source.labels as NSString).deletingLastPathComponent as NSString).appendingPathComponent("docs")
                skipped.append("\(source.labels): none of its texts is in \(folder) (third-party texts, re-created on each machine as the devset's README says)")
                continue
            }
            result.append((source, set))
        }
        return (result, skipped)
    }
}
