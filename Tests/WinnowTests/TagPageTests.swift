import Foundation
import Testing
@testable import Winnow

/// Tag and topic pages open with their keyword and list a teaser or two: dropped with the keyword as reason.
@Suite struct TagPageTests {
    func clean(_ text: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8))
    }

    @Test func aPageUnderAKeywordInSmallLettersIsATagPage() throws {
        let document = try clean("""
            hải đảo

            50% trạm y tế cấp xã cần được sửa chữa, nâng cấp

            50% trạm y tế cấp xã cần được sửa chữa, nâng cấp

            Cả nước hiện có khoảng 10.000 trạm y tế cấp xã, nhưng có tới 50% số trạm cần được sửa chữa và nâng cấp.
            """)
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(document.dropped?.reason == "a tag page: it opens with the keyword 'hải đảo' and lists teasers")
    }

    @Test func aPageNamedAsATagIsATagPageEvenWhenTheRulesTookItsHeading() throws {
        let document = try clean("""
            Tag: lở đất đá

            Mưa lớn ở Tây Bắc gây sạt lở đất đá, ách tắc giao thông

            11/08/2022 17:55

            (VOVTV) - Do ảnh hưởng của hoàn lưu bão số 2, ngày 11/8, các địa phương trong khu vực Tây Bắc tiếp tục có mưa trên diện rộng.
            """)
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// A blog's archive of a category or label names itself so ("Category Archives: X", "Hiển thị các bài đăng có
    /// nhãn X"): a short page under that heading lists teasers.
    @Test func aBlogsArchiveHeadingIsATagPagesHeading() throws {
        let teaser = """

            Vô vọng và hi vọng

            Đạo diễn Trần Văn Thuỷ có lần than thở rằng cái cảm giác đè nặng bên trong ông là vô vọng về dân tộc, và hôm nay một tạp chí viết về điều ấy.
            """
        for heading in ["Category Archives: Cộng đồng người Việt", "Hiển thị các bài đăng có nhãn Phóng sự"] {
            let dropped = try clean(heading + "\n" + teaser).dropped
            #expect(dropped?.reason == "a tag page: it opens with the keyword '\(heading)' and lists teasers")
        }
        #expect(try clean("Cộng đồng người Việt\n" + teaser).dropped == nil)
    }

    @Test func anArticleUnderItsTitleStays() throws {
        let document = try clean("""
            Mưa lớn ở Tây Bắc gây sạt lở đất đá

            Do ảnh hưởng của hoàn lưu bão số 2, ngày 11/8, các địa phương trong khu vực Tây Bắc tiếp tục có mưa trên diện rộng.
            """)
        #expect(document.dropped == nil)
    }

    /// "null" is what a page's script printed where a value was missing, not a keyword: the short article under it stays.
    @Test func aScriptsNullAboveAShortArticleIsNoKeyword() throws {
        let page = """
            null
            Hội LHPN xã Hiệp Thành ra mắt Mô hình “Tổ heo đất tiết kiệm”
            Tin hoạt động
            Thứ tư, 21/09/2022, 09:21
            Vừa qua, Hội LHPN xã Hiệp Thành tổ chức Lễ ra mắt Mô hình “Tổ heo đất tiết kiệm” tại ấp Giồng Giữa, với 30 hội viên tham gia.
            """
        #expect(try clean(page).dropped?.rule != JudgeStage.tagPageRuleID)
        #expect(try clean(page.replacingOccurrences(of: "null", with: "heo đất")).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// "logo" is an image's alternative text, not a keyword: an aggregator's copy of a report under it stays.
    @Test func anImagesLogoAboveAReportIsNoKeyword() throws {
        let page = """
            logo
            How is your hospital doing on waiting times?

            News 4 hours ago

            Doctors and patient groups warn that hospitals are facing an uphill struggle on waiting times this year.
            It said the fact waiting times had continued to improve even during winter was encouraging for the trusts.
            """
        #expect(try clean(page).dropped?.rule != JudgeStage.tagPageRuleID)
        #expect(try clean(page.replacingOccurrences(of: "logo", with: "waiting times")).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// "leftcenterrightdel" is what a portal's image editor leaves above a picture, not a keyword: the report under
    /// it stays, and under a keyword in its place the same page is a tag page.
    @Test func anImageEditorsResidueAboveAReportIsNoKeyword() throws {
        let page = """
            leftcenterrightdel
            Chủ tịch UBND tỉnh phát biểu tại kỳ họp

            Dự kỳ họp có lãnh đạo Tỉnh ủy, Hội đồng nhân dân, Ủy ban nhân dân tỉnh và đại biểu của các sở, ngành.

            Tại kỳ họp, các đại biểu nghe báo cáo về tình hình phát triển kinh tế - xã hội trong chín tháng đầu năm.
            """
        #expect(try clean(page).dropped == nil)
        #expect(try clean(page.replacingOccurrences(of: "leftcenterrightdel", with: "kỳ họp")).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// A widget's label heads its items, not teasers; a keyword without a mark above a Vietnamese page is an
    /// image's alternative text. The short article below either stays.
    @Test func aWidgetLabelOrAnUnmarkedAltTextIsNoKeyword() throws {
        let article = """
            Ra mắt Câu lạc bộ liên thế hệ tự giúp nhau tổ dân phố 4
            Ngày đăng 13/09/2022 | 10:01
            Sáng ngày 13/9, Hội người cao tuổi thị xã phối hợp với UBND phường tổ chức lễ ra mắt câu lạc bộ liên thế hệ tự giúp nhau.
            Câu lạc bộ có 40 thành viên, được thành lập theo quyết định của UBND phường ngày 27/6/2022.
            """
        let underWidget = "thời tiết các vùng\nHà Nội\nĐà Nẵng\nTP Hồ Chí Minh\n" + article
        #expect(try clean(underWidget).dropped?.rule != JudgeStage.tagPageRuleID)
        #expect(try clean("xay cau huu nghi\n" + article).dropped?.rule != JudgeStage.tagPageRuleID)
        #expect(try clean("câu lạc bộ liên thế hệ\n" + article).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// Teasers stand apart: a short page whose word in small letters stands above three paragraphs in a row is an
    /// article under a label of the site's, not a tag page.
    @Test func aLabelAboveThreeParagraphsInARowIsNoKeyword() throws {
        let headline = "Road accidents remain a scourge on the country's roads as the list of victims grows"
        let paragraphs = [
            "Road accidents remain one of the hardest wounds on the roads of the country, the police said on Saturday.",
            "The toll stays heavy, with fatal crashes, injuries and scenes of plain indifference unfolding every day on the roads.",
            "Despite stricter penalties and more checks by the authorities, the picture on the roads remains grim this year.",
        ]
        let article = "newspaper\n" + headline + "\n27 September 2025 | 22:14\n\n" + paragraphs.joined(separator: "\n\n")
        #expect(try clean(article).dropped?.rule != JudgeStage.tagPageRuleID)
        let teasers = "newspaper\n" + headline + "\n27 September 2025 | 22:14\n\n" + paragraphs[0] + "\n\nMore news\n\n" + paragraphs[1]
        #expect(try clean(teasers).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// A line in small letters alone, or above an article of many paragraphs, is not a keyword heading.
    @Test func aNoteOrALongArticleStays() throws {
        // (A few words alone are no article text, but not a tag page.)
        #expect(try clean("xin chào cả nhà\n").dropped?.rule != JudgeStage.tagPageRuleID)
        let paragraph = "Các đại biểu đã thảo luận và thông qua nghị quyết với sự đồng thuận cao sau nhiều giờ làm việc tại hội trường của tỉnh."
        let article = "trang chủ\n\n" + Array(repeating: paragraph, count: 5).enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n\n")
        #expect(try clean(article).dropped == nil)
    }
}

extension TagPageTests {
    /// An article has one dateline, on its lead; a listing of an agency's teasers has one per teaser.
    @Test func teasersThatEachOpenWithTheDatelineAreAListing() throws {
        let teasers = [
            "VOV.VN - The national football team only has 20 players fit enough to travel to Japan on the evening of March 24, the federation said.",
            "VOV.VN - Home advantage could not help Vietnam secure a win or even a draw against stronger visitors Oman in the qualifier on Tuesday.",
            "VOV.VN - Head coach Park Hang-seo has named midfielder Ly Cong Hoang Anh as the team's captain to lead the side at the regional games.",
        ]
        let listing = try clean(teasers.joined(separator: "\n\n"))
        #expect(listing.dropped?.reason == "a listing of teasers: 3 paragraphs open with the dateline 'VOV.VN'")
        let article = try clean(teasers[0] + "\n\nThe coach said two players had tested positive and would stay in Hanoi for treatment before the next game.\n\nThe team will train in Saitama on Thursday afternoon ahead of the match, the federation added in a statement.")
        #expect(article.dropped == nil)
    }

    /// An agency writes its dateline with its web address or without it: one agency all the same.
    @Test func aDatelineWithAndWithoutItsAddressIsOneAgency() throws {
        let teasers = [
            "VOV4 - Sự đổi thay đang hiện diện ở làng gốm truyền thống của người Chăm ở tỉnh Bình Thuận nhờ các chính sách hỗ trợ nghề.",
            "VOV4.VN - Bà Lò Thị Phớ, dân tộc Kháng, đã dày công đi khắp các bản để sưu tầm những làn điệu dân ca của dân tộc mình.",
            "VOV4.VN - Già Đinh Bi không chỉ là bậc thầy về diễn tấu cồng chiêng mà còn truyền dạy cho lớp trẻ trong làng suốt nhiều năm.",
        ]
        let listing = try clean(teasers.joined(separator: "\n\n"))
        #expect(listing.dropped?.reason == "a listing of teasers: 3 paragraphs open with the dateline 'VOV4'")
        #expect(TagPage.agency(of: "TTXVN") == "TTXVN")
        #expect(TagPage.agency(of: "THETHAOVANHOA.VN") == "THETHAOVANHOA")
    }
}

extension TagPageTests {
    /// Search results and archives of excerpts: paragraphs cut off with an ellipsis, most of them.
    @Test func aListOfCutOffSnippetsIsDroppedAndAnArticleWithOneIsNot() throws {
        let snippets = """
            Kết quả tìm kiếm

            Mưa lớn kéo dài nhiều ngày qua khiến hàng loạt tuyến đường tại khu vực miền Trung bị sạt lở và ngập sâu...

            Chiều 30/1, tại Cần Thơ, Thủ tướng làm việc với các bộ, ngành, địa phương về tiến độ các dự án cao tốc…

            Giá vàng thế giới đã bật tăng khá mạnh lên trên 1.280 USD/oz, cao nhất trong bốn tuần qua sau kỳ nghỉ [...]
            """
        let dropped = try clean(snippets).dropped
        #expect(dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(dropped?.reason == "a list of snippets: 3 of its 3 paragraphs are cut off with '...'")
        let article = """
            Mưa lớn ở miền Trung

            Mưa lớn kéo dài nhiều ngày qua khiến hàng loạt tuyến đường tại khu vực miền Trung bị sạt lở và ngập sâu.

            Theo báo cáo nhanh của các khu quản lý đường bộ, đến sáng nay nhiều đoạn tuyến vẫn bị chia cắt hoàn toàn.

            Một người dân ở Quảng Nam kể lại: "Nước lên nhanh quá, chúng tôi chỉ kịp mang theo giấy tờ và..."

            Lực lượng chức năng đang khẩn trương khắc phục để thông tuyến trong thời gian sớm nhất có thể.
            """
        #expect(try clean(article).dropped == nil)
    }

    /// A listing of which one item survives: a headline and the item's opening cut off with an ellipsis. A page
    /// whose one paragraph ends as a sentence is a brief, and one that names the source it reprints is a copy of
    /// an article: both stay.
    @Test func aPageOfOneCutOffTeaserIsDroppedAndABriefIsNot() throws {
        let teaser = """
            Hội nghị tổng kết công tác thi đua năm 2023

            Sáng nay, tại hội trường Ủy ban nhân dân huyện, các đại biểu đã cùng nhìn lại kết quả thực hiện phong trào thi đua trong năm và…
            """
        let dropped = try clean(teaser).dropped
        #expect(dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(dropped?.reason == "one teaser: its only paragraph (28 words) is cut off with '...'")
        let brief = teaser.replacingOccurrences(of: "năm và…", with: "năm qua.")
        #expect(try clean(brief).dropped == nil)
        let reprint = teaser + "\n\nNguồn: http://baohuyen.example.vn/tin-tuc/hoi-nghi-tong-ket.html"
        #expect(try clean(reprint).dropped == nil)
        // Two paragraphs, the second cut off: an article's opening (a paywalled story), not one teaser.
        let opening = teaser.replacingOccurrences(of: "Sáng nay,", with: "Hội nghị do lãnh đạo huyện chủ trì, với sự tham dự của đại diện các phòng ban và các xã trong huyện.\n\nSáng nay,")
        #expect(try clean(opening).dropped == nil)
        // Behind a paywall's notice the opening is an article's, and five dots or more are a writer's, not a cut.
        #expect(try clean(teaser + "\n\nThis item is available in full to subscribers.").dropped == nil)
        #expect(try clean(teaser.replacingOccurrences(of: "năm và…", with: "năm qua..........")).dropped == nil)
    }

    /// An article's own paragraphs, sixty words or more, before the teasers of related stories cut off with an
    /// ellipsis: the page is the article's, and the teasers are the judge's to take line by line.
    @Test func anArticleOpeningBeforeItsCutTeasersIsNotAListOfSnippets() throws {
        let opening = String(repeating: "Đoàn công tác của tỉnh đã kiểm tra tiến độ thi công tuyến đường ven biển và yêu cầu nhà thầu bảo đảm an toàn. ", count: 5)
        let teasers = [
            "Mưa lớn kéo dài nhiều ngày qua khiến hàng loạt tuyến đường tại khu vực miền Trung bị sạt lở và ngập sâu...",
            "Chiều 30/1, tại Cần Thơ, Thủ tướng làm việc với các bộ, ngành, địa phương về tiến độ các dự án cao tốc…",
            "Giá vàng thế giới đã bật tăng khá mạnh lên trên 1.280 USD/oz, cao nhất trong bốn tuần qua sau kỳ nghỉ…",
        ]
        let page = ([opening] + teasers).joined(separator: "\n\n")
        #expect(try clean(page).dropped == nil)
        // Two short paragraphs of a report (three sentences, 75 words) are an opening too.
        let short = String(repeating: "Đoàn công tác của tỉnh đã kiểm tra tiến độ thi công tuyến đường ven biển và yêu cầu nhà thầu bảo đảm an toàn. ", count: 3)
        #expect(try clean(([short] + teasers).joined(separator: "\n\n")).dropped == nil)
        // The same teasers under a short introduction are still a list of snippets.
        let listing = (["Tin mới nhất về giao thông và thời tiết ở các tỉnh miền Trung trong tuần này."] + teasers).joined(separator: "\n\n")
        #expect(try clean(listing).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// Letters without a vowel are a layout's codes ("xs xsm sm md lg", screen sizes a page printed), not a keyword:
    /// the short report under them stays; a keyword in small letters above the same report is a tag page.
    @Test func lettersWithoutAVowelAreNoKeyword() throws {
        let report = """

            Dân làng kéo đến trụ sở huyện đòi sửa con đường hư hỏng suốt ba mươi năm

            Người dân nhiều thôn đã tập trung tại trụ sở huyện để đề nghị sửa chữa tuyến đường tỉnh đã xuống cấp nghiêm trọng nhiều năm qua.
            """
        #expect(try clean("xs xsm sm md lg" + report).dropped?.rule != JudgeStage.tagPageRuleID)
        #expect(try clean("đường hư hỏng" + report).dropped?.rule == JudgeStage.tagPageRuleID)
    }
}
