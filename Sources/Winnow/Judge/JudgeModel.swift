/// Weights of one linear pass: a bias, a weight per line feature, and learned weights of evidence rules.
public struct LinearWeights: Sendable, Equatable {
    public var bias: Double
    /// Indexed by ``LineFeature/rawValue``; features not listed weigh 0.
    public var features: [Double]
    /// By rule id; a rule not listed counts with its own score.
    public var rules: [String: Double]

    public init(bias: Double = 0, features: [Double] = [Double](repeating: 0, count: LineFeature.count), rules: [String: Double] = [:]) {
        self.bias = bias
        self.features = features
        self.rules = rules
    }

    /// Weights from a model file's sections: `features` (with `bias` among them for a first pass) and `rules`.
    init(bias: Double, features: [(name: String, weight: Double)], rules: [(name: String, weight: Double)]) {
        var weights = [Double](repeating: 0, count: LineFeature.count)
        for (name, weight) in features { if let feature = LineFeature.byName[name] { weights[feature.rawValue] = weight } }
        self.init(bias: bias, features: weights, rules: Dictionary(rules.map { ($0.name, $0.weight) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The weight of evidence rule `rule` whose own score is `score`.
    @inline(__always) func weight(ofRule rule: String, score: Double) -> Double { rules[rule] ?? score }
}

/// The judgement model read from its file. Two passes of the same kind: the first scores each line by itself and
/// its neighbourhood's shape; the second adds what the first pass thought of the neighbours (``LineFeature``'s
/// `context.*` features), so a line inside the article's block is judged with its block (Web2Text's sequence
/// smoothing, done as stacked logistic regression). A file without a first pass is a one-pass model.
public struct JudgeModel: Sendable, Equatable {
    /// Points at which a line goes (second-pass score), on a page of fewer than ``longPageLines`` lines.
    public var threshold: Double
    /// Points at which a line of a longer page goes, when the model sets its own for them (nil: `threshold`).
    /// A page of that many lines is a whole page with its menus and footers, not an extracted article: its body
    /// lines are scored differently, and one threshold for both kinds would keep the short pages' junk.
    public var longPageThreshold: Double?
    /// Pages of this many lines or more (reaching the judge) are long pages.
    public static let longPageLines = 40

    /// The threshold for a page of `lines` lines.
    public func threshold(forLines lines: Int) -> Double {
        lines >= Self.longPageLines ? (longPageThreshold ?? threshold) : threshold
    }
    public var firstPass: LinearWeights?
    public var secondPass: LinearWeights
    /// Boosted trees whose points are added to the second pass's score (none in a file without `trees`).
    public var trees: TreeEnsemble?
    /// Words of junk and of articles, for the `vocabulary` feature.
    public var vocabulary: Vocabulary
    /// What the file says about its training.
    public var training: [(key: String, value: String)]

    public init(threshold: Double, firstPass: LinearWeights?, secondPass: LinearWeights, trees: TreeEnsemble? = nil,
                vocabulary: Vocabulary = Vocabulary([]), training: [(key: String, value: String)] = []) {
        self.threshold = threshold
        self.firstPass = firstPass
        self.secondPass = secondPass
        self.trees = trees
        self.vocabulary = vocabulary
        self.training = training
    }

    /// The model a file holds (its names already checked by the loader).
    public init(_ file: ModelFile) {
        var first: LinearWeights?
        if let section = file.sections["first-pass"] {
            let bias = section.first { $0.name == "bias" }?.weight ?? 0
            first = LinearWeights(bias: bias, features: section.filter { $0.name != "bias" },
                                  rules: file.sections["first-pass-rules", default: []])
        }
        self.init(threshold: file.threshold, firstPass: first,
                  secondPass: LinearWeights(bias: file.bias, features: file.sections["features", default: []],
                                            rules: file.sections["rules", default: []]),
                  trees: file.sections["trees"].flatMap { try? TreeEnsemble.read($0).get() },
                  vocabulary: Vocabulary(file.sections["vocabulary", default: []].map { ($0.name, $0.weight) }),
                  training: file.training)
        longPageThreshold = file.weights("thresholds")["long-pages"]
    }

    /// The model as a file: features in their fixed order, rules by id, words strongest first.
    public var file: ModelFile {
        func features(_ weights: LinearWeights, secondPass: Bool) -> [(name: String, weight: Double)] {
            LineFeature.allCases.filter { secondPass || !$0.isSecondPass }.map { ($0.name, weights.features[$0.rawValue]) }
        }
        func rules(_ weights: LinearWeights) -> [(name: String, weight: Double)] {
            weights.rules.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        var sections: [String: [(name: String, weight: Double)]] = [
            "features": features(secondPass, secondPass: firstPass != nil),
            "rules": rules(secondPass),
            "vocabulary": vocabulary.entries.map { ($0.word, $0.weight) },
        ]
        if let trees, !trees.trees.isEmpty { sections["trees"] = trees.entries }
        if let longPageThreshold { sections["thresholds"] = [("long-pages", longPageThreshold)] }
        if let firstPass {
            sections["first-pass"] = [("bias", firstPass.bias)] + features(firstPass, secondPass: false)
            sections["first-pass-rules"] = rules(firstPass)
        }
        return ModelFile(name: "judge", threshold: threshold, bias: secondPass.bias, sections: sections, training: training)
    }

    public static func == (left: JudgeModel, right: JudgeModel) -> Bool {
        left.threshold == right.threshold && left.longPageThreshold == right.longPageThreshold && left.firstPass == right.firstPass && left.secondPass == right.secondPass
            && left.trees == right.trees && left.vocabulary == right.vocabulary
    }

    /// The model file's text.
    public var yaml: String { file.yaml(header: Self.header, order: Self.sections) }

    static let sections = ["thresholds", "features", "rules", "trees", "first-pass", "first-pass-rules", "vocabulary"]
    static let header = """
        Winnow's judgement model: how much each feature of a line, and each evidence rule that matched it, says the
        line is page junk (positive points) or article text (negative). A line's score is the bias plus the points
        of what it shows; it goes when the score reaches the threshold (on pages of 40 lines or more, whole pages
        with their menus, the `long-pages` threshold when there is one). The first pass scores every line; the
        second adds the `context.*` features, made from the first pass's scores of the line and its neighbours.
        Then each tree of `trees` adds the points of the leaf the line reaches: a leaf is named by its tree and
        the questions that lead to it (`score.linear` is the second pass's score so far).
        Written by `winnow train`; read and diff it like code. Features: Sources/Winnow/Judge/LineFeatures.swift.
        """
}
