import Foundation
import Testing
@testable import Winnow

@Suite struct LineShapeTests {
    @Test(arguments: [("Câu kết thúc.", true), ("Ông nói: “Xong.”", true), ("Còn tiếp…", true), ("Danh sách:", true),
                      ("Quang cảnh hội nghị", false), ("Tiêu đề (ảnh)", false), ("", false),
                      ("北京今天下雨了。", true), ("他说：「明天见。」", true), ("東京で地震", false), ("هل هذا صحيح؟", true),
                      ("यह एक वाक्य है।", true)])
    func terminalPunctuation(_ text: String, _ expected: Bool) {
        #expect(LineShape.endsWithTerminalPunctuation(text) == expected)
    }

    @Test func capitalsNeedALetterWithCase() {
        #expect(LineShape.isAllCaps("HÀ NỘI 2024"))
        #expect(LineShape.isAllCaps("北京 NEWS"))
        #expect(!LineShape.isAllCaps("北京今天下雨了"))
        #expect(!LineShape.isAllCaps("Hà Nội"))
        #expect(!LineShape.isAllCaps("2024"))
    }

    @Test func capitalisedNamesAndSentences() {
        #expect(LineShape.isCapitalized("Đức Minh"))
        #expect(LineShape.isCapitalized("“Anh Phương”"))
        #expect(!LineShape.isCapitalized("Theo Trí thức trẻ"))
    }
}

@Suite struct ConditionTests {
    func matches(_ yaml: String, _ text: String) throws -> Bool {
        let rules = try loadRules(["main.yaml": "rules:\n  - id: t.rule\n    action: drop\n    match: \(yaml)\n"])
        return try clean(text, rules: rules).edits.contains { $0.rule == "t.rule" }
    }

    @Test func containsIsAByteSubstringTest() throws {
        #expect(try matches("{contains: [Ảnh, Photo]}", "Quang cảnh. Ảnh: TTXVN"))
        #expect(try !matches("{contains: [Ảnh, Photo]}", "Quang cảnh hội nghị"))
    }

    @Test func edgeKeywordsLookOnlyAtTheFirstAndLastToken() throws {
        #expect(try matches("{edge_keywords: [okvip]}", "okvip Giá vàng tăng mạnh."))
        #expect(try matches("{edge_keywords: [okvip]}", "Giá vàng tăng mạnh. ＯＫＶＩＰ"))
        #expect(try matches("{edge_keywords: [okvip]}", "Giá vàng tăng mạnh, xem tại okvip.com"))
        #expect(try matches("{edge_keywords: [okvip]}", "okvip"))
        #expect(try !matches("{edge_keywords: [okvip]}", "Giá vàng okvip tăng mạnh."))
        #expect(try !matches("{edge_keywords: [okvip]}", "Giá vàng tăng mạnh."))
    }

    @Test func doubledIsOneTextWrittenTwiceGluedOrOneSpaceApart() throws {
        #expect(try matches("{doubled: true}", "Tổ chức Tổ chức"))
        #expect(try matches("{doubled: true}", "Sponsored LinksSponsored Links"))
        #expect(try matches("{doubled: true}", "  CHÍNH TRỊ - ĐÔ THỊ CHÍNH TRỊ - ĐÔ THỊ "))
        #expect(try !matches("{doubled: true}", "Tổ chức Tổ chức Đảng"))
        #expect(try !matches("{doubled: true}", "Bye Bye"))
        #expect(try !matches("{doubled: true}", "Tổ chức tổ chức"))
        #expect(try matches("{doubled: false}", "Tổ chức Đảng"))
    }

    @Test func charsCountsCharactersNotBytes() throws {
        #expect(try !matches("{chars: {max: 5}}", "Hà Nội"))
        #expect(try matches("{chars: {max: 6}}", "Hà Nội"))
    }

    @Test func nestedConditionsLookAtNeighbours() throws {
        let rules = try loadRules(["main.yaml": """
        rules:
          - id: t.caption
            action: drop
            match: {terminal_punctuation: false, next: {regex: '^Ảnh:'}}
        """])
        let document = try clean("Câu một.\nQuang cảnh\nẢnh: A\nCâu hai.", rules: rules)
        #expect(document.paragraphs == ["Câu một.", "Ảnh: A", "Câu hai."])
    }

    @Test func dropPartKeepsTheRestOfTheLine() throws {
        let rules = try loadRules(["main.yaml": """
        rules:
          - id: t.credit
            action: drop_part
            match: {regex: '\\s*\\(Ảnh: [^)]+\\)$'}
        """])
        let document = try clean("Hai câu. Đây là câu hai. (Ảnh: TTXVN)", rules: rules)
        #expect(document.paragraphs == ["Hai câu. Đây là câu hai."])
        #expect(document.edits == [Edit(line: 1, rule: "t.credit", text: "(Ảnh: TTXVN)", kind: .trimmed)])
    }
}

@Suite struct JSONTests {
    @Test func escapesWhatJSONRequiresAndLineSeparators() {
        #expect(JSON.string("a\"b\\c\nd\t\u{01}e\u{2028}“f”") == #""a\"b\\c\nd\t\u0001e\u2028“f”""#)
    }

    /// The escaper skips sixteen bytes at a time: a special character must be found at every offset, and the
    /// characters next to U+2028 and U+2029 in UTF-8 (U+2027, U+202A) left as they are.
    @Test func escapesSpecialCharactersAtEveryOffset() {
        func reference(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{2028}": out += "\\u2028"
                case "\u{2029}": out += "\\u2029"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return out + "\""
        }
        let base = Array("Đảng bộ cơ quan tổ chức hội nghị năm".unicodeScalars)
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\u{2028}", "\u{2029}", "—", "…", "\u{2027}", "\u{202A}"] {
            for offset in 0...base.count {
                var scalars = base
                scalars.insert(contentsOf: special.unicodeScalars, at: offset)
                let text = String(String.UnicodeScalarView(scalars))
                #expect(JSON.string(text) == reference(text), "\(special) at \(offset)")
            }
        }
    }

    @Test func scannerKeepsRawValuesAndDecodesStrings() throws {
        let line = Array(#"{"id": 7, "text": "a\u00e0\n\ud83d\ude00\"", "m": {"k": [1, "}"]}}"#.utf8)
        let fields = try JSONObjectScanner.fields(of: line)
        #expect(fields.map(\.key) == ["id", "text", "m"])
        #expect(String(decoding: line[fields[2].raw], as: UTF8.self) == #"{"k": [1, "}"]}"#)
        #expect(JSONObjectScanner.decodeString(line[fields[1].raw]) == Array("aà\n😀\"".utf8))
        #expect(JSONObjectScanner.decodeString(line[fields[0].raw]) == nil)
    }

    @Test func scannerRejectsBrokenRecordsWithAColumn() {
        #expect(throws: JSONObjectScanner.Failure.self) { try JSONObjectScanner.fields(of: Array(#"{"id": 1,"#.utf8)) }
    }
}

@Suite struct BoilerplateFinderTests {
    @Test func recurringShortLinesBecomeSuggestionsAndArticleTextDoesNot() throws {
        var finder = BoilerplateFinder(maxWords: 8)
        let boilerplate = "Đọc báo mỗi ngày cùng chúng tôi"
        for index in 0..<4 {
            var document = try clean("Câu văn riêng số \(index) của bài báo này rất dài và không lặp lại.\n\(boilerplate)")
            document.source = "doc\(index).txt"
            finder.add(document)
        }
        let findings = finder.findings(minDocuments: 3, limit: 10)
        #expect(findings == [.init(line: boilerplate, documents: 4, samples: ["doc0.txt", "doc1.txt", "doc2.txt"])])
        let yaml = BoilerplateFinder.yaml(findings, documentsSeen: 4)
        let rules = try loadRules(["main.yaml": "rules:\n" + yaml])
        #expect(rules.rules.map(\.id) == [BoilerplateFinder.ruleID(for: boilerplate)])
        #expect(rules.rules.first?.id.hasPrefix("suggested.line-") == true)
    }

    /// Symbols and single common words recur in every batch and are no rule's business; a footer of 25 words is.
    @Test func symbolsAndCommonWordsAreNotSuggestedButLongFootersAre() throws {
        var finder = BoilerplateFinder()
        let footer = "Bản quyền thuộc về tòa soạn báo điện tử của tỉnh, mọi hình thức sao chép lại thông tin phải được sự đồng ý bằng văn bản của tòa soạn"
        for index in 0..<4 {
            var document = Document(id: "d", source: "doc\(index).txt", lines: [(1, "Câu văn riêng số \(index) của bài báo này.", 0), (2, ".", 0), (3, "và", 0), (4, footer, 0)])
            document.source = "doc\(index).txt"
            finder.add(document)
        }
        #expect(finder.findings(minDocuments: 3, limit: 10).map(\.line) == [footer])
    }
}

@Suite struct RemoveLinesTests {
    @Test func gapsBeforeRemovedLinesPassToTheNextKeptLine() {
        var document = Document(id: "d", source: "d", lines: [(1, "Một.", 0), (3, "Nguồn: A", 1), (6, "Hai.", 2)])
        document.removeLines(at: [1], rule: "t.rule", kind: .extracted(.sourceURL))
        #expect(document.lines.map(\.number) == [1, 6])
        #expect(document.lines[1].blankLinesBefore == 3)
        #expect(document.edits == [Edit(line: 3, rule: "t.rule", text: "Nguồn: A", kind: .extracted(.sourceURL))])
    }
}

@Suite struct WorkerPoolTests {
    /// Inputs go to the workers in batches; outputs come back in input order whatever the count: none, fewer
    /// than a batch, exactly some batches, a partial last one.
    @Test(arguments: [0, 1, 15, 16, 17, 100])
    func batchesKeepInputOrder(_ count: Int) throws {
        let pool = try WorkerPool(jobs: 3, window: 8) { () throws(Rejection) in try Pipeline(ruleSet: defaultRules) }
        var next = 0
        var emitted: [Int] = []
        pool.map(batch: 16, { () -> Int? in
            guard next < count else { return nil }
            next += 1
            return next - 1
        }, work: { input, _ in input * 2 }, emit: { emitted.append($0) })
        #expect(emitted == (0..<count).map { $0 * 2 })
    }
}

@Suite struct DateOffsetTests {
    @Test func zonesWrittenAfterATimeComeOutInOneForm() {
        #expect(DateParts.offset("Z") == "Z")
        #expect(DateParts.offset("+07:00") == "+07:00")
        #expect(DateParts.offset("+0700") == "+07:00")
        #expect(DateParts.offset("-05") == "-05:00")
        #expect(DateParts.offset("+05:30") == "+05:30")
    }

    @Test func whatIsNotAZoneIsRefused() {
        #expect(DateParts.offset("+7") == nil)
        #expect(DateParts.offset("+25:00") == nil)
        #expect(DateParts.offset("+07:75") == nil)
        #expect(DateParts.offset("07:00") == nil)
        #expect(DateParts.offset("+07a0") == nil)
    }
}
