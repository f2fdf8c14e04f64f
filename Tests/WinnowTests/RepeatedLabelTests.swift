import Foundation
import Testing
@testable import Winnow

/// A short label that a page prints with every teaser it lists, three times or more at a regular step, is a
/// listing (bylines count as one label whatever their names); a photo credit under every photo of an article, labels
/// with an article's own text above them, and labels whose items differ in size stay.
@Suite struct RepeatedLabelTests {
    func clean(_ text: String) throws -> Document { try ListingPages.clean(text) }

    static let teasers = Array(ListingPages.teasers.prefix(4))

    static func page(_ items: [(String, String)], label: String = "Riverside County") -> String {
        items.map { "\($0.0)\n\n\(label)\n\n\($0.1)" }.joined(separator: "\n\n")
    }

    static let paragraph = "The district has finished the first stage of its road programme, repairing forty streets that the winter had broken, and the works department says the second stage will start in June if the weather allows it."

    @Test func aLabelRepeatedWithEveryTeaserIsAListing() throws {
        let document = try clean(Self.page(Self.teasers))
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(document.dropped?.reason == "a listing by its labels: 'Riverside County' stands 4 times, a teaser between each two")
    }

    @Test func twoLabelsOrAnArticleAboveThemStay() throws {
        #expect(try clean(Self.page(Array(Self.teasers.prefix(2)))).dropped == nil)
        let article = "Road programme finishes its first stage\n\n" + [Self.paragraph, Self.paragraph, Self.paragraph].joined(separator: "\n\n")
        #expect(RepeatedLabel.label(in: try clean(article + "\n\n" + Self.page(Self.teasers))) == nil)
    }

    @Test func aPhotoCreditUnderEveryPhotoIsNoLabel() throws {
        let story = Self.teasers.map { "\($0.1)\n\nPhoto: Le Minh Khoa" }.joined(separator: "\n\n")
        let document = try clean("Road works across the district\n\n" + story)
        #expect(document.dropped == nil)
        #expect(RepeatedLabel.label(in: document) == nil)
    }

    @Test func labelsThatDifferInTheirNumbersAreOneLabel() throws {
        let page = Self.teasers.enumerated().map { "\($0.element.0)\n\n\($0.offset * 3 + 2) ngày trước\n\n\($0.element.1)" }
        let document = try clean(page.joined(separator: "\n\n"))
        #expect(document.dropped?.reason == "a listing by its labels: '2 ngày trước' stands 4 times, a teaser between each two")
        #expect(RepeatedLabel.foldingNumbers("Ngày đăng: 12/3/2024 08:15", words: 3) == "Ngày đăng: 0/0/0 0:0")
        // A one-word label is read as written: an article's numbered advertisement slots are not one label.
        #expect(RepeatedLabel.foldingNumbers("[ads2]", words: 1) == "[ads2]")
    }

    @Test func bylinesOfDifferentWritersAreOneLabel() throws {
        // A section page prints each story's byline under its teaser: names and dates differ, the label is one.
        let writers = ["By Sara Samora • April 11, 2023 -", "By Jessica Loder • April 10, 2023 -", "By Megan Ruggles • April 10, 2023 -",
                       "By Kate Magill • April 7, 2023 -"]
        let page = zip(Self.teasers, writers).map { "\($0.0.0)\n\($0.0.1)\n\($0.1)" }.joined(separator: "\n")
        let document = try clean("Openings & Expansions: Page 18\n" + page)
        #expect(document.dropped?.reason == "a listing by its labels: 'By …' stands 4 times, a teaser between each two")
        #expect(RepeatedLabel.isByline("BY JANE DOE".utf8))
        #expect(!RepeatedLabel.isByline("By the numbers".utf8))
        #expect(!RepeatedLabel.isByline("Bylaw changes".utf8))
        // An article's one byline over its text is no listing.
        let article = "Road programme finishes its first stage\n\nBy Sara Samora\n\n" + [Self.paragraph, Self.paragraph].joined(separator: "\n\n")
        #expect(try clean(article).dropped == nil)
    }

    @Test func stepsThatCountUpAreAnArticles() throws {
        let steps = Self.teasers.enumerated().map { "Bước \($0.offset + 1):\n\n\($0.element.1)" }
        #expect(RepeatedLabel.label(in: try clean("Cách làm bánh chưng\n\n" + steps.joined(separator: "\n\n"))) == nil)
        #expect(RepeatedLabel.isCounting(["Bước 1:", "Bước 2:", "Bước 3:"]))
        #expect(!RepeatedLabel.isCounting(["12/3/2024", "11/3/2024", "10/3/2024"]))
    }

    @Test func itemsOfDifferentSizesAreNoListing() {
        // Words of the page's lines: a label (2 words) before items of one, three and one lines.
        let regular = [2, 14, 2, 15, 2, 14, 2]
        #expect(RepeatedLabel.isListing(regular, at: [0, 2, 4, 6]))
        let uneven = [2, 14, 2, 15, 16, 14, 2, 13, 2]
        #expect(!RepeatedLabel.isListing(uneven, at: [0, 2, 6, 8]))
        // An item of a whole section's words is no teaser's.
        let long = [2, 14, 2, 60, 70, 2, 14, 2]
        #expect(!RepeatedLabel.isListing(long, at: [0, 2, 5, 7]))
    }
}
