import Testing
@testable import Winnow

@Suite struct ToneMarkTests {
    func normalize(_ text: String, tones: String, form: String = "nfc") throws -> String {
        let rules = try loadRules(["main.yaml": "normalize: {tone_marks: \(tones), form: \(form)}\npipeline: [decode, normalize, write]\n"])
        return try clean(text, rules: rules).paragraphs.joined(separator: "\n")
    }

    @Test func traditionalPutsTheMarkOnTheFirstVowel() throws {
        #expect(try normalize("Hoà bình, thuỷ điện, uỷ ban, khoẻ mạnh, HOÀ", tones: "traditional")
                == "Hòa bình, thủy điện, ủy ban, khỏe mạnh, HÒA")
    }

    @Test func modernPutsTheMarkOnTheSecondVowel() throws {
        #expect(try normalize("Hòa bình, thủy điện, ủy ban, khỏe mạnh", tones: "modern") == "Hoà bình, thuỷ điện, uỷ ban, khoẻ mạnh")
    }

    @Test func syllablesWhereBothConventionsAgreeAreLeftAlone() throws {
        let text = "quý khách, hoàn thành, thuyền, quà, hoa, xoè"
        #expect(try normalize(text, tones: "traditional") == "quý khách, hoàn thành, thuyền, quà, hoa, xòe")
        #expect(try normalize("quý khách, hoàn thành, thuyền", tones: "modern") == "quý khách, hoàn thành, thuyền")
    }

    @Test func keepChangesNothing() throws {
        #expect(try normalize("Hoà và hòa", tones: "keep") == "Hoà và hòa")
    }

    @Test func otherNormalizationFormsAreAvailable() throws {
        #expect(try normalize("ＯＫ ﬁ", tones: "keep", form: "nfkc") == "OK fi")
        #expect(try normalize("Hà", tones: "keep", form: "nfd").unicodeScalars.count == 3)
        #expect(try normalize("Hà NỘI", tones: "keep", form: "nfkc_casefold") == "hà nội")
    }
}

@Suite struct MojibakeRepairTests {
    @Test(arguments: [("Ä\u{90}áº£ng", "Đảng"), ("Ã¡o dÃ\u{A0}i", "áo dài"), ("cafÃ© â€œquotedâ€\u{9D}", "café “quoted”")])
    func repairsUTF8ReadAsWindows1252(_ broken: String, _ fixed: String) {
        #expect(MojibakeRepair.repair(broken) == fixed)
    }

    @Test(arguments: ["Đảng bộ cơ quan", "Café déjà vu", "SÃO PAULO", "naïve façade", "Ân Thi, Hưng Yên", "ÂM"])
    func leavesCorrectTextAlone(_ text: String) {
        #expect(MojibakeRepair.repair(text) == nil)
    }
}
