import Foundation
import Testing

/// A batch of one invented site: real articles from ../shared/corpus under a template written here.
enum SiteBatch {
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/vi-news-2017").path
    static let menu = "Trang chủ | Thời sự | Kinh tế | Xã hội | Văn hóa | Thể thao"
    static let disclaimer = "Thông tin trên trang chỉ mang tính tham khảo, tòa soạn không chịu trách nhiệm về các quyết định dựa trên nội dung này."

    /// Writes `count` pages into `folder/baomau/` and returns the articles' texts.
    @discardableResult
    static func write(_ count: Int, into folder: URL, skip: Int = 0) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".txt") }.sorted()
        let site = folder.appendingPathComponent("baomau")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        var articles: [String] = []
        for (number, name) in names.dropFirst(skip).prefix(count).enumerated() {
            let article = try String(contentsOfFile: corpus + "/" + name, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            articles.append(article)
            let page = [menu, "Cập nhật lúc \(number % 24):\(10 + number) ngày \(number % 28 + 1)/5/2017", "", article, "", disclaimer]
            try (page.joined(separator: "\n") + "\n").write(to: site.appendingPathComponent(String(format: "%03d.txt", number)), atomically: true, encoding: .utf8)
        }
        return articles
    }
}

@Suite(.serialized) struct CorpusCLITests {
    @Test func profileThenCleanRemovesTheSitesFurniture() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let articles = try SiteBatch.write(12, into: folder)
        let profile = folder.appendingPathComponent("site-profile.yaml").path
        let made = try winnow(["profile", folder.appendingPathComponent("baomau").path, "--out", profile, "--verbose"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr == "12 documents, 1 sites, 3 boilerplate lines written to \(profile)\n")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        #expect(text.contains("  - site: 'baomau'\n    documents: 12\n"))
        #expect(text.contains("{documents: 12, fingerprint: '\(fingerprintHex(SiteBatch.menu))', text: '\(SiteBatch.menu)'}"))

        let plain = try winnow(["clean", folder.appendingPathComponent("baomau").path])
        let cleaned = try winnow(["clean", folder.appendingPathComponent("baomau").path, "--site-profile", profile])
        #expect(cleaned.status == 0)
        #expect(plain.stdout.contains(SiteBatch.disclaimer))
        #expect(!cleaned.stdout.contains(SiteBatch.disclaimer))
        #expect(!cleaned.stdout.contains(SiteBatch.menu))
        // Only template lines went: every other line of the plain output is in the cleaned output, in order
        // (which may keep more: the page is judged again without its template, as the article would be alone),
        // but for the headlines: the rules took the menu, standing first, as the title; with the profile the
        // headline after it is the title (JSONL below).
        // Lines the plain run kept by a hair (within a quarter point of the judge's threshold, as `explain` shows)
        // may go either way when their neighbours change, the template's lines among them.
        let template = [SiteBatch.menu, SiteBatch.disclaimer]
        let headlines = Set(articles.map { $0.components(separatedBy: "\n")[0] })
        var nearThreshold = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("baomau").path) {
            let explained = try winnow(["explain", folder.appendingPathComponent("baomau/\(file)").path, "--format", "jsonl"])
            for record in explained.stdout.split(separator: "\n") {
                guard let line = try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any],
                      line["fate"] as? String == "kept", let score = line["score"] as? Double,
                      let threshold = line["threshold"] as? Double, score >= threshold - 0.25,
                      let text = line["text"] as? String else { continue }
                nearThreshold.insert(text)
            }
        }
        let kept = cleaned.stdout.split(separator: "\n").map(String.init)
        let expected = plain.stdout.split(separator: "\n").map(String.init)
            .filter { !template.contains($0) && !headlines.contains($0) && !nearThreshold.contains($0) }
        var position = kept.startIndex
        for line in expected {
            guard let found = kept[position...].firstIndex(of: line) else { Issue.record("lost: \(line)"); break }
            position = found + 1
        }

        let titled = try winnow(["clean", folder.appendingPathComponent("baomau/003.txt").path, "--site-profile", profile,
                                 "--format", "jsonl"])
        #expect(titled.stdout.contains("\"title\":\(String(decoding: try JSONSerialization.data(withJSONObject: [articles[3].components(separatedBy: "\n")[0]]), as: UTF8.self).dropFirst().dropLast())"), "\(titled.stdout.prefix(300))")
        #expect(titled.stdout.contains("\"rule\":\"site.title\""))

        let page = folder.appendingPathComponent("baomau/003.txt").path
        let explained = try winnow(["explain", page, "--site-profile", profile])
        #expect(explained.stdout.contains("seen on 12 of 12 pages of this site (baomau)"))
        let disclaimer = try #require(explained.stdout.split(separator: "\n").first { $0.contains(SiteBatch.disclaimer) })
        #expect(disclaimer.contains("dropped") && disclaimer.contains("site.boilerplate"))
        let machine = try winnow(["explain", page, "--site-profile", profile, "--format", "jsonl"])
        #expect(machine.stdout.contains("\"note\":\"seen on 12 of 12 pages of this site (baomau)\""))
        // Another site's profile says nothing of this one.
        let elsewhere = try winnow(["explain", page, "--site-profile", profile, "--site", "other"])
        #expect(!elsewhere.stdout.contains("seen on"))
    }

    @Test func jsonlRecordsBelongToTheirURLsHost() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let articles = try SiteBatch.write(6, into: folder)
        var lines: [String] = []
        for (number, article) in articles.enumerated() {
            let text = [SiteBatch.menu, article, SiteBatch.disclaimer].joined(separator: "\n")
            let record: [String: String] = ["id": "\(number)", "url": "https://www.BaoMau.vn/\(number).html", "text": text]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
        }
        let input = folder.appendingPathComponent("batch.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let profile = folder.appendingPathComponent("p.jsonl").path
        let made = try winnow(["profile", input.path, "--input-format", "jsonl", "--out", profile])
        #expect(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        #expect(text.hasPrefix("{\"winnow_site_profile\":1,\"min_share\":0.3,\"min_documents\":3,\"sites\":1}\n{\"site\":\"baomau.vn\",\"documents\":6,"))
        let cleaned = try winnow(["clean", input.path, "--input-format", "jsonl", "--format", "jsonl", "--site-profile", profile])
        #expect(cleaned.status == 0)
        #expect(cleaned.stdout.split(separator: "\n").allSatisfy { $0.contains("\"rule\":\"site.boilerplate\"") })
    }

    @Test func badProfilesAndFlagsAreUsageErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.yaml").path
        try "just: text\nsites: [1]\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let run = try winnow(["clean", "--site-profile", bad], stdin: Data("Câu một.\n".utf8))
        #expect(run.status == 2)
        #expect(run.stderr == "winnow: \(bad): site 1: a site line needs 'site', 'documents' and 'lines' [{fingerprint, documents}]\n")
        let missing = try winnow(["clean", "--site-profile", folder.appendingPathComponent("none.yaml").path], stdin: Data("Câu.\n".utf8))
        #expect(missing.status == 2)
        #expect(missing.stderr.hasSuffix("none.yaml: cannot read the site profile\n"))
        let extensionless = try winnow(["profile", "-", "--out", folder.appendingPathComponent("p.txt").path], stdin: Data("a\n".utf8))
        #expect(extensionless.status == 2)
        #expect(extensionless.stderr.contains("--out must end in .jsonl or .yaml"))
    }
}

/// The profile's fingerprint of a line: FNV-1a of the text as it is (no digits, single spaces).
func fingerprintHex(_ line: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in line.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

@Suite(.serialized) struct DedupCLITests {
    /// Six pages of the site; page 4 reprints page 1 without its second long paragraph, page 5 copies page 2.
    func batch(_ folder: URL) throws -> URL {
        let articles = try SiteBatch.write(4, into: folder)
        let site = folder.appendingPathComponent("baomau")
        var lines = articles[1].components(separatedBy: "\n")
        if let long = lines.indices.filter({ lines[$0].split(separator: " ").count >= 25 }).dropFirst().first { lines.remove(at: long) }
        let page1 = try String(contentsOf: site.appendingPathComponent("001.txt"), encoding: .utf8)
        try page1.replacingOccurrences(of: articles[1], with: lines.joined(separator: "\n"))
            .write(to: site.appendingPathComponent("004.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: site.appendingPathComponent("002.txt"), to: site.appendingPathComponent("005.txt"))
        return site
    }

    @Test func dedupPrintsClustersAndSignatures() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = try batch(folder)
        let signatures = folder.appendingPathComponent("signatures.jsonl").path
        let run = try winnow(["dedup", site.path, "--signatures", signatures, "--verbose"])
        #expect(run.status == 0, "\(run.stderr)")
        let records = run.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(records.map { $0["cluster"] as! Int } == [1, 1, 2, 2])
        #expect(records.map { ($0["source"] as! String).suffix(7) } == ["001.txt", "004.txt", "002.txt", "005.txt"])
        #expect(records.map { $0["kept"] as! Bool } == [true, false, true, false])
        #expect(records.map { $0["exact"] as! Bool } == [true, false, true, true])
        #expect((records[1]["jaccard"] as! Double) >= 0.8 && (records[1]["jaccard"] as! Double) < 1)
        #expect(run.stderr.contains("6 documents sketched"))
        #expect(run.stderr.contains("2 clusters: 1 exact and 1 near copies to drop"))
        let signed = try String(contentsOfFile: signatures, encoding: .utf8).split(separator: "\n")
        #expect(signed.count == 6)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(signed[0].utf8)) as? [String: Any])
        #expect((first["minhash"] as? [Int])?.count == 128)
        #expect((first["hash"] as? String)?.count == 32)
        #expect(first["shingles"] == nil)
        // Fewer permutations: the signature is that long, the clusters the same.
        let short = try winnow(["dedup", site.path, "--permutations", "64", "--bands", "16", "--signatures", signatures, "--with-shingles"])
        #expect(short.stdout == run.stdout)
        let again = try #require(try JSONSerialization.jsonObject(with: Data(try String(contentsOfFile: signatures, encoding: .utf8).split(separator: "\n")[0].utf8)) as? [String: Any])
        #expect((again["minhash"] as? [Int])?.count == 64)
        #expect(((again["shingles"] as? [Int])?.count ?? 0) > 100)
    }

    @Test func cleanDedupDropsTheCopiesAndSaysWhy() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let site = try batch(folder)
        let out = folder.appendingPathComponent("out")
        let clusters = folder.appendingPathComponent("clusters.jsonl").path
        let run = try winnow(["clean", site.path, "--out", out.path, "--format", "jsonl", "--dedup", "--clusters", clusters])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !$0.hasPrefix("winnow-") }.sorted()
        #expect(written == ["000.jsonl", "001.jsonl", "002.jsonl", "003.jsonl"])
        let kept = try String(contentsOf: out.appendingPathComponent("001.jsonl"), encoding: .utf8)
        #expect(kept.contains("\"duplicates\":{\"cluster\":1,\"dropped\":1}"))
        let report = try String(contentsOf: out.appendingPathComponent("winnow-report.json"), encoding: .utf8)
        #expect(report.contains("\"rule\":\"dedup.near\""))
        #expect(report.contains("near copy of \(site.path)/001.txt (cluster 1, Jaccard 0."))
        #expect(report.contains("\"rule\":\"dedup.exact\",\"reason\":\"exact copy of \(site.path)/002.txt (cluster 2)\""))
        #expect(try String(contentsOfFile: clusters, encoding: .utf8).split(separator: "\n").count == 4)
        // Standard input cannot be read twice.
        let piped = try winnow(["clean", "--dedup"], stdin: Data("Câu một.\n".utf8))
        #expect(piped.status == 2)
        #expect(piped.stderr.contains("--dedup reads the batch twice"))
        let lonely = try winnow(["clean", site.path, "--clusters", clusters])
        #expect(lonely.status == 2)
        #expect(lonely.stderr.contains("--clusters needs --dedup"))
    }
}
