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

extension NoArticleTextTests {
    static let headlines = [
        "Council prepares for a new treescape at the park by the river", "Regional recovery package to kickstart the local economy",
        "Farmers warned about an urgent call for quarantine on the farms", "Residents to enjoy two weekends of spring cleaning this year",
        "Drought hubs across the region to broaden their focus next season", "Council endorses a second package of support for small business",
        "Disaster dashboard ready in time for the coming storm season", "Conservationists battle to protect a newly found platypus colony",
        "Reuse farm prepares for the future with new software for growers", "Singing the unsung heroes of the long bushfire recovery effort",
        "Tiny turtles prove tough enough to survive the long drought",
    ]

    /// A section's column of headlines without their teasers: eleven lines, none a sentence, hardly a figure.
    /// The line model keeps them (no main text to set them against), so the page itself has to go.
    @Test func aColumnOfHeadlinesIsDropped() throws {
        let document = try clean("Latest drought news\n\n" + Self.headlines.joined(separator: "\n\n") + "\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
        #expect(document.dropped?.reason.hasSuffix("none a sentence (a column of headlines)") == true)
    }

    /// The same column with one sentence among it has article text.
    @Test func aColumnWithASentenceStays() throws {
        var lines = Self.headlines
        lines.insert("The council voted on Tuesday to spend two million dollars on new trees along the river.", at: 1)
        let document = try clean(lines.joined(separator: "\n\n") + "\n")
        #expect(document.dropped == nil)
    }

    /// A paragraph is article text even when it ends without a full stop (on a link, where an excerpt stops).
    @Test func aColumnWithAParagraphEndingOnALinkStays() throws {
        var lines = Self.headlines
        lines.insert("The work, published online on Wednesday, is being hailed as a breakthrough by three outside experts in the field of microscopy, who said that everybody working with single molecules would use it within a few years. Online: http://www.nature.com/nature/", at: 0)
        let document = try clean(lines.joined(separator: "\n\n") + "\n")
        #expect(document.dropped == nil)
    }

    /// Results, schedules and notices are lists of figures without sentences, and are articles.
    @Test func aListOfScoresStays() throws {
        let games = ["Santa Fe 26, Fort White 14", "Newberry 28, Union County 21", "Dixie County 40, Williston 18",
                     "Taylor County 21, Chiefland 14", "Bishop McLaughlin 37, Bronson 8", "Taylor 30, Bell 12",
                     "Tampa Cambridge 24, Trenton 6", "Lafayette 41, St. Joseph 8", "Interlachen 46, Parrish 13",
                     "Madison County 32, Suwannee 14", "Apopka 34, Wekiva 0"]
        let document = try clean("Friday night high school football scores\n\n" + games.joined(separator: "\n\n") + "\n")
        #expect(document.dropped?.rule != JudgeStage.noTextRuleID)
    }

    /// A photo story's captions end with their credit, not a full stop, and are its text.
    @Test func aPhotoStoryOfCreditedCaptionsStays() throws {
        let captions = [
            "Nhiều hàng quán bày bàn ghế lấn chiếm vỉa hè đường Nguyễn Xí để buôn bán",
            "Cảnh sát kiểm tra cửa hàng tạp hóa bày bán hàng hóa trên vỉa hè",
            "Cảnh sát lập biên bản nhiều trường hợp sử dụng trái phép vỉa hè",
            "Nhiều tiệm trái cây trên đường Nguyễn Xí cũng bị lập biên bản",
            "Quán nhậu bày bàn ghế lấn hết vỉa hè, đẩy người đi bộ xuống lòng đường",
            "Tổ công tác làm việc với chủ quán lẩu vi phạm lấn chiếm vỉa hè",
            "Quán lẩu bò bày bàn ghế trên vỉa hè vào buổi tối",
            "Quán lẩu trên đường Phạm Văn Đồng vi phạm trật tự đô thị",
            "Cảnh sát kiểm tra quán nhậu vi phạm ở phường Hạnh Thông",
            "Quán nhậu vi phạm bị cảnh sát lập biên bản kiểm tra",
            "Xe đẩy bán hàng rong đậu trên vỉa hè trước cổng chợ",
            "Người đi bộ phải đi xuống lòng đường vì vỉa hè bị chiếm",
        ]
        let document = try clean(captions.map { "\($0) - Ảnh: MINH HÒA" }.joined(separator: "\n\n") + "\n")
        #expect(document.dropped == nil)
    }
}

extension NoArticleTextTests {
    /// A lead that ends with a colon introduces what follows it: the excerpt or the extractor lost the list, not the
    /// article. A short line with a colon is still a heading, and the same lead cut off mid-sentence still goes.
    @Test func aLeadThatEndsWithAColonIsAnArticleNotAnUnfinishedLine() throws {
        let lead = "Thực hiện chỉ đạo của Bộ Tài nguyên và Môi trường tại Công văn số 1348/BTNMT ngày 09/3/2020 về hưởng ứng "
            + "Giờ Trái đất năm 2020, UBND tỉnh có ý kiến như sau:"
        let document = try clean("Tổ chức các hoạt động hưởng ứng Giờ trái đất năm 2020\n\n" + lead + "\n")
        #expect(document.dropped == nil)
        #expect(document.paragraphs.contains(lead))
        #expect(try clean(String(lead.dropLast(20)) + "\n").dropped?.rule == JudgeStage.noTextRuleID)
        #expect(try clean("Lịch tiếp công dân tháng 3:\n").dropped?.rule == JudgeStage.noTextRuleID)
    }
}
