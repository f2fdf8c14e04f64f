import Foundation
import Testing
@testable import Winnow

/// Teasers that open with their dates, each under its headline, make a listing; a live blog's times and an
/// article's one dated paragraph do not.
@Suite struct DatedParagraphsTests {
    func clean(_ text: String) throws -> Document { try ListingPages.clean(text) }

    static let teasers = [
        ("Council approves new budget for road repairs", "Friday 2025-07-18 08:43 The council voted to spend more on the district's roads after a winter of potholes."),
        ("School board names a new principal", "Thursday 2025-07-17 12:59 The board chose a teacher who has worked at the high school for twelve years."),
        ("Library extends its weekend opening hours", "Thursday 2025-07-17 08:13 Readers asked for longer hours on Saturdays, and the library found the staff."),
    ]

    @Test func teasersOpeningWithTheirDatesAreAListing() throws {
        let page = "Latest news\n\n" + ListingPages.page(Self.teasers)
        let document = try clean(page)
        #expect(document.dropped?.reason == "a listing by its dates: 3 paragraphs open with a date, a line between each two")
    }

    @Test func timesAndOneDatedParagraphStay() throws {
        let blog = "Live: the storm reaches the coast\n\n" + ["08:43 The first gusts reached the harbour this morning and the ferries stopped.",
                                                             "09:10 Police closed the coast road after a tree fell across both lanes near the bridge.",
                                                             "09:45 The council opened the school hall for families who had to leave their homes."].joined(separator: "\n\n")
        #expect(DatedParagraphs.paragraphs(in: try clean(blog)) == nil)
        #expect(DatedParagraphs.opensWithDate("12.10.2004 — Rada hl.m. Prahy jako účastník"))
        #expect(DatedParagraphs.opensWithDate("March 3, 2024 - The council met"))
        #expect(!DatedParagraphs.opensWithDate("Năm 2023, ngành y tế đã hoàn thành các chỉ tiêu"))
        #expect(!DatedParagraphs.opensWithDate("In 2024 the council met twelve times"))
    }
}
