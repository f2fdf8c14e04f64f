import Foundation
import Testing
@testable import Winnow

/// Headlines each over a short paragraph, four or more, of different stories make a listing; an article whose
/// subheadings head paragraphs of one story stays.
@Suite struct TeaserPairsTests {
    func clean(_ text: String) throws -> Document { try ListingPages.clean(text) }

    static let teasers = ListingPages.teasers

    @Test func headlinesOverTeasersOfDifferentStoriesAreAListing() throws {
        // (The first headline is read as the page's title.)
        let page = ListingPages.page(Self.teasers)
        let document = try clean(page)
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
        #expect(document.dropped?.reason == "a listing of headlines and teasers: 4 pairs, no two teasers of one story")
    }

    @Test func shortTeasersOfSixWordsOrMoreCountToo() throws {
        // A regional radio's section: each standfirst one short sentence.
        let pairs = [
            ("Westmeath Councillor Says Former Hospital Could Be Third Level Facility", "Mick Dollard feels it could create educational opportunities."),
            ("Revenue Warns Consumers Over Online Medical Purchases", "Illegal weight loss drugs were found in parcels."),
            ("Athlone Agri Show Returns This Weekend For Families", "It returns this Sunday to Garnafeilagh."),
            ("Project For Laois Park Gets Government Grant For Teenagers", "The meeting space will be in Portlaoise."),
            ("Midlands Father Urges Men To Check For Rare Cancer", "Cormac France is urging men to get checked."),
        ]
        #expect(pairs.allSatisfy { $0.1.split(separator: " ").count >= 6 && $0.1.split(separator: " ").count < 12 })
        let document = try clean(ListingPages.page(pairs))
        #expect(document.dropped?.rule == JudgeStage.tagPageRuleID)
    }

    @Test func subheadingsOfOneStoryStay() throws {
        let sections = [
            ("Repairs begin on the northern roads first", "The council's road repairs begin on the northern roads, where the winter left the deepest potholes in the district."),
            ("Budget for the road repairs doubles this year", "The council doubled the budget for road repairs, after drivers reported potholes on most of the district's roads."),
            ("Drivers asked to report potholes on district roads", "The council asks drivers to report potholes on the district's roads through its website, so that repairs can be planned."),
            ("Second stage of road repairs planned for June", "The second stage of the council's road repairs will start in June on the southern roads of the district."),
        ]
        let article = "Road repairs across the district\n\n" + ListingPages.page(sections)
        #expect(TeaserPairs.pairs(in: try clean(article)) == nil)
    }

    @Test func anArticleAboveRelatedStoriesStays() throws {
        // Its own text (101 words) above five related stories.
        let story = ["The district has finished the first stage of its road programme, repairing forty streets that the winter had broken, most of them in the villages north of the river where the frost lasted longest.",
                     "The works department says the second stage will start in June if the weather allows it, beginning with the roads near the schools and the clinic, which carry the most traffic on weekday mornings.",
                     "Residents asked for the repairs at three public meetings last year, and the council found the money in its spring budget after the floods had closed two of the roads for a week."]
        let related = ListingPages.page(Self.teasers)
        let page = "Road programme finishes its first stage\n\n" + story.joined(separator: "\n\n") + "\n\n" + related
        #expect(TeaserPairs.pairs(in: try clean(page)) == nil)
    }

    @Test func aHeadlineHasNoSentenceEnd() throws {
        let document = try clean("Page title\n\nCouncil approves new budget for road repairs\n\nThe council voted on Tuesday to spend more on roads.\n\nDelhi vs Assam")
        let lines = document.lines
        #expect(TeaserPairs.isHeadline(lines[0], in: document))
        #expect(!TeaserPairs.isHeadline(lines[1], in: document))
        // Three words are a match's or a section's name, not a story's headline.
        #expect(!TeaserPairs.isHeadline(lines[2], in: document))
        // Paragraphs are compared by their content words as the page's coherence reads them: four letters or more, in
        // small letters, no stop words and no numbers.
        var text = "The Council and its ROAD repairs from 2024"
        let shape = text.withUTF8 { LineFeatureExtractor.shape(of: $0, keepWords: true) }
        #expect(Set(shape.contentHashes) == Set(["council", "road", "repairs"].map(WordHash.hash)))
    }
}
