import Foundation
import Testing
@testable import Winnow

@Suite struct NoArticleTextTests {
    func clean(_ text: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8))
    }

    @Test func aTagPageWithOnlyItsNameAndAHeadlineIsDropped() throws {
        let document = try clean("Giá vàng\n\nGiá vàng hôm nay tăng nhẹ\n\nChia sẻ\n\nBình luận\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
        #expect(document.dropped?.reason.hasPrefix("no article text: the longest line left has") == true)
    }

    @Test func aShortRealArticleStays() throws {
        let document = try clean("""
        Mưa lớn ở Hà Nội

        Chiều nay, mưa lớn kéo dài hơn một giờ khiến nhiều tuyến phố ở quận Hoàn Kiếm ngập sâu.
        """)
        #expect(document.dropped == nil)
        #expect(document.paragraphs.contains { $0.hasPrefix("Chiều nay, mưa lớn") })
    }
}

extension NoArticleTextTests {
    @Test func aPageOfOneHeadlineIsDroppedEvenWithNothingToRemove() throws {
        // A tag page whose text is its name: nothing on it is furniture, and nothing is an article either.
        let document = try clean("Giá vàng SJC giảm sốc nhưng vẫn quá đắt\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
    }

    @Test func aOneSentenceBriefWithNothingToRemoveStays() throws {
        let document = try clean("Hà Nội mưa lớn.\n")
        #expect(document.dropped == nil)
        #expect(document.paragraphs == ["Hà Nội mưa lớn."])
        // Chinese is written without spaces: the sentence is one word between spaces, and still a sentence.
        let chinese = try clean("北京下雨了。\n")
        #expect(chinese.dropped == nil)
        #expect(chinese.paragraphs == ["北京下雨了。"])
    }
}

extension NoArticleTextTests {
    /// A masthead and its navigation: twenty lines or more, none of ten words, none a sentence. The line model keeps
    /// such lines rather than empty the page, so the page itself has to go.
    @Test func aPageOfMenuItemsOnlyIsDropped() throws {
        let sections = ["Trang chủ", "Kinh doanh", "Doanh nghiệp", "Chuyện làm ăn", "Hàng không", "Tài chính", "Chứng khoán",
                        "Ngân hàng", "Bảo hiểm", "Vàng", "Thị trường", "Bất động sản", "Dự án", "Khởi nghiệp", "Quản trị",
                        "Marketing", "Nhân sự", "Thời sự", "Điểm tin", "Thế giới", "Sự kiện", "Hội thảo"]
        let document = try clean(sections.map { "  • \($0)" }.joined(separator: "\n") + "\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
        #expect(document.dropped?.reason.hasSuffix("lines, none of 10 words, no sentence") == true)
    }

    /// A table of currency rates cut off by an excerpt ("SZL 19."): its last line ends with a full stop, but a code
    /// and a number are no sentence.
    @Test func aTableOfRatesCutAfterAFullStopIsNoSentence() throws {
        let codes = ["AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
                     "BMD", "BND", "BOB", "BRL", "BSD", "BTN"]
        let rates = codes.enumerated().map { "\($0.element) \($0.offset + 1).\(100_000 + 7_919 * $0.offset)" }
        let document = try clean(rates.joined(separator: "\n") + "\nSZL 19.")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
    }

    /// The same list under one sentence is an article's list (a price table, a programme), and stays.
    @Test func aListUnderASentenceStays() throws {
        let items = (1...22).map { "  • Mặt hàng số \($0): \(10 + $0).000 đồng/kg" }
        let document = try clean("Giá nông sản hôm nay tại chợ đầu mối như sau.\n" + items.joined(separator: "\n") + "\n")
        #expect(document.dropped?.rule != JudgeStage.noTextRuleID)
    }
}

extension NoArticleTextTests {
    /// A page left with one line of fewer than 100 words and no sentence: a headline, a document's title, a search
    /// query without a story, or a teaser the site cut off mid-sentence. The same headline as a sentence is a
    /// brief, and a paragraph of 100 words or more is an article's text cut off where the excerpt stops.
    @Test func aPageOfOneUnfinishedLineIsDroppedAndASentenceOrAnExcerptStays() throws {
        let headline = "Tỉnh ban hành bộ tiêu chí xây dựng khu dân cư kiểu mẫu giai đoạn 2024 đến 2026"
        let document = try clean(headline + "\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
        #expect(document.dropped?.reason == "no article text: one line left, of 18 words and no sentence")
        #expect(try clean(headline + ".\n").dropped == nil)
        let teaser = headline + " với sự tham gia của các sở ngành và chính quyền các xã trong toàn tỉnh từ tháng"
        #expect(try clean(teaser + "\n").dropped?.rule == JudgeStage.noTextRuleID)
        let excerpt = String(repeating: "Các xã đã rà soát từng tiêu chí và báo cáo kết quả cho huyện, ", count: 7) + "trong đó"
        #expect(try clean(excerpt + "\n").dropped == nil)
    }
}
