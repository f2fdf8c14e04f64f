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
}
