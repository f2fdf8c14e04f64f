import Foundation
import Testing
@testable import Winnow

/// The spam model: how it reads words through disguise, what shapes it counts, and what the built-in model does
/// to promotion and to news about gambling placed inside an article.
@Suite struct SpamModelTests {
    func tokens(_ text: String) -> SpamTokens {
        var text = text
        return text.withUTF8 { SpamTokens($0, keepWords: true) }
    }

    /// Case, Vietnamese marks, full-width forms, a Cyrillic а, digits for letters and spaced letters all fold to
    /// the same words.
    @Test func amountsAreCountedAndAnOfferNeedsAPromotionTerm() {
        for amount in ["100%", "388k", "$50", "£3,000", "€10", "₹10,000", "1,2%", "+150%", "39K,"] {
            #expect(tokens(amount).amounts == 1, "\(amount)")
        }
        for other in ["u23k", "5", "%", "k", "$", "1m88", "2016"] {
            #expect(tokens(other).amounts == 0, "\(other)")
        }
        let vocabulary = SpamVocabulary([])
        let offer = SpamFeature.values(tokens("Nạp đầu tặng 100% tối đa 10 triệu"), vocabulary: vocabulary)
        let news = SpamFeature.values(tokens("Giá xăng tăng 5% so với tháng trước"), vocabulary: vocabulary)
        #expect(offer[SpamFeature.offers.rawValue] == 1)
        #expect(news[SpamFeature.amounts.rawValue] > 0)
        #expect(news[SpamFeature.offers.rawValue] == 0)
    }

    /// Words alone are weighed as spam only beside a term of the promotion list: a strong word of the promoter's
    /// voice is not enough (a self-help article speaks so too), and a term with an everyday sense ("code",
    /// "slots") needs a second term or an amount beside it.
    @Test func wordsAreWeighedAsSpamOnlyBesideAGamblingTerm() {
        let vocabulary = SpamVocabulary([("you", 3.5), ("want", 2.5), ("perfect", 3.0)])
        let lexicon = SpamLexicon(promotion: [("nha cai", SpamLexicon.plain), ("code", SpamLexicon.ambiguous),
                                              ("slots", SpamLexicon.ambiguous), ("promo", SpamLexicon.ambiguous)],
                                  news: [])
        func weighed(_ text: String) -> Bool {
            SpamModel.hasEvidence(SpamFeature.values(tokens(text), vocabulary: vocabulary, lexicon: lexicon))
        }
        #expect(!weighed("Essentially, you want the perfect time with friends"))
        #expect(weighed("Tham gia nhà cái ngay hôm nay"))
        #expect(!weighed("Type in the code exactly as provided"))
        #expect(!weighed("Delivery slots are reserved for two hours"))
        #expect(weighed("Use the promo code at checkout today"))
        #expect(weighed("Enter the code for 100% extra today"))
        // A term's sense is kept in the model file, where a person marks it.
        let model = SpamModel(bias: 0, threshold: 1, weights: [Double](repeating: 0, count: SpamFeature.count),
                              vocabulary: vocabulary, lexicon: lexicon)
        #expect(SpamModel(model.file).lexicon == lexicon)
        #expect(model.yaml.contains("code: 0.500"))
    }

    /// A term of the lists may have three words or more ("tỷ lệ kèo", "against the spread"): it counts where its
    /// words stand in a row, and its first two words alone are not the term.
    @Test func aTermOfThreeWordsCountsWhereItsWordsStandInARow() {
        let vocabulary = SpamVocabulary([])
        let lexicon = SpamLexicon(promotion: [("ty le keo", SpamLexicon.plain), ("against the spread", SpamLexicon.plain)],
                                  news: ["vu an danh bac"])
        func value(_ text: String, _ feature: SpamFeature) -> Double {
            SpamFeature.values(tokens(text), vocabulary: vocabulary, lexicon: lexicon)[feature.rawValue]
        }
        #expect(value("Xem tỷ lệ kèo trực tuyến nhanh nhất", .plainPromoTerms) > 0)
        #expect(value("Our three locks of the week against the spread", .plainPromoTerms) > 0)
        // ("kéo" folds as "kèo" does, and is no promotion word of its own: see aPromotionWordIsKnownByItsMarks.)
        #expect(value("Tỷ lệ thất nghiệp giảm, kéo", .promoTerms) == 0)
        #expect(value("Tỷ lệ hộ nghèo giảm mạnh", .promoTerms) == 0)
        #expect(value("Công an điều tra vụ án đánh bạc qua mạng", .newsTerms) > 0)
    }

    /// Every term a person wrote into the built-in model's lists is one the line scan can reach: written on a line
    /// of its own, it counts. (Until stop 48 a term of three words hashed as one string and never matched.)
    @Test func everyTermOfTheBuiltInListsIsReachable() throws {
        let model = try #require(defaultRules.judge.spamModel)
        for (term, _) in model.lexicon.promotion.entries {
            let values = SpamFeature.values(tokens(term), table: model.terms)
            #expect(values[SpamFeature.promoTerms.rawValue] > 0, "promotion term \(term)")
        }
        for (term, _) in model.lexicon.news.entries {
            let values = SpamFeature.values(tokens(term), table: model.terms)
            #expect(values[SpamFeature.newsTerms.rawValue] > 0, "news term \(term)")
        }
    }

    /// A small "l" standing for a capital "I" in a word of capitals reads as the "I", and marks the word as a
    /// look-alike; a word with small letters of its own, a short one, or a capital "L" keeps its reading.
    @Test func aSmallLForACapitalIReadsAsTheI() {
        #expect(tokens("NHÀ CÁl UY TÍN").words == ["nha", "cai", "uy", "tin"])
        #expect(tokens("NHÀ CÁl UY TÍN").mixedScript == 1)
        #expect(tokens("FREE CASlNO BONUS").words == ["free", "casino", "bonus"])
        for text in ["Il Sole 24 Ore", "McDonald", "BILL GATES", "HALL", "MHz", "iPhone", "XXL"] {
            #expect(tokens(text).mixedScript == 0, "\(text)")
        }
        #expect(tokens("Il Sole").words == ["il", "sole"])
    }

    @Test func aBrandStandingAloneOnItsLineIsMeasuredApartFromOneInsideASentence() {
        let vocabulary = SpamVocabulary([])
        func brandLine(_ text: String) -> Double { SpamFeature.values(tokens(text), vocabulary: vocabulary)[SpamFeature.brandLine.rawValue] }
        #expect(brandLine("kuwin88") == 1)
        #expect(brandLine("ae79vip") == 1)
        #expect(brandLine("tai68club apk") == 1)
        for code in ["h5n1", "a320neo", "1m88", "covid-19"] { #expect(tokens(code).brandShaped == 0, "\(code)") }
        #expect(brandLine("hz88 chính thức") == 1)
        #expect(brandLine("Chuyến bay MH370 mất tích trên Ấn Độ Dương năm 2014") == 0)
        #expect(brandLine("Đội tuyển U23 Việt Nam") == 0)
    }

    /// A line of three words or fewer that a brand list names (its points given) is a listed brand standing alone,
    /// whatever the model's scale; a longer line, a line with a word of news, or a line no list names is not.
    @Test func aListedBrandAloneIsToldFromAReportNamingIt() {
        let vocabulary = SpamVocabulary([])
        func alone(_ text: String, rules: Double) -> Bool {
            SpamModel.isListedBrandAlone(SpamFeature.values(tokens(text), vocabulary: vocabulary), rules: rules)
        }
        #expect(alone("okvip", rules: 5))
        #expect(alone("hi88 đăng nhập", rules: 5))
        #expect(!alone("okvip", rules: 0))
        #expect(!alone("Công an tỉnh triệt phá đường dây cá độ qua trang hi88", rules: 5))
        #expect(!alone("hi88 bị công an điều tra", rules: 5))
    }

    @Test func disguisesFoldToTheWordsTheyHide() {
        #expect(tokens("Nhà Cái uy tín").words == ["nha", "cai", "uy", "tin"])
        #expect(tokens("ｎｈà cáі").words == ["nha", "cai"])
        #expect(tokens("nhа cái").words == ["nha", "cai"])          // Cyrillic а
        #expect(tokens("d0i thu0ng").words == ["doi", "thuong"])
        #expect(tokens("k u b e t").words.last == "kubet")
        #expect(tokens("nhа").mixedScript == 1 && tokens("nha").mixedScript == 0)
    }

    /// Small capitals, circled letters, and "!", "€" and "£" inside a word fold to the letters they stand for;
    /// the mark that ends a sentence stays a mark.
    @Test func styledLettersAndSignsFoldToTheirLetters() {
        #expect(tokens("ʙᴇᴛᴛɪɴɢ ᴛɪᴘꜱ").words == ["betting", "tips"])
        #expect(tokens("ʙᴇᴛᴛɪɴɢ ᴛɪᴘꜱ").spelledOut == 2)
        #expect(tokens("ⓒⓐⓢⓘⓝⓞ ⓑⓞⓝⓤⓢ").words == ["casino", "bonus"])
        #expect(tokens("FR££ SP!NS, B€T N0W").words == ["free", "spins", "bet", "now"])
        #expect(tokens("Wow! Giá 5€, 10£").words == ["wow", "gia", "5", "10"])
    }

    /// A word that mixes letters and digits, or an address, is also read as its pieces, so that a brand never
    /// seen still says what it is made of; an e-mail address and a measure ("1m88") give none.
    @Test func brandsAndAddressesAreReadAsTheirPieces() {
        #expect(tokens("b29club").pieces == ["~#29", "~club"])
        #expect(tokens("Trang chủ tk79.bet").pieces == ["~tk", "~#79", "~.bet"])
        #expect(tokens("ｓｋｙ６８").pieces == ["~sky", "~#68"])
        #expect(tokens("Liên hệ bykj@mk.co.kr").pieces.isEmpty)
        #expect(tokens("cao 1m88, 88 đại biểu").pieces.isEmpty)
        #expect(tokens("b29club").terms.contains("~club"))
    }

    /// A name glued to a betting word ("melbet", "rikvip", "jilicasino") is a brand's shape, and is read as the
    /// betting word it ends in, so that a brand no list names is weighed by it; words that only end so
    /// ("alphabet", "nightclub") and the betting words themselves are not.
    @Test func aNameGluedToABettingWordIsABrand() {
        #expect(tokens("Tải Melbet, nhận thưởng").pieces == ["~bet"])
        #expect(tokens("Tải Melbet, nhận thưởng").brandShaped == 1)
        #expect(tokens("(RIKVIP) jilicasino.").pieces == ["~vip", "~casino"])
        #expect(tokens("hitclub").brandShaped == 1)
        #expect(tokens("https://luckyvip88.club/dang-ky").pieces == ["~luckyvip", "~vip", "~#88", "~.club"])
        for word in ["alphabet Tibet nightclub", "bet VIP club casino", "kbet", "betting clubs viper", "bét"] {
            #expect(tokens(word).pieces.isEmpty, "\(word)")
            #expect(tokens(word).brandShaped == 0, "\(word)")
        }
    }

    /// Words spelled a character at a time, slugs, styled letters and dots written out are read as what they
    /// spell; ordinary abbreviations, scores and lists are not spelled-out words.
    @Test func spelledOutWordsAreReadAndCounted() {
        #expect(tokens("b.e.t.3.6.5 promo").words.first == "bet365")
        #expect(tokens("b.e.t.3.6.5 promo").brandShaped == 1)
        #expect(tokens("s p i n v a u l t 7 7").spelledOut == 1)
        #expect(tokens("g-o-l-d-m-i-n-e-7-7-7").spelledOut == 1)
        #expect(tokens("nha_cai_tang_88k_dang_ky").words.prefix(2) == ["nha", "cai"])
        #expect(tokens("𝗙𝗿𝗲𝗲 𝗦𝗽𝗶𝗻𝘀").words == ["free", "spins"])
        #expect(tokens("𝗙𝗿𝗲𝗲 𝗦𝗽𝗶𝗻𝘀").spelledOut == 2)
        #expect(tokens("xo68[.]com").domains == 1 && tokens("kingbet [dot] win").domains == 1)
        #expect(tokens("nhà★cái★tặng★code").words == ["nha", "cai", "tang", "code"])
        #expect(tokens("quay|hũ|rút|tiền").spelledOut == 1)
        #expect(tokens("Hệ thống Ảnh ★ 5 | 6").spelledOut == 0)
        #expect(tokens("U.S.A. thắng 2-1, tỷ số 1 - 0, các mục 1 2 3 4").spelledOut == 0)
        #expect(tokens("e-mail COVID-19 Hồ-Chí-Minh").spelledOut == 0)
    }

    /// Words spelled out side by side are told apart: by a wider gap between them, or by each token's own
    /// joiners; words joined by dots to pass for an address are read as words. Initials, "TP.HCM" and a
    /// sentence glued to the next keep their reading.
    @Test func spelledOutWordsSideBySideStayApart() {
        #expect(tokens("s p i n h a r b o r   c a s i n o").words.filter { $0.count > 1 } == ["spinharbor", "casino"])
        #expect(tokens("s p i n h a r b o r   c a s i n o").spelledOut == 2)
        #expect(tokens("c-a-s-i-n-o b-o-n-u-s c-o-d-e").words.filter { $0.count > 1 } == ["casino", "bonus", "code"])
        #expect(tokens("nổ.hũ.club").words == ["no", "hu", "club"])
        #expect(tokens("nổ.hũ.club").spelledOut == 1)
        #expect(tokens("Đ.T.Đ TP.HCM học.Ngày v.v. hi88.com.vn").spelledOut == 0)
        #expect(tokens("Đ.T.Đ TP.HCM học.Ngày v.v. hi88.com.vn").words.contains("no") == false)
    }

    /// Letters kept apart by invisible characters are a word spelled out: the normalize stage drops the
    /// characters and says which lines hid letters that way, and the spam model counts the disguise. A soft hyphen
    /// inside a long word, a joiner inside an emoji sequence and a single stray zero-width space are not one.
    @Test func lettersSplitByInvisibleCharactersAreADisguise() throws {
        let document = try clean("Câu văn bình thường của bài báo về kinh tế đất nước.\na\u{200B}v\u{200B}i\u{200B}a\u{200B}t\u{200B}o\u{200B}r signals")
        #expect(document.wordsSplitByInvisibles == [2])
        #expect(!document.paragraphs.contains("aviator signals"))
        #expect(document.edits.contains { $0.line == 2 && $0.rule.hasPrefix("spam.") })
        let ordinary = try clean("Die Donau\u{AD}dampf\u{AD}schiff\u{AD}fahrt fährt heute.\nFamily 👨\u{200D}👩\u{200D}👧 photo.\nA stray\u{200B}space here.")
        #expect(ordinary.wordsSplitByInvisibles.isEmpty)
    }

    @Test func brandShapesAreNotMeasures() {
        #expect(tokens("hi88 789bet fb88").brandShaped == 3)
        #expect(tokens("1m88 u23 88 3g").brandShaped == 0)
        #expect(tokens("COVID-19 Covid_19 SARS-CoV-2").brandShaped == 0)
        #expect(tokens("vào hi88.com ngay").domains == 1)
        #expect(tokens("ông nói 3.5 triệu").domains == 0)
    }

    /// A betting site's link is its name or a landing page; a citation deep in a site, a file name or a line of
    /// code is not a site's name.
    @Test func addressesThatNameASiteAreDomains() {
        #expect(tokens("https://luckyvip88.club/dang-ky").domains == 1)
        #expect(tokens("spinvaultcasino.com/free-spins").domains == 1)
        #expect(tokens("https://www.youtube.com/watch?v=pYKH-SKKbkM").domains == 0)
        #expect(tokens("https://www.npmjs.com/package/inspector-api").domains == 0)
        #expect(tokens("// cow.js index.php report.pdf").domains == 0)
    }

    /// A word of another script whose look-alike letters fold between letters that do not is a word, not
    /// letters spelled out one by one.
    @Test func wordsOfOtherScriptsAreNotSpelledOut() {
        #expect(tokens("Прокуроры завершили следствие еще в 2021 году").spelledOut == 0)
        #expect(tokens("Интересно, что здесь, в Зеленой гостиной").spelledOut == 0)
        #expect(tokens("k.u.w.i.n").spelledOut == 1)
    }

    /// Two tone marks, or a tone on the glide, is a syllable no Vietnamese speller writes; modern and traditional
    /// placements ("hoà", "hòa", "thuý", "thủy", "thuở") are fine.
    @Test func misspeltSyllablesAreCounted() {
        #expect(tokens("trò chơỉ mạỹ rủĩ").badSyllables == 3)
        #expect(tokens("hoà hòa thuý thủy thuở người của").badSyllables == 0)
        #expect(tokens("giá quá giữa quả gì Giá").badSyllables == 0)
        #expect(tokens("Cá c.ược b.óng đ.á").badSyllables == 3)
        #expect(tokens("Q.Bình Thạnh, TP.HCM, v.v.").badSyllables == 0)
        // A grave, tilde or hook before a final p, t, c or ch: "chằc", "mặt" spelt "mằt", "tẫp", "sách" as "sảch".
        #expect(tokens("chằc mằt tẫp sảch").badSyllables == 4)
        #expect(tokens("chắc chắn, mặt tập sách thịt Việt học ách").badSyllables == 0)
        #expect(tokens("nhà cáI").innerCapitals == 1)
        #expect(tokens("ngàynhàcái").gluedSyllables == 1)
        // Syllables joined by a slash or a hyphen are two words of a news line, each with its own tone.
        #expect(tokens("100 nghìn đồng/24 giờ, liên tục/người, Bà Rịa-Vũng Tàu").badSyllables == 0)
        #expect(tokens("100 nghìn đồng/24 giờ, liên tục/người, Bà Rịa-Vũng Tàu").gluedSyllables == 0)
        // Their count is a feature of its own, up to six: tone marks scattered at random leave many.
        let values = SpamFeature.values(tokens("trò chơỉ mạỹ rủĩ"), vocabulary: SpamVocabulary([]))
        #expect(values[SpamFeature.badSyllableCount.rawValue] == 0.5)
    }

    /// A disguised line earns fixed points when it speaks of gambling and names no police, court or law; a
    /// look-alike letter in a line about the weather, or a disguised report on a case, earns none.
    @Test func aDisguiseOnALineAboutGamblingEarnsItsPoints() {
        let vocabulary = SpamVocabulary([])
        func points(_ text: String) -> Double { SpamModel.disguise(SpamFeature.values(tokens(text), vocabulary: vocabulary)) }
        #expect(points("tàі xỉu phiên 60 giâу, rút về ví trong nháу mắt") == SpamModel.disguisePoints)   // Cyrillic і, у
        #expect(points("t k 8 8 đăng ký") == SpamModel.disguisePoints)                                    // spelled out
        #expect(points("chơì game bàì đổi thưởng") == SpamModel.disguisePoints)                           // misspelt
        #expect(points("Tài xỉu phiên 60 giây") == 0)                                                        // no disguise
        #expect(points("Thе wеathеr will bе sunny tomоrrow, with a high of 24 dеgrees.") == 0)               // nothing of gambling
        #expect(points("Công \u{430}n triệt phá đường dây tàі xỉu") == 0)                                   // a report
    }

    /// Letters whose case changes at least every other letter are written to get past filters; a camel-case name
    /// changes less often, and one such word in a sentence does not make a line's feature.
    @Test func wordsInRandomCaseAreCounted() {
        #expect(tokens("PlAy NoW aT LuCkYsTaR88").randomCase == 4)
        #expect(tokens("sĂn cÁ VàNg ăN Xu").randomCase == 4)
        #expect(tokens("YouTube iPhone McDonald LinkedIn PowerPoint Wi-Fi PDFs Ok HTML").randomCase == 0)
        let vocabulary = SpamVocabulary([])
        func feature(_ text: String) -> Double { SpamFeature.values(tokens(text), vocabulary: vocabulary)[SpamFeature.randomCase.rawValue] }
        #expect(feature("PlAy NoW aT LuCkYsTaR88") == 1)
        #expect(feature("Apple bán iPad và iPhone tại Việt Nam từ tháng sau") == 0)
    }

    /// Full-width letters are ordinary in Chinese, Japanese and Korean text and a disguise elsewhere.
    @Test func fullWidthLettersOutsideCJKTextAreCounted() {
        #expect(tokens("ＳＰＩＮＶＡＵＬＴ７７ jackpot").fullWidth == 1)
        #expect(tokens("ＮＨＫによると、ＪＲ東日本は運転を再開した").fullWidth == 0)
        #expect(tokens("Spinvault77 jackpot").fullWidth == 0)
    }

    /// Letters and digits spelled out one at a time read as a brand in any order; a numbered list does not.
    @Test func aBrandSpelledOutIsBrandShaped() {
        #expect(tokens("z e n 7 9 đ ă n g n h ậ p").brandShaped == 1)
        #expect(tokens("b-a-i-9-f-u-n tải game").brandShaped == 1)
        #expect(tokens("các mục 1 2 3 4 và a b c d").brandShaped == 0)
    }

    /// Random case and full-width letters are disguises too; an amount is an offer's word; and tone marks
    /// scattered over three syllables or more hide the words whatever law the line names.
    @Test func newDisguisesOnALineAboutGamblingEarnTheirPoints() {
        let vocabulary = SpamVocabulary([])
        func points(_ text: String) -> Double { SpamModel.disguise(SpamFeature.values(tokens(text), vocabulary: vocabulary)) }
        #expect(points("PlAy NoW aT LuCkYsTaR88") == SpamModel.disguisePoints)
        #expect(points("ＳＰＩＮＶＡＵＬＴ７７ jackpot") == SpamModel.disguisePoints)
        #expect(points("mợ tàỉ khỏản được tẳng liển 99k vảõ ví") == SpamModel.disguisePoints)
        #expect(points("ngườĩ chơì cần gịấỷ phép hỏạt động theo luật để nhận 99k") == SpamModel.disguisePoints)
        #expect(points("Theo luật, trang web nhận 99k") == 0)                          // no disguise
        #expect(points("Apple bán iPad và iPhone với giá 99k") == 0)                   // one word in random case
    }

    /// Digits and signs for letters between letters ("w1n5", "sl0t5", "c@sino") are counted; a digit at a word's edge,
    /// a brand's number, a flight and a code are not. Two such words are a disguise on a line about gambling, and
    /// open the gate; one ("H5N1") is no disguise, and two codes without a word of gambling earn no points.
    @Test func digitsForLettersAreADisguiseInTwoWords() {
        #expect(tokens("big w1n5 0n sl0t5 3v3ry d4y").digitsForLetters == 4)
        #expect(tokens("c@sino b@i").digitsForLetters == 2)
        #expect(tokens("0n hi88 bet365 1xbet covid-19 u23 A320").digitsForLetters == 0)
        #expect(tokens("chuyến VN1561 và VJ135, máy bay A350").digitsForLetters == 0)
        let vocabulary = SpamVocabulary([])
        func values(_ text: String) -> [Double] { SpamFeature.values(tokens(text), vocabulary: vocabulary) }
        #expect(SpamModel.disguise(values("big w1n5 0n sl0t5 3v3ry d4y")) == SpamModel.disguisePoints)
        #expect(SpamModel.hasEvidence(values("big w1n5 0n sl0t5 3v3ry d4y")))
        #expect(SpamModel.disguise(values("H5N1 cases rise as casino reopens")) == 0)
        #expect(SpamModel.disguise(values("Cases of H5N1 and H3N2 rise in the north")) == 0)
    }

    /// An address on a betting domain standing alone on its line, or with a few words of sign-up, goes whatever the
    /// score; a report that names the site in a sentence, a newsroom's address and a file are left to the weights.
    @Test func aBettingAddressStandingAloneGoes() {
        #expect(tokens("luckyvip88.club/dang-ky").bettingDomainAddresses == 1)
        #expect(tokens("Xem tại https://kingbet365.win.").bettingDomainAddresses == 1)
        #expect(tokens("thanhnien.vn golf.com setup.exe bet.js").bettingDomainAddresses == 0)
        let vocabulary = SpamVocabulary([])
        func alone(_ text: String) -> Bool {
            let read = tokens(text)
            return SpamModel.isBettingAddressAlone(read, SpamFeature.values(read, vocabulary: vocabulary))
        }
        #expect(alone("vuahu.vip"))
        #expect(alone("rongvang88.vip đăng nhập chính thức"))
        #expect(alone("spinharbor(.)vip"))
        #expect(!alone("Công an triệt phá đường dây đánh bạc qua trang vuahu.vip"))   // a report, in a sentence
        #expect(!alone("Theo công an, vuahu.vip"))                                       // a word of news
        #expect(!alone("Nguồn: quochoi.vn"))
    }

    /// An address whose dot is hidden from link filters is a disguise, and with a betting domain it speaks of
    /// gambling on its own; a security report's defanged address in another domain is neither.
    @Test func aBettingDomainWithItsDotHiddenIsADisguise() {
        #expect(tokens("spinharbor(.)vip").hiddenDomains == 1)
        #expect(tokens("kingbet [dot] win").hiddenDomains == 1)
        #expect(tokens("lotus86 [.] vip").hiddenDomains == 1)
        #expect(tokens("neonspin dot club slash bonus").hiddenDomains == 1)
        #expect(tokens("sky68·club tải app").hiddenDomains == 1)
        #expect(tokens("La col·lecció del museu és oberta").hiddenDomains == 0)
        #expect(tokens("迈克尔·乔丹 回到 芝加哥").hiddenDomains == 0)
        #expect(tokens("Kick-off 18:30 · Tercera División").hiddenDomains == 0)
        #expect(tokens("The attackers used evil[.]com and phish[.]top, researchers said.").hiddenDomains == 0)
        #expect(tokens("Polka dot dresses are back at the club this summer.").hiddenDomains == 0)
        #expect(tokens("spinharbor.vip").hiddenDomains == 0)
        let vocabulary = SpamVocabulary([])
        func points(_ text: String) -> Double { SpamModel.disguise(SpamFeature.values(tokens(text), vocabulary: vocabulary)) }
        #expect(points("spinharbor(.)vip") == SpamModel.disguisePoints)
        #expect(points("Công an cho biết trang kingbet [dot] win đã bị chặn") == 0)   // names the police
        #expect(points("spinharbor.vip") == 0)
    }

    /// Odds as tipsters write them are counted without a word list, and make a line a tip unless it speaks as news;
    /// the dates, scores, shares and prices news writes with the same characters are not odds.
    @Test func bettingOddsAreCountedAndNewsNumbersAreNot() {
        for tip in ["Chuyên gia nhận định: Chelsea -1/2", "CHUYÊN GIA LỰA CHỌN: Syria +1 1/4", "Beijing Guoan (-1 1/2) cả trận",
                    "Tỷ lệ châu Á (3/4:0): MU thắng kèo", "Nga chấp Bulgaria với tỷ lệ 0:1 1/4", "Chọn: U23 Timor Leste +2 3/4",
                    "Paolo Banchero OVER 23.5 Points (-115)", "Same Game Parlay (+343)", "Lagun Onak Win @ 1.80 · 85% confidence",
                    "Chelsea −1/4 cả trận", "Ishan Kishan to be Mumbai’s top batsman @ 5.4"] {
            #expect(tokens(tip).odds == 1, "\(tip)")
        }
        for news in ["Nghỉ lễ từ 31/3-1/4 đến hết ngày 2/4", "Ngày 1/4, UBND tỉnh họp", "Tỷ số 2:1 nghiêng về chủ nhà",
                     "Hơn 1/2 số phiếu tán thành", "Giá vàng lúc 10:30 là 1.280 USD", "Liên hệ email ban@1.80x.vn",
                     "Mưa lớn 11/4 tại Huế", "Chỉ số tăng (+12,5 điểm) phiên sáng", "Giai đoạn 2010-2014 (1/4 dân số)",
                     "The film (2006) won", "sold 3/4/2024", "Tel.:(+352) 4993-1", "meet @ 10.30.2024",
                     "Hiru News - Sri Lanka’s number 1 TV news bulletin – @ 6.55 tonight"] {
            #expect(tokens(news).odds == 0, "\(news)")
        }
        // A tip goes whatever the model scores, unless the line speaks as news (a term of the news list).
        let lexicon = SpamLexicon(promotion: [String](), news: ["cong an"])
        func isTip(_ text: String) -> Bool {
            let read = tokens(text)
            return BettingOdds.isTip(read, SpamFeature.values(read, vocabulary: SpamVocabulary([]), lexicon: lexicon))
        }
        #expect(isTip("Chuyên gia nhận định: Chelsea -1/2"))
        #expect(!isTip("Công an triệt phá đường dây cá độ, các con bạc đặt kèo Chelsea -1/2"))
        #expect(!isTip("Chelsea thắng 2:1 trên sân nhà"))
    }

    /// The odds scan reads bytes around "/", "(" and "@" in both directions: on every short string of the bytes odds
    /// are made of (and the minus sign's), at every length, it stays inside the line and counts no more odds than
    /// the line has signs, slashes and at signs.
    @Test func theOddsScanStaysInsideAnyLine() {
        let alphabet: [[UInt8]] = ["0", "1", "2", "3", "4", "/", ":", "(", ")", "+", "-", "@", ".", " ", "a", "−"].map { Array($0.utf8) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = Int(state >> 60)
            var bytes: [UInt8] = []
            var pick = state
            for _ in 0..<length {
                pick = pick &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes += alphabet[Int(pick >> 59) % alphabet.count]
            }
            let found = bytes.withUnsafeBufferPointer { BettingOdds.count(in: $0) }
            #expect(found <= bytes.filter { $0 == 0x2F || $0 == 0x28 || $0 == 0x40 }.count)
        }
    }

    /// Words inside quotation marks are marked as quoted, in every quoting style; an apostrophe inside a word
    /// ("it’s") opens nothing, and the quote ends with the word that closes it. Their vocabulary weights are
    /// measured apart from the line's own: news quotes the promoter's words.
    @Test func wordsInsideQuotationMarksAreMarked() {
        func quotedWords(_ text: String) -> [String] {
            let read = tokens(text)
            return zip(read.words, read.quoted).filter(\.1).map(\.0)
        }
        #expect(quotedWords(#"Sites promising "free spins" are a scam, police said."#) == ["free", "spins"])
        #expect(quotedWords("dòng chữ: “Hi88.com cược giải trí”, ai cũng thấy") == ["hi88com", "cuoc", "giai", "tri"])
        #expect(quotedWords("the ‘bonus’ and «jackpot» words") == ["bonus", "jackpot"])
        #expect(quotedWords("It’s the best casino bonus today") == [])
        // A promotion term the vocabulary knows, inside quotes: the quoted-promotion measurement says so.
        let vocabulary = SpamVocabulary([("spins", 3.0)])
        let quoted = SpamFeature.values(tokens(#"Sites promising "free spins" steal data"#), vocabulary: vocabulary)
        let plain = SpamFeature.values(tokens("Claim 50 free spins today"), vocabulary: vocabulary)
        #expect(quoted[SpamFeature.quotedPromotion.rawValue] > 0)
        #expect(plain[SpamFeature.quotedPromotion.rawValue] == 0)
        // Its weight counts as quoted vocabulary, not as the line's own.
        #expect(quoted[SpamFeature.vocabulary.rawValue] == 0)
        #expect(quoted[SpamFeature.quotedVocabulary.rawValue] > 0)
        #expect(plain[SpamFeature.vocabulary.rawValue] > 0)
        #expect(plain[SpamFeature.quotedVocabulary.rawValue] == 0)
    }

    /// On a page where three lines or more reach the threshold, the lines within a point of it go too; the same
    /// near miss in an ordinary article stays. (A model made here: brand-shaped words weigh 4 points a third,
    /// a brand alone on its line 3 more; threshold 2.)
    @Test func nearMissesGoOnAPageThatShowsABlockOfSpam() throws {
        var weights = [Double](repeating: 0, count: SpamFeature.count)
        weights[SpamFeature.brandShaped.rawValue] = 4
        weights[SpamFeature.brandLine.rawValue] = 3
        var rules = defaultRules
        rules.judge.spamModel = SpamModel(bias: 0, threshold: 2, weights: weights, vocabulary: SpamVocabulary([]))
        let paragraph = "Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ở trung tâm thành phố ngập sâu, giao thông ùn tắc."
        let nearMiss = "Trang qx77 có thêm nhiều trò chơi mới dành cho người chơi"
        let block = try clean([paragraph, "ab12", "cd34 vip", "ef56", nearMiss, paragraph + " Lực lượng chức năng đã có mặt."].joined(separator: "\n\n"), rules: rules)
        #expect(block.edits.filter { $0.rule == SpamStage.ruleID }.count == 4)
        #expect(block.edits.contains { $0.rule == SpamStage.ruleID && $0.text == nearMiss })
        let article = try clean([paragraph, nearMiss, paragraph + " Lực lượng chức năng đã có mặt."].joined(separator: "\n\n"), rules: rules)
        #expect(!article.edits.contains { $0.rule == SpamStage.ruleID })
    }

    /// A line whose words alone say gambling promotion strongly enough goes, though no term of the promotion list
    /// opened the gate: lottery touting by dream numbers names no listed term. It goes as `spam.vocabulary`, with
    /// its evidence in the log; a line of two words does not go on words, and a model without the second
    /// threshold keeps the line. (A model made here: three word pairs at 4 points, no promotion term, both thresholds at 2: the touting line's evidence is 12 over the root of its 25 terms, 2.4, and "Đánh con" alone would reach 2.3.)
    /// The built-in rules take such a line by its phrase first (`spam.lottery-touting`); here they go without it.
    @Test func aLineGoesOnItsVocabularyAloneThroughAClosedGate() throws {
        let vocabulary = SpamVocabulary([("danh con", 4), ("con gi", 4), ("de ve", 4)])
        var model = SpamModel(bias: 0, threshold: 2, weights: [Double](repeating: 0, count: SpamFeature.count),
                              vocabulary: vocabulary, lexicon: SpamLexicon(promotion: [String](), news: []))
        let touting = "Mơ thấy bị ong đốt đánh con gì? Đề về 46 hoặc 64"
        let values = SpamFeature.values(tokens(touting), vocabulary: vocabulary, lexicon: SpamLexicon(promotion: [String](), news: []))
        #expect(!SpamModel.hasEvidence(values))
        let paragraph = "Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ở trung tâm thành phố ngập sâu, giao thông ùn tắc."
        let text = [paragraph, touting, "Đánh con", paragraph + " Lực lượng chức năng đã có mặt."].joined(separator: "\n\n")
        var rules = defaultRules
        rules.rules.removeAll { $0.id == "spam.lottery-touting" }
        rules.judge.spamModel = model
        #expect(try clean(text, rules: rules).edits.allSatisfy { !$0.rule.hasPrefix("spam.") })

        model.vocabularyAlone = 2
        rules.judge.spamModel = model
        let document = try clean(text, rules: rules)
        let edit = try #require(document.edits.first { $0.rule == SpamModel.vocabularyRuleID })
        #expect(edit.text == touting)
        #expect(try #require(edit.score) > SpamModel.closedGateScore)
        #expect(document.edits.filter { $0.rule.hasPrefix("spam.") }.count == 1)
        // The second threshold is the model file's, read back as written.
        let read = try loadRules(["main.yaml": "judge: {spam: spam.yaml}\n", "spam.yaml": model.yaml])
        #expect(read.judge.spamModel?.vocabularyAlone == 2)
        #expect(model.yaml.contains("thresholds:\n  vocabulary.alone: 2.000"))
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c"))
    }

    @Test func spamModelRoundTripsThroughItsYAML() throws {
        var weights = [Double](repeating: 0, count: SpamFeature.count)
        weights[SpamFeature.vocabulary.rawValue] = 4.5
        weights[SpamFeature.promoTerms.rawValue] = 3
        let model = SpamModel(bias: -1.25, threshold: 2, weights: weights, vocabulary: SpamVocabulary([("nha cai", 3.5), ("cong an", -2)]),
                              lexicon: SpamLexicon(promotion: ["no hu"], news: ["toa an"]))
        let rules = try loadRules(["main.yaml": "judge: {spam: spam.yaml}\n", "spam.yaml": model.yaml])
        #expect(rules.judge.spamModel == model)
    }

    /// The gap between words spelled out one letter at a time outlives the normalize stage, which makes the spaces
    /// one: it records where a run of spaces stood between a one-letter word and a letter, and the spam stage reads
    /// the words apart ("spinharbor", then the promotion term "casino"), as the tokens of the raw line do. (Until
    /// stop 48 the pipeline read "spinharborcasino" and kept the line.)
    @Test func spelledOutWordsStayApartThroughTheNormalizeStage() throws {
        var rules = defaultRules
        rules.pipeline = [.decode, .normalize]
        let line = "s p i n h a r b o r   c a s i n o"
        let document = try Pipeline(ruleSet: rules).clean(id: "d", source: "d", bytes: Array(("Tin tức\n\n" + line).utf8))
        let number = try #require(document.lines.last?.number)
        #expect(document.text(of: document.lines.last!) == "s p i n h a r b o r c a s i n o")
        #expect(document.spelledWordGaps[number] == [10])
        #expect(document.spelledWordGaps.count == 1)
        let gaps = document.spelledWordGaps[number] ?? []
        var collapsed = "s p i n h a r b o r c a s i n o"
        let read = collapsed.withUTF8 { SpamTokens($0, keepWords: true, spelledGaps: gaps) }
        #expect(read.words.filter { $0.count > 1 } == ["spinharbor", "casino"])
        // Spaces after a longer word, or between digits, collapse without a record: no spelled word there.
        for text in ["Hà Nội  - Sáng nay", "Tháng 7 | 3  5  8 | 12"] {
            #expect(try Pipeline(ruleSet: rules).clean(id: "d", source: "d", bytes: Array(text.utf8)).spelledWordGaps.isEmpty, "\(text)")
        }

        let hosts = SpamEvaluation.hosts(folder: path("rules/labelled/hosts"))
        var evaluation = SpamEvaluation()
        evaluation.add(SpamLine(text: line, spam: true, language: "en", kind: "disguised", group: "t"), host: hosts["en"]!,
                       pipeline: try Pipeline(ruleSet: defaultRules))
        #expect(evaluation.tallies["spam"]?.removedBySpam == 1)
    }

    /// Through the whole pipeline with the built-in rules: a tip inside an article goes as `spam.betting-odds`; a
    /// police report quoting the same odds, and the article's dates and scores, stay.
    @Test func aBettingTipGoesThroughThePipelineAndAReportOfOneStays() throws {
        let hosts = SpamEvaluation.hosts(folder: path("rules/labelled/hosts"))
        let pipeline = try Pipeline(ruleSet: defaultRules)
        var evaluation = SpamEvaluation()
        for tip in ["Chuyên gia nhận định: Thanh Hóa (-1/4) cả trận", "Lựa chọn: Bulgaria +1 1/4"] {
            evaluation.add(SpamLine(text: tip, spam: true, language: "vi", kind: "phrase", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        }
        evaluation.add(SpamLine(text: "Michael Porter Jr. over 23.5 points + rebounds (-115)", spam: true, language: "en", kind: "phrase",
                                group: "t"), host: hosts["en"]!, pipeline: pipeline)
        evaluation.add(SpamLine(text: "Công an cho biết các đối tượng nhận cá độ trận Chelsea với tỷ lệ -1/2, tổng tiền cược hơn 2 tỷ đồng.",
                                spam: false, language: "vi", kind: "news", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        evaluation.add(SpamLine(text: "Từ ngày 31/3-1/4, đội tuyển tập trung tại Hà Nội và thắng 2:1 trong trận giao hữu.",
                                spam: false, language: "vi", kind: "news", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        #expect(evaluation.tallies["spam"]?.removedBySpam == 3)
        #expect(evaluation.tallies["keep"]?.lines == 2)
        #expect(evaluation.tallies["keep"]?.removed == 0)
        let document = try pipeline.clean(id: "d", source: "d", bytes: Array((hosts["vi"]! + "\nChọn: U23 Timor Leste +2 3/4\n").utf8))
        let edit = try #require(document.edits.first { $0.rule == BettingOdds.ruleID })
        #expect(edit.text == "Chọn: U23 Timor Leste +2 3/4")
        // The log gives what the model's weights say of the tip, not the closed gate's -10.
        #expect(try #require(edit.score) > SpamModel.closedGateScore)
    }

    /// Lottery touting (the number a dream tells to bet on, "predictions" of the draw) and odds pages are
    /// promotion the lexicon names; a report of the state lottery's results stays.
    @Test func lotteryToutingGoesAndTheLotteryResultsStay() throws {
        let hosts = SpamEvaluation.hosts(folder: path("rules/labelled/hosts"))
        let pipeline = try Pipeline(ruleSet: defaultRules)
        var evaluation = SpamEvaluation()
        for touting in ["Nằm mơ thấy rắn đánh con gì để trúng lớn?", "Dự đoán xổ số miền Bắc hôm nay chính xác nhất",
                        "Cập nhật tỷ lệ kèo Ngoại hạng Anh đêm nay"] {
            evaluation.add(SpamLine(text: touting, spam: true, language: "vi", kind: "phrase", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        }
        evaluation.add(SpamLine(text: "Công ty Xổ số kiến thiết Thủ đô cho biết kết quả XSMB được công bố lúc 18 giờ 15 hằng ngày.",
                                spam: false, language: "vi", kind: "news", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        #expect(evaluation.tallies["spam"]?.removedBySpam == 3)
        #expect(evaluation.tallies["keep"]?.removed == 0)
    }

    /// Lottery touting goes by its set phrases, whatever the model's score of the line; the same phrase in quotation
    /// marks (news quoting a tout) or in a police report stays.
    @Test func aToutingPhraseTakesItsLineUnlessQuotedOrReported() throws {
        let paragraph = "Mưa lớn kéo dài từ đêm qua khiến nhiều tuyến phố ở trung tâm thành phố ngập sâu, giao thông ùn tắc."
        let touting = "Nuôi lô khung 5 ngày miễn phí, tỷ lệ về trên 90%"
        let quoted = "Nhiều người bị lừa khi tham gia các nhóm \"chuyên gia chốt số\" trên Zalo, mất hàng trăm triệu đồng."
        let reported = "Công an tỉnh triệt phá đường dây soi cầu lô đề qua mạng, bắt giữ 5 người."
        let text = [paragraph, touting, quoted, reported, paragraph + " Lực lượng chức năng đã có mặt."].joined(separator: "\n\n")
        // A model that weighs nothing: only the rule's points can take a line.
        var rules = defaultRules
        rules.judge.spamModel = SpamModel(bias: 0, threshold: 2, weights: [Double](repeating: 0, count: SpamFeature.count),
                                          vocabulary: SpamVocabulary([]))
        let taken = try clean(text, rules: rules).edits.filter { $0.rule.hasPrefix("spam.") }.map(\.text)
        #expect(taken == [touting])
        rules.rules.removeAll { $0.id == "spam.lottery-touting" }
        #expect(try clean(text, rules: rules).edits.allSatisfy { !$0.rule.hasPrefix("spam.") })
    }

    /// The built-in model, on lines placed inside an ordinary article: promotion goes as spam, news about
    /// gambling and the old near misses stay.
    @Test func builtInModelTakesPromotionAndKeepsTheNews() {
        let hosts = SpamEvaluation.hosts(folder: path("rules/labelled/hosts"))
        let pipeline = try! Pipeline(ruleSet: defaultRules)
        var evaluation = SpamEvaluation()
        for text in ["Nhà cái uy tín hàng đầu, đăng ký nhận ngay 100k, nạp đầu tặng 200%", "Tải app nổ hũ đổi thưởng uy tín nhất 2025",
                     "Nhận định, soi kèo nhà cái hôm nay: vào tiền ngay kẻo lỡ"] {
            evaluation.add(SpamLine(text: text, spam: true, language: "vi", kind: "phrase", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        }
        for text in ["88 đại biểu", "Anh ấy cao 1m88.", "OK, VIP guests",
                     "Công an tỉnh triệt phá đường dây đánh bạc qua trang hi88, thu giữ 2 tỷ đồng và khởi tố 12 bị can.",
                     "Kết quả xổ số kiến thiết miền Bắc ngày 14/9: giải đặc biệt về số 48251."] {
            evaluation.add(SpamLine(text: text, spam: false, language: "vi", kind: "news", group: "t"), host: hosts["vi"]!, pipeline: pipeline)
        }
        #expect(evaluation.tallies["spam"]?.removedBySpam == 3)
        #expect(evaluation.tallies["keep"]?.removed == 0)
    }

    /// `explain` shows how near a kept line came to going as spam: a line within a point of the threshold is a near
    /// miss, an ordinary sentence is none, and every near miss is a kept line scored under the threshold. (A model
    /// made here, so that what is near does not move with the shipped model's training: brand-shaped words weigh
    /// 4 points a third; threshold 2.)
    @Test func explainShowsSpamNearMisses() throws {
        var weights = [Double](repeating: 0, count: SpamFeature.count)
        weights[SpamFeature.brandShaped.rawValue] = 4
        var rules = defaultRules
        rules.judge.spamModel = SpamModel(bias: 0, threshold: 2, weights: weights, vocabulary: SpamVocabulary([]))
        let text = """
        Hôm nay trời đẹp, người dân đi chơi rất đông ở khắp các phố phường Hà Nội và các tỉnh lân cận vào dịp cuối tuần.

        Trang qx77 có thêm nhiều trò chơi mới dành cho người chơi, công ty cho biết.

        Người dân cho biết họ rất vui khi được tham gia lễ hội truyền thống của địa phương năm nay.
        """
        let (_, fates) = try Explanation.fates(of: Array(text.utf8), pipeline: try Pipeline(ruleSet: rules, explaining: true))
        let nearMisses = fates.filter { $0.spam != nil }
        #expect(nearMisses.map(\.line) == [3])
        for fate in nearMisses {
            let spam = try #require(fate.spam)
            #expect(fate.fate == "kept")
            #expect(spam.score < spam.threshold && spam.score >= spam.threshold - SpamStage.nearMissMargin)
            #expect(fate.json.contains("\"spam_score\""))
        }
        // A wider margin (`explain --spam-margin`) shows every line the model weighed: the ordinary sentences, whose
        // gate stayed closed, at the closed gate's score; what goes and what stays does not change.
        let (_, wide) = try Explanation.fates(of: Array(text.utf8), pipeline: try Pipeline(ruleSet: rules, explaining: true, spamMargin: 20))
        #expect(wide.filter { $0.spam != nil }.map(\.line) == [1, 3, 5])
        #expect(wide.filter { $0.spam != nil }.allSatisfy { $0.fate == "kept" })
        #expect(wide.first { $0.line == 1 }?.spam?.score == SpamModel.closedGateScore)
        #expect(wide.map(\.fate) == fates.map(\.fate))
    }

    /// The spam evaluation keeps the spam model's score of each line it got wrong when that score came within a point
    /// of the threshold or above it, and no score for a line far below. (The model made here, as above: a third of
    /// brand-shaped words weighs 4 points, 2 take a line.)
    @Test func spamEvaluationMissesCarryTheScoreWhenItCameNear() throws {
        var weights = [Double](repeating: 0, count: SpamFeature.count)
        weights[SpamFeature.brandShaped.rawValue] = 4
        var rules = defaultRules
        rules.judge.spamModel = SpamModel(bias: 0, threshold: 2, weights: weights, vocabulary: SpamVocabulary([]))
        let pipeline = try Pipeline(ruleSet: rules, explaining: true)
        let host = SpamEvaluation.hosts(folder: path("rules/labelled/hosts"))["vi"]!
        var evaluation = SpamEvaluation()
        // One brand-shaped word: 4/3 points, kept within a point of 2. None: far below. Two: 8/3, taken.
        evaluation.add(SpamLine(text: "Trang qx77 có thêm nhiều trò chơi mới", spam: true, language: "vi", kind: "brand", group: "t"),
                       host: host, pipeline: pipeline)
        evaluation.add(SpamLine(text: "Chơi ngay hôm nay, nhận quà lớn", spam: true, language: "vi", kind: "phrase", group: "t"),
                       host: host, pipeline: pipeline)
        evaluation.add(SpamLine(text: "Hai trang qx77 và zz99 đã bị chặn", spam: false, language: "vi", kind: "news", group: "t"),
                       host: host, pipeline: pipeline)
        #expect(evaluation.misses.count == 3)
        let near = try #require(evaluation.misses[0].spam)
        #expect(abs(near.score - 4.0 / 3) < 1e-9 && near.threshold == 2)
        #expect(evaluation.misses[1].spam == nil)
        #expect(evaluation.misses[2].rule == "spam.model")
        #expect(try #require(evaluation.misses[2].spam).score >= 2)
        // With a wider margin (`eval --spam --spam-margin`) the line far below carries its score too: the closed gate's.
        var wide = SpamEvaluation()
        wide.add(SpamLine(text: "Chơi ngay hôm nay, nhận quà lớn", spam: true, language: "vi", kind: "phrase", group: "t"),
                 host: host, pipeline: try Pipeline(ruleSet: rules, explaining: true, spamMargin: 20))
        #expect(try #require(wide.misses.first?.spam).score == SpamModel.closedGateScore)
    }
    /// Search queries glued into a list go as a keyword salad, whatever the model's score: two different words of
    /// two syllables or more in a Vietnamese line with no sentence end. One glued word, a loanword in a sentence,
    /// accented names and French words are not a salad. (Written here, in the shape of the lines found on
    /// keyword-stuffed pages.)
    @Test func gluedSearchQueriesGoAsAKeywordSalad() throws {
        func salad(_ text: String) -> Bool {
            var text = text
            return text.withUTF8 { KeywordSalad.holds(SpamTokens($0, keepWords: false), line: $0) }
        }
        #expect(salad("xyzwin giá cà phê hôm naylịch cắt điện hà nộiđiểm chuẩn đại học 2024"))
        #expect(salad("bảng xếp hạng vleaguekết quả xổ số hôm quatỷ giá đô la"))
        #expect(!salad("bảng xếp hạng vleaguekết quả xổ số hôm qua"))
        #expect(!salad("Nhà máy bêtông và ôtô của công ty đã được xây dựng ở Hà Nội."))
        #expect(!salad("HLV José Mourinho và tay đua Sergio Pérez đến Hà Nội"))
        #expect(!salad("Le président a visité la forêt et l'élève était décédé hier"))
        #expect(!salad("Giá vàng hôm nay tăng mạnh, người dân đổ xô đi mua"))
        // Words a PDF ran together at its line breaks, in a paragraph of clauses, are not a list of queries.
        #expect(!salad("Đây là một trongnhững nội dung, nhiệm vụ quan trọng về nông nghiệp, nôngdân, nông thôn mới"))
        #expect(!salad("Việt Nam đã và đangthực hiện một cách khá khẩn trương và toàn diện chương trình mục tiêu quốcgia xây dựng nông thôn mới theo hướng hiện đại và phát triển cùng với sự tiếp thu kinh nghiệm"))
        // One phrase without its spaces is enough, even in a sentence; a name glued to a word by extraction is not.
        #expect(salad("Năm nay,giávàngtăngmạnhnhất trong mười năm qua, theo các chuyên gia."))
        #expect(!salad("Thủ tướng Israel ôngNetanyahu cho biết như vậy trong cuộc họp báo."))
        // Romanian and Turkish write the breve, Croatian đ: long words with marks are their ordinary words.
        #expect(!salad("bakanlığın değerlendirmesi sonrasında açıklama yapılacağını belirtti"))
        #expect(!salad("guvernul a anunțat că măsurile economice rămân neschimbate până în primăvară"))
        #expect(!salad("međunarodni sajam održat će se u zagrebačkom velesajmu"))

        let document = try clean("""
        Giá xăng dầu trong nước được điều chỉnh tăng từ 15 giờ chiều nay, theo thông báo của liên bộ.

        xyzwin giá cà phê hôm naylịch cắt điện hà nộiđiểm chuẩn đại học 2024

        Mỗi lít xăng RON 95 tăng 350 đồng, lên mức hơn 23.000 đồng, các cửa hàng cho biết.
        """)
        #expect(document.edits.contains { $0.rule == KeywordSalad.ruleID && $0.line == 3 })
        #expect(document.lines.count == 2)
    }
}

extension SpamModelTests {
    /// A term of several words is looked up word by word: each prefix's hash chains the word before it, however
    /// many spaces stand between them; a term of one word is its own hash.
    @Test func aTermsPrefixesChainItsWords() {
        let nha = SpamTokens.hash("nha".utf8), cai = SpamTokens.hash("cai".utf8), uy = SpamTokens.hash("uy".utf8)
        let chained = [nha, SpamTokens.pair(nha, cai), SpamTokens.pair(SpamTokens.pair(nha, cai), uy)]
        #expect(SpamTokens.termPrefixHashes("nha cai uy") == chained)
        #expect(SpamTokens.termPrefixHashes("nha  cai uy ") == chained)
        #expect(SpamTokens.termPrefixHashes("hi88") == [SpamTokens.hash("hi88".utf8)])
        #expect(SpamTokens.termHash("nha cai uy") == chained[2])
        // A term with letters beyond ASCII is split the same way.
        #expect(SpamTokens.termPrefixHashes("nhà cái").count == 2)
    }
}

extension SpamModelTests {
    /// A short line that points the reader to a brand nobody has listed goes as a brand's access line: a brand-shaped
    /// word or a betting address beside a word of access, in eight words or fewer, with no word of news. A report
    /// naming the site, a phone launched "chính thức", "tại" (which folds as "tải" does) and a long line stay.
    @Test func aBrandsAccessLineGoesWhateverTheScore() throws {
        func access(_ text: String) -> Bool {
            let read = tokens(text)
            return BrandAccess.holds(read, SpamFeature.values(read, vocabulary: SpamVocabulary([])))
        }
        #expect(access("ga88 link chính thức"))
        #expect(access("88vuong đăng nhập không bị chặn"))
        #expect(access("Trang chủ hz88 chính thức"))
        #expect(access("kingbet86 tải về máy"))
        #expect(access("goldmine777.bet – official login and mirror links"))
        #expect(!access("ga88 chính là cái tên được nhắc nhiều nhất"))   // no word of access
        #expect(!access("Galaxy S24 chính thức lên kệ tại Việt Nam"))
        #expect(!access("Công an điều tra trang ga88 đăng nhập trái phép"))   // a word of news
        #expect(!access("Hội nghị tại hz88 khách sạn"))
        #expect(!access("Người dùng phải đăng nhập vào trang ga88 mới xem được nội dung của các trận đấu"))

        // Through the pipeline, with a model that weighs nothing: the decision alone takes the line, and says so.
        var rules = defaultRules
        rules.judge.spamModel = SpamModel(bias: -5, threshold: 2, weights: [Double](repeating: 0, count: SpamFeature.count),
                                          vocabulary: SpamVocabulary([]))
        let document = try Pipeline(ruleSet: rules).clean(id: "t", source: "t", bytes: Array("""
        Giá xăng dầu trong nước được điều chỉnh tăng từ 15 giờ chiều nay, theo thông báo của liên bộ.

        qx88 link chính thức không bị chặn

        Mỗi lít xăng RON 95 tăng 350 đồng, lên mức hơn 23.000 đồng, các cửa hàng cho biết.
        """.utf8))
        #expect(document.edits.contains { $0.rule == BrandAccess.ruleID && $0.line == 3 })
        #expect(document.lines.count == 2)
    }
}

extension SpamModelTests {
    /// "kèo" (the odds on a match) folds to "keo" as "kéo" (pull) and "kẹo" (sweets) do: written with its marks, in
    /// any case and beside punctuation, it counts as a promotion term of gambling's own and opens the gate to a
    /// line's words; the everyday words do not.
    @Test func aPromotionWordIsKnownByItsMarks() {
        for text in ["Bảng kèo Serie A", "Kèo Malai là gì?", "KÈO THƠM HÔM NAY", "thắng kèo."] {
            #expect(tokens(text).markedPromotion == 1, "\(text)")
        }
        for text in ["Anh ấy kéo xe đi sửa", "Mua kẹo cho bé", "keo dán gỗ", "Kéo co ngày hội"] {
            #expect(tokens(text).markedPromotion == 0, "\(text)")
        }
        let vocabulary = SpamVocabulary([])
        let odds = SpamFeature.values(tokens("Bảng kèo Serie A rạng sáng mai, tỷ lệ mở cửa"), vocabulary: vocabulary)
        let pulled = SpamFeature.values(tokens("Anh ấy kéo chiếc xe máy đi sửa ở tiệm gần nhà"), vocabulary: vocabulary)
        #expect(odds[SpamFeature.plainPromoTerms.rawValue] > 0)
        #expect(SpamModel.hasEvidence(odds))
        #expect(pulled[SpamFeature.promoTerms.rawValue] == 0)
        #expect(!SpamModel.hasEvidence(pulled))
        // Quoted, as a report quotes the promoter's words, it counts as a quoted term of the lists does.
        let quoted = SpamFeature.values(tokens("Trang này quảng cáo “kèo ngon mỗi ngày” để dụ người xem"), vocabulary: vocabulary)
        #expect(quoted[SpamFeature.quotedPromotion.rawValue] > 0)
    }
}
