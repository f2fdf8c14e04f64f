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

    /// Furniture evidence (an interface label, a site's notice) says what a line is and that it is no caption: on a
    /// page of short lines it does not make the line one of a gallery's captions, where other evidence does.
    @Test func furnitureEvidenceIsNoCaptionsEvidence() {
        let byLine: [Int: [(rule: String, score: Double)]] = [
            1: [("caption.credited", 4)], 2: [("widget.interface-words", 3)], 3: [("notice.site-service", 3)],
            4: [("common.repeated-line", 2)], 5: [(SiteBoilerplateStage.ruleID, 3)], 6: [("widget.clock-reading", 3), ("caption.image-number", 3)]]
        #expect(JudgeStage.captionLikeEvidence(byLine) == [1, 4, 6])
        let page = Self.document("""
            Send your comments
            Your comment as a visitor
            Chợ hoa ngày Tết rộn ràng sắc xuân. Ảnh: Khánh Hoà
            Thầy đồ cho chữ đầu năm mới. Ảnh: Khánh Hoà
            Trẻ nhỏ háo hức mặc áo mới đi chơi. Ảnh: Khánh Hoà
            Mâm cỗ cúng giao thừa đầy đủ. Ảnh: Khánh Hoà
            """)
        let asCaption = LineFeatureExtractor.features(of: page, evidence: Set(1...6), captions: Set(3...6))
        let asFurniture = LineFeatureExtractor.features(of: page, evidence: Set(3...6), captions: Set(3...6))
        #expect(asCaption[0, .storyCaption] == 1)
        #expect(asFurniture[0, .storyCaption] == 0)
        #expect(asFurniture[2, .storyCaption] == 1)
    }

    static let articleWithPhotos = """
        Hội đồng nhân dân tỉnh đã họp phiên bất thường vào sáng nay để bàn về kế hoạch đầu tư công trung hạn của tỉnh trong năm năm tới.

        Chủ tịch Hội đồng nhân dân tỉnh phát biểu khai mạc phiên họp bất thường. Ảnh: Minh Anh

        Các đại biểu đã thảo luận và thông qua nghị quyết với sự đồng thuận cao, chủ tọa phiên họp cho biết sau khi bế mạc vào buổi trưa.

        Theo nghị quyết, tổng vốn đầu tư công trung hạn của tỉnh trong giai đoạn tới tăng gần một phần ba so với giai đoạn trước đó.

        Nhiều đại biểu đề nghị ưu tiên vốn cho các tuyến đường nối các huyện miền núi với trung tâm tỉnh và các khu công nghiệp mới.
        """

    @Test func aCreditedCaptionInAnArticleGoesWhateverTheModelSays() throws {
        let document = try clean(Self.articleWithPhotos)
        let removal = document.edits.first { $0.line == 3 && $0.kind == .dropped }
        #expect(removal?.rule == "caption.credited")
        #expect(!document.lines.contains { $0.number == 3 })
        #expect(document.lines.count == 4)
    }

    @Test func creditedCaptionsStayInAPhotoStoryAndWithoutTheSetting() throws {
        let story = """
            Chợ hoa ngày Tết rộn ràng sắc xuân khi người dân khắp nơi đổ về mua sắm. Ảnh: Khánh Hoà

            Thầy đồ cho chữ đầu năm mới trước cổng Văn Miếu. Ảnh: Khánh Hoà

            Trẻ nhỏ háo hức mặc áo mới đi chơi Tết cùng cha mẹ. Ảnh: Khánh Hoà

            Gia đình quây quần gói bánh chưng bên bếp lửa hồng. Ảnh: Khánh Hoà
            """
        let kept = try clean(story)
        #expect(kept.lines.count == 4)

        var rules = defaultRules
        rules.judge.creditedCaptions = nil
        let article = try clean(Self.articleWithPhotos, rules: rules)
        #expect(!article.edits.contains { $0.line == 3 && $0.kind == .dropped })
    }

    @Test func aPhotoStorysShortCaptionsStayWhateverTheModelScores() throws {
        // Short captions without a verb, each with its credit, under the headline: the model alone scores most
        // of them as captions of an ordinary article. In a photo story they are the article; only the credits go.
        let story = """
            Nhìn lại xe máy Honda Cub qua sáu đời

            Honda Super Cub C100: 1958 – 1966 (Ảnh: Honda)
            Honda Super Cub C50: 1966 – 1982 (Ảnh: Honda)
            Honda Cub 70 Custom: 1983 – 1990 (Ảnh: Honda)
            Honda Cub 81 Deluxe: 1991 – 2007 (Ảnh: Honda)
            Honda Super Cub 110: 2008 – 2017 (Ảnh: Honda)
            Honda Super Cub C125 dùng đèn pha LED và khóa thông minh (Ảnh: Motorbike)

            Honda vừa kỷ niệm chiếc Cub thứ một trăm triệu xuất xưởng, một kỷ lục chưa mẫu xe máy nào đạt được.
            """
        let document = try clean(story)
        #expect(document.lines.map(\.number) == [3, 4, 5, 6, 7, 8, 10])
        #expect(document.paragraphs.first == "Honda Super Cub C100: 1958 – 1966")
        #expect(document.edits.filter { $0.kind == .trimmed }.count == 6)
    }

    @Test func aCaptionThatALineWasJoinedToStays() throws {
        let page = """
            Farmers in the Mekong Delta are harvesting a bumper rice crop this month and traders are paying them the highest prices in years, officials said.

            Rice bags are transported aboard in the Mekong Delta (Photo: SGGP)
             Experts said that it was a remarkable change in the rice export industry.

            The region exported nearly six million tons of rice last year, up almost a million tons from the year before, the ministry said.

            High-quality and fragrant rice accounted for most of the exports, and prices for them rose faster than for ordinary rice, traders said.
            """
        let document = try clean(page)
        #expect(document.edits.contains { $0.line == 4 && $0.kind == .joined })
        #expect(document.lines.contains { $0.number == 3 })
    }
}

/// A teaser cut short with an ellipsis ends like a sentence, but the model reads its end apart.
@Suite struct EllipsisEndTests {
    @Test func aLineCutWithAnEllipsisIsMarkedAndAFullStopIsNot() {
        let page = CaptionFeatureTests.document("""
            Nearly 80% of residents oppose the extension of the council's term, according…
            The government is the biggest loser when the exchange rates differ, the economist said...
            Read more from the archive […]
            The council approved the budget on Tuesday after a long debate.
            What happens next?
            """)
        let matrix = LineFeatureExtractor.features(of: page, evidence: [], captions: [])
        #expect((0..<3).allSatisfy { matrix[$0, .ellipsisEnd] == 1 && matrix[$0, .sentenceEnd] == 1 })
        #expect(matrix[3, .ellipsisEnd] == 0 && matrix[3, .sentenceEnd] == 1)
        #expect(matrix[4, .ellipsisEnd] == 0)
    }
}
