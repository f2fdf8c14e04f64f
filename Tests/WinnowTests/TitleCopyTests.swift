import Foundation
import Testing
@testable import Winnow

/// A line that prints the page's headline again, in any case, goes; a line that only opens with the headline's
/// words, a short title that many lines share, or a template's lines printed again together, stay.
@Suite struct TitleCopyTests {
    static let paragraphs = ListingPages.teasers.map(\.teaser).joined(separator: "\n\n")

    @Test func theHeadlinePrintedAgainGoes() throws {
        let page = "Council approves new budget for road repairs\n\nLocal news\n\nCOUNCIL APPROVES NEW BUDGET FOR ROAD REPAIRS\n\n" + Self.paragraphs
        let document = try ListingPages.clean(page)
        #expect(document.metadata.title == "Council approves new budget for road repairs")
        #expect(document.edits.contains { $0.rule == TitleCopy.ruleID && $0.text == "COUNCIL APPROVES NEW BUDGET FOR ROAD REPAIRS" })
        #expect(document.lines.count == ListingPages.teasers.count)
    }

    @Test func aHeadlineUnderTheMastheadIsReadToo() throws {
        // The page opens with a date stamp, so no title is extracted from its first line; its headline is still
        // among the first lines, and its copy two lines on goes.
        let page = "Posted 12 March 2024\n\nLibrary extends its weekend opening hours\n\nBy Jane Doe\n\nLibrary extends its weekend opening hours\n\n"
            + Self.paragraphs
        let document = try ListingPages.clean(page)
        #expect(document.edits.filter { $0.rule == TitleCopy.ruleID }.map(\.line) == [7])
    }

    @Test func aTemplatesLinesPrintedAgainTogetherStay() {
        let document = Document(id: "d", source: "d", lines: [
            (1, "Lịch cắt điện khu vực phường Trung Hòa", 0), (2, "Khu vực: tổ dân phố số 5 và số 6", 0),
            (3, "Thời gian: Từ 07h00 đến 16h00", 0), (4, "Lý do: Bảo dưỡng định kỳ trạm biến áp", 0),
            (5, "Khu vực: tổ dân phố số 8", 0), (6, "Thời gian: Từ 07h00 đến 16h00", 0),
            (7, "Lý do: Bảo dưỡng định kỳ trạm biến áp", 0)])
        #expect(TitleCopy.copies(in: document).isEmpty)
    }

    @Test func aLineThatSaysMoreThanTheHeadlineStays() throws {
        let sentence = "Council approves new budget for road repairs, and the works start in June."
        let page = "Council approves new budget for road repairs\n\n\(sentence)\n\n" + Self.paragraphs
        let document = try ListingPages.clean(page)
        #expect(!document.edits.contains { $0.rule == TitleCopy.ruleID })
        #expect(document.lines.contains { document.text(of: $0) == sentence })
    }

    @Test func linesAreComparedInAnyCaseWithoutMakingStrings() {
        func equal(_ a: String, _ b: String) -> Bool { CaselessBytes.equal(ArraySlice(a.utf8), ArraySlice(b.utf8)) }
        #expect(equal("Hà Nội rung chuyển vì dư chấn", "HÀ NỘI RUNG CHUYỂN VÌ DƯ CHẤN"))
        #expect(equal("Jones sentenced to 10 years", "JONES SENTENCED TO 10 YEARS"))
        #expect(!equal("Jones sentenced to 10 years", "Jones sentenced to 12 years"))
        #expect(!equal("Jones sentenced to 10 years", "Jones sentenced to 10 years."))
        // Folding is for letters: "@" and "`" differ by the case bit, and stay apart.
        #expect(!equal("a@b", "a`b"))
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
