import Foundation
import Testing
import WinnowICU
@testable import Winnow

@Suite struct RegexPrefilterTests {
    @Test func anchoredAlternativesAdmitOnlyTheirFirstCharacters() throws {
        let filter = try #require(RegexPrefilter(pattern: #"^[(\[]?\s*(?:Ảnh|Nguồn|Photo)\s*:\s*[^:]{1,60}$"#, ignoreCase: false))
        #expect(filter.admits("Ảnh: Reuters"))
        #expect(filter.admits("(Nguồn: TTXVN)"))
        #expect(filter.admits(" Photo: AP"))
        #expect(!filter.admits("Theo Reuters, giá dầu tăng."))
        #expect(!filter.admits("ảnh: chữ thường"))
    }

    @Test func anchoredAlternativesAdmitOnlyTheirFirstTwoCharacters() throws {
        let filter = try #require(RegexPrefilter(pattern: "^(?:In|In bài|Bản in|Gửi bài|[aA]\\s*[-+])$", ignoreCase: false))
        #expect(filter.startPairs?.contains(UInt64(UInt32(("I" as Unicode.Scalar).value)) << 32 | UInt64(("n" as Unicode.Scalar).value)) == true)
        for line in ["In bài", "Bản in", "Gửi bài", "A +", "a-"] { #expect(filter.admits(line), "\(line)") }
        for line in ["Ban", "Gì đó", "I", "Bạn đọc"] { #expect(!filter.admits(line), "\(line)") }
        // A repeated group: after its first pass anything may follow.
        let repeated = try #require(RegexPrefilter(pattern: "^(?:ab)+c", ignoreCase: false))
        #expect(repeated.admits("ababc"))
        #expect(!repeated.admits("acb"))
    }

    @Test func anchoredAlternativesAdmitOnlyTheirFirstThreeCharacters() throws {
        let filter = try #require(RegexPrefilter(pattern: "^(?:View comments|Video|In|[1-5]+ comments)\\b", ignoreCase: false))
        let regex = try ICURegex("^(?:View comments|Video|In|[1-5]+ comments)\\b")
        // "Vi" is a start the pairs know; the third character tells "Việt" from "View" and "Video".
        for line in ["View comments", "Video: AP", "In", "In bài", "12 comments", "3 comments"] { #expect(filter.admits(line), "\(line)") }
        for line in ["Việt Nam vô địch", "Vinh quang", "Vi", "7 comments"] {
            #expect(!filter.admits(line), "\(line)")
            #expect(try !regex.matches(line), "\(line)")
        }
        let ignoringCase = try #require(RegexPrefilter(pattern: "^(?:Tags?|Keywords?)\\s*:", ignoreCase: true))
        for line in ["TAGS: a", "kEYWORDS: b", "\u{212A}eywords: x"] { #expect(ignoringCase.admits(line), "\(line)") }
        #expect(!ignoringCase.admits("Tay Ninh"))
    }

    @Test func ignoringCaseAdmitsOtherCasesAndFoldedLookAlikes() throws {
        let filter = try #require(RegexPrefilter(pattern: "^(?:Tags?|Keywords?)\\s*:", ignoreCase: true))
        #expect(filter.admits("tags: a, b"))
        #expect(filter.admits("KEYWORDS: x"))
        #expect(filter.admits("\u{212A}eywords: x"))   // the Kelvin sign folds to k
        #expect(!filter.admits("Bài viết: x"))
        let inline = try #require(RegexPrefilter(pattern: "(?i)^ảnh", ignoreCase: false))
        #expect(inline.admits("Ảnh minh họa"))
    }

    @Test func ignoringCaseStillTurnsAwayLinesThatStartWithOtherLetters() throws {
        let tags = try #require(RegexPrefilter(pattern: "^(?:Tags?|Keywords?)\\s*:", ignoreCase: true))
        for line in ["Ảnh minh họa", "Đảng bộ tỉnh", "Ông Nam cho biết"] { #expect(!tags.admits(line), "\(line)") }
        let related = try #require(RegexPrefilter(pattern: "^(?:Xem thêm|Đọc thêm)\\s*:", ignoreCase: true))
        for line in ["ĐỌC THÊM: Giá vàng", "đọc thêm: giá vàng", "XEM THÊM: x"] { #expect(related.admits(line), "\(line)") }
        for line in ["Đảng bộ tỉnh", "Theo Reuters", "Ảnh: TTXVN", "Đó là"] { #expect(!related.admits(line), "\(line)") }
    }

    /// Case-insensitive matching compares full case foldings, where one character can stand for two ("ß" and
    /// "ss", "ﬁ" and "fi"): the prefilter must not turn away such a match, for any character folding changes.
    @Test func ignoringCaseNeverRejectsAMatchThroughFullCaseFolding() throws {
        let folding = try #require(CaseFolding.shared)
        #expect(folding.single(0x212A) == 0x6B && folding.single(0xDF) == nil && folding.scalars(of: 0xDF) == [0x73, 0x73])
        #expect(folding.single(0x1EA0) == 0x1EA1 && folding.single(0x1EA1) == 0x1EA1 && folding.scalars(of: 0x390) == [0x3B9, 0x308, 0x301])
        var texts: [String] = []
        // Every character folding changes (scalars below U+20000; none above does).
        for character in (0x80..<0x20000).compactMap(Unicode.Scalar.init) where folding.scalars(of: character.value) != [character.value] {
            let original = String(Character(character))
            let foldedText = String(String.UnicodeScalarView(folding.scalars(of: character.value).compactMap(Unicode.Scalar.init)))
            texts += [original, original + "c", "a" + original, foldedText, foldedText + "c", original + original]
        }
        let patterns = ["^ss", "^ß", "^fi$", "^(?:ab|ß)c$", "^k", "^i", "^st\\b", "^j\u{30C}", "^ǰ", "^[a-z]{2}$", "ss$",
                        "^ssss$", "^ﬁ", "^(?:Xem thêm|Đọc thêm)", "^\u{3B9}", "^ΐ", "ﬀ$"]
        var judged = 0
        for pattern in patterns {
            let filter = try #require(RegexPrefilter(pattern: pattern, ignoreCase: true), "\(pattern)")
            let regex = try ICURegex(pattern, caseInsensitive: true)
            for text in texts where !filter.admits(text) {
                judged += 1
                #expect(try !regex.matches(text), "/\(pattern)/i matches \"\(text)\" but the prefilter turned it away")
            }
        }
        #expect(judged > texts.count)
    }

    @Test func endAnchoredPatternsCheckTheLastCharacter() throws {
        let filter = try #require(RegexPrefilter(pattern: "[,\\-–—]$", ignoreCase: false))
        #expect(filter.admits("một dòng dừng ở dấu phẩy,"))
        #expect(filter.admits("một dòng dừng ở gạch —"))
        #expect(!filter.admits("một câu đầy đủ."))
        #expect(filter.admits("dòng kết thúc bằng dấu ngắt dòng,\u{2028}"))   // $ matches before a final line separator
    }

    @Test func unanchoredPatternsRequireTheirLiteralText() throws {
        let site = try #require(RegexPrefilter(pattern: "\\bsub-site-\\d+\\b", ignoreCase: false))
        #expect(site.required?.strings == [Array("sub-site-".utf8)])
        #expect(site.admits("Xem thêm tại sub-site-12 hôm nay"))
        #expect(!site.admits("Một câu bình thường về sub site."))
        let breadcrumb = try #require(RegexPrefilter(
            pattern: #"^(?:(?:Trang chủ|Home)\s*[>»›/|]\s*[^.!?]{1,80}|(?:[^.!?>»›\d]{1,30}\s*[>»›]\s*){2,6}[^.!?>»›]{1,30})$"#,
            ignoreCase: false))
        #expect(breadcrumb.admits("Thời sự » Chính trị » Bầu cử"))
        #expect(!breadcrumb.admits("Thời sự, chính trị và bầu cử"))
    }

    /// A pattern every match of which holds a digit turns away lines without a number character; a digit beyond
    /// ASCII (which ICU's \d matches) or any other number character is admitted.
    @Test func patternsThatNeedADigitTurnAwayLinesWithoutOne() throws {
        let slug = try #require(RegexPrefilter(pattern: #"^[\s•·*\-]*(?:\p{Ll}+\d+|[-_](?:Hinh|Anh)[-_][0-9]+)\s*$"#, ignoreCase: false))
        #expect(slug.requiresNumber)
        #expect(slug.admits("thientai1"))
        #expect(slug.admits("thientai٣"))
        #expect(slug.admits("thientai²"))
        #expect(!slug.admits("Toàn cảnh hội nghị tổng kết năm"))
        #expect(!slug.admits("Quang cảnh buổi lễ"))
        // A lookahead that finds a digit says the line has one; a negative one says nothing.
        #expect(RegexPrefilter(pattern: #"^(?=\S*\d)[a-z0-9]+(?:-[a-z0-9]+){2,}$"#, ignoreCase: false)?.requiresNumber == true)
        #expect(RegexPrefilter(pattern: #"^(?!\S*\d)[a-z]+$"#, ignoreCase: false)?.requiresNumber == false)
        // An alternative without a digit, an optional digit or a class with letters requires none.
        #expect(RegexPrefilter(pattern: #"^(?:\d+|Ảnh):"#, ignoreCase: false)?.requiresNumber == false)
        #expect(RegexPrefilter(pattern: #"^Ảnh\s*\d*$"#, ignoreCase: false)?.requiresNumber == false)
        #expect(RegexPrefilter(pattern: #"^[\p{L}\d]+$"#, ignoreCase: false)?.requiresNumber == false)
    }

    @Test func needlesAreFoundWhereverTheyStand() {
        let needles = NeedleSet(["Ảnh:", "Photo :", "x"].map { Array($0.utf8) })
        for line in ["Ảnh: AFP", "Quang cảnh. Ảnh:", "a Photo : b", "x", "ax", "xa"] { #expect(needles.found(in: line), "\(line)") }
        for line in ["Ảnh AFP", "ảnh: AFP", "Photo: AP", "", "Ản"] { #expect(!needles.found(in: line), "\(line)") }
    }

    /// Needles with more anchor bytes than memchr passes pay for are looked for in one pass over the line; what is
    /// found is the same either way.
    @Test func manyNeedlesAreFoundInOnePassAsByMemchr() {
        let brands = ["okvip", "jun88", "qh88", "zowin", "8xbet", "v9bet", "b52club", "1xbet", "yo88", "kubet", "sunwin", "hitclub",
                      "gemwin", "79king", "rikvip", "manclub"].map { Array($0.utf8) }
        let onePass = NeedleSet(brands, memchrGroups: 0), byMemchr = NeedleSet(brands, memchrGroups: .max)
        #expect(onePass.searchesInOnePass && !byMemchr.searchesInOnePass)
        for line in ["kubet", "tải kubet2 ngay", "link sunwin.com", "xem 79king", "ab manclub", "okvipvn", "qh88", "vào 1xbet."] {
            #expect(onePass.found(in: line) && byMemchr.found(in: line), "\(line)")
        }
        for line in ["", "kube", "sun win", "Kubet", "okvi", "qh8", "một dòng tin bình thường về giá vàng"] {
            #expect(!onePass.found(in: line) && !byMemchr.found(in: line), "\(line)")
        }
    }

    @Test func patternsAnchoredAtBothEndsBoundTheLineLength() throws {
        let symbols = try #require(RegexPrefilter(pattern: #"^[\p{P}\p{S}\s]{1,16}$"#, ignoreCase: false))
        #expect(symbols.maxScalars == 16)
        #expect(symbols.admits("***"))
        #expect(!symbols.admits(String(repeating: "*", count: 18)))
    }

    /// Ignoring case, ASCII text every match holds is looked for in any case; a line with a character whose case
    /// folding gives ASCII letters is admitted, as ICU may match it.
    @Test func ignoringCaseRequiredASCIITextIsFoundInAnyCase() throws {
        let credit = try #require(RegexPrefilter(pattern: #"(?:photo|getty images)\s*:"#, ignoreCase: true))
        #expect(credit.admits("Rescuers search the rubble. PHOTO: AP"))
        #expect(credit.admits("Spencer Platt/Getty Images:"))
        #expect(!credit.admits("The court banned cameras inside."))
        #expect(credit.admits("Ein Bild: Foto von ſtefan"))   // "ſ" folds to "s": not judged
        #expect(credit.admits("ﬁle photo:"))
        // Required text beyond ASCII gets no such check.
        #expect(RegexPrefilter(pattern: "nhà cái|đăng ký", ignoreCase: true) == nil)
    }

    /// Every character whose full case folding has an ASCII letter is one the check above admits lines with.
    @Test func theCharactersThatFoldToASCIILettersAreAllKnown() throws {
        let folds = try #require(CaseFolding.shared)
        var known: [UInt32] = []
        for value in UInt32(0x80)...0x2FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if folds.scalars(of: value).contains(where: { (0x61...0x7A).contains($0) }) {
                let bytes = Array(String(scalar).utf8)
                let admitted = bytes.withUnsafeBufferPointer { RegexPrefilter.mayHold(NeedleSet([Array("zzzz".utf8)]), ignoringCase: $0) }
                #expect(admitted, "U+\(String(value, radix: 16)) folds to ASCII letters but is not admitted")
                known.append(value)
            }
        }
        #expect(known.count >= 19)
    }

    @Test func patternsWithoutAnchorsOrBeyondTheAnalysisGetNone() {
        #expect(RegexPrefilter(pattern: "^a|\\w+", ignoreCase: false) == nil)
        #expect(RegexPrefilter(pattern: "^(a)\\1", ignoreCase: false) == nil)
        #expect(RegexPrefilter(pattern: "^[[:alpha:]]x", ignoreCase: false) == nil)
        #expect(RegexPrefilter(pattern: "(?x)^ a", ignoreCase: false) == nil)
        #expect(RegexPrefilter(pattern: "(?m)^a", ignoreCase: false) == nil)
        #expect(RegexPrefilter(pattern: "^\\s*$", ignoreCase: false) == nil)   // matches an empty line
        #expect(RegexPrefilter(pattern: "^x?", ignoreCase: false) == nil)
    }

    /// The prefilter must never turn away a line that ICU matches: every regex of the default rules against
    /// every rule example, fixture line and seed line, and each line with its first or last character changed.
    @Test func neverRejectsALineICUMatches() throws {
        var patterns: [(String, Bool)] = []
        func collect(_ spec: MatcherSpec) {
            for condition in spec.conditions {
                switch condition {
                case let .regex(list, ignoreCase): patterns += list.map { ($0, ignoreCase) }
                case let .previous(inner), let .next(inner), let .not(inner): collect(inner)
                case let .any(options): options.forEach(collect)
                default: break
                }
            }
        }
        var lines: [String] = []
        for rule in defaultRules.rules {
            if let matcher = rule.matcher { collect(matcher) }
            for example in rule.examples.match + rule.examples.keep { lines += example.split(separator: "\n").map(String.init) }
        }
        lines += try repositoryTextLines()
        lines += lines.map { "x" + $0 } + lines.map { $0 + "," } + lines.map { "(" + $0 + ")" }
        var withPrefilter = 0
        var skipped = 0
        for (pattern, ignoreCase) in patterns {
            guard let filter = RegexPrefilter(pattern: pattern, ignoreCase: ignoreCase) else { continue }
            withPrefilter += 1
            let regex = try ICURegex(pattern, caseInsensitive: ignoreCase)
            for line in lines {
                if filter.admits(line) { continue }
                skipped += 1
                #expect(try !regex.matches(line), "/\(pattern)/ matches \"\(line)\" but the prefilter turned it away")
            }
        }
        #expect(withPrefilter >= patterns.count * 3 / 4)
        #expect(skipped > lines.count)
    }
}

extension RegexPrefilterTests {
    /// A brand-shaped token (letters, then digits) has no anchor and no literal every match holds: the pattern
    /// would be tried at every position of every line unless something cheap stands before it.
    @Test func aPatternNothingNarrowsIsNamedUntilContainsStandsBeforeIt() throws {
        let glued = #"(?:^|\s)[a-z]{3,}[0-9]{2,}(?=$|\s)"#
        let bare = MatcherSpec([.words(IntBounds(min: nil, max: 60)), .regex([glued], ignoreCase: false)])
        #expect(bare.patternsScanningEveryLine == [glued])
        let guarded = MatcherSpec([.contains(["88", "99"]), .regex([glued], ignoreCase: false)])
        #expect(guarded.patternsScanningEveryLine.isEmpty)
        // Inside `any`, an option is judged on its own conditions.
        let option = MatcherSpec([.any([bare, MatcherSpec([.regex(["^Ảnh:"], ignoreCase: false)])])])
        #expect(option.patternsScanningEveryLine == [glued])
        // An anchored pattern has a prefilter of its own.
        #expect(MatcherSpec([.regex(["^(?:Ảnh|Nguồn):"], ignoreCase: false)]).patternsScanningEveryLine.isEmpty)
    }

    /// The built-in rules: no rule tries a regex on every line (one did, and took a third of the stream's time).
    @Test func noBuiltInRuleTriesARegexOnEveryLine() throws {
        let named = defaultRules.rules.compactMap { rule in
            rule.matcher.map { (rule.id, $0.patternsScanningEveryLine) }
        }.filter { !$0.1.isEmpty }
        #expect(named.isEmpty, "\(named)")
    }
}
