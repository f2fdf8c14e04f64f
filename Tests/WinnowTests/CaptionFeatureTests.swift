import Testing
@testable import Winnow

/// A caption a caption rule found is furniture on an article page and the text itself in a photo story.
@Suite struct CaptionFeatureTests {
    static func document(_ text: String) -> Document {
        Document(id: "d", source: "d.txt", lines: text.split(separator: "\n").enumerated().map { ($0.offset + 1, String($0.element), 0) })
    }

    @Test func aCaptionRuleCountsOutsideAPhotoStoryOnly() {
        let article = Self.document("""
            Hội đồng nhân dân tỉnh đã họp phiên bất thường vào sáng nay để bàn về kế hoạch đầu tư công trung hạn của tỉnh trong năm năm tới.
            Quang cảnh phiên họp. Ảnh: Minh Anh
            Các đại biểu đã thảo luận và thông qua nghị quyết với sự đồng thuận cao, chủ tọa phiên họp cho biết sau khi bế mạc vào buổi trưa.
            """)
        let matrix = LineFeatureExtractor.features(of: article, evidence: [2], captions: [2])
        #expect(matrix[1, .captionOutsideStory] == 1)
        #expect(matrix[0, .captionOutsideStory] == 0)
        #expect(matrix[1, .storyDocument] == 0)

        let story = Self.document("""
            Chợ hoa ngày Tết rộn ràng sắc xuân. Ảnh: Khánh Hoà
            Thầy đồ cho chữ đầu năm mới. Ảnh: Khánh Hoà
            Trẻ nhỏ háo hức mặc áo mới đi chơi. Ảnh: Khánh Hoà
            Gia đình quây quần gói bánh chưng. Ảnh: Khánh Hoà
            Mâm cỗ cúng giao thừa đầy đủ. Ảnh: Khánh Hoà
            """)
        let storyMatrix = LineFeatureExtractor.features(of: story, evidence: Set(1...5), captions: Set(1...5))
        #expect((0..<5).allSatisfy { storyMatrix[$0, .storyDocument] == 1 && storyMatrix[$0, .captionOutsideStory] == 0 })
    }
}
