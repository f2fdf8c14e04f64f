import Testing
@testable import Winnow

/// What the JSONL record scanner accepts: JSON's grammar, and nesting a stack can hold.
struct JSONRecordLimitsTests {
    func scan(_ line: String) throws(JSONObjectScanner.Failure) -> [String] {
        try JSONObjectScanner.fields(of: Array(line.utf8)).map(\.key)
    }

    @Test func nestingUpToTheLimitIsRead() throws {
        // The record's object and 511 arrays: 512 levels.
        let inner = String(repeating: "[", count: 511) + String(repeating: "]", count: 511)
        #expect(try scan("{\"x\":\(inner)}") == ["x"])
        let tooDeep = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(throws: JSONObjectScanner.Failure.self) { try scan("{\"x\":\(tooDeep)}") }
    }
}

extension JSONRecordLimitsTests {
    @Test(arguments: ["0", "-0", "12", "-12.5", "1e3", "1E+3", "2.5e-3", "0.0"])
    func jsonNumbersAreRead(_ number: String) throws {
        #expect(try scan("{\"n\":\(number),\"m\":[\(number)]}") == ["n", "m"])
    }

    @Test(arguments: ["NaN", "inf", "-inf", "Infinity", "0x1F", "+1", ".5", "01", "1.", "1e", "-", "1e+", "True", "nul"])
    func whatDoubleReadsButJSONDoesNotIsRefused(_ word: String) throws {
        #expect(throws: JSONObjectScanner.Failure.self) { try scan("{\"n\":\(word)}") }
        #expect(throws: JSONObjectScanner.Failure.self) { try scan("{\"n\":[1,\(word)]}") }
    }
}

/// What the rules loader refuses to expand or to follow.
struct RulesLoaderLimitsTests {
    func errors(_ files: [String: String]) -> String {
        do {
            _ = try loadRules(files)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func aliasesOfAliasesAreCappedAndReportedAtTheRule() {
        // A kilobyte or two that would expand to 10^24 conditions.
        var yaml = "version: 1\nrules:\n  - id: ok.rule\n    action: drop\n    match: {exact: [x]}\n"
        yaml += "  - id: x.laughs\n    action: drop\n    match:\n      any:\n        - &l0 {exact: \"lol\"}\n"
        for level in 1..<25 {
            yaml += "        - &l\(level) {any: [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]}\n"
        }
        #expect(errors(["main.yaml": yaml]) == "main.yaml:6:5: error: with its aliases expanded, this holds more than "
            + "200000 YAML nodes (aliases of aliases?); a rules file needs far fewer: write the conditions out, or alias less deeply")
    }

    @Test func includeCycleThroughADotPathIsNamed() {
        #expect(errors(["main.yaml": "version: 1\ninclude: ./main.yaml\n"])
            == "main.yaml:2:10: error: include cycle: main.yaml -> ./main.yaml")
        #expect(errors(["main.yaml": "include: sub/../main.yaml\n"])
            == "main.yaml:1:10: error: include cycle: main.yaml -> sub/../main.yaml")
    }
}

/// drop_part rewrites a trimmed line in place: copying the document's text for each trimmed line made it
/// quadratic in the number of trimmed lines (8.7 MB took 17.5 s).
struct DropPartInPlaceTests {
    @Test func trimmingALineDoesNotCopyTheDocumentText() throws {
        let rules = try loadRules(["main.yaml": "rules:\n  - id: t.tag\n    action: drop_part\n    match: {regex: '^TAG '}\n"])
        let rule = try CompiledRule(rules.rules[0], folder: TokenFolder(), extract: rules.extract)
        var document = try clean("TAG TAG Câu một.", rules: RuleSet())
        func address(_ document: Document) -> UnsafePointer<UInt8>? { document.text.withUnsafeBufferPointer { $0.baseAddress } }
        // The first trim may copy a buffer the document shares; the second must find it its own and write in it.
        #expect(try rule.apply(to: &document) == 1)
        let before = address(document)
        #expect(try rule.apply(to: &document) == 1)
        #expect(address(document) == before)
        #expect(document.paragraphs == ["Câu một."])
        #expect(document.edits.map(\.text) == ["TAG", "TAG"])
    }
}

/// The record limit a library caller sets: never past what ICU's 32-bit lengths can address.
struct RecordLimitTests {
    @Test func aLimitPastWhatICUCanAddressIsLowered() {
        var options = CleanOptions()
        options.maxRecordBytes = 1 << 40
        #expect(options.maxRecordBytes == CleanOptions.largestMaxRecordBytes)
        options.maxRecordBytes = 1 << 20
        #expect(options.maxRecordBytes == 1 << 20)
    }
}
