import Foundation
import Testing
@testable import Winnow

@Suite struct DecodeStageTests {
    func decode(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws -> Document {
        var document = Document(id: "d", source: "d", bytes: bytes)
        try DecodeStage(options: options).run(&document)
        return document
    }

    @Test func keepsOriginalLineNumbersAcrossCRLFAndLoneCR() throws {
        let document = try decode(Array("một\r\n\r\nhai\rba\n".utf8))
        #expect(document.lines.map(\.number) == [1, 3, 4])
        #expect(document.paragraphs == ["một", "hai", "ba"])
        #expect(document.lines.map(\.blankLinesBefore) == [0, 1, 0])
    }

    /// Words are counted sixteen or eight bytes at a time: they must come out as a plain count does, wherever
    /// spaces, tabs and line ends fall (the second round makes long runs without tabs and line ends).
    @Test func countsWordsAsAPlainCountDoesAtEveryOffset() throws {
        let pieces = ["Đảng", " ", "  ", "bộ", "\t", "a", "cơ quan", "x", " \n", "\r\n", "\t\t", "họp."]
        let longRuns = ["Đảng", " ", "  ", "bộ", "a", "cơ quan", "x", "họp.", "Văn", " ", "phòng", "\n"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<1000 {
            let source = round < 300 ? pieces : longRuns
            let text = (0..<Int.random(in: 1...80, using: &generator)).map { _ in source.randomElement(using: &generator)! }.joined()
            let document = try decode(Array(text.utf8))
            let expected = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .map(String.init).filter { !$0.allSatisfy { $0 == " " || $0 == "\t" } }
            #expect(document.paragraphs == expected, "\(text.debugDescription)")
            #expect(document.lines.map(\.wordCount) == expected.map(LineShape.wordCount), "\(text.debugDescription)")
        }
    }

    @Test func dropsUTF8ByteOrderMark() throws {
        #expect(try decode([0xEF, 0xBB, 0xBF] + Array("Đảng".utf8)).paragraphs.first == "Đảng")
    }

    @Test func decodesUTF16WithBOM() throws {
        let bytes: [UInt8] = [0xFF, 0xFE] + "Hà Nội\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let document = try decode(bytes)
        #expect(document.paragraphs.first == "Hà Nội")
        #expect(document.decoding.encoding == "UTF-16LE")
    }

    @Test func replacesAndCountsInvalidUTF8() throws {
        let document = try decode(Array("tốt\n".utf8) + [0x61, 0xFF, 0x62])
        #expect(document.paragraphs[1] == "a\u{FFFD}b")
        #expect(document.decoding.replacements == 1)
        #expect(document.decoding.linesWithReplacements == [2])
    }

    @Test func strictRejectsInvalidUTF8WithItsLine() throws {
        var options = DecodeOptions()
        options.strict = true
        #expect(throws: Rejection(.invalidUTF8, "invalid UTF-8 (1 bad sequences); --strict rejects it", line: 2)) {
            try decode(Array("tốt\n".utf8) + [0x61, 0xFF], options: options)
        }
    }

    @Test func rejectsBinaryInput() throws {
        #expect(throws: Rejection.self) { try decode([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]) }
    }
}

@Suite struct UTF8CheckTests {
    func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(UTF8Check.isValid) }

    /// The check decides as Swift's own validation does: on the edge cases of the Unicode Standard's table 3-7,
    /// each cut short at every length and put after ASCII of every length (the eight-byte steps), on Vietnamese
    /// text spoilt at every offset (the sixteen-byte steps), and on random bytes.
    @Test func agreesWithSwiftsValidation() {
        let cases: [[UInt8]] = [[0xC2, 0x80], [0xC1, 0xBF], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF],
                                [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
                                [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0x80], [0xBF],
                                [0xE1, 0xBA, 0xA3], [0xE1, 0xBA], [0xFE], [0xFF], Array("Đảng bộ 😀".utf8)]
        var inputs: [[UInt8]] = []
        for bytes in cases {
            for length in 0...bytes.count {
                for ascii in 0..<10 { inputs.append(Array(repeating: 0x61, count: ascii) + bytes.prefix(length) + [0x62]) }
            }
        }
        // Sixteen bytes at a time through Vietnamese text: a troublemaker written over every offset, and the
        // text cut at every length.
        let vietnamese = Array("Đảng bộ cơ quan Văn phòng Quốc hội tổ chức hội nghị tập huấn 😀 năm 2022".utf8)
        for offset in vietnamese.indices {
            for byte: UInt8 in [0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xE1, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x61] {
                var bytes = vietnamese
                bytes[offset] = byte
                inputs.append(bytes)
            }
            inputs.append(Array(vietnamese[..<offset]))
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let pool: [UInt8] = [0x20, 0x61, 0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xC3, 0xE0, 0xE1, 0xED, 0xF0, 0xF4, 0xF5]
            inputs.append((0..<Int.random(in: 1...64, using: &generator)).map { _ in pool.randomElement(using: &generator)! })
        }
        var invalid = 0
        for bytes in inputs {
            let swift = String(validating: bytes, as: UTF8.self) != nil
            #expect(valid(bytes) == swift, "\(bytes.map { String($0, radix: 16) })")
            if !swift { invalid += 1 }
        }
        #expect(invalid > inputs.count / 4 && invalid < inputs.count)
    }
}

@Suite struct NormalizeStageTests {
    func normalize(_ text: String, options: NormalizeOptions = NormalizeOptions()) throws -> Document {
        var document = Document(id: "n", source: "n", text: text)
        try DecodeStage(options: DecodeOptions()).run(&document)
        try NormalizeStage(options: options).run(&document)
        return document
    }

    /// Most lines that need work only have spaces at their edges: they are trimmed, their indent is the
    /// leading spaces, their words stay counted.
    @Test func linesWithOnlyEdgeSpacesAreTrimmedWithTheirIndent() throws {
        let document = try normalize("   Đảng bộ cơ quan họp.  \nHai  ")
        #expect(document.paragraphs == ["Đảng bộ cơ quan họp.", "Hai"])
        #expect(document.lines.map(\.indent) == [3, 0])
        #expect(document.lines.map(\.wordCount) == [5, 1])
    }

    /// Trimming and collapsing are separate settings: without collapsing, spaces inside stay as they are, and
    /// trimming still takes those at the edges (Unicode spaces too).
    @Test func trimmingWithoutCollapsingKeepsInnerSpacesOnly() throws {
        var options = NormalizeOptions()
        options.collapseSpaces = false
        #expect(try normalize("  Hai  ba  ", options: options).paragraphs[0] == "Hai  ba")
        #expect(try normalize("\u{00A0}Hai\u{00A0} ba\u{2009}", options: options).paragraphs[0] == "Hai  ba")
        options.trim = false
        #expect(try normalize(" Hai  ba ", options: options).paragraphs[0] == " Hai  ba ")
        options.collapseSpaces = true
        #expect(try normalize("  Hai  ba  ", options: options).paragraphs[0] == " Hai ba ")
    }

    @Test func turnsUnicodeSpacesIntoOneSpaceAndTrims() throws {
        let document = try normalize("Năm 2023,\u{00A0} toàn Ngành\u{2009}tổ chức  ")
        #expect(document.paragraphs[0] == "Năm 2023, toàn Ngành tổ chức")
    }

    @Test func removesInvisibleCharactersButKeepsEmojiJoiners() throws {
        let document = try normalize("ok\u{200B}vip so\u{00AD}ft \u{202E}x 👩\u{200D}💻")
        #expect(document.paragraphs[0] == "okvip soft x 👩\u{200D}💻")
    }

    @Test func whitespaceOnlyLinesBecomeGapsAndAreLogged() throws {
        let document = try normalize("Một.\n\u{00A0} \u{00A0}\nHai.")
        #expect(document.paragraphs == ["Một.", "Hai."])
        #expect(document.lines[1].blankLinesBefore == 1)
        #expect(document.edits.map(\.line) == [2])
    }

    @Test func recordsIndentOfSignatureBlocks() throws {
        let document = try normalize("\u{00A0}\u{00A0}      Phạm Thị Thanh Giang ")
        #expect(document.lines[0].indent == 8)
        #expect(document.paragraphs[0] == "Phạm Thị Thanh Giang")
    }

    /// A line whose text gets longer (U+0344 becomes U+0308 U+0301 under NFC) is written after the others; a
    /// shorter one over its old text. Either way the neighbouring lines keep theirs.
    @Test func linesThatChangeLengthLeaveTheirNeighboursIntact() throws {
        let document = try normalize("a\u{0344}\nHai  ba\nBốn")
        // Compared as bytes: Swift's == takes canonically equivalent strings as equal.
        #expect(document.paragraphs.map { Array($0.utf8) } == ["\u{00E4}\u{0301}", "Hai ba", "Bốn"].map { Array($0.utf8) })
        #expect(document.lines.map(\.wordCount) == [1, 2, 1])
        #expect(document.lines[0].range.lowerBound > document.lines[2].range.lowerBound)
    }

    @Test func composesDecomposedText() throws {
        #expect(try normalize("Ha\u{0300} No\u{0323}\u{0302}i").paragraphs[0] == "Hà Nội")
    }

    @Test func vietnameseLettersTakeTheFastPathUnderNFC() throws {
        #expect(try NormalizeStage(options: NormalizeOptions()).vietnameseLettersSettled)
    }

    @Test func everySpaceAndInvisibleCharacterIsListedAsSpecial() {
        let listed = Set(NormalizeStage.specialCodePoints)
        for value in UInt32(0)..<0x10000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if NormalizeStage.isSpace(scalar) || NormalizeStage.isInvisible(scalar, before: nil, after: nil) {
                #expect(listed.contains(value), "U+\(String(value, radix: 16))")
            }
        }
    }

    /// Lines are checked sixteen bytes at a time; that changes nothing: every repository line, and Vietnamese
    /// text with what needs this stage put at every offset, normalise to the same bytes with and without it.
    @Test func sixteenBytesAtATimeChangesNothing() throws {
        var options = NormalizeOptions()
        options.repairMojibake = true
        let fast = try NormalizeStage(options: options, blocks: true)
        let slow = try NormalizeStage(options: options, blocks: false)
        var texts = try repositoryTextLines()
        let base = Array("Đảng bộ cơ quan Văn phòng Quốc hội tổ chức hội nghị “Học tập” – à".unicodeScalars)
        for offset in 0...base.count {
            for insert in ["\u{00A0}", "\u{200B}", "\u{00C3}\u{0160}", "\u{00E2}\u{0152}", "e\u{0301}", "  ", "\u{07}", "\u{00C3}\u{00A1}"] {
                var scalars = base
                scalars.insert(contentsOf: insert.unicodeScalars, at: offset)
                texts.append(String(String.UnicodeScalarView(scalars)))
            }
        }
        var changed = 0
        for text in texts {
            var a = Document(id: "n", source: "n", text: text)
            var b = a
            try DecodeStage(options: DecodeOptions()).run(&a)
            try DecodeStage(options: DecodeOptions()).run(&b)
            try fast.run(&a)
            try slow.run(&b)
            #expect(a.paragraphs.map { Array($0.utf8) } == b.paragraphs.map { Array($0.utf8) }, "\(text.debugDescription)")
            if a.edits.contains(where: { $0.rule == "normalize.mojibake" }) { changed += 1 }
        }
        #expect(changed > 0)
    }

    /// ASCII is checked eight bytes at a time: what needs fixing is found at every offset.
    @Test func findsDoubleSpacesAndControlsAtEveryOffset() throws {
        let base = Array("The quick brown fox jumps over the lazy dog again".unicodeScalars)
        for offset in 1..<base.count {
            for (insert, expected) in [(" ", " "), ("\u{07}", ""), ("\u{7F}", "")] {
                var scalars = base
                scalars.insert(contentsOf: insert.unicodeScalars, at: offset)
                let line = try normalize(String(String.UnicodeScalarView(scalars))).paragraphs[0]
                var wanted = base
                wanted.insert(contentsOf: expected.unicodeScalars, at: offset)
                let collapsed = String(String.UnicodeScalarView(wanted)).split(separator: " ").joined(separator: " ")
                #expect(line == collapsed, "\(insert.unicodeScalars.first!.value) at \(offset)")
            }
        }
        #expect(try normalize("ends with a space at byte eight ").paragraphs[0] == "ends with a space at byte eight")
    }
}

@Suite struct SegmentStageTests {
    let stage = try! SegmentStage(options: defaultRules.segment)

    @Test(arguments: [
        "Ngày 21.4, tại trụ sở Văn phòng Quốc hội, hội nghị khai mạc.",
        "Ngày 28.7.2021, có 6.400 đại biểu dự, tăng 3,5% so với năm trước.",
        "Ban Thường vụ ban hành Quyết định số 1262-QĐ/ĐUK và Quy định 22-QĐ/TW.",
        "Ông đến TP. Hồ Chí Minh cùng PGS. TS. Nguyễn Văn A vào sáng nay.",
        "Mr. Smith met Dr. Jones in the U.S. capital on Monday.",
    ])
    func keepsOneSentence(_ text: String) throws {
        #expect(try stage.sentences(in: text) == [text])
    }

    @Test func closingQuoteStaysWithItsSentence() throws {
        let text = "Ông nói: “Chúng tôi sẽ làm.” Sau đó ông rời đi."
        #expect(try stage.sentences(in: text) == ["Ông nói: “Chúng tôi sẽ làm.”", "Sau đó ông rời đi."])
    }

    @Test func endMarkIsWrittenAsFullStop() throws {
        #expect(try stage.sentences(in: "Giải đáp các vấn đề phục vụ đại hội./.") == ["Giải đáp các vấn đề phục vụ đại hội."])
    }

    @Test func anEllipsisBeforeACapitalEndsASentence() throws {
        #expect(try stage.sentences(in: "Vàng là sự phú quý giàu sang… Cũng chính vì thế, người ta mua vàng.")
                == ["Vàng là sự phú quý giàu sang…", "Cũng chính vì thế, người ta mua vàng."])
    }

    @Test(arguments: [
        "Phim chiếu tại Brunei, Thái Lan… vào cùng thời điểm.",
        "Càng thấy tầm quan trọng của… Pep Guardiola.",
    ])
    func anEllipsisInsideASentenceStays(_ text: String) throws {
        #expect(try stage.sentences(in: text) == [text])
    }

    @Test func aSentenceMayOpenWithANumberBareOrQuoted() throws {
        let text = #"Thị trường vẫn ổn định. 30 người bị thương. Ông nói: "Tôi sẽ về". "15 năm qua, tôi chưa thấy" là lời ông."#
        #expect(try stage.sentences(in: text)
                == ["Thị trường vẫn ổn định.", "30 người bị thương.", #"Ông nói: "Tôi sẽ về"."#, #""15 năm qua, tôi chưa thấy" là lời ông."#])
    }

    @Test func anAbbreviationBeforeANumberStillJoins() throws {
        #expect(try stage.sentences(in: "Nhà ở Q. 1 có giá 1.000 USD.") == ["Nhà ở Q. 1 có giá 1.000 USD."])
    }
}

@Suite struct WriteStageTests {
    @Test func jsonlRecordCarriesMetadataAndRemovals() throws {
        let document = try clean("Tiêu đề bài báo hôm nay\n\n- 18:59, 21/04/2022\nCâu một. Câu hai.\nPrint", format: .jsonl)
        #expect(document.renderedText == """
        {"id":"test","source":"test","text":"Câu một. Câu hai.","sentences":["Câu một.","Câu hai."],\
        "metadata":{"title":"Tiêu đề bài báo hôm nay","date":"2022-04-21T18:59:00+07:00","author":null,"source_url":null},\
        "removed":[{"line":5,"rule":"widget.share-brand","action":"dropped","text":"Print"},\
        {"line":3,"rule":"date.time-first","action":"extracted:date","text":"- 18:59, 21/04/2022"},\
        {"line":1,"rule":"title.first-line","action":"extracted:title","text":"Tiêu đề bài báo hôm nay"}],\
        "decoding":{"encoding":"UTF-8","replacements":0}}

        """)
    }

    /// Sentences of a line that needs no escape are copied as they are; those of a line with a quote or a
    /// backslash are escaped: either way each comes out as its text.
    @Test func jsonlSentencesAreTheirTextWhetherOrNotTheLineNeedsEscapes() throws {
        let text = "Câu một. Câu hai.\nÔng nói \"có\". Hết \\ rồi. Xong."
        let document = try clean(text, format: .jsonl)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(document.rendered)) as? [String: Any])
        #expect(record["sentences"] as? [String] == ["Câu một.", "Câu hai.", "Ông nói \"có\".", "Hết \\ rồi.", "Xong."])
        #expect(record["text"] as? String == "Câu một. Câu hai.\n\nÔng nói \"có\". Hết \\ rồi. Xong.")
    }

    @Test func textSeparatesParagraphsWithABlankLine() throws {
        #expect(try clean("Câu một.\nCâu hai.").renderedText == "Câu một.\n\nCâu hai.\n")
    }
}
