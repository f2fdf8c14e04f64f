import Foundation
import Testing
@testable import Winnow

/// A page whose date lines name four days or more, newest first, with a teaser between each two, is a listing.
@Suite struct ListingChronologyTests {
    func clean(_ text: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8))
    }

    /// A section page of four stories, each a headline, its date and a short teaser, newest first.
    static let teasers = [
        ("Council approves new budget for road repairs", "May 14, 2025",
         "The council voted on Tuesday to spend more on the district's roads after a winter of potholes."),
        ("School board names a new principal", "April 30, 2025",
         "The board chose a teacher who has worked at the high school for twelve years."),
        ("Library extends its weekend opening hours", "April 9, 2025",
         "Readers asked for longer hours on Saturdays, and the library found the staff to open them."),
        ("Farmers market returns to the town square", "March 28, 2025",
         "Twenty stalls will sell local produce every Sunday morning from April to October."),
    ]

    static func page(_ items: [(String, String, String)]) -> String {
        items.map { "\($0.0)\n\n\($0.1)\n\n\($0.2)" }.joined(separator: "\n\n")
    }

    @Test func datedTeasersNewestFirstAreAListing() throws {
        let document = try clean(Self.page(Self.teasers))
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(document.dropped?.reason == "a listing by its dates: 4 days, newest first, a teaser between each two")
    }

    /// Oldest first is a story's timeline, and three days are an article's published, updated and related dates.
    @Test func aTimelineOrThreeDatesAreNoListing() throws {
        #expect(try clean(Self.page(Self.teasers.reversed())).dropped == nil)
        #expect(try clean(Self.page(Array(Self.teasers.prefix(3)))).dropped == nil)
    }

    /// An article under its date with its related stories dated below it: a hundred words of its own or more
    /// stand between its date and the first related one.
    @Test func anArticleAboveDatedRelatedStoriesStays() throws {
        let paragraph = "The district has finished the first stage of its road programme, repairing forty streets that the winter had broken, and the works department says the second stage will start in June if the weather allows it."
        let article = [("Road programme finishes its first stage", "May 20, 2025", [paragraph, paragraph, paragraph].joined(separator: "\n\n"))]
        #expect(try clean(Self.page(article + Self.teasers)).dropped == nil)
        // Two of those paragraphs (78 words) are a listing's long teaser.
        let short = [("Road programme finishes its first stage", "May 20, 2025", paragraph + "\n\n" + paragraph)]
        #expect(try clean(Self.page(short + Self.teasers)).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    /// A price table's header row of dates has nothing between its dates.
    @Test func aTableRowOfDatesIsNoListing() throws {
        let table = """
            Giá tôm tại Sóc Trăng ngày 21/6, theo số liệu tổng hợp của các đại lý thu mua trong tỉnh.

            Tên mặt hàng
            21/06/2018
            20/06/2018
            19/06/2018
            18/06/2018
            Tôm thẻ cỡ 100 con/kg
            74000
            """
        #expect(ListingChronology.days(in: try clean(table)) == nil)
    }

    @Test func dateLinesAreReadInTheirCommonForms() {
        func day(_ text: String) -> [Int]? {
            ListingChronology.moment(in: text).map { [$0.year, $0.month, $0.day, $0.hour, $0.minute] }
        }
        #expect(day("19/05/2025 07:15") == [2025, 5, 19, 7, 15])
        #expect(day("2013-03-01") == [2013, 3, 1, 0, 0])
        #expect(day("Friday, June 24, 2022") == [2022, 6, 24, 0, 0])
        #expect(day("24 Feb 2026 4:40 pm AEDT") == [2026, 2, 24, 16, 40])
        #expect(day("31st May 2023") == [2023, 5, 31, 0, 0])
        #expect(day("Thứ Năm, 31 tháng 12, 2020") == [2020, 12, 31, 0, 0])
        #expect(day("Ngày đăng: 12/12/2025 13:10:50") == [2025, 12, 12, 13, 10])
        #expect(day("2 ngày trước") == nil)
    }
}
