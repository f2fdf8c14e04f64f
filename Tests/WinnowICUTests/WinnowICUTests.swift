import Foundation
import Testing
@testable import WinnowICU

@Suite struct NormalizerTests {
    @Test func composesDecomposedVietnamese() throws {
        let nfc = try Normalizer.shared(.nfc)
        let decomposed = "Đa\u{0323}\u{0302}ng"  // a + dot below + circumflex
        #expect(try nfc.normalize(decomposed) == "Đậng")
        #expect(!nfc.isTriviallyNormalized(decomposed))
    }

    @Test func leavesComposedTextAloneWithoutICU() throws {
        let nfc = try Normalizer.shared(.nfc)
        #expect(nfc.isTriviallyNormalized("Đảng bộ cơ quan Văn phòng Quốc hội"))
        #expect(try nfc.normalize("Đảng bộ") == "Đảng bộ")
    }

    /// The table of stable characters is read from character properties at start-up; it must say what the
    /// normaliser says, character by character.
    @Test(arguments: [NormalizationForm.nfc, .nfd, .nfkc])
    func stableTableAgreesWithTheNormalizer(_ form: NormalizationForm) throws {
        #expect(try Normalizer.shared(form).stableTable == Normalizer.stableTableFromNormalizer(form))
    }

    @Test func nfkcCasefoldFoldsFullWidthAndCase() throws {
        #expect(try Normalizer.shared(.nfkcCasefold).normalize("ＯＫＶＩＰ") == "okvip")
    }
}

@Suite struct SentenceBreakerTests {
    /// Every line of the repository's texts: fixtures, seeds and the segmentation gold set.
    static func repositoryLines() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var lines: [String] = []
        for folder in ["rules/fixtures", "seeds", "rules/segmentation"] {
            let path = root.appendingPathComponent(folder).path
            for name in (FileManager.default.enumerator(atPath: path)?.allObjects as? [String]) ?? [] where name.hasSuffix(".txt") {
                let text = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
                lines += text.split(whereSeparator: \.isNewline).map(String.init)
            }
        }
        return lines
    }

    /// The shortcut must agree with ICU: every text it calls one sentence, ICU splits nowhere before the end.
    @Test func aSingleSentenceIsOneOnlyWhenICUSaysSo() throws {
        let breaker = try SentenceBreaker(locale: "vi")
        let texts = ["Đảng họp", "Đảng họp.", "Đảng họp. ", "Xong?! ", "Hết.” ", "Điện ảnh Mỹ. (", "Mỹ.) ", "a.b", "Có 1.000 người",
                     "Ông A. Nguyễn", "x\u{2029}y", "Hết.\u{0301} Tiếp", "Hỏi? đáp", "“Xong.” Rồi", "", "...", "Tr. 5"]
            + (try Self.repositoryLines())
        var single = 0
        for text in texts where !text.isEmpty {
            let icu = try breaker.icuBoundaries(in: text)
            if breaker.isSingleSentence(text) {
                single += 1
                #expect(icu == [text.utf8.count], "\(text)")
            }
        }
        #expect(single > texts.count / 10)
        #expect(!breaker.isSingleSentence("Điện ảnh Mỹ. ("))
        #expect(breaker.isSingleSentence("Xong?! "))
    }

    /// The rules applied without ICU must give ICU's boundaries wherever they answer, and answer for nearly all
    /// text: every line of the repository, and variants of what comes before, at and after an end mark.
    @Test func boundariesFoundWithoutICUAreICUs() throws {
        let breaker = try SentenceBreaker(locale: "vi")
        let before = ["Hết", "ông A", "U.S", "năm 2019", "Mỹ", "“Xong", "(Hà Nội", "ĐÀ NẴNG", "", "x\u{0301}", "3"]
        let marks = [".", "!", "?", "…", "?!", "./.", ".”", ".)", "!”", ".\u{0301}", "...", ". .", ".\u{00A0}", ".\u{200B}", "。", "‼"]
        let after = ["", " ", "  ", " Tiếp", " tiếp", "Tiếp", "tiếp", "5", " 30 người", " 30 Người", ", và", ": và", " - Tiếp",
                     " – tiếp", " “Chào", " “chào", " (Ảnh)", " (ảnh)", " ( Ảnh", " 1.", " Ông", " e.g. x", " iPhone", " 中文",
                     " ٣ أ", " ”Hết", "\u{2029}Tiếp", " 😀 tiếp", " ¿Qué", "\u{0301} tiếp", " \u{0301}Tiếp", "] Tiếp", " ' tiếp"]
        var variants: [String] = []
        for first in before {
            for mark in marks {
                for rest in after { variants += [first + mark + rest, first + mark + rest + " Câu sau. tiếp nữa! Hết"] }
            }
        }
        // The scans skip sixteen bytes at a time: the same texts behind ASCII and Vietnamese letters of every
        // length, so that every end mark falls at every offset of a block.
        for pad in 1...20 {
            let prefix = String(String("Một hai ba bốn năm sáu bảy tám chín mười".prefix(pad)))
            for (number, variant) in variants.prefix(600).enumerated() where number % 3 == pad % 3 { variants.append(prefix + variant) }
        }
        let lines = try Self.repositoryLines().filter { !$0.isEmpty }
        var answered = 0
        for text in lines + variants {
            var copy = text
            guard let plain = copy.withUTF8({ breaker.plainBoundaries($0) }) else { continue }
            answered += 1
            #expect(plain == (try breaker.icuBoundaries(in: text)), "\(text.debugDescription)")
        }
        #expect(answered >= (lines.count + variants.count) * 9 / 10)
    }

    @Test func boundariesAreUTF8Offsets() throws {
        let breaker = try SentenceBreaker(locale: "vi")
        let text = "Đảng họp. Đã xong."
        #expect(try breaker.icuBoundaries(in: text) == [Array("Đảng họp. ".utf8).count, text.utf8.count])
        #expect(try breaker.boundaries(in: text) == [Array("Đảng họp. ".utf8).count, text.utf8.count])
    }

    /// ICU reads a UTF-16 copy of the text: its offsets must come back as UTF-8 offsets past characters of
    /// two, three and four bytes (an emoji with a skin-tone modifier is four UTF-16 units) and combining marks.
    @Test func boundariesPastMultiByteCharactersAreUTF8Offsets() throws {
        let breaker = try SentenceBreaker(locale: "vi")
        let first = "Đội tuyển thắng 👍🏽 rồi. "
        let second = "Ca\u{0301}c co\u{0302} ga\u{0301}i đã về! "
        let text = first + second + "Hết."
        #expect(try breaker.icuBoundaries(in: text) == [first.utf8.count, first.utf8.count + second.utf8.count, text.utf8.count])
    }

    @Test func doesNotBreakInsideNumbersAndDates() throws {
        let breaker = try SentenceBreaker(locale: "vi")
        let text = "Ngày 21.4, có 6.400 đại biểu dự họp ngày 28.7.2021 tại Hà Nội."
        #expect(try breaker.boundaries(in: text) == [text.utf8.count])
    }
}

@Suite struct RegexTests {
    /// The pattern runs on a UTF-16 copy; every match and group must come back as a range of the UTF-8 bytes.
    @Test func rangesPastMultiByteCharactersAreUTF8Ranges() throws {
        let regex = try ICURegex("(?<count>\\d+) (?:người|😀)")
        let text = "😀 Có 42 người, é 7 😀 và 𝟗 không."
        let bytes = Array(text.utf8)
        let found = try regex.matches(in: text)
        let count = try #require(regex.groupNumber(named: "count"))
        #expect(found.map { String(decoding: bytes[$0.range], as: UTF8.self) } == ["42 người", "7 😀"])
        #expect(found.map { String(decoding: bytes[$0.groups[count]!], as: UTF8.self) } == ["42", "7"])
    }

    @Test func reportsUTF8RangesAndNamedGroups() throws {
        let regex = try ICURegex("(?<day>\\d{1,2})/(?<month>\\d{1,2})")
        let text = "Thứ Năm, 31/08"
        let match = try #require(try regex.firstMatch(in: text))
        let day = try #require(regex.groupNumber(named: "day"))
        let bytes = Array(text.utf8)
        #expect(String(decoding: bytes[match.groups[day]!], as: UTF8.self) == "31")
    }

    @Test func syntaxErrorsNameTheProblemAndOffset() {
        #expect(throws: RegexSyntaxError.self) { try ICURegex("(unclosed") }
        do {
            _ = try ICURegex("ab[c")
        } catch {
            #expect(error.reason == "missing close bracket")
        }
    }

    @Test func runawayPatternHitsTheTimeLimit() throws {
        let regex = try ICURegex("^(a+)+$", timeLimit: 5)
        let text = String(repeating: "a", count: 40) + "b"
        #expect(throws: RegexTimeout.self) { try regex.matches(text) }
    }
}

@Suite struct SkeletonTests {
    @Test func cyrillicLookAlikeSharesSkeletonWithLatin() throws {
        let maker = try SkeletonMaker()
        #expect(try maker.skeleton("h\u{0456}88") == (try maker.skeleton("hi88")))
    }
}

@Suite struct CharsetTests {
    @Test func roundTripsThroughWindows1252() throws {
        let text = "Café déjà vu, naïve façade"
        let bytes = try Charset.encode(text, to: "windows-1252")
        #expect(bytes.count == text.count)
        #expect(try Charset.decode(bytes, from: "windows-1252") == text)
    }

    @Test func decodesVietnameseFromWindows1258() throws {
        // "Hà Nội" in windows-1258: a + combining grave (0xCC), o-circumflex (0xF4) + combining dot below (0xF2).
        let bytes: [UInt8] = [0x48, 0x61, 0xCC, 0x20, 0x4E, 0xF4, 0xF2, 0x69]
        #expect(try Normalizer.shared(.nfc).normalize(try Charset.decode(bytes, from: "windows-1258")) == "Hà Nội")
    }
}
