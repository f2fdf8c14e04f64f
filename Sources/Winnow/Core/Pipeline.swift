import WinnowICU

/// The cleaning pipeline, built from a rules file:
///
///     bytes -> decode -> normalize -> spam -> strip -> extract -> join -> judge -> segment -> filter -> write
///                        (ICU)        (model)  (rules)  (rules)           (model)   (ICU)      (rules)
///
/// The rules file's `pipeline:` list says which stages run and in what order (decode first, write last).
/// A pipeline holds ICU objects that are not thread-safe: build one per worker from the same ``RuleSet``.
public final class Pipeline {
    public let ruleSet: RuleSet
    public let stages: [any Stage]
    public let format: OutputFormat

    /// `explaining` keeps the judge's reasons for every line in the document (``Document/judgements``), and the
    /// spam model's scores of the lines it kept within `spamMargin` points of its threshold (``Document/spamNearMisses``).
    public init(ruleSet: RuleSet, format: OutputFormat = .text, decode: DecodeOptions? = nil,
                textField: String = "text", idField: String = "id", explaining: Bool = false,
                spamMargin: Double = SpamStage.nearMissMargin) throws(Rejection) {
        self.ruleSet = ruleSet
        self.format = format
        let folder: TokenFolder
        do { folder = try TokenFolder() } catch { throw Rejection(.internalError, error.description) }
        var stages: [any Stage] = []
        for name in ruleSet.pipeline {
            switch name {
            case .decode: stages.append(DecodeStage(options: decode ?? ruleSet.decode))
            case .normalize: stages.append(try NormalizeStage(options: ruleSet.normalize))
            case .join: stages.append(JoinStage())
            case .spam: stages.append(try SpamStage(rules: ruleSet.rules, model: ruleSet.judge.spamModel, extract: ruleSet.extract,
                                                    folder: folder, explaining: explaining, explainMargin: spamMargin))
            case .strip: stages.append(try StripStage(rules: ruleSet.rules, extract: ruleSet.extract, folder: folder))
            case .extract: stages.append(try ExtractStage(rules: ruleSet.rules, extract: ruleSet.extract, folder: folder))
            case .judge: stages.append(JudgeStage(settings: ruleSet.judge, explaining: explaining, urlField: ruleSet.corpus.siteField))
            case .segment: stages.append(try SegmentStage(options: ruleSet.segment))
            case .filter: stages.append(try FilterStage(rules: ruleSet.rules, extract: ruleSet.extract, folder: folder))
            case .write: stages.append(WriteStage(format: format, textField: textField, idField: idField))
            }
        }
        self.stages = CorpusSettings.insert(into: stages, ruleSet: ruleSet)
    }

    /// Runs every stage on `document`. Throws when the document must be rejected.
    public func run(_ document: inout Document) throws(Rejection) {
        for stage in stages {
            if document.dropped != nil && stage.name != .write { continue }
            try stage.run(&document)
        }
    }

    /// Cleans raw bytes into a finished document. `url`: the page's address, as a JSONL record's URL field
    /// (``CorpusSettings/siteField``) gives it: the judge reads a listing's address (``ListingAddress``) and the
    /// site profile its host.
    public func clean(id: String, source: String, bytes: [UInt8], url: String? = nil) throws(Rejection) -> Document {
        var document = Document(id: id, source: source, bytes: bytes)
        if let url, !url.isEmpty { document.setField(ruleSet.corpus.siteField, string: url) }
        try run(&document)
        return document
    }
}
