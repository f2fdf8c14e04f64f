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

    /// The dates are the ones the `date.` rules read: each line they take logs its date, the page's later date
    /// lines too, and a relative date logs none.
    @Test func dateLinesLogTheDateTheRulesRead() throws {
        func dateRead(_ line: String) throws -> String? {
            let page = "Readers asked for longer hours on Saturdays, and the library found the staff to open them.\n\n" + line
            return try clean(page).edits.first { $0.kind == .extracted(.date) }?.value
                .map { let moment = ListingChronology.moment(of: $0); return moment.time.isEmpty ? String(moment.day) : "\(moment.day) \(moment.time)" }
        }
        #expect(try dateRead("19/05/2025 07:15") == "2025-05-19 07:15:00")
        #expect(try dateRead("2013-03-01") == "2013-03-01")
        #expect(try dateRead("Friday, June 24, 2022") == "2022-06-24")
        #expect(try dateRead("24 Feb 2026 4:40 pm AEDT") == "2026-02-24 16:40:00")
        #expect(try dateRead("31st May 2023") == "2023-05-31")
        #expect(try dateRead("Thứ Năm, 31 tháng 12, 2020") == "2020-12-31")
        #expect(try dateRead("Ngày đăng: 12/12/2025 13:10:50") == "2025-12-12 13:10:50")
        #expect(try dateRead("2 ngày trước") == nil)
        // Every date line of a page logs its date, not only the first, which fills the metadata.
        let dates = try clean(Self.page(Self.teasers)).edits.filter { $0.kind == .extracted(.date) }.compactMap(\.value)
        #expect(dates.map { String(ListingChronology.moment(of: $0).day) } == ["2025-05-14", "2025-04-30", "2025-04-09", "2025-03-28"])
    }
}
