import Foundation
import Testing
@testable import Winnow

@Suite struct JoinStageTests {
    /// Decodes, normalises and joins `text` as the default pipeline does.
    func joined(_ text: String) throws -> Document {
        var document = Document(id: "d", source: "d", text: text)
        try DecodeStage(options: DecodeOptions()).run(&document)
        try NormalizeStage(options: NormalizeOptions()).run(&document)
        try JoinStage().run(&document)
        return document
    }

    @Test func rejoinsASentenceSplitAtInlineLinks() throws {
        let document = try joined("Mức tiêu thụ 2,1 lít/100 km. Hiện\nhãng xe BMW\n vẫn chưa công bố giá bán.\n\nĐoạn sau.\n")
        #expect(document.paragraphs == ["Mức tiêu thụ 2,1 lít/100 km. Hiện hãng xe BMW vẫn chưa công bố giá bán.", "Đoạn sau."])
        #expect(document.edits.filter { $0.kind == .joined }.map(\.line) == [2, 3])
        #expect(document.edits.allSatisfy { $0.kind != .joined || $0.rule == JoinStage.ruleID })
    }

    @Test func rejoinsACreditCutByItsLinkAndATitleInItalics() throws {
        #expect(try joined("Theo\n Yibada\n").paragraphs == ["Theo Yibada"])
        #expect(try joined("Chính niềm say mê âm nhạc đã làm nên\n Whiplash\n, bộ phim đầu tay.\n").paragraphs
                == ["Chính niềm say mê âm nhạc đã làm nên Whiplash, bộ phim đầu tay."])
    }

    /// A link that ended a sentence leaves its full stop at the start of the next line: the stop goes back to the
    /// sentence, and the next sentence follows it in the same paragraph.
    @Test func rejoinsTheFullStopThatALinkCutOff() throws {
        #expect(try joined("cặp đôi phiên bản đặc biệt mới - siêu xe BMW i8\n. Hai mẫu xe này sẽ mang cái tên Protonic.\n").paragraphs
                == ["cặp đôi phiên bản đặc biệt mới - siêu xe BMW i8. Hai mẫu xe này sẽ mang cái tên Protonic."])
        #expect(try joined("Những yếu tố có thật đã tạo nên Whiplash\n.\n").paragraphs == ["Những yếu tố có thật đã tạo nên Whiplash."])
        // An ellipsis, a domain or a ".NET" opens a line of its own.
        #expect(try joined("Ông nói rằng\n... Sau nhiều năm, ông trở lại.\n").paragraphs.count == 2)
        #expect(try joined("Hội thảo Microsoft Build\n.NET Foundation công bố lộ trình\n").paragraphs.count == 2)
    }

    @Test func leavesParagraphsTitlesBylinesAndListsApart() throws {
        let text = """
        Why the Harriers keep losing close games
        by Sam Whitlock
        The season started well.
        - first item
        - second item
        Tuấn Thành
        bongdaplus.vn
        A sentence that ends.
        and a line after a full stop
        Ảnh minh họa

        tiếp theo sau một dòng trống
        """
        let document = try joined(text)
        #expect(document.paragraphs.count == 11)
        #expect(!document.edits.contains { $0.kind == .joined })
    }

    @Test func rejoinsAHardWrappedTextWhateverTheNextLineStartsWith() throws {
        // A text cut at a fixed width (a PDF's, an e-mail's): a line that runs to the width mid-sentence goes on
        // in the next line even when that one starts with a name, a number or a bracket.
        let text = """
        Provincial officials said on Monday that the new ferry service would
        start running between the two river towns before the end of the
        month, and that tickets would cost less than the old service.
        The operator has bought two boats and trained twelve crew members in
        Can Tho over the past three months, according to the department of
        transport, which approved the route after a public consultation.
        Passengers will be able to board at a new pier built beside the old
        market, the department added, and cars will be carried from next
        year when a larger boat arrives.
        """
        let wrapped = try joined(text)
        #expect(wrapped.paragraphs.count == 3)
        #expect(wrapped.paragraphs[1].hasPrefix("The operator has bought two boats and trained twelve crew members in Can Tho over"))
        // The same lines at the width of a scraped page's paragraphs: a name after "in" starts a new line there.
        let split = try joined("The operator has bought two boats and trained twelve crew members in\nCan Tho over the past three months.\n")
        #expect(split.paragraphs.count == 2)
    }

    @Test func aWordWithItsFullStopEndsTheSentenceItIsCutFrom() throws {
        #expect(try joined("Vì vậy đây là công tác đòi hỏi sự nhiệt tình, trách nhiệm và yêu\nnghề.\n").paragraphs
                == ["Vì vậy đây là công tác đòi hỏi sự nhiệt tình, trách nhiệm và yêu nghề."])
    }

    /// A page an extractor wrote one word per line comes back as its heading and its sentences; a menu of places
    /// or sections, one per line, has no function words among its items and stays as it is.
    @Test func rejoinsAPageWrittenOneWordPerLine() throws {
        let heading = "HỘI THI VĂN NGHỆ “CHÀO MỪNG NGÀY 20/11”"
        let first = "Chiều 4/11, Đoàn trường THPT chuyên Phan Ngọc Hiển đã tổ chức hội thi văn nghệ cho học sinh của các lớp."
        let second = "Hội thi diễn ra trong không khí vui tươi, phấn khởi và được các em đón nhận nhiệt tình."
        let text = [heading, first, second].flatMap { $0.split(separator: " ") }.joined(separator: "\n") + "\n"
        #expect(try joined(text).paragraphs == [heading, first, second])
        let places = "Hà Nội\nĐà Nẵng\nHuế\nCần Thơ\nHải Phòng\nNha Trang\nĐà Lạt\nVinh\nSơn La\nLai Châu\n"
        let menu = places.replacingOccurrences(of: " ", with: "\n") + places.replacingOccurrences(of: " ", with: "\n")
        #expect(try joined(menu).paragraphs.count == menu.split(separator: "\n").count)
        let sections = ["News", "Sport", "Business", "Opinion", "Culture", "Travel", "Science", "Health", "Video", "Podcasts"]
        let navigation = (sections + sections.map { $0 + "s" }).joined(separator: "\n")
        #expect(try joined(navigation).paragraphs.count == 20)
    }

    /// A first line the extractor broke inside its sentence is no headline: the default rules leave it to this
    /// stage, and the sentence comes out whole instead of half as the title and half as the text.
    @Test func aFirstSentenceBrokenAcrossLinesIsRejoinedNotTakenAsTheTitle() throws {
        let text = """
            Tại Bến Tre, nước mặn tiếp tục lấn sâu vào các huyện ven biển, và
            nhiều xã đã thiếu nước ngọt sinh hoạt từ đầu tháng.

            Ngành nông nghiệp tỉnh cho biết đã có hơn 2.000 hộ dân phải mua nước với giá cao.

            """
        let document = try clean(text, format: .jsonl)
        #expect(document.metadata.title == nil)
        #expect(document.paragraphs.first == "Tại Bến Tre, nước mặn tiếp tục lấn sâu vào các huyện ven biển, và nhiều xã đã thiếu nước ngọt sinh hoạt từ đầu tháng.")
        // A headline over its text is still the title.
        let headlined = try clean("Bến Tre thiếu nước ngọt vì hạn mặn\n\n" + text, format: .jsonl)
        #expect(headlined.metadata.title == "Bến Tre thiếu nước ngọt vì hạn mặn")
    }

    @Test func runsInTheDefaultPipelineAndTheLabelledOutcomeFollowsTheHostLine() throws {
        let ruleSet = try RulesLoader.defaultRules()
        #expect(ruleSet.pipeline.firstIndex(of: .join) == ruleSet.pipeline.firstIndex(of: .judge)! - 1)
        let document = try joined("Hiện\nhãng xe BMW chưa công bố giá bán\n")
        let outcome = DocumentOutcome(document, inputLines: [1: "Hiện", 2: "hãng xe BMW chưa công bố giá bán"])
        #expect(outcome.fates[2] == .kept)
        var removed = document
        removed.removeLines(at: [0], rule: "judge", kind: .dropped)
        let lost = DocumentOutcome(removed, inputLines: [1: "Hiện", 2: "hãng xe BMW chưa công bố giá bán"])
        #expect(lost.fates[2] == .removed(rule: "judge"))
    }
}
