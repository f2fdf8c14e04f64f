import Foundation
import Testing
@testable import Winnow

/// A paragraph of fifteen words or more printed again within ten lines goes; a short line repeated (a template's
/// item) or a paragraph restated far on stays.
@Suite struct ParagraphCopyTests {
    static let lead = "The council voted on Tuesday to spend more on the district's roads after a winter of potholes, the mayor said."

    static func document(_ texts: [String]) -> Document {
        Document(id: "d", source: "d", lines: texts.enumerated().map { ($0.offset + 1, $0.element, 0) })
    }

    static let others = ListingPages.teasers.map(\.teaser)

    @Test func theLeadPrintedAgainGoes() throws {
        let page = "Council approves new budget for road repairs\n\n\(Self.lead)\n\n\(Self.others[1])\n\n\(Self.lead.uppercased())\n\n"
            + Self.others[2...].joined(separator: "\n\n")
        let document = try ListingPages.clean(page)
        #expect(document.edits.filter { $0.rule == ParagraphCopy.ruleID }.map(\.line) == [7])
        #expect(document.lines.contains { document.text(of: $0) == Self.lead })
    }

    @Test func aShortLineOrAFarCopyStays() {
        let short = "Single lane closed 8 p.m. to 5 a.m., Monday through Thursday."
        #expect(ParagraphCopy.copies(in: Self.document([short, Self.others[0], short, Self.others[1]])).isEmpty)
        let filler = (1...12).map { "Paragraph \($0) of the report says something else about the district's roads, its budget and the winter's damage." }
        let far = [Self.lead] + filler + [Self.lead]
        #expect(far.count - 1 > ParagraphCopy.reach)
        #expect(ParagraphCopy.copies(in: Self.document(far)).isEmpty)
        #expect(ParagraphCopy.copies(in: Self.document([Self.lead, Self.others[0], Self.lead])) == [2])
    }
}
