import Foundation

/// A fixture: an input file `NAME.txt` and the output expected from it, `NAME.expected.txt` (text format),
/// `NAME.expected.sentences.txt` (sentences) or `NAME.expected.jsonl` (JSONL).
public struct Fixture: Sendable, Equatable {
    public var input: String
    public var expected: String
    public var format: OutputFormat

    /// Fixtures found in a folder (recursively) or named directly by their input file.
    public static func find(in paths: [String]) -> [Fixture] {
        var fixtures: [Fixture] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let inputs: [String]
            if isDirectory.boolValue {
                let all = (manager.enumerator(atPath: path)?.allObjects as? [String]) ?? []
                inputs = all.filter { $0.hasSuffix(".txt") && !$0.contains(".expected.") }.sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
            } else {
                inputs = [path]
            }
            for input in inputs {
                let stem = String(input.dropLast(".txt".count))
                for (suffix, format) in [(".expected.txt", OutputFormat.text), (".expected.sentences.txt", .sentences), (".expected.jsonl", .jsonl)]
                where manager.fileExists(atPath: stem + suffix) {
                    fixtures.append(Fixture(input: input, expected: stem + suffix, format: format))
                }
            }
        }
        return fixtures
    }
}

/// Runs fixtures through a rules file and compares (or, on purpose, rewrites) the expected files.
public struct FixtureRunner {
    public var ruleSet: RuleSet

    public init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
    }

    public struct Result: Sendable {
        public var fixture: Fixture
        public var actual: String
        public var expected: String
        public var passed: Bool { actual == expected }
    }

    /// What the pipeline writes for the fixture's input in the fixture's format (empty for a dropped document).
    public func output(for fixture: Fixture) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture.input)))
        let pipeline = try Pipeline(ruleSet: ruleSet, format: fixture.format)
        let id = ((fixture.input as NSString).lastPathComponent as NSString).deletingPathExtension
        do {
            var document = Document(id: id, source: (fixture.input as NSString).lastPathComponent, bytes: bytes)
            try pipeline.run(&document)
            return document.renderedText
        } catch {
            return "rejected: \(error)\n"
        }
    }

    /// Ids of the rules that touch at least one fixture input (edits, or dropping the document).
    public func rulesExercised(by fixtures: [Fixture]) throws -> Set<String> {
        let pipeline = try Pipeline(ruleSet: ruleSet, format: .text)
        var ids = Set<String>()
        for input in Set(fixtures.map(\.input)) {
            var document = Document(id: "fixture", source: input, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: input))))
            do { try pipeline.run(&document) } catch { continue }
            ids.formUnion(document.edits.map(\.rule))
            if let dropped = document.dropped { ids.insert(dropped.rule) }
        }
        return ids
    }

    public func run(_ fixture: Fixture, update: Bool = false) throws -> Result {
        let actual = try output(for: fixture)
        if update { try Data(actual.utf8).write(to: URL(fileURLWithPath: fixture.expected), options: .atomic) }
        let expected = String(decoding: try Data(contentsOf: URL(fileURLWithPath: fixture.expected)), as: UTF8.self)
        return Result(fixture: fixture, actual: actual, expected: expected)
    }
}

/// A unified diff of two texts, line by line (enough context to read a fixture failure).
public func unifiedDiff(expected: String, actual: String, expectedName: String, actualName: String, context: Int = 2) -> String {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // Longest common subsequence table.
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var ops: [(Character, String)] = []
    var i = 0, j = 0
    while i < a.count || j < b.count {
        if i < a.count && j < b.count && a[i] == b[j] { ops.append((" ", a[i])); i += 1; j += 1 }
        // Where either way is as short, what went comes before what came, as diff prints it.
        else if i < a.count && (j == b.count || lcs[i + 1][j] >= lcs[i][j + 1]) { ops.append(("-", a[i])); i += 1 }
        else { ops.append(("+", b[j])); j += 1 }
    }
    var lines = ["--- \(expectedName)", "+++ \(actualName)"]
    var lastPrinted = -1
    for (index, op) in ops.enumerated() where op.0 != " " {
        let from = max(index - context, lastPrinted + 1)
        let to = min(index + context, ops.count - 1)
        // A change inside the context already printed for the one before it has nothing left to print.
        guard from <= to else { continue }
        if from > lastPrinted + 1 && lastPrinted >= 0 { lines.append("@@") }
        for k in from...to {
            lines.append(String(ops[k].0) + ops[k].1)
            lastPrinted = k
        }
    }
    return lines.joined(separator: "\n")
}
