import Foundation
import Testing
@testable import Winnow

/// The fixtures in rules/fixtures, run through the library, as they are and again in harder settings.
@Suite struct FixtureTests {
    static let fixtures = Fixture.find(in: [path("rules/fixtures")])

    @Test func thereAreFixturesForEveryFormat() {
        #expect(Set(Self.fixtures.map(\.format)) == Set(OutputFormat.allCases))
    }

    @Test(arguments: fixtures)
    func fixturePasses(_ fixture: Fixture) throws {
        let result = try FixtureRunner(ruleSet: defaultRules).run(fixture)
        #expect(result.passed, "\(unifiedDiff(expected: result.expected, actual: result.actual, expectedName: fixture.expected, actualName: "actual"))")
    }

    /// CRLF endings, decomposed (NFD) letters and no-break spaces must not change what comes out.
    @Test(arguments: fixtures.filter { $0.format == .text })
    func fixtureHoldsWithCRLFAndNFDAndNoBreakSpaces(_ fixture: Fixture) throws {
        let original = try String(contentsOfFile: fixture.input, encoding: .utf8)
        let harder = original.decomposedStringWithCanonicalMapping
            .replacingOccurrences(of: "\n", with: "\r\n")
            .replacingOccurrences(of: ", ", with: ",\u{00A0}")
        let pipeline = try Pipeline(ruleSet: defaultRules, format: .text)
        var document = Document(id: "x", source: "x", text: harder)
        try pipeline.run(&document)
        #expect(document.renderedText == (try FixtureRunner(ruleSet: defaultRules).output(for: fixture)))
    }
}

extension Fixture: CustomTestStringConvertible {
    public var testDescription: String { (expected as NSString).lastPathComponent }
}

@Suite struct UnifiedDiffTests {
    @Test func changesNearTheEndPrintOnceWithTheirContext() {
        // Two changes in the last lines: the second lies inside the context printed for the first.
        let diff = unifiedDiff(expected: "a\nb\nc", actual: "a\nx\ny", expectedName: "e", actualName: "f")
        #expect(diff == "--- e\n+++ f\n a\n-b\n-c\n+x\n+y")
    }

    @Test func distantChangesAreSeparatedAndUnchangedLinesFarAwayLeftOut() {
        let expected = (1...12).map(String.init).joined(separator: "\n")
        let actual = expected.replacingOccurrences(of: "2\n", with: "two\n").replacingOccurrences(of: "11", with: "eleven")
        let diff = unifiedDiff(expected: expected, actual: actual, expectedName: "e", actualName: "f")
        #expect(diff == "--- e\n+++ f\n 1\n-2\n+two\n 3\n 4\n@@\n 9\n 10\n-11\n+eleven\n 12")
        #expect(unifiedDiff(expected: "same", actual: "same", expectedName: "e", actualName: "f") == "--- e\n+++ f")
    }
}
