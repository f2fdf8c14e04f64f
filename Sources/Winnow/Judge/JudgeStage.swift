import Foundation

/// lines -> fewer lines, by weighed evidence. Every line left after the strip and extract stages gets a score in
/// points: the model's bias, the weights of its features (its shape and where it stands among the other lines),
/// and the points of the evidence rules that matched it (the model's learned weight for a rule it knows, else the
/// rule's own `score`). A line whose score reaches the threshold goes, logged under the evidence rule that
/// weighed most for it, or under `judge` when the model's features decided.
///
/// Without a model the score is the sum of the rules' points: SpamAssassin's scheme.
public struct JudgeStage: Stage {
    public let name = StageName.judge
    let settings: JudgeSettings
    /// Keep every line's judgement in the document (for `winnow explain`).
    let explaining: Bool

    /// The rule id logged for lines the model's features removed.
    public static let ruleID = "judge"

    /// The JSONL field holding a document's URL (``CorpusSettings/siteField``), read for ``ListingAddress``.
    let urlField: String

    public init(settings: JudgeSettings, explaining: Bool = false, urlField: String = "url") {
        self.settings = settings
        self.explaining = explaining
        self.urlField = urlField
    }

    /// The rule id logged for pages the document model drops.
    public static let documentRuleID = "judge.document"
    /// The rule id logged for pages of scrambled text (``ScrambledText``), dropped whenever the document model is on.
    public static let scrambledRuleID = "judge.scrambled"
    /// The rule id logged for tag and topic pages (``TagPage``), dropped whenever the document model is on.
    public static let tagPageRuleID = "judge.tag-page"
    /// The rule id logged for pages whose URL names a listing (``ListingAddress``), dropped whenever the document model is on.
    public static let listingAddressRuleID = "judge.listing-address"
    /// The rule id logged for pages the judge leaves without article text.
    public static let noTextRuleID = "judge.no-article-text"
    /// Pages shorter than this (lines reaching the judge) are never dropped by the document model: a short real
    /// article is still an article.
    public static let documentMinimumLines = 5
    /// When the threshold would empty a document, lines scored within this many points of it stay: a page
    /// that loses every line is a page the model is unsure about.
    public static let doubt = 2.0
    /// A photo story's caption this long (words) or longer says more than its credit ("Ảnh: Minh Anh").
    static let storyCaptionLength = 6.0


    public func run(_ document: inout Document) throws(Rejection) {
        guard !document.lines.isEmpty, settings.model != nil || settings.documentModel != nil || !document.evidence.isEmpty else { return }
        let spamRemoved = document.edits.contains { Self.isSpamEvidence($0.rule) }
        if settings.documentModel != nil {
            let (scrambled, share) = ScrambledText.isScrambled(document)
            if scrambled {
                document.dropped = DropDecision(rule: Self.scrambledRuleID,
                                                reason: String(format: "scrambled text: %.0f%% of its letters in words no reader can read", share * 100))
                return
            }
            // A page the spam stage took lines from is the gambling-page filter's to judge ("okvip" over brand lines
            // is spam's heading, not a tag's).
            if !spamRemoved, let heading = TagPage.heading(of: document) {
                document.dropped = DropDecision(rule: Self.tagPageRuleID, reason: "a tag page: it opens with the keyword '\(heading)' and lists teasers")
                return
            }
            if let reason = ListingShape.reason(for: document) {
                document.dropped = DropDecision(rule: Self.tagPageRuleID, reason: reason)
                return
            }
            // A later page of a listing may be an article's second page: it goes only without an article's body.
            if let listing = ListingAddress.address(of: document, field: urlField),
               !listing.laterPageOnly || !ListingAddress.hasArticleRun(document) {
                let body = listing.laterPageOnly ? ", with no article body: no \(ListingAddress.articleRun) paragraphs in a row" : ""
                document.dropped = DropDecision(rule: Self.listingAddressRuleID, reason: "a listing by its address (\(listing.description))\(body)")
                return
            }
        }
        let decision = judgeLines(of: document)
        if settings.documentModel != nil, let lines = Self.menuOnly(document, decision) {
            document.dropped = DropDecision(rule: Self.noTextRuleID,
                                            reason: "no article text: \(lines) lines, none of \(Int(Self.articleTextLength)) words, no sentence")
            return
        }
        if let documentModel = settings.documentModel, document.lines.count >= Self.documentMinimumLines {
            // The page is judged on what the line model keeps: an article stripped of its furniture reads as an
            // article; a listing stripped of its menus is still a column of teasers.
            let kept = Self.keeping(document, without: decision.removals)
            let values = decision.shapes.isEmpty ? DocumentFeature.measure(kept)
                : kept.withLineTexts { DocumentFeature.measure($0, shapes: decision.keptShapes) }
            let score = documentModel.score(values)
            // The score stays with the page (for `winnow eval`'s list of pages to look at); what made it, only
            // when explaining.
            let contributions = explaining
                ? Array(documentModel.contributions(values).sorted { abs($0.points) > abs($1.points) }.prefix(5)) : []
            document.pageJudgement = LineJudgement(line: 0, score: score, threshold: documentModel.threshold,
                                                   contributions: contributions)
            if score >= documentModel.threshold {
                let reasons = documentModel.reasons(values).prefix(3).map { String(format: "%@ %+.1f", $0.name, $0.points) }
                document.dropped = DropDecision(rule: Self.documentRuleID,
                                                reason: String(format: "not an article (score %.1f: %@)", score, reasons.joined(separator: ", ")))
                return
            }
        }
        // A page that lost its lines to the spam stage is the filter's to drop as a gambling page. Any other page
        // left with a headline's worth of words and no sentence, a column of headlines or one line that is no
        // sentence has no article text, whether or not it had furniture: a tag page's name alone, a headline
        // without its story, a section's list of headlines.
        if settings.documentModel != nil, !spamRemoved, let reason = Self.noArticleTextLeft(document, decision) {
            document.dropped = DropDecision(rule: Self.noTextRuleID, reason: reason)
            return
        }
        if explaining { document.judgements += decision.judgements }
        document.removeLines(at: decision.removals, kind: .dropped) { decision.reasons[$0] ?? (Self.ruleID, nil) }
    }

    /// A page whose lines left after the judge hold no line this long (in words; characters of scripts written
    /// without spaces count half) and no sentence has no article text: a tag page's name, a headline without its
    /// story, a few words typed on standard input. Every labelled article has a body line of ten words or more; a
    /// brief of one short sentence stays.
    public static let articleTextLength = 10.0
    /// ... and fewer words than this in all.
    public static let articleTextWords = 15

    /// A page of this many lines or more, none of ``articleTextLength`` words and none a sentence, is a menu, a
    /// masthead and its navigation: no article text, whatever the line model keeps of it (it keeps lines near its
    /// threshold rather than empty a page). On the labelled pages no article comes near: each has a line of ten
    /// words, or a sentence.
    public static let menuPageLines = 20

    /// The number of lines of a page of short lines and no sentence (nil for any other page).
    static func menuOnly(_ document: Document, _ decision: LineDecision) -> Int? {
        guard document.lines.count >= Self.menuPageLines, decision.shapes.count == document.lines.count,
              decision.shapes.allSatisfy({ $0.length < Self.articleTextLength && !Self.isSentence($0) }) else { return nil }
        return document.lines.count
    }

    /// A sentence is article text, however short: a brief is an article. It takes two words with letters, or a
    /// script written without spaces: a code and a number with a full stop ("SZL 19.", where an excerpt cut a rate
    /// short) end like one and say nothing, where "北京下雨了。" is one word between spaces and a whole sentence.
    static func isSentence(_ shape: LineFeatureExtractor.Shape) -> Bool {
        shape.sentenceEnd && shape.length >= 2 && (shape.wordsWithLetters >= 2 || shape.unspaced > 0)
    }

    /// Why the lines the judge leaves hold no article text, or nil when they do: a headline's worth of words and
    /// no sentence, a column of headlines, or one line that is no sentence. The shapes of those lines are read once.
    static func noArticleTextLeft(_ document: Document, _ decision: LineDecision) -> String? {
        let shapes = keptShapes(document, decision)
        if let longest = longestLineLeft(document, decision, shapes: shapes), longest < Self.articleTextLength {
            return String(format: "no article text: the longest line left has %.0f words", longest)
        }
        if let lines = headlineColumn(document, decision, shapes: shapes) {
            return "no article text: \(lines) lines left, none a sentence (a column of headlines)"
        }
        if let length = loneHeadline(shapes) {
            return String(format: "no article text: one line left, of %.0f words and no sentence", length)
        }
        return nil
    }

    /// The length of the longest line the judge leaves (nil when it leaves none, a sentence, or fifteen words or more).
    static func longestLineLeft(_ document: Document, _ decision: LineDecision, shapes: [LineFeatureExtractor.Shape]) -> Double? {
        var words = 0
        for (index, line) in document.lines.enumerated() where !decision.removals.contains(index) { words += line.wordCount }
        // A few words only: a list of short points is an article's text too.
        guard words > 0, words < Self.articleTextWords else { return nil }
        var longest = 0.0
        for shape in shapes {
            if Self.isSentence(shape) { return nil }
            longest = max(longest, shape.length)
        }
        return longest
    }

    /// A page the judge leaves with one line, not a sentence, shorter than this (in words, as
    /// ``articleTextLength`` counts them) is a headline, a document's title or a search query without a story, or
    /// a teaser the site cut off mid-sentence ("... eager to s"). On the 2,250 labelled pages at hand at stop 51
    /// the 32 such pages of 10 to 99 words are all pages to drop; the one-line articles left unpunctuated are
    /// excerpts of 280 words or more, cut off where the excerpt stops.
    public static let unfinishedLineLength = 100.0

    /// A line of this many words or more that ends with a colon introduces what follows it ("Thực hiện chỉ đạo của
    /// Bộ ... về hưởng ứng Giờ Trái đất năm 2020 ...; UBND tỉnh có ý kiến như sau:"): an article's lead whose
    /// list the excerpt or the extractor lost, not a headline nor a teaser cut off mid-sentence.
    public static let introductionLength = 15.0

    /// The length of the one line the judge leaves, when it is no sentence, no introduction (``introductionLength``)
    /// and shorter than ``unfinishedLineLength``; else nil.
    static func loneHeadline(_ shapes: [LineFeatureExtractor.Shape]) -> Double? {
        guard shapes.count == 1, let shape = shapes.first, !Self.isSentence(shape), shape.length < Self.unfinishedLineLength,
              !(shape.colonEnd && shape.length >= Self.introductionLength) else { return nil }
        return shape.length
    }

    /// A page the judge leaves with this many lines or more, none of them a sentence nor a paragraph (30 words), is
    /// a column of headlines (a section's or a site's list of stories without their teasers), unless its lines are
    /// data or captions. On the 3,122 labelled pages at stop 52, the articles left like this are results,
    /// schedules and a notice of dividends (most lines hold a figure), a photo story (captions), and, with a
    /// model that did not see its site, a wire story's one paragraph that ends on a link; the pages caught besides
    /// them are all pages to drop.
    public static let headlineColumnLines = 10
    /// ... and at most this share of those lines holds a digit: a list of scores, prices or times is data.
    public static let headlineColumnDigitShare = 0.3

    /// The number of lines left, when the judge leaves a column of headlines (``headlineColumnLines``); else nil.
    static func headlineColumn(_ document: Document, _ decision: LineDecision, shapes: [LineFeatureExtractor.Shape]) -> Int? {
        guard shapes.count >= Self.headlineColumnLines, !shapes.contains(where: { Self.isSentence($0) || $0.isParagraph }) else { return nil }
        let withDigits = shapes.filter { $0.digits > 0 }.count
        guard Double(withDigits) <= Self.headlineColumnDigitShare * Double(shapes.count) else { return nil }
        // A photo story's captions end without a full stop, and are its text.
        let captions = Self.captionLines(Self.evidence(of: document).byLine)
        let keepsCaption = document.lines.indices.contains { !decision.removals.contains($0) && captions.contains(document.lines[$0].number) }
        return keepsCaption ? nil : shapes.count
    }

    /// The shapes of the lines the judge leaves: the line model's, or measured now when no model measured them.
    static func keptShapes(_ document: Document, _ decision: LineDecision) -> [LineFeatureExtractor.Shape] {
        guard decision.shapes.isEmpty else { return decision.keptShapes }
        return document.withLineTexts { lines in
            lines.indices.filter { !decision.removals.contains($0) }.map { LineFeatureExtractor.shape(of: lines.bytes($0)) }
        }
    }

    /// What the line model and the evidence decide for every line: which go (positions in `lines`), under which
    /// rule and score, and (when explaining) why.
    struct LineDecision {
        var removals = Set<Int>()
        var reasons: [Int: (rule: String, score: Double?)] = [:]
        var judgements: [LineJudgement] = []
        /// Every line's shape, when the line model measured them.
        var shapes: [LineFeatureExtractor.Shape] = []

        /// The shapes of the lines that stay.
        var keptShapes: [LineFeatureExtractor.Shape] { shapes.enumerated().filter { !removals.contains($0.offset) }.map(\.element) }
    }

    /// With a site profile, the page is judged twice: the lines the profile found as the site's template and
    /// the first judgement removed are taken out, and the rest is judged again as the page the site's reader
    /// sees, so an article reprinted under any site's furniture is judged as it would be alone (a list item of
    /// the article no longer goes because a menu above it made the page longer). The second judgement can only
    /// keep more: a line goes when both judgements remove it (or it is template the first removed). When in
    /// doubt, keep.
    func judgeLines(of document: Document) -> LineDecision {
        let first = judgeLinesOnce(of: document)
        let template = SiteBoilerplateStage.templateLines(document.evidence)
        guard !template.isEmpty else { return first }
        let removedTemplate = first.removals.filter { template.contains(document.lines[$0].number) }
        guard !removedTemplate.isEmpty, removedTemplate.count < document.lines.count else { return first }
        let rest = Self.keeping(document, without: removedTemplate)
        let second = judgeLinesOnce(of: rest)
        // Positions in `rest` -> positions in `document`.
        let original = document.lines.indices.filter { !removedTemplate.contains($0) }
        let removedAgain = Set(second.removals.map { original[$0] })
        var decision = first
        decision.removals = first.removals.filter { removedTemplate.contains($0) || removedAgain.contains($0) }
        decision.reasons = decision.reasons.filter { decision.removals.contains($0.key) }
        if explaining {
            // A line the second judgement kept shows why it stayed.
            let byNumber = Dictionary(second.judgements.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
            decision.judgements = first.judgements.enumerated().map { index, judgement in
                first.removals.contains(index) && !decision.removals.contains(index) ? (byNumber[judgement.line] ?? judgement) : judgement
            }
        }
        return decision
    }

    func judgeLinesOnce(of document: Document) -> LineDecision {
        var decision = LineDecision()
        guard settings.model != nil || !document.evidence.isEmpty else { return decision }
        let evidence = Self.evidence(of: document)
        let captions = Self.captionLines(evidence.byLine)
        var matrix: FeatureMatrix?
        if settings.model != nil {
            // Each line measured once: its shape serves the line features and then the page's.
            let vocabulary = settings.model?.vocabulary
            (matrix, decision.shapes) = document.withLineTexts { lines in
                let shapes = LineFeatureExtractor.shapes(of: lines, vocabulary: vocabulary)
                return (LineFeatureExtractor.features(of: lines, markers: evidence.markers, vocabulary: vocabulary,
                                                      evidence: Self.captionLikeEvidence(evidence.byLine),
                                                      captions: captions, shapes: shapes), shapes)
            }
        }
        let scores = self.scores(of: document, evidence: evidence, matrix: matrix)
        let threshold = settings.threshold(forLines: document.lines.count)
        for (index, scored) in scores.enumerated() where scored.score >= threshold {
            // A photo story's captions are its article: the model does not take a caption (a line a caption rule
            // found) that says more than its credit.
            if let matrix, matrix[index, .storyCaption] > 0, decision.shapes[index].length >= Self.storyCaptionLength,
               captions.contains(document.lines[index].number) {
                continue
            }
            decision.removals.insert(index)
            decision.reasons[index] = (scored.topRule ?? Self.ruleID, scored.score)
        }
        // What the rules file takes out of the model's hands: decisive rules, credited captions in an article; and
        // what the judge's model does not weigh: an article's table of contents, its headline or a paragraph printed
        // again.
        let overruled = Self.lines(of: document, foundBy: settings.decisive, evidence: evidence.byLine)
            + Self.linesOfMost(document, foundBy: settings.decisiveOnMostLines, evidence: evidence.byLine)
            + Self.captionsInArticle(document, evidence: evidence.byLine, settings: settings.creditedCaptions)
            + (settings.model == nil ? [] : Self.printedTwice(document))
        for (index, rule) in overruled where !decision.removals.contains(index) {
            decision.removals.insert(index)
            decision.reasons[index] = (rule, scores[index].score)
        }
        if decision.removals.count == scores.count {
            // Never empty a page on the model's word alone: keep what it was least sure of.
            for (index, scored) in scores.enumerated() where scored.score < threshold + Self.doubt && scored.topRule == nil {
                decision.removals.remove(index)
            }
        }
        if explaining {
            decision.judgements = zip(document.lines, scores).map { line, scored in
                LineJudgement(line: line.number, score: scored.score, threshold: threshold, contributions: scored.contributions)
            }
        }
        return decision
    }

    /// `document` with only the lines the line model keeps (for measuring the page as a whole).
    static func keeping(_ document: Document, without removals: Set<Int>) -> Document {
        guard !removals.isEmpty else { return document }
        var kept = document
        kept.lines = document.lines.enumerated().filter { !removals.contains($0.offset) }.map(\.element)
        return kept
    }

    /// The lines the line model (no document model) keeps of `document`, as the page the document model reads.
    public func keptPage(of document: Document) -> Document {
        Self.keeping(document, without: judgeLines(of: document).removals)
    }

    /// A line's score, the evidence rule that added most to it, and (when explaining) the largest contributions.
    struct Scored {
        var score: Double
        var topRule: String?
        var contributions: [LineJudgement.Contribution] = []
    }

    /// The lines (positions in `lines`, with the rule that found them) that are credited captions in an article
    /// (``CreditedCaptions``, from the rules file's `judge.credited_captions`).
    static func captionsInArticle(_ document: Document, evidence: [Int: [(rule: String, score: Double)]],
                                  settings: CreditedCaptions?) -> [(Int, String)] {
        guard let settings else { return [] }
        var credited = lines(of: document, foundBy: settings.rules, evidence: evidence)
        guard !credited.isEmpty else { return [] }
        // A line that lines after it were joined to holds more than the caption the rule saw.
        let joined = document.edits.filter { $0.kind == .joined }.map(\.line)
        credited.removeAll { index, _ in
            let next = index + 1 < document.lines.count ? document.lines[index + 1].number : Int.max
            return joined.contains { $0 > document.lines[index].number && $0 < next }
        }
        guard !credited.isEmpty else { return [] }
        let wordy = document.lines.filter { $0.wordCount >= 4 }.count
        // An article: few credited lines for its length, or no more of them than it has paragraphs besides
        // (a photo story's other lines are short: a lead, a signature).
        let creditedIndexes = Set(credited.map(\.0))
        let paragraphs = document.lines.indices.filter { !creditedIndexes.contains($0) && document.lines[$0].wordCount >= CreditedCaptions.paragraphWords }.count
        guard Double(credited.count) < settings.maxShare * Double(wordy) || credited.count <= paragraphs else { return [] }
        return credited.filter { document.lines[$0.0].wordCount <= settings.maxWords }
    }

    /// What a page prints twice, each line with the check that found it: an article's table of contents (its
    /// headings printed again), a copy of its headline, a paragraph printed again, a line printing one text twice over.
    static func printedTwice(_ document: Document) -> [(Int, String)] {
        TableOfContents.entries(in: document).map { ($0, TableOfContents.ruleID) }
            + TitleCopy.copies(in: document).map { ($0, TitleCopy.ruleID) }
            + ParagraphCopy.copies(in: document).map { ($0, ParagraphCopy.ruleID) }
            + DoubledLine.lines(in: document).map { ($0, DoubledLine.ruleID) }
    }

    /// The lines (positions in `lines`) that one of `rules` matched, each with the first of them that did.
    static func lines(of document: Document, foundBy rules: Set<String>,
                      evidence: [Int: [(rule: String, score: Double)]]) -> [(Int, String)] {
        guard !rules.isEmpty else { return [] }
        return document.lines.enumerated().compactMap { index, line in
            evidence[line.number]?.first { rules.contains($0.rule) }.map { (index, $0.rule) }
        }
    }

    /// The lines `rules` matched, each rule's on a page where it matched half of the lines or more.
    static func linesOfMost(_ document: Document, foundBy rules: Set<String>,
                            evidence: [Int: [(rule: String, score: Double)]]) -> [(Int, String)] {
        guard !rules.isEmpty else { return [] }
        return rules.sorted().flatMap { rule -> [(Int, String)] in
            let found = lines(of: document, foundBy: [rule], evidence: evidence)
            return 2 * found.count >= document.lines.count ? found : []
        }
    }

    /// Whether an evidence rule says a line is a photo caption: its id starts with `caption.`.
    static func isCaptionRule(_ rule: String) -> Bool { rule.hasPrefix("caption.") }

    /// Whether the photo-story features read a rule's evidence as a caption's. The model learned "a short line with
    /// rule evidence" (caption-like, a photo story's captions) from rules that were mostly captions' and from a
    /// few generic ones; evidence that says what else a line is says it is no caption:
    /// - the site profile's (`site.boilerplate`): a site's menu; with it, a page with a dozen profiled lines read
    ///   as a photo story and lost its article;
    /// - a furniture rule's (ids starting `widget.` or `notice.`: an interface's words, a site's notice about its
    ///   own service): on a page of short lines "Send your comments" read as one of a gallery's captions and was
    ///   kept. No rule of those families gave evidence when the shipped model was fitted.
    static func isCaptionLikeEvidence(_ rule: String) -> Bool {
        rule != SiteBoilerplateStage.ruleID && !rule.hasPrefix("widget.") && !rule.hasPrefix("notice.")
    }

    /// Input line numbers whose evidence the photo-story features read as a caption's (``isCaptionLikeEvidence(_:)``).
    static func captionLikeEvidence(_ byLine: [Int: [(rule: String, score: Double)]]) -> Set<Int> {
        Set(byLine.filter { $0.value.contains { isCaptionLikeEvidence($0.rule) } }.keys)
    }

    /// Input line numbers that a caption rule matched.
    static func captionLines(_ byLine: [Int: [(rule: String, score: Double)]]) -> Set<Int> {
        Set(byLine.filter { $0.value.contains { isCaptionRule($0.rule) } }.keys)
    }

    /// Evidence rules whose id starts with `spam.` add to the spam model's score (the spam stage), not to the
    /// line model: a news line that names a betting site is the spam model's to weigh.
    static func isSpamEvidence(_ rule: String) -> Bool { rule.hasPrefix("spam.") }

    /// The evidence rules' findings by input line number (each rule once per line), and the cut markers.
    static func evidence(of document: Document) -> (byLine: [Int: [(rule: String, score: Double)]], markers: CutMarkers) {
        var markers = CutMarkers()
        var evidenceByLine: [Int: [(rule: String, score: Double)]] = [:]
        for item in document.evidence where !isSpamEvidence(item.rule) {
            // A rule that matched a line twice (two markers, say) counts once.
            if evidenceByLine[item.line]?.contains(where: { $0.rule == item.rule }) != true {
                evidenceByLine[item.line, default: []].append((item.rule, item.score))
            }
            switch item.kind {
            case .cutToEnd: markers.cutToEnd = min(markers.cutToEnd ?? item.line, item.line)
            case .cutFromStart: markers.cutFromStart = max(markers.cutFromStart ?? item.line, item.line)
            case .line: break
            }
        }
        return (evidenceByLine, markers)
    }

    /// Scores the document's lines as they stand, from their features (`matrix`, measured when there is a model).
    func scores(of document: Document, evidence found: (byLine: [Int: [(rule: String, score: Double)]], markers: CutMarkers),
                matrix measured: FeatureMatrix?) -> [Scored] {
        let model = settings.model
        let evidenceByLine = found.byLine
        let lines = document.lines
        let evidence = lines.map { evidenceByLine[$0.number] ?? [] }
        guard let model else {
            // No model: the rules' points alone.
            return evidence.map { items in
                let top = items.filter { $0.score > 0 }.max { $0.score < $1.score }
                return Scored(score: items.reduce(0) { $0 + $1.score }, topRule: top?.rule,
                              contributions: explaining ? items.map { .init(name: "rule " + $0.rule, points: $0.score) } : [])
            }
        }
        guard var matrix = measured else { return lines.map { _ in Scored(score: 0) } }
        if let firstPass = model.firstPass {
            let first = lines.indices.map { Self.score(row: $0, of: matrix, evidence: SiteBoilerplateStage.firstPass(evidence[$0]), weights: firstPass) }
            LineFeature.fillSecondPass(&matrix, firstPass: first)
        }
        return lines.indices.map { index in
            let weights = model.secondPass
            let linear = Self.score(row: index, of: matrix, evidence: evidence[index], weights: weights)
            var score = linear
            var treeLeaves: [(name: String, points: Double)] = []
            if let trees = model.trees {
                score += matrix.withRow(index) { trees.points($0, linear: linear) }
                if explaining { treeLeaves = matrix.withRow(index) { trees.leaves($0, linear: linear) } }
            }
            var top: (rule: String, points: Double)?
            for item in evidence[index] {
                let points = weights.weight(ofRule: item.rule, score: item.score)
                if points > (top?.points ?? 0) { top = (item.rule, points) }
            }
            var contributions: [LineJudgement.Contribution] = []
            if explaining {
                let width = LineFeature.count
                for feature in LineFeature.allCases {
                    let points = weights.features[feature.rawValue] * matrix.values[index * width + feature.rawValue]
                    if points != 0 { contributions.append(.init(name: feature.name, points: points)) }
                }
                for item in evidence[index] {
                    contributions.append(.init(name: "rule " + item.rule, points: weights.weight(ofRule: item.rule, score: item.score)))
                }
                if !treeLeaves.isEmpty {
                    // All trees as one contribution, and the leaf that weighed most.
                    contributions.append(.init(name: "trees (\(treeLeaves.count))", points: score - linear))
                    contributions.append(.init(name: "trees: largest leaf " + treeLeaves[0].name, points: treeLeaves[0].points))
                }
                contributions.sort { abs($0.points) > abs($1.points) }
                contributions = Array(contributions.prefix(5))
            }
            return Scored(score: score, topRule: top?.rule, contributions: contributions)
        }
    }

    /// One pass's score of row `row`: bias, features, evidence.
    static func score(row: Int, of matrix: FeatureMatrix, evidence: [(rule: String, score: Double)], weights: LinearWeights) -> Double {
        var total = weights.bias
        let width = LineFeature.count
        matrix.values.withUnsafeBufferPointer { values in
            weights.features.withUnsafeBufferPointer { features in
                let base = row * width
                for feature in 0..<width { total += features[feature] * values[base + feature] }
            }
        }
        for item in evidence { total += weights.weight(ofRule: item.rule, score: item.score) }
        return total
    }
}
