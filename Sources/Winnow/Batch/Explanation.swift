/// The fate of every input line of a document: kept, dropped, cut, trimmed, extracted or blank, and by which rule.
public struct LineFate: Sendable, Equatable {
    public var line: Int
    /// "kept", "blank", "dropped", "cut", "trimmed", "extracted:FIELD", "dropped-document".
    public var fate: String
    public var rule: String?
    /// The input line as decoded (for kept lines, the cleaned text).
    public var text: String
    /// The judge's score of the line and the contributions that weighed most, when the judge weighed it.
    public var judgement: LineJudgement?
    /// The spam model's score of a line it kept when the score came near its threshold (a near miss).
    public var spam: LineJudgement?
    /// What corpus-level evidence says of the line ("seen on 412 of 430 pages of this site (example.com)").
    public var note: String?

    public init(line: Int, fate: String, rule: String?, text: String, judgement: LineJudgement? = nil) {
        self.line = line
        self.fate = fate
        self.rule = rule
        self.text = text
        self.judgement = judgement
    }

    /// The fate as one JSON object: {"line", "fate", "rule", "text"}.
    public var json: String {
        var item = JSONObjectWriter()
        item.add("line", raw: String(line))
        item.add("fate", raw: JSON.string(fate))
        item.add("rule", raw: rule.map(JSON.string) ?? "null")
        item.add("text", raw: JSON.string(text))
        if let judgement { judgement.addScore(to: &item) }
        if let spam {
            item.add("spam_score", raw: String(format: "%.3f", spam.score))
            item.add("spam_threshold", raw: String(format: "%.3f", spam.threshold))
        }
        if let note { item.add("note", raw: JSON.string(note)) }
        return item.json
    }
}

extension LineJudgement {
    /// Its score, threshold and contributions as the fields `"score"`, `"threshold"` and `"contributions"` of a
    /// JSON object (a line's in `explain --format jsonl`, and the page's).
    func addScore(to item: inout JSONObjectWriter) {
        item.add("score", raw: String(format: "%.3f", score))
        item.add("threshold", raw: String(format: "%.3f", threshold))
        var parts = JSONObjectWriter()
        for contribution in contributions { parts.add(contribution.name, raw: String(format: "%.3f", contribution.points)) }
        item.add("contributions", raw: parts.json)
    }
}

public enum Explanation {
    /// The document's part of `explain --format jsonl`, after its lines: one object
    /// `{"document": {"metadata": {...}, "dropped": {"rule", "reason"} or null, "page": {"score", "threshold",
    /// "contributions"}}}` (`page`: the document model's score, when it weighed the page), what the plain format
    /// prints as its closing `#` lines.
    public static func documentJSON(_ document: Document) -> String {
        var out = JSONWriter()
        out.beginObject()
        out.key("document")
        out.beginObject()
        out.key("metadata")
        document.metadata.write(to: &out)
        out.key("dropped")
        if let dropped = document.dropped { dropped.write(to: &out) } else { out.raw("null") }
        if let page = document.pageJudgement {
            var item = JSONObjectWriter()
            page.addScore(to: &item)
            out.key("page")
            out.raw(item.json)
        }
        out.endObject()
        out.endObject()
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Every line of `bytes` with what the pipeline did to it.
    /// `source` names the input (its folder is the document's site for a site profile).
    /// `passthrough`: the other fields of the JSONL record explained (its `url` tells a listing by its address);
    /// `url`: the page's address given apart, in the field the rules read it from (``CorpusSettings/siteField``).
    public static func fates(of bytes: [UInt8], pipeline: Pipeline, source: String = "explain",
                             passthrough: [(key: String, json: String)] = [], url: String? = nil) throws(Rejection) -> (document: Document, lines: [LineFate]) {
        var document = Document(id: "explain", source: source, bytes: bytes)
        document.passthrough = passthrough
        if let url { document.setField(pipeline.ruleSet.corpus.siteField, string: url) }
        try pipeline.run(&document)
        var raw = Document(id: "raw", source: "raw", bytes: bytes)
        try DecodeStage(options: pipeline.ruleSet.decode).run(&raw)
        let rawText = Dictionary(raw.lines.map { ($0.number, raw.text(of: $0)) }, uniquingKeysWith: { first, _ in first })
        let lastLine = max(raw.lines.last?.number ?? 0, document.edits.map(\.line).max() ?? 0)
        var edits: [Int: Edit] = [:]
        for edit in document.edits where edits[edit.line] == nil || edits[edit.line]?.kind == .trimmed {
            edits[edit.line] = edit
        }
        let kept = Dictionary(document.lines.map { ($0.number, document.text(of: $0)) }, uniquingKeysWith: { first, _ in first })
        var fates: [LineFate] = []
        let judgements = Dictionary(document.judgements.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
        let nearMisses = Dictionary(document.spamNearMisses.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
        guard lastLine > 0 else { return (document, []) }
        for number in 1...lastLine {
            let text = rawText[number] ?? ""
            if let edit = edits[number], kept[number] == nil || edit.kind == .trimmed {
                let fate = edit.rule == "normalize.blank" ? "blank" : edit.kind.name
                fates.append(LineFate(line: number, fate: fate, rule: edit.rule == "normalize.blank" ? nil : edit.rule, text: text,
                                      judgement: judgements[number]))
            } else if let keptText = kept[number] {
                let fate = document.dropped == nil ? "kept" : "dropped-document"
                fates.append(LineFate(line: number, fate: fate, rule: document.dropped?.rule, text: keptText, judgement: judgements[number]))
            } else {
                fates.append(LineFate(line: number, fate: "blank", rule: nil, text: text))
            }
        }
        for index in fates.indices { fates[index].spam = nearMisses[fates[index].line] }
        return (document, fates)
    }
}
