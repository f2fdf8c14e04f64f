import Foundation
import Testing

/// `winnow-report.html`: the batch's report for people, written beside `winnow-report.json` with its figures,
/// escaping what it quotes from the input, the same whatever the number of workers.
@Suite struct HTMLReportTests {
    /// A kept document with a hostile line a rule removes, a document dropped as gambling spam, and a binary
    /// file that is rejected.
    private func batch() throws -> URL {
        let input = try temporaryFolder()
        let article = """
            Câu một của bài báo hôm nay, đủ dài để giữ lại cho người đọc ở Hà Nội.

            Câu hai của bài báo hôm nay, cũng đủ dài để giữ lại cho người đọc.

            hi88 <script>alert(1)</script> & uy tín \u{7}\u{1B}[31m

            """
        try article.write(to: input.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try "okvip\nhi88 uy tín\nmiso88\nNhà cái new88\nChào bạn.\n".write(to: input.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try Data([0, 1, 2, 0x20, 0x62, 0xFF, 0xFE, 0, 0]).write(to: input.appendingPathComponent("c\u{1B}<i>.txt"))
        return input
    }

    private func json(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("winnow-report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func html(_ folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("winnow-report.html"), encoding: .utf8)
    }

    /// The counts and every rule's hits of the JSON report, as the HTML shows them.
    private func expectFigures(of report: [String: Any], in page: String) throws {
        let counts = try #require(report["documents"] as? [String: Int])
        for key in ["in", "written", "dropped", "rejected"] {
            let value = try #require(counts[key])
            #expect(page.contains("id=\"count-\(key)\" class=\"number\">\(value)<"), "count \(key)")
        }
        let hits = try #require(report["hits"] as? [String: Int])
        #expect(hits.values.contains { $0 > 0 })
        for (rule, count) in hits where count > 0 {
            #expect(page.contains("data-rule=\"\(rule)\">\(count)<"), "hits of \(rule)")
        }
    }

    @Test func theHTMLReportHoldsTheJSONFiguresAndIsTheSameForOneOrTwoWorkers() throws {
        let input = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [input, scratch] { try? FileManager.default.removeItem(at: url) } }
        var pages: [String] = []
        for jobs in ["1", "2"] {
            let out = scratch.appendingPathComponent("out-\(jobs)")
            let run = try winnow(["clean", input.path, "--out", out.path, "--jobs", jobs])
            #expect(run.status == 1, "\(run.stderr)")
            let page = try html(out)
            try expectFigures(of: try json(out), in: page)
            #expect(page.contains("mostly gambling spam"))
            #expect(page.contains("binary data"))
            // Written with the JSON report under a temporary name, renamed in place: none is left.
            let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
            #expect(!names.contains { $0.hasSuffix(".winnow-tmp") })
            pages.append(page)
        }
        #expect(pages[0] == pages[1])
    }

    @Test func textFromTheInputIsEscaped() throws {
        let input = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [input, scratch] { try? FileManager.default.removeItem(at: url) } }
        let run = try winnow(["clean", input.path, "--out", scratch.path])
        #expect(run.status == 1, "\(run.stderr)")
        let page = try html(scratch)
        // (The normalize stage has taken the control characters out of the line; a file name keeps them, and
        // the page shows them as Control Pictures.)
        #expect(page.contains("hi88 &lt;script&gt;alert(1)&lt;/script&gt; &amp; uy tín"))
        #expect(!page.lowercased().contains("<script"))
        #expect(page.contains("c\u{241B}&lt;i&gt;.txt"))
        let controls = page.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }
        #expect(controls.isEmpty)
        // Self-contained: nothing fetched.
        #expect(!page.contains("src=") && !page.contains("href=\"http") && !page.contains("url("))
    }

    @Test func aResumedRunWritesTheSameHTMLReport() throws {
        let input = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [input, scratch] { try? FileManager.default.removeItem(at: url) } }
        let first = try winnow(["clean", input.path, "--out", scratch.path])
        #expect(first.status == 1, "\(first.stderr)")
        let page = try html(scratch)
        let again = try winnow(["clean", input.path, "--out", scratch.path, "--resume"])
        #expect(again.stderr.contains("resumed"), "\(again.stderr)")
        #expect(try html(scratch) == page)
    }

    @Test func shardsAndStandardOutputGetTheHTMLReportToo() throws {
        let input = try batch()
        let scratch = try temporaryFolder()
        defer { for url in [input, scratch] { try? FileManager.default.removeItem(at: url) } }
        let shards = scratch.appendingPathComponent("shards")
        let run = try winnow(["clean", input.path, "--shards", shards.path])
        #expect(run.status == 1, "\(run.stderr)")
        let page = try html(shards)
        try expectFigures(of: try json(shards), in: page)

        let file = scratch.appendingPathComponent("stdout-report.html")
        let piped = try winnow(["clean", input.appendingPathComponent("a.txt").path, "--html-report", file.path])
        #expect(piped.status == 0, "\(piped.stderr)")
        let single = try String(contentsOf: file, encoding: .utf8)
        #expect(single.contains("id=\"count-in\" class=\"number\">1<"))
        #expect(single.contains("data-rule=\"spam.gambling-line\">1<"))

        let refused = try winnow(["clean", input.path, "--out", scratch.appendingPathComponent("out").path, "--html-report", file.path])
        #expect(refused.status == 2)
    }

    /// Journal lines carry an input's samples only while its rules' samples are not all found yet, whatever the
    /// threads' timing: the journal stays small and the same bytes for one or two workers.
    @Test func journalLinesStopCarryingSamplesOnceARuleHasItsFive() throws {
        let input = try temporaryFolder()
        let scratch = try temporaryFolder()
        defer { for url in [input, scratch] { try? FileManager.default.removeItem(at: url) } }
        for index in 0..<40 {
            let text = "Câu một của bài báo số \(index), đủ dài để giữ lại cho người đọc ở Hà Nội.\n\nhi88 uy tín số \(index)\n"
            try text.write(to: input.appendingPathComponent(String(format: "%03d.txt", index)), atomically: true, encoding: .utf8)
        }
        var journals: [Data] = []
        for jobs in ["1", "2"] {
            let out = scratch.appendingPathComponent("out-\(jobs)")
            let run = try winnow(["clean", input.path, "--out", out.path, "--jobs", jobs, "--commit-every", "4"])
            #expect(run.status == 0, "\(run.stderr)")
            let journal = try Data(contentsOf: out.appendingPathComponent("winnow-journal.jsonl"))
            var samples = 0
            for line in journal.split(separator: 0x0A).dropFirst() {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
                samples += (object["samples"] as? [Any])?.count ?? 0
            }
            #expect(samples == 5)
            journals.append(journal)
            let page = try html(out)
            #expect(page.contains("data-rule=\"spam.gambling-line\">40<"))
            #expect(page.contains("hi88 uy tín số 4<") && !page.contains("hi88 uy tín số 5<"))
        }
        #expect(journals[0] == journals[1])
    }
}
