import Foundation
import Testing

/// Hostile input through the binary: any bytes in, a clear answer out, nothing lost.
@Suite(.serialized) struct HostileInputTests {
    let vietnamese = "Hội nghị tập huấn công tác Đảng năm 2022 tại Hà Nội.\nĐồng chí Nguyễn Đức Thụ chủ trì.\n"

    func write(_ bytes: [UInt8], to name: String, in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Bytes of `text` in `encoding`, made by iconv (as a legacy site would have produced them).
    func iconv(_ text: String, to encoding: String) throws -> [UInt8] {
        [UInt8](try runTool(URL(fileURLWithPath: "/usr/bin/iconv"), ["-f", "UTF-8", "-t", encoding], stdin: Data(text.utf8)).stdout)
    }

    @Test func windows1258VietnameseIsDecodedWhenNamed() throws {
        let folder = try temporaryFolder()
        let bytes = try iconv(vietnamese, to: "WINDOWS-1258")
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let file = try write(bytes, to: "legacy.txt", in: folder)
        let run = try winnow(["clean", "--encoding", "windows-1258", file.path])
        #expect(run.status == 0)
        #expect(run.stdout == "Hội nghị tập huấn công tác Đảng năm 2022 tại Hà Nội.\n\nĐồng chí Nguyễn Đức Thụ chủ trì.\n")
    }

    @Test func windows1252IsDetectedAndReportedWithConfidence() throws {
        let folder = try temporaryFolder()
        let text = "The café served crème brûlée and a naïve rosé to the critics on Monday.\nThey said it was très bien.\n"
        let file = try write(try iconv(text, to: "WINDOWS-1252"), to: "western.txt", in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try winnow(["clean", "--encoding", "auto", "--verbose", file.path, "--out", out.path])
        #expect(run.status == 0)
        #expect(try String(contentsOf: out.appendingPathComponent("western.txt"), encoding: .utf8).contains("crème brûlée"))
        #expect(run.stderr.contains("detected: \(file.path): ISO-8859-1") || run.stderr.contains("detected: \(file.path): windows-1252"))
        let report = try String(contentsOf: out.appendingPathComponent("winnow-report.json"), encoding: .utf8)
        #expect(report.contains("\"detected_encodings\":[{\"source\":\"\(file.path)\""))
    }

    @Test func utf16WithBOMIsDecoded() throws {
        let folder = try temporaryFolder()
        let bytes: [UInt8] = [0xFE, 0xFF] + vietnamese.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let run = try winnow(["clean", try write(bytes, to: "utf16.txt", in: folder).path])
        #expect(run.stdout.hasPrefix("Hội nghị tập huấn"))
    }

    @Test func invalidUTF8IsReplacedAndCountedOrRejectedWhenStrict() throws {
        let folder = try temporaryFolder()
        let file = try write(Array("Câu một.\nCâu ".utf8) + [0xC3, 0x28] + Array(" hai.\n".utf8), to: "bad.txt", in: folder)
        let lenient = try winnow(["clean", "--verbose", file.path])
        #expect(lenient.status == 0)
        #expect(lenient.stdout == "Câu một.\n\nCâu \u{FFFD}( hai.\n")
        #expect(lenient.stderr.contains("invalid UTF-8: \(file.path): 1 invalid sequences on lines 2"))
        let strict = try winnow(["clean", "--strict", file.path])
        #expect(strict.status == 1)
        #expect(strict.stderr == "winnow: \(file.path):2: rejected (invalid-utf8): invalid UTF-8 (1 bad sequences); --strict rejects it\n")
    }

    @Test func mojibakeIsRepairedAndCorrectTextIsLeftAlone() throws {
        let broken = "Ä\u{90}áº£ng bá»™ cÆ¡ quan tá»• chá»©c Há»™i nghá»‹.\nCafé déjà vu, SÃO PAULO.\n"
        let run = try winnow(["clean"], stdin: Data(broken.utf8))
        #expect(run.stdout == "Đảng bộ cơ quan tổ chức Hội nghị.\n\nCafé déjà vu, SÃO PAULO.\n")
    }

    @Test func runawayRegexRejectsTheDocumentNamingTheRule() throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("slow.yaml")
        // A pattern that can match an empty line gets no prefilter: ICU itself has to give up on this line.
        try Data("rules:\n  - id: slow.rule\n    action: drop\n    match: {regex: '^(\\w+\\s?)*$'}\n".utf8).write(to: rules)
        let input = String(repeating: "a", count: 5000) + "!\n"
        let out = folder.appendingPathComponent("out")
        let file = try write(Array(input.utf8), to: "slow.txt", in: folder)
        let run = try winnow(["clean", "--rules", rules.path, file.path, "--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("slow.txt:1: rejected (regex-timeout): rule 'slow.rule': pattern /^(\\w+\\s?)*$/ ran past its time limit"))
        let rejects = try String(contentsOf: out.appendingPathComponent("winnow-rejects.jsonl"), encoding: .utf8)
        #expect(rejects.contains("\"cause\":\"regex-timeout\""))
    }

    @Test func missingInputsAndUnwritableOutputAreIOFailures() throws {
        let missing = try winnow(["clean", "/nonexistent/input.txt", "--out", try temporaryFolder().path])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/nonexistent/input.txt: rejected (io): no such file or folder"))
        let unwritable = try winnow(["clean", "seeds", "--out", "/proc/winnow-cannot-exist"])
        #expect(unwritable.status == 3)
        #expect(unwritable.stderr.contains("/proc/winnow-cannot-exist: cannot create output folder"))
    }

    @Test func symlinkLoopsDoNotHangABatch() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        _ = try write(Array("Câu một.\n".utf8), to: "a.txt", in: input)
        try FileManager.default.createSymbolicLink(atPath: input.appendingPathComponent("loop").path, withDestinationPath: input.path)
        let run = try winnow(["clean", input.path, "--out", folder.appendingPathComponent("out").path])
        #expect(run.status == 0)
        #expect(run.stderr.contains("1 in, 1 written"))
    }

    @Test func resumeSkipsInputsWhoseOutputIsComplete() throws {
        let folder = try temporaryFolder()
        let input = folder.appendingPathComponent("in")
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        _ = try write(Array("Câu một.\n".utf8), to: "a.txt", in: input)
        #expect(try winnow(["clean", input.path, "--out", out.path]).status == 0)
        _ = try write(Array("Câu hai.\n".utf8), to: "b.txt", in: input)
        let run = try winnow(["clean", input.path, "--out", out.path, "--resume"])
        #expect(run.status == 0)
        // The report covers the whole batch, the resumed input included: the same as one uninterrupted run.
        #expect(run.stderr.contains("2 in, 2 written (0 unchanged), 0 dropped, 0 rejected, 1 inputs resumed"))
    }

    @Test func emptyAndWhitespaceOnlyInputsAreDroppedNotLost() throws {
        let run = try winnow(["clean", "--verbose"], stdin: Data(" \u{00A0}\n\n\t\n".utf8))
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("1 in, 0 written (0 unchanged), 1 dropped, 0 rejected"))
    }

    @Test func aFiftyMegabyteLineIsCleaned() throws {
        let folder = try temporaryFolder()
        let sentence = "Câu văn số 6.400 tại TP. Hồ Chí Minh. "
        let count = 50 * 1024 * 1024 / sentence.utf8.count
        let file = folder.appendingPathComponent("big.txt")
        try Data((String(repeating: sentence, count: count) + "\n").utf8).write(to: file)
        let run = try winnow(["clean", "--format", "sentences", file.path])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == count)
        #expect(lines.first == "Câu văn số 6.400 tại TP. Hồ Chí Minh.")
    }
}

extension HostileInputTests {
    @Test func regexWhoseBacktrackingStackOverflowsRejectsTheDocumentNamingTheRule() throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("deep.yaml")
        // Each repetition of the group leaves a backtracking point: a 600,000-character line fills ICU's stack.
        // The rule matches the short line, so a silent "no match" on the long one would keep it.
        try Data("rules:\n  - id: deep.rule\n    action: drop\n    match: {regex: '^(?:a|b)*$'}\n".utf8).write(to: rules)
        let input = String(repeating: "a", count: 600_000) + "\n" + String(repeating: "a", count: 1000) + "\n"
        let file = try write(Array(input.utf8), to: "deep.txt", in: folder)
        let run = try winnow(["clean", "--rules", rules.path, file.path])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasSuffix("deep.txt:1: rejected (regex-stack-overflow): rule 'deep.rule': pattern /^(?:a|b)*$/ filled ICU's "
            + "backtracking stack on this line (too long for it): make the pattern match less per character (a possessive *+ "
            + "or an atomic group (?>...)), or split the line\n"), "\(run.stderr)")
    }
}
