import Testing
@testable import Winnow

@Suite struct SpamKeywordTests {
    @Test(arguments: ["okvip", "ＯＫＶＩＰ", "OkViP", "h\u{0456}88", "ok\u{200B}vip", "0kvip", "hi88.com", "hi88bet.vip",
                      "Link vào hi88 mới nhất", "https://miso88.win/dang-ky", "“hi88”", "«0KVIP»"])
    func disguisedSpamIsDropped(_ line: String) throws {
        let document = try clean("Câu văn bình thường của bài báo về kinh tế đất nước.\n\(line)")
        #expect(rule(removing: 2, in: document) == "spam.gambling-line")
    }

    @Test(arguments: ["Hội nghị có 88 đại biểu tham dự.", "Anh ấy cao 1m88.", "OK, VIP guests arrived.",
                      "Công an triệt phá đường dây cá độ qua trang hi88, bắt giữ 12 người."])
    func ordinaryTextAndNewsAboutGamblingStay(_ line: String) throws {
        let document = try clean("Câu văn bình thường của bài báo về kinh tế đất nước.\n\(line)")
        #expect(document.paragraphs.contains(line))
    }

    @Test func mostlySpamPagesAreDroppedAsDocuments() throws {
        let document = try clean("okvip\nhi88 uy tín\nmiso88\nNhà cái new88\nChào bạn.")
        #expect(document.dropped?.rule == "filter.gambling-page")
    }

    @Test func asciiTokensFoldLikeICU() throws {
        let folder = try TokenFolder()
        let printable = (0x21...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        let tokens = printable + ["0kvip", "HI88.COM", "rnanclub", "1xbet", "vv88", "l00k", "m88/x?y=z", "Okv1p!", "5un-w1n"]
        for token in tokens {
            var folded: [UInt8] = []
            Array(token.utf8).withUnsafeBufferPointer { folder.appendSkeleton(ofASCII: $0, to: &folded) }
            #expect(String(decoding: folded, as: UTF8.self) == (try folder.skeleton(token)), "\(token)")
        }
    }

    /// The brand rules that need a regex write the brand list out again; a brand added to the list and not to them
    /// would be caught bare but not leading a line or glued to a sentence. The variant rule names the listed brands
    /// that end in a letter, but "99ok": the regex prefilter reads at most 32 names.
    @Test func theBrandRulesNameTheBrandList() throws {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("rules/spam.yaml"), encoding: .utf8)
        let listStart = try #require(text.range(of: "keywords: &gambling ["))
        let listEnd = try #require(text.range(of: "]", range: listStart.upperBound..<text.endIndex))
        let brands = Set(text[listStart.upperBound..<listEnd.lowerBound].split { ", \n".contains($0) }.map(String.init))
        #expect(brands.count > 70)
        // Every alternation of names in a regex of the file: "(?:68gamebai|kucasino|...)".
        let alternations = try Regex(#"\(\?:((?:[a-z0-9]+\|){20,}[a-z0-9]+)\)"#)
        let lists = text.matches(of: alternations).map { Set(String($0.output[1].substring ?? "").split(separator: "|").map(String.init)) }
        #expect(lists.count == 4)
        let endingInALetter = brands.filter { $0.last!.isLetter }.subtracting(["99ok"])
        for list in lists { #expect(list == brands || list == endingInALetter, "\(list.symmetricDifference(brands).sorted())") }
        #expect(lists.filter { $0 == endingInALetter }.count == 1)
    }
}
