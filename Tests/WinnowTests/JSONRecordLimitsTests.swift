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
