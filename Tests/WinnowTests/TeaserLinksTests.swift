import Foundation
import Testing
@testable import Winnow

/// Three teasers or more ending in a bare "Read More" under a short opening are a listing; an article's related
/// stories so linked below its own text are not, and one or two links say nothing.
@Suite struct TeaserLinksTests {
    func clean(_ text: String) throws -> Document { try ListingPages.clean(text) }

    static let teasers = Array(ListingPages.teasers.prefix(3))

    static func page(_ items: [(String, String)], link: String = "Read More »") -> String {
        items.map { "\($0.0)\n\n\($0.1)\n\n\(link)" }.joined(separator: "\n\n")
    }

    @Test func teasersEndingInReadMoreAreAListing() throws {
        let document = try clean(Self.page(Self.teasers))
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(document.dropped?.reason == "a listing by its links: 3 teasers end in a bare read-more link")
        #expect(try clean(Self.page(Self.teasers, link: "Đọc tiếp...")).dropped?.rule == JudgeStage.tagPageRuleID)
    }

    @Test func oneOrTwoLinksOrAnArticleAboveThemStay() throws {
        #expect(try clean(Self.page(Array(Self.teasers.prefix(2)))).dropped == nil)
        let paragraph = "The district has finished the first stage of its road programme, repairing forty streets that the winter had broken, and the works department says the second stage will start in June if the weather allows it."
        let article = "Road programme finishes its first stage\n\n" + [paragraph, paragraph, paragraph].joined(separator: "\n\n")
        #expect(try clean(article + "\n\nRelated stories\n\n" + Self.page(Self.teasers)).dropped == nil)
    }

    @Test func linksRunOnIntoTheNextItemCountToo() throws {
        // An extractor that joins a link to the next item's headline: "Read More »School board names ...".
        let page = Self.teasers.map { "\($0.1)\n\nRead More »\($0.0)" }.joined(separator: "\n\n")
        #expect(try clean(page).dropped?.reason == "a listing by its links: 3 teasers end in a bare read-more link")
        #expect(TeaserLinks.opensWithLink("Read More »Marathon OPP – Impaired Operation Charges Laid"))
        #expect(!TeaserLinks.opensWithLink("Read More »"))
        #expect(!TeaserLinks.opensWithLink("Readers wrote in » and asked for longer hours"))
    }

    @Test func aLinkIsOnlyTheLinkWords() {
        #expect(TeaserLinks.isLink("Read More »"))
        #expect(TeaserLinks.isLink("  Continue reading…"))
        #expect(TeaserLinks.isLink("Xem chi tiết"))
        #expect(TeaserLinks.isLink("(more…)"))
        #expect(TeaserLinks.isLink("Đọc thêm"))
        #expect(!TeaserLinks.isLink("More"))
        #expect(!TeaserLinks.isLink("Read more: Coaches name the league's best players"))
        #expect(!TeaserLinks.isLink("Xem thêm"))
    }
}
