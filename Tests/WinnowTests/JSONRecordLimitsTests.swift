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
