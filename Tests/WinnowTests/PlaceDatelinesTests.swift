import Foundation
import Testing
@testable import Winnow

/// Paragraphs that open with different places in capitals, each under its own headline, are a section's teasers;
/// a report's one dateline, a column of briefs and a transcript's speakers are not.
@Suite struct PlaceDatelinesTests {
    func clean(_ text: String) throws -> Document { try ListingPages.clean(text) }

    static let leads = [
        ("Court sets date to hear review of tower seizure", "KUALA LUMPUR: The High Court has fixed a date to hear an application for judicial review of the seizure of the tower by the commission."),
        ("Businessman held over sale of honorary titles", "KOTA KINABALU: A businessman has been arrested for cheating a man of six thousand ringgit for a title that the state never awarded."),
        ("Commission to call more witnesses in data centre probe", "SEREMBAN – The anti-corruption commission is expected to record statements from twenty more witnesses in its probe of the data centre."),
        ("Assets seized from smuggling syndicate", "BUTTERWORTH (Bernama) — The commission has seized assets worth millions from a syndicate that smuggled scrap metal across the border."),
    ]

    @Test func leadsWithTheirPlacesUnderHeadlinesAreAListing() throws {
        let page = ListingPages.page(Self.leads)
        let document = try clean(page)
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(document.dropped?.reason == "a listing by its datelines: 4 paragraphs open with a place, a headline between each two")
    }

    @Test func briefsOneAfterAnotherAndAReportStay() throws {
        // A roundup's briefs follow one another with nothing between.
        let briefs = "World in brief\n\n" + Self.leads.map(\.1).joined(separator: "\n\n")
        #expect(PlaceDatelines.datelines(in: try clean(briefs)) == nil)
        // A report has its dateline on the lead only.
        let paragraph = "The court heard that the tower had been seized under an order of the commission, and the owners argue the order was made without notice to them or their lawyers."
        let report = "Court sets date to hear review of tower seizure\n\n" + Self.leads[0].1 + "\n\n" + [paragraph, paragraph, paragraph].joined(separator: "\n\n")
        #expect(try clean(report).dropped == nil)
    }

    @Test func aPlaceIsCapitalsBeforeAColonOrADash() {
        #expect(PlaceDatelines.place(of: "KUALA LUMPUR: The High Court has fixed") == "KUALA LUMPUR")
        #expect(PlaceDatelines.place(of: "DAVAO CITY (MindaNews/25 May) — The recent surge") == "DAVAO CITY")
        #expect(PlaceDatelines.place(of: "CEBU CITY - The province will") == "CEBU CITY")
        #expect(PlaceDatelines.place(of: "BÀ RỊA-VŨNG TÀU - Sáng nay, tỉnh đã") == "BÀ RỊA-VŨNG TÀU")
        #expect(PlaceDatelines.place(of: "UPDATE: The road has reopened") == nil)
        #expect(PlaceDatelines.place(of: "NATO officials said on Monday") == nil)
        #expect(PlaceDatelines.place(of: "PV: Ông đánh giá thế nào") == nil)
    }
}
