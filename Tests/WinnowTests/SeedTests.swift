import Foundation
import Testing
@testable import Winnow

/// What the default rules must do to the seeds (issue: Winnow 0.1).
@Suite struct SeedTests {
    func seed(_ prefix: String) throws -> Document {
        let name = try FileManager.default.contentsOfDirectory(atPath: path("seeds")).first { $0.hasPrefix(prefix) }!
        let bytes = [UInt8](try Data(contentsOf: packageRoot.appendingPathComponent("seeds/\(name)")))
        return try Pipeline(ruleSet: defaultRules, format: .jsonl).clean(id: prefix, source: name, bytes: bytes)
    }

    @Test func seed000() throws {
        let document = try seed("000")
        #expect(document.metadata.title == "Đảng bộ cơ quan Văn phòng Quốc hội tổ chức Hội nghị tập huấn công tác Đảng năm 2022")
        #expect(document.metadata.date == "2022-04-21T18:59:00+07:00")
        #expect(document.metadata.author == "Anh Phương")
        let removed = Set(document.edits.map(\.text))
        #expect(removed.isSuperset(of: ["Quang cảnh hội nghị", "Ảnh: Lâm Hiển", "Nguồn: quochoi.vn",
                                        "Phó Bí thư Thường trực Đảng ủy cơ quan VPQH Nguyễn Đức Thụ phát biểu khai mạc Hội nghị"]))
        #expect(document.lines.count == 7)
        #expect(document.sentences(of: document.lines[0]).first == "Ngày 21.4, tại trụ sở Văn phòng Quốc hội (VPQH), Đảng bộ cơ quan VPQH tổ chức Hội nghị tập huấn công tác Đảng năm 2022.")
    }

    @Test func seed001() throws {
        let document = try seed("001")
        #expect(document.metadata.date == "2023-08-31T10:37:00+07:00")
        #expect(document.metadata.author == "Minh Đức")
        #expect(rule(removing: 1, in: document) == "widget.share-brand")
        // The caption rule is evidence now: it names the line, and the judge weighs it with the line's shape.
        #expect(document.evidence.contains { $0.line == 11 && $0.rule == "caption.unpunctuated" })
        let decision = try #require(document.lines.first { document.text(of: $0).contains("1262-QĐ/ĐUK") })
        #expect(document.sentences(of: decision).contains { $0.contains("Quyết định số 1262-QĐ/ĐUK về") })
        #expect(document.paragraphs.last?.hasPrefix("“Việc đẩy mạnh") == true)
    }

    @Test func seed002() throws {
        let document = try seed("002")
        #expect(document.metadata.author == "Đức Minh")
        #expect(document.metadata.sourceURL == "https://thoibaotaichinhvietnam.vn/dang-uy-bo-tai-chinh-tap-huan-nghiep-vu-cong-tac-to-chuc-dai-hoi-dang-cac-cap-165544.html")
        #expect(!document.paragraphs.contains { $0.contains("Ảnh:") || $0 == "Zalo" })
        for ordinal in ["Thứ nhất,", "Thứ hai,", "Thứ ba,", "Thứ tư,", "Thứ năm,"] {
            #expect(document.paragraphs.contains { $0.hasPrefix(ordinal) })
        }
        let sentences = document.lines.flatMap(document.sentences(of:))
        #expect(sentences.contains { $0.contains("gần 6.400 đại biểu") })
        #expect(sentences.last == "Đồng chí Nguyễn Thành Nam cũng đã giải đáp các vấn đề đại biểu quan tâm liên quan đến công tác kiểm tra, giám sát phục vụ đại hội.")
    }

    @Test func seed003() throws {
        let document = try seed("003")
        #expect(rule(removing: 1, in: document) == "banner.site")
        #expect(document.metadata.title?.hasPrefix("Hội thảo khoa học trực tuyến") == true)
        #expect(document.metadata.author == "Phạm Thị Thanh Giang, Trưởng phòng Bảo vệ chính trị nội bộ, Ban Tổ chức Tỉnh ủy")
        #expect(document.paragraphs.contains("Thứ sáu, phát huy vai trò giám sát của nhân dân đối với công tác cán bộ."))
        #expect(!document.paragraphs.contains { $0.contains("Tin cùng chuyên mục") || $0.contains("Sơ kết 5 năm") })
    }

    @Test func seed004() throws {
        let document = try seed("004")
        #expect(document.metadata.title == nil)
        #expect(document.paragraphs.first?.hasPrefix("Dự Hội nghị toàn quốc Tổng kết") == true)
        #expect(!document.paragraphs.contains { ["Trả lời", "okvip", "hi88", "miso88"].contains($0) })
        #expect(document.paragraphs.last?.hasPrefix("“Tăng cường cải cách") == true)
        #expect(document.sentences(of: try #require(document.lines.last)).first?.hasSuffix("không đủ chất lượng.") == true)
    }

    @Test func everyRemovalNamesItsRuleAndInputLine() throws {
        for prefix in ["000", "001", "002", "003", "004"] {
            let document = try seed(prefix)
            #expect(document.edits.allSatisfy { !$0.rule.isEmpty && $0.line > 0 })
        }
    }
}
