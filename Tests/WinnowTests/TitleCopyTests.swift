import Foundation
import Testing
@testable import Winnow

/// A line that prints the page's headline again, in any case, goes; a line that only opens with the headline's
/// words, or a short title that many lines share, stays.
@Suite struct TitleCopyTests {
    static let paragraphs = ListingPages.teasers.map(\.teaser).joined(separator: "\n\n")

    @Test func theHeadlinePrintedAgainGoes() throws {
        let page = "Council approves new budget for road repairs\n\nLocal news\n\nCOUNCIL APPROVES NEW BUDGET FOR ROAD REPAIRS\n\n" + Self.paragraphs
        let document = try ListingPages.clean(page)
        #expect(document.metadata.title == "Council approves new budget for road repairs")
        #expect(document.edits.contains { $0.rule == TitleCopy.ruleID && $0.text == "COUNCIL APPROVES NEW BUDGET FOR ROAD REPAIRS" })
        #expect(document.lines.count == ListingPages.teasers.count)
    }

    @Test func aLineThatSaysMoreThanTheHeadlineStays() throws {
        let sentence = "Council approves new budget for road repairs, and the works start in June."
        let page = "Council approves new budget for road repairs\n\n\(sentence)\n\n" + Self.paragraphs
        let document = try ListingPages.clean(page)
        #expect(!document.edits.contains { $0.rule == TitleCopy.ruleID })
        #expect(document.lines.contains { document.text(of: $0) == sentence })
    }

    @Test func aShortTitleIsNoHeadlineToCopy() throws {
        var document = Document(id: "d", source: "d", lines: [(1, "Tin tức", 0), (2, "Road repairs start in June, the council says", 0),
                                                              (3, "A paragraph of the article that says what happened.", 0)])
        document.metadata.title = "Tin tức"
        #expect(TitleCopy.copies(in: document).isEmpty)
        document.metadata.title = "Road repairs start in June"
        #expect(TitleCopy.copies(in: document).isEmpty)
    }
}
