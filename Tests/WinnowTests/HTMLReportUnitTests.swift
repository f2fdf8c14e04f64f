import Testing
@testable import Winnow

@Suite struct HTMLReportUnitTests {
    @Test func escapingLeavesNoMarkupOrControlCharacters() {
        #expect(HTMLWriter.escape("<a href='x'>\"&\"</a>") == "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;")
        #expect(HTMLWriter.escape("a\u{0}b\u{1B}c\u{7F}d\u{85}e\tf\ng") == "a\u{2400}b\u{241B}c\u{2421}d\u{FFFD}e\tf\ng")
        #expect(HTMLWriter.escape("Hà Nội 👩‍💻") == "Hà Nội 👩‍💻")
    }

    @Test func lengthsFallInFixedPowerOfTwoBuckets() {
        #expect([0, 1, 2, 3, 4, 7, 8, 1023, 1024].map(LengthHistogram.bucket(of:)) == [0, 1, 2, 2, 3, 3, 4, 10, 11])
        #expect(LengthHistogram.bucket(of: 1 << 40) == LengthHistogram.bucketCount - 1)
        #expect(LengthHistogram.label(of: 3) == "4–7")
        var histogram = LengthHistogram()
        histogram.add(5)
        histogram.add(6)
        #expect(histogram.counts[3] == 2)
        #expect(histogram.subtracting(histogram).total == 0)
    }

    @Test func lengthsCountUnicodeScalarsWhereverASliceStartsAndEnds() {
        let text = Array("Hà Nội, ngày 4/12 👩‍💻 — Đà Nẵng: 日本語のテキスト, résumé.".utf8)
        // Every start and end, so sequences of one to four bytes straddle the eight-byte steps at every offset.
        for start in 0..<text.count {
            for end in start...text.count {
                let slice = text[start..<end]
                let expected = slice.filter { $0 & 0xC0 != 0x80 }.count
                #expect(LengthHistogram.scalars(in: slice) == expected)
            }
        }
        #expect(LengthHistogram.scalars(in: text[...]) == String(decoding: text, as: UTF8.self).unicodeScalars.count)
    }

    @Test func samplesAreCappedPerRuleAndCut() {
        var report = CleanReport()
        for index in 0..<8 { report.addSample(.init(rule: "r", source: "a", line: index, kind: "dropped", text: String(repeating: "x", count: 300))) }
        report.addSample(.init(rule: "s", source: "a", line: 1, kind: "trimmed", text: "y"))
        #expect(report.samples.count == CleanReport.Sample.perRule + 1)
        #expect(report.samples.map(\.line).prefix(5) == [0, 1, 2, 3, 4])
        #expect(report.samples[0].text.count == CleanReport.Sample.maxCharacters + 1)
    }
}
