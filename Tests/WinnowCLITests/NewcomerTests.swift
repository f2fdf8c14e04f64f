import Foundation
import Testing

/// Issue 17, "A newcomer's first hour": --version, a mistyped command, an empty batch, JSON lines given as
/// text, the built-in rules listed, printed and included, HTML references, and scripts/install.
@Suite(.serialized) struct NewcomerTests {
    /// SHA-256 of `data` by the system's sha256sum: a check independent of Winnow's own code.
    func sha256sum(_ data: Data) throws -> String {
        let run = try runTool(URL(fileURLWithPath: "/usr/bin/env"), ["sha256sum"], stdin: data)
        return String(String(decoding: run.stdout, as: UTF8.self).prefix(64))
    }

    @Test func versionNamesTheBuiltInRulesAndTheirFingerprint() throws {
        // The embedded files are the text of rules/*.yaml and the three models (a test holds them equal),
        // each without its final line break; the fingerprint hashes "NAME\nTEXT\n" in name order.
        let rules = packageRoot.appendingPathComponent("rules")
        var names = try FileManager.default.contentsOfDirectory(atPath: rules.path).filter { $0.hasSuffix(".yaml") }
        names += ["models/judge.yaml", "models/documents.yaml", "models/spam.yaml"]
        var hashed = ""
        for name in names.sorted() {
            var text = try String(contentsOf: rules.appendingPathComponent(name), encoding: .utf8)
            while text.hasSuffix("\n") { text.removeLast() }
            hashed += name + "\n" + text + "\n"
        }
        let digest = try sha256sum(Data(hashed.utf8))
        let run = try winnow(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "winnow 0.1.0\nbuilt-in rules: version 1, sha256 \(digest.prefix(12)) (\(names.count) files)\n")
        #expect(run.stderr == "")
    }

    @Test func aMistypedCommandIsAUsageErrorWithTheNearestCommand() throws {
        let run = try winnow(["claen", "seeds"])
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: unknown command 'claen'; did you mean 'clean'?\n")
        #expect(run.stdout == "")
        let tset = try winnow(["tset"])
        #expect(tset.status == 2)
        #expect(tset.stderr == "winnow: unknown command 'tset'; did you mean 'test'?\n")
        // A name far from every command is still a file that is not there (exit 3).
        let missing = try winnow(["no-such-article.txt"])
        #expect(missing.status == 3)
    }

    @Test func aFileNamedLikeAMistypedCommandIsCleaned() throws {
        let folder = try temporaryFolder()
        try Data("Câu một.\n".utf8).write(to: folder.appendingPathComponent("claen"))
        let run = try winnow(["claen"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Câu một.\n")
    }

    @Test func aBatchWithoutDocumentsIsAUsageError() throws {
        let folder = try temporaryFolder()
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: empty.appendingPathComponent("a.jsonl"))
        let out = folder.appendingPathComponent("out")
        let run = try winnow(["clean", empty.path, "--out", out.path])
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: no input documents found in '\(empty.path)' (looking for *.txt, and .gz of them, recursively); for JSON lines, add --input-format jsonl\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let toStdout = try winnow(["clean", empty.path])
        #expect(toStdout.status == 2)
        // Standard input is a document even when it is empty.
        let stdin = try winnow(["clean", "-"])
        #expect(stdin.status == 0)
        // A folder that holds documents next to an empty one is a batch.
        let full = folder.appendingPathComponent("full")
        try FileManager.default.createDirectory(at: full, withIntermediateDirectories: true)
        try Data("Câu một.\n".utf8).write(to: full.appendingPathComponent("a.txt"))
        #expect(try winnow(["clean", empty.path, full.path]).status == 0)
    }

    @Test func jsonLinesGivenAsTextAreCleanedWithAWarning() throws {
        let folder = try temporaryFolder()
        let records = folder.appendingPathComponent("records.txt")
        let second = "{\"id\": \"b\", \"text\": \"Câu hai của bài báo, đủ dài để là một đoạn văn có nhiều chữ hơn một tiêu đề.\"}"
        // Three records: cleaned as text, a page of one line left that is no sentence (the second record's JSON)
        // would be a page without article text.
        let third = "{\"id\": \"c\", \"text\": \"Câu ba của bài báo cũng đủ dài để là một đoạn văn.\"}"
        try Data("\n{\"id\": \"a\", \"text\": \"Câu một.\"}\n\(second)\n\(third)\n".utf8).write(to: records)
        let plain = folder.appendingPathComponent("plain.txt")
        try Data("{Ghi chú} Câu một.\n".utf8).write(to: plain)
        let run = try winnow(["clean", records.path, plain.path])
        #expect(run.status == 0)
        #expect(run.stderr == "winnow: warning: \(records.path) looks like JSON lines (its first line is a JSON object with a string field 'text') but is cleaned as text; to clean each record's 'text', pass --input-format jsonl\n")
        // Cleaned as text: the records' JSON syntax is in the output.
        #expect(run.stdout.contains(second + "\n"))
        let body = folder.appendingPathComponent("body.txt")
        try Data("{\"id\": \"a\", \"body\": \"Câu một.\"}\n".utf8).write(to: body)
        let field = try winnow(["clean", body.path, "--text-field", "body"])
        #expect(field.stderr.contains("with a string field 'body') but is cleaned as text; to clean each record's 'body', pass --input-format jsonl --text-field body\n"))
        #expect(try winnow(["clean", body.path]).stderr == "")
        #expect(try winnow(["clean", "--input-format", "jsonl", "-"], stdin: Data("{\"text\": \"Câu một.\"}\n".utf8)).stderr == "")
    }

    /// JSON lines piped in without --input-format jsonl are one text document: the warning says so once standard
    /// input is read, and plain text piped in gets none.
    @Test func jsonLinesPipedAsTextGetTheWarningToo() throws {
        let paragraph = "Ủy ban nhân dân tỉnh vừa họp bàn kế hoạch sửa chữa các tuyến đường bị hư hỏng sau mùa mưa lũ năm nay."
        let records = "{\"id\": \"a\", \"text\": \"\(paragraph)\"}\n{\"id\": \"b\", \"text\": \"\(paragraph)\"}\n"
        let piped = try winnow(["clean", "--format", "jsonl"], stdin: Data(records.utf8))
        #expect(piped.status == 0)
        #expect(piped.stderr == "winnow: warning: standard input looks like JSON lines (its first line is a JSON object with a string field 'text') but is cleaned as text; to clean each record's 'text', pass --input-format jsonl (all of it is one document now)\n")
        #expect(piped.stdout.split(separator: "\n").count <= 1)
        let asRecords = try winnow(["clean", "--input-format", "jsonl", "--format", "jsonl"], stdin: Data(records.utf8))
        #expect(asRecords.stderr == "")
        #expect(asRecords.stdout.split(separator: "\n").count == 2)
        #expect(try winnow(["clean"], stdin: Data("{Ghi chú} \(paragraph)\n".utf8)).stderr == "")
    }

    @Test func rulesListsAndPrintsTheBuiltInFiles() throws {
        let list = try winnow(["rules", "--list"])
        #expect(list.status == 0)
        #expect(list.stdout == "common.yaml\ndefault.yaml\nen-news.yaml\nmodels/documents.yaml\nmodels/judge.yaml\nmodels/spam.yaml\nspam.yaml\nvi-news.yaml\n")
        let file = try String(contentsOf: packageRoot.appendingPathComponent("rules/vi-news.yaml"), encoding: .utf8)
        for name in ["vi-news.yaml", "vi-news", "builtin:vi-news.yaml"] {
            let printed = try winnow(["rules", "--print", name])
            #expect(printed.status == 0)
            #expect(printed.stdout == file, "\(name)")
        }
        let unknown = try winnow(["rules", "--print", "nonesuch"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("winnow: no built-in rules file 'nonesuch'; built-in files: common.yaml, default.yaml,"))
        #expect(try winnow(["rules"]).status == 2)
    }

    /// A user's rules file that includes the built-in rules and adds one rule of its own.
    static let userRules = """
        version: 1
        include: [builtin:default]
        rules:
          - id: local.junk
            description: A line this site prints under every article.
            action: drop
            match: {exact: [Đọc báo mỗi ngày]}
            examples: {match: [Đọc báo mỗi ngày], keep: [Câu một.]}

        """

    @Test func aUserRulesFileIncludesTheBuiltInRules() throws {
        let folder = try temporaryFolder()
        let rules = folder.appendingPathComponent("my.yaml")
        try Data(Self.userRules.utf8).write(to: rules)
        let input = Data("Print\n\nCâu một. Câu hai.\n\nĐọc báo mỗi ngày\n".utf8)
        let run = try winnow(["clean", "--rules", rules.path], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "Câu một. Câu hai.\n")
        let lint = try winnow(["lint", rules.path])
        #expect(lint.status == 0, "\(lint.stderr)")
    }

    @Test func htmlReferencesAreDecodedAndLogged() throws {
        let input = Data("Ông Nam n&oacute;i: &ldquo;AT&T &amp; c&ocirc;ng ty đ&atilde; k&yacute; h&#7907;p đồng.&rdquo;\n".utf8)
        let run = try winnow(["clean", "--format", "jsonl"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let record = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect(record["text"] as? String == "Ông Nam nói: “AT&T & công ty đã ký hợp đồng.”")
        let removed = record["removed"] as! [[String: Any]]
        #expect(removed.contains { $0["rule"] as? String == "normalize.html-entity" && $0["line"] as? Int == 1 })
    }

    @Test func installDryRunSaysWhatItWouldDoAndChangesNothing() throws {
        let prefix = try temporaryFolder().appendingPathComponent("prefix")
        let script = packageRoot.appendingPathComponent("scripts/install")
        let run = try runTool(script, ["--dry-run", "--prefix", prefix.path])
        #expect(run.status == 0)
        #expect(String(decoding: run.stdout, as: UTF8.self) == """
            would run: swift build -c release --product winnow --static-swift-stdlib --scratch-path .build/install
              (if that fails: swift build -c release --product winnow --scratch-path .build/install)
            would run: mkdir -p \(prefix.path)/bin
            would run: install -m 755 .build/install/release/winnow \(prefix.path)/bin/winnow
            at run time winnow needs: libicu (ICU), zlib

            """)
        #expect(!FileManager.default.fileExists(atPath: prefix.path))
        let help = try runTool(script, ["--help"])
        #expect(help.status == 0)
        #expect(String(decoding: help.stdout, as: UTF8.self).hasPrefix("usage: scripts/install [--prefix DIR] [--dry-run] [--help]\n"))
        #expect(try runTool(script, ["--bogus"]).status == 2)
    }
}

extension NewcomerTests {
    @Test func theMainJobSpelledAnotherWayFindsItsOutputsUnchanged() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("in"), withIntermediateDirectories: true)
        try Data("Một câu của bài báo.\n".utf8).write(to: root.appendingPathComponent("in/a.txt"))
        #expect(try winnow(["clean", "in", "--out", "out", "--format", "jsonl"], in: root).status == 0)
        let again = try winnow(["clean", "./in/", "--out", "out", "--format", "jsonl"], in: root)
        #expect(again.status == 0)
        #expect(again.stderr.contains("1 in, 1 written (1 unchanged)"), "\(again.stderr)")
    }

    @Test func anEmptyFolderBesideAGoodOneIsNamedInAWarning() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        for folder in ["empty", "in"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("Một câu của bài báo.\n".utf8).write(to: root.appendingPathComponent("in/a.txt"))
        let run = try winnow(["clean", "empty", "in", "--out", "out"], in: root)
        #expect(run.status == 0)
        #expect(run.stderr.hasPrefix("winnow: warning: 'empty' holds no input file (looking for *.txt, and .gz of them, recursively); nothing read from it\n"), "\(run.stderr)")
        #expect(run.stderr.contains("1 in, 1 written"))
    }
}

extension NewcomerTests {
    /// A user's skeleton file (`rules:` with nothing under it yet) loads, and lint speaks of the user's rules
    /// only, not of the built-in rules the file includes, once the user has a fixtures folder.
    @Test func lintWarnsAboutTheUsersRulesOnly() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let skeleton = folder.appendingPathComponent("skeleton.yaml")
        try Data("version: 1\ninclude: [builtin:default]\nrules:\n".utf8).write(to: skeleton)
        let bare = try winnow(["lint", skeleton.path])
        #expect(bare.status == 0, "\(bare.stderr)")
        let rules = folder.appendingPathComponent("my.yaml")
        try Data((Self.userRules + """
              - id: local.unused
                description: A line no fixture has.
                action: drop
                match: {exact: [Không bao giờ gặp]}
                examples: {match: [Không bao giờ gặp], keep: [Câu một.]}

            """).utf8).write(to: rules)
        let fixtures = folder.appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try Data("Câu một của bài báo.\n\nĐọc báo mỗi ngày\n".utf8).write(to: fixtures.appendingPathComponent("a.txt"))
        try Data("Câu một của bài báo.\n".utf8).write(to: fixtures.appendingPathComponent("a.expected.txt"))
        let lint = try winnow(["lint", rules.path])
        #expect(lint.status == 0, "\(lint.stderr)")
        let warnings = lint.stdout.split(separator: "\n").filter { $0.contains("warning:") }
        #expect(warnings.count == 1, "\(lint.stdout)")
        #expect(warnings.first?.hasSuffix("warning: no fixture in \(fixtures.path) exercises rule 'local.unused'") == true, "\(lint.stdout)")
    }
}
