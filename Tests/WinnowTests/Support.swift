import Foundation
@testable import Winnow

/// The package's root folder (where Package.swift is).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func path(_ relative: String) -> String { packageRoot.appendingPathComponent(relative).path }

/// A new, empty folder under the system's temporary folder, named `winnow-PURPOSE-UUID`.
func temporaryFolder(_ purpose: String) throws -> String {
    let folder = NSTemporaryDirectory() + "winnow-\(purpose)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

/// The default rules, loaded once.
let defaultRules: RuleSet = try! RulesLoader.defaultRules()

/// Cleans `text` with `ruleSet` (the default rules unless given).
func clean(_ text: String, rules: RuleSet = defaultRules, format: OutputFormat = .text) throws -> Document {
    let pipeline = try Pipeline(ruleSet: rules, format: format)
    var document = Document(id: "test", source: "test", text: text)
    try pipeline.run(&document)
    return document
}

/// Loads rules from an in-memory set of files.
func loadRules(_ files: [String: String], main: String = "main.yaml") throws(RulesErrors) -> RuleSet {
    try RulesLoader { files[$0] }.load(main)
}

/// The rule id that removed input line `line`, if any.
func rule(removing line: Int, in document: Document) -> String? {
    document.edits.first { $0.line == line }?.rule
}

/// Every line of the repository's sample texts (fixtures, seeds, the segmentation gold set), trimmed: real
/// text for tests that compare a fast path with a reference.
func repositoryTextLines() throws -> [String] {
    var lines: [String] = []
    for folder in [path("rules/fixtures"), path("seeds"), path("rules/segmentation")] {
        for name in (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String]) ?? [] where name.hasSuffix(".txt") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            lines += text.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }
        }
    }
    return lines.filter { !$0.isEmpty }
}
