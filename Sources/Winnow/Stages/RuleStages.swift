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
        runner = try RuleRunner(rules.filter { $0.action.stage == .strip }, extract: extract, folder: folder)
    }

    public func run(_ document: inout Document) throws(Rejection) { try runner.run(&document) }
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
