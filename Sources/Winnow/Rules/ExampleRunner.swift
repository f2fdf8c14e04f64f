/// Runs rules' examples: each `match` example must be touched by its rule, each `keep` example left alone.
///
/// An example is a small document (one line, or several joined by newlines for rules that look at context). It
/// is decoded and normalised with the rules file's settings; then, for a line rule, only that rule runs; for a
/// `drop_document` rule, all strip and extract rules and the judge run first, as in the pipeline.
public enum ExampleRunner {
    /// One failed example.
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: Rule
        public var example: String
        /// True for a `match` example the rule did not touch; false for a `keep` example it did.
        public var shouldMatch: Bool

        public var description: String {
            let quoted = example.replacingNewlines
            return shouldMatch ? "should match \"\(quoted)\" but does not" : "should leave \"\(quoted)\" alone but matches it"
        }
    }

    /// Runs every example of every rule in `ruleSet`.
    public static func failures(in ruleSet: RuleSet) throws(Rejection) -> (checked: Int, failures: [Failure]) {
        let folder: TokenFolder
        do { folder = try TokenFolder() } catch { throw Rejection(.internalError, error.description) }
        let decode = DecodeStage(options: DecodeOptions())
        let normalize = try NormalizeStage(options: ruleSet.normalize)
        // For drop_document rules: the pipeline's stages before the filter, as the document meets them.
        var before = ruleSet
        before.pipeline = ruleSet.pipeline.filter { ![.segment, .filter, .write].contains($0) }
        var prepare: Pipeline?
        var checked = 0
        var failures: [Failure] = []
        for rule in ruleSet.rules where !rule.examples.isEmpty {
            let compiled = try CompiledRule(rule, folder: folder, extract: ruleSet.extract)
            for (example, shouldMatch) in rule.examples.match.map({ ($0, true) }) + rule.examples.keep.map({ ($0, false) }) {
                var document = Document(id: rule.id, source: "example", text: example)
                if rule.action.stage == .filter {
                    if prepare == nil { prepare = try Pipeline(ruleSet: before) }
                    try prepare!.run(&document)
                } else {
                    try decode.run(&document)
                    try normalize.run(&document)
                }
                let touched = try compiled.apply(to: &document) > 0
                checked += 1
                if touched != shouldMatch { failures.append(Failure(rule: rule, example: example, shouldMatch: shouldMatch)) }
            }
        }
        return (checked, failures)
    }

    /// The failures as rules-file errors, for the loader.
    static func verify(_ ruleSet: RuleSet) -> [RulesError] {
        do {
            return try failures(in: ruleSet).failures.map {
                RulesError($0.rule.location, RulesError.Message.examplesFail($0.rule.id, $0.description),
                           hint: "fix the rule, or move the example to the other list if the example is wrong")
            }
        } catch {
            return [RulesError(SourceLocation(file: ruleSet.files.first ?? "rules", line: 1, column: 1), error.description)]
        }
    }
}

extension String {
    /// The text with newlines shown as \n, for one-line messages.
    var replacingNewlines: String {
        var output = ""
        for character in self { output += character == "\n" ? "\\n" : String(character) }
        return output
    }
}
