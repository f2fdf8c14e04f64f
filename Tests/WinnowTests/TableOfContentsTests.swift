import Foundation
import Testing
@testable import Winnow

/// A contents widget's bulleted headings go when the article prints one of them again as a heading of its own; a
/// bulleted list of the article's (names, results) stays, even when a second list repeats it.
@Suite struct TableOfContentsTests {
    static let paragraph = "Người nuôi nên đưa chó đi tiêm phòng đúng lịch, vì nhiều bệnh truyền nhiễm nguy hiểm có thể phòng ngừa hiệu quả nếu con vật được tiêm đủ liều từ khi còn nhỏ."
    static let second = "Bác sĩ thú y khuyên tiêm mũi đầu tiên khi chó được sáu đến tám tuần tuổi, sau đó nhắc lại mỗi ba đến bốn tuần cho đến khi con vật tròn bốn tháng."
    static let third = "Sau khi tiêm, chủ nuôi cần theo dõi con vật trong vài giờ và đưa đến cơ sở thú y ngay nếu thấy sốt cao, nôn hoặc sưng ở chỗ tiêm."

    static let article = """
        Hướng dẫn tiêm phòng cho chó nuôi trong nhà

        Mục lục
        - Vì sao cần tiêm phòng cho chó
        - 1. Các loại vắc xin phổ biến
        - 2. Lịch tiêm cho chó con
        - Kết Luận

        Vì sao cần tiêm phòng cho chó
        \(paragraph)
        Các loại vắc xin phổ biến
        \(second)
        \(third)
        """

    func removed(_ text: String) throws -> [String: String] {
        let document = try ListingPages.clean(text)
        return Dictionary(document.edits.filter { $0.kind == .dropped }.map { ($0.text, $0.rule) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func theContentsGoAndTheHeadingsTheyNameStay() throws {
        let removed = try removed(Self.article)
        for entry in ["- Vì sao cần tiêm phòng cho chó", "- 1. Các loại vắc xin phổ biến", "- 2. Lịch tiêm cho chó con", "- Kết Luận"] {
            #expect(removed[entry] == TableOfContents.ruleID, "\(entry)")
        }
        let kept = try ListingPages.clean(Self.article)
        let texts = kept.lines.map { kept.text(of: $0) }
        #expect(texts.contains("Vì sao cần tiêm phòng cho chó"))
        #expect(texts.contains("Các loại vắc xin phổ biến"))
        #expect(texts.contains(Self.paragraph) && texts.contains(Self.second) && texts.contains(Self.third))
    }

    @Test func aListThatNoHeadingRepeatsStays() throws {
        // Two lists of names, the second repeating part of the first: both bulleted, neither a table of contents.
        let names = ["- Australia – Moraya Wilson", "- Colombia – Camila Avella", "- Peru – Camila Escribens", "- Spain – Athenea Pérez"]
        let page = "Danh sách thí sinh vào vòng trong\n\n\(Self.paragraph)\n" + names.joined(separator: "\n")
            + "\n\(Self.second)\n" + names.prefix(3).joined(separator: "\n") + "\n\(Self.third)"
        let document = try ListingPages.clean(page)
        #expect(TableOfContents.entries(in: document).isEmpty)
        #expect(try removed(page).values.allSatisfy { $0 != TableOfContents.ruleID })
    }

    @Test func headingsAreComparedPastBulletsAndNumbering() {
        func key(_ text: String) -> String? {
            let bytes = ArraySlice(Array(text.utf8))
            return TableOfContents.headingKey(bytes, from: bytes.startIndex + (TableOfContents.bulletLength(bytes) ?? 0))
        }
        #expect(key("- 2 I. Phân tích bối cảnh chung") == key("I. Phân tích bối cảnh chung"))
        #expect(key("• 3) Lịch tiêm cho chó con:") == "lịch tiêm cho chó con")
        #expect(key("- Vacxin Core – Lá Chắn") == "vacxin core – lá chắn")
        #expect(key("- Kết Luận") == nil)
        #expect(TableOfContents.bulletLength(ArraySlice(Array("• Kinh tế".utf8))) == 4)
        #expect(TableOfContents.bulletLength(ArraySlice(Array("-5 độ C về đêm".utf8))) == nil)
        #expect(TableOfContents.bulletLength(ArraySlice(Array("Hà Nội".utf8))) == nil)
        // The marks the line features read as a list item's, a number not among them: a numbered heading is the
        // article's own.
        #expect(TableOfContents.bulletLength(ArraySlice(Array("» Mục một của bài".utf8))) == 3)
        #expect(TableOfContents.bulletLength(ArraySlice(Array("1. Mục một của bài".utf8))) == nil)
    }
}
