import Foundation
import Testing

/// Issue 17, "A newcomer's first hour": --version, a mistyped command, an empty batch, JSON lines given as
/// text, the built-in rules listed, printed and included, HTML references, and scripts/install.
@Suite(.serialized) struct NewcomerTests {
    @Test func htmlReferencesAreDecodedAndLogged() throws {
        let input = Data("Ông Nam n&oacute;i: &ldquo;AT&T &amp; c&ocirc;ng ty đ&atilde; k&yacute; h&#7907;p đồng.&rdquo;\n".utf8)
        let run = try winnow(["clean", "--format", "jsonl"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let record = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(record["text"] as? String == "Ông Nam nói: “AT&T & công ty đã ký hợp đồng.”")
        let removed = record["removed"] as! [[String: Any]]
        #expect(removed.contains { $0["rule"] as? String == "normalize.html-entity" && $0["line"] as? Int == 1 })
    }
}
