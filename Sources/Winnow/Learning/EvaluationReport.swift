import Foundation

/// `winnow eval`'s printout: tables of body kept, junk removed and documents dropped, then which rules took body
/// lines, then the lines to look at.
public struct EvaluationReport: Sendable {
    public var evaluation: Evaluation
    /// How many lost body lines and kept junk lines to list.
    public var misses = 20
    public var bySite = false

    public init(_ evaluation: Evaluation, misses: Int = 20, bySite: Bool = false) {
        self.evaluation = evaluation
        self.misses = misses
        self.bySite = bySite
    }

    public var text: String {
        var out = ""
        out += Self.table(title: "set", rows: evaluation.bySet.sorted { $0.key < $1.key }, total: evaluation.total)
        out += "\n" + Self.table(title: "language", rows: evaluation.byLanguage.sorted { ($0.value.documents, $1.key) > ($1.value.documents, $0.key) },
                                 total: nil)
        if bySite {
            out += "\n" + Self.table(title: "site", rows: evaluation.bySite.sorted { $0.key < $1.key }, total: nil)
        }
        out += "\nrule                              body taken  junk removed\n"
        let rules = Set(evaluation.bodyTakenByRule.keys).union(evaluation.junkRemovedByRule.keys)
        for rule in rules.sorted(by: { (evaluation.bodyTakenByRule[$0] ?? 0, evaluation.junkRemovedByRule[$0] ?? 0, $1) > (evaluation.bodyTakenByRule[$1] ?? 0, evaluation.junkRemovedByRule[$1] ?? 0, $0) }) {
            out += Self.pad(rule, 32) + Self.left(String(evaluation.bodyTakenByRule[rule] ?? 0), 12)
                + Self.left(String(evaluation.junkRemovedByRule[rule] ?? 0), 14) + "\n"
        }
        if !evaluation.rejected.isEmpty {
            out += "\nrejected documents:\n"
            for (file, cause) in evaluation.rejected { out += "  \(file): \(cause)\n" }
        }
        if misses > 0 {
            let lost = evaluation.misses.filter { $0.label == .body }
            let kept = evaluation.misses.filter { $0.label == .junk }
            out += "\nbody lines lost (\(lost.count)), first \(min(misses, lost.count)):\n"
            for miss in lost.prefix(misses) {
                // A model's removal shows its score: how far past the threshold the line went.
                let score = miss.score.map { String(format: " %.2f", $0) } ?? ""
                out += "  \(miss.set)/\(miss.file):\(miss.line) [\(miss.rule ?? "?")\(score)] \(Self.clip(miss.text))\n"
            }
            out += "\njunk lines kept (\(kept.count)), first \(min(misses, kept.count)):\n"
            for miss in kept.prefix(misses) { out += "  \(miss.set)/\(miss.file):\(miss.line) \(Self.clip(miss.text))\n" }
            out += Self.pages(evaluation.pageMisses, misses: misses)
        }
        return out
    }

    /// The articles dropped (by which rule, and why), then the pages to drop that were kept, highest page score
    /// first: how near the document model came.
    static func pages(_ pageMisses: [Evaluation.PageMiss], misses: Int) -> String {
        var out = ""
        let articles = pageMisses.filter(\.articleDropped)
        out += "\narticles dropped (\(articles.count)), first \(min(misses, articles.count)):\n"
        for page in articles.prefix(misses) {
            out += "  \(page.set)/\(page.file) [\(page.rule ?? "?")] \(clip(page.reason ?? ""))\n"
        }
        let kept = pageMisses.filter { !$0.articleDropped }.sorted { ($0.score ?? -.infinity) > ($1.score ?? -.infinity) }
        out += "\npages to drop kept (\(kept.count)), first \(min(misses, kept.count)):\n"
        for page in kept.prefix(misses) {
            let score = page.score.map { score in String(format: "page score %.2f of %.2f", score, page.threshold ?? 0) }
                ?? "not weighed by the document model"
            out += "  \(page.set)/\(page.file) (\(score))\n"
        }
        return out
    }

    static func table(title: String, rows: [(key: String, value: Evaluation.Tally)], total: Evaluation.Tally?) -> String {
        var out = pad(title, 28) + "  docs   body kept        junk removed       meta removed   dropped  articles dropped\n"
        func line(_ name: String, _ tally: Evaluation.Tally) -> String {
            pad(name, 28) + left(String(tally.documents), 6)
                + left(share(tally.bodyKept, tally.bodyLines), 17) + left(share(tally.junkRemoved, tally.junkLines), 20)
                + left("\(tally.metadataRemoved)/\(tally.metadataLines)", 15)
                + left("\(tally.dropped)/\(tally.toDrop)", 10) + left(String(tally.articlesDropped), 18) + "\n"
        }
        for (name, tally) in rows { out += line(name, tally) }
        if let total { out += line("all", total) }
        return out
    }

    static func share(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "-" : String(format: "%.3f (%d/%d)", Double(part) / Double(whole), part, whole)
    }

    public static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width - 1)) + " " : text + String(repeating: " ", count: width - text.count)
    }

    public static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }

    public static func clip(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\t", with: " ")
        return flat.count > 110 ? String(flat.prefix(107)) + "..." : flat
    }
}
