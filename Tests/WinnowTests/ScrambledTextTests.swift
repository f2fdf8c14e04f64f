import Foundation
import Testing
@testable import Winnow

@Suite struct ScrambledTextTests {
    let article = """
    Hội nghị tổng kết công tác năm của tỉnh diễn ra sáng nay với sự tham dự của đại biểu các sở, ngành.
    Báo cáo cho biết tốc độ tăng trưởng kinh tế đạt 7,2%, cao hơn mức bình quân của cả nước.
    Các đại biểu thảo luận về kế hoạch đầu tư hạ tầng giao thông và nguồn nhân lực trong năm tới.
    """

    func clean(_ text: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8))
    }

    @Test func aPageWithAMarkAfterEveryLetterIsDroppedAsScrambled() throws {
        let scrambled = String(article.unicodeScalars.flatMap { $0 == "\n" ? [$0] : [$0, "\u{33C}"] }.map(Character.init))
        let document = try clean(scrambled)
        #expect(document.dropped?.rule == JudgeStage.scrambledRuleID)
        #expect(document.dropped?.reason.hasPrefix("scrambled text: 100%") == true)
    }

    @Test func wordsSpelledWithLookAlikesOrRunTogetherAreUnreadable() {
        func unreadable(_ word: String) -> Bool {
            Array(word.utf8).withUnsafeBufferPointer { ScrambledText.read($0).unreadable }
        }
        #expect(unreadable("пɡườɪ"))                 // Cyrillic and small capitals for Latin letters
        #expect(unreadable("Thesceneofthefactorycollapsethatresulted"))
        #expect(!unreadable("Nguyễn"))
        #expect(!unreadable("Москва"))               // a Russian word is Russian, not a disguise
        #expect(!unreadable("Donaudampfschiff"))
    }

    @Test func anArticleQuotingRussianNamesStays() throws {
        let document = try clean("Hợp tác Việt - Nga\n\n" + article + "\nĐoàn gồm các ông Иван Петров và Сергей Смирнов.\n")
        #expect(document.dropped == nil)
        #expect(ScrambledText.measure(document).share < 0.1)
    }
}
