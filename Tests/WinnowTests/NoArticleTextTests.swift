import Foundation
import Testing
@testable import Winnow

@Suite struct NoArticleTextTests {
    func clean(_ text: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8))
    }

    @Test func aTagPageWithOnlyItsNameAndAHeadlineIsDropped() throws {
        let document = try clean("Giá vàng\n\nGiá vàng hôm nay tăng nhẹ\n\nChia sẻ\n\nBình luận\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
        #expect(document.dropped?.reason.hasPrefix("no article text: the longest line left has") == true)
    }

    @Test func aShortRealArticleStays() throws {
        let document = try clean("""
        Mưa lớn ở Hà Nội

        Chiều nay, mưa lớn kéo dài hơn một giờ khiến nhiều tuyến phố ở quận Hoàn Kiếm ngập sâu.
        """)
        #expect(document.dropped == nil)
        #expect(document.paragraphs.contains { $0.hasPrefix("Chiều nay, mưa lớn") })
    }
}

extension NoArticleTextTests {
    @Test func aPageOfOneHeadlineIsDroppedEvenWithNothingToRemove() throws {
        // A tag page whose text is its name: nothing on it is furniture, and nothing is an article either.
        let document = try clean("Giá vàng SJC giảm sốc nhưng vẫn quá đắt\n")
        #expect(document.dropped?.rule == JudgeStage.noTextRuleID)
    }

    @Test func aOneSentenceBriefWithNothingToRemoveStays() throws {
        let document = try clean("Hà Nội mưa lớn.\n")
        #expect(document.dropped == nil)
        #expect(document.paragraphs == ["Hà Nội mưa lớn."])
    }
}
