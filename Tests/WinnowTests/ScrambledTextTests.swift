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

    /// Each printable ASCII character moved 47 places round the 94 of them, the shift some newspaper platforms store
    /// a paywalled story's paragraphs in.
    static func shifted(_ line: String) -> String {
        String(String.UnicodeScalarView(line.unicodeScalars.map { scalar in
            (33...126).contains(scalar.value) ? Unicode.Scalar(33 + (scalar.value - 33 + 47) % 94)! : scalar
        }))
    }

    @Test func aStoryStoredInShiftedCharactersIsDroppedAsScrambled() throws {
        let english = """
        Firefighters were called to a house fire on the east side of town shortly after midnight on Tuesday.
        The family of four escaped without injury, but the kitchen and two bedrooms were destroyed, officials said.
        Neighbours said they saw smoke coming from the roof and called the emergency line before the crews arrived.
        The fire marshal said the cause was an overheated space heater left running near a curtain in the kitchen.
        Crews from three stations spent about two hours putting out the fire and checking the walls for hot spots.
        """
        let lines = english.split(separator: "\n").map(String.init)
        let page = ([lines[0]] + lines.dropFirst().map { "kAm" + Self.shifted($0) + "k^Am" }).joined(separator: "\n")
        let document = try clean(page)
        #expect(document.dropped?.rule == JudgeStage.scrambledRuleID)
        #expect(try clean(english).dropped == nil)
    }

    @Test func timesCodesAndAddressesAreReadable() {
        func unreadable(_ word: String) -> Bool {
            Array(word.utf8).withUnsafeBufferPointer { ScrambledText.read($0).unreadable }
        }
        #expect(unreadable("D9@@E@FE"))                // "shootout", shifted
        #expect(unreadable("H6C6"))                    // "were", shifted: letters and digits take turns
        #expect(unreadable("u:C67:89E6CD"))            // "Firefighters", shifted
        for word in ["10:30", "2:1", "U23", "H5", "COVID-19", "5G", "news@example.com", "https://example.com/a?b=c", "50%", "born[2]"] {
            #expect(!unreadable(word), "\(word)")
        }
    }

    @Test func anArticleQuotingRussianNamesStays() throws {
        let document = try clean("Hợp tác Việt - Nga\n\n" + article + "\nĐoàn gồm các ông Иван Петров và Сергей Смирнов.\n")
        #expect(document.dropped == nil)
        #expect(ScrambledText.measure(document).share < 0.1)
    }
}
