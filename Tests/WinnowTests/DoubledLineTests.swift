import Foundation
import Testing
@testable import Winnow

/// A line that prints one text of four to thirty words twice over (an image's alternative text run into its
/// caption, with or without a credit between) goes; a date or name printed twice, a long lead printed twice, and lines that only look alike stay.
@Suite struct DoubledLineTests {
    static func document(_ texts: [String]) -> Document {
        Document(id: "d", source: "d", lines: texts.enumerated().map { ($0.offset + 1, $0.element, 0) })
    }

    static let caption = "Police at the scene in Sandy Street where two men were shot in September"

    @Test func aCaptionRunIntoItsAlternativeTextGoes() throws {
        let credited = "\(Self.caption) (photo: Tony North)\(Self.caption) (photo: Tony North)"
        let page = "Two men shot in Newry\n\n\(Self.caption)\(Self.caption)\n\n\(credited)\n\n"
            + ListingPages.teasers.prefix(3).map(\.teaser).joined(separator: "\n\n")
        let document = try ListingPages.clean(page)
        // The second line's trailing credit is trimmed first; its copies, the credit between them, still go.
        #expect(document.edits.filter { $0.rule == DoubledLine.ruleID }.map(\.line) == [3, 5])
        #expect(document.lines.count == 3)
    }

    @Test func gluedSpacedOrCreditedCopiesAreOneTextTwice() {
        let vietnamese = "Non nước Lâm Bình, tỉnh Tuyên Quang, điểm du lịch sinh thái hấp dẫn."
        let lines = [Self.caption + Self.caption, vietnamese + " " + vietnamese, Self.caption + " (photo: Tony North)" + Self.caption,
                     "Ordinary sentence of the article, written once."]
        #expect(DoubledLine.lines(in: Self.document(lines)) == [0, 1, 2])
    }

    @Test func shortOrLongRepeatsAndNearRepeatsStay() {
        let date = "22 Dec, 2016 22 Dec, 2016"
        let lead = (1...35).map { "word\($0)" }.joined(separator: " ")
        let almost = Self.caption + Self.caption.dropLast()
        let separators = "==== ==== ==== ==== ==== ==== ==== ===="
        // A sentence that opens and closes with the same words, with more than half of them between.
        let refrain = "we will not go back, said the crowd outside the hall all night long, and then sang we will not go back"
        #expect(DoubledLine.lines(in: Self.document([date, lead + " " + lead, almost, separators, refrain])).isEmpty)
    }

    /// The one search both the rule condition `doubled` and this check use.
    @Test func repeatedEndsFindsTheLongestCopyWithASpaceLedMiddle() {
        func ends(_ text: String, shortest: Int) -> Int? {
            Array(text.utf8).withUnsafeBufferPointer { LineShape.repeatedEnds($0, shortest: shortest) }
        }
        #expect(ends("Tổ chức Tổ chức", shortest: 1) == "Tổ chức".utf8.count)
        #expect(ends("Sponsored LinksSponsored Links", shortest: 1) == 15)
        #expect(ends("Name said (photo: AP)Name said", shortest: 1) == 9)
        // The longest copy is read ("ab ab" opens and closes "ab ab ab ab"), not a shorter one.
        #expect(ends("ab ab ab ab", shortest: 1) == 5)
        // A middle glued to the first copy is no copy's end; nor is a copy shorter than asked.
        #expect(ends("Name saidX(photo)Name said", shortest: 1) == nil)
        #expect(ends("Name said (photo: AP)Name said", shortest: 10) == nil)
    }
}
