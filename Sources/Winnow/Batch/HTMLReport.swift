/// The report of a clean run as one self-contained HTML page, for people to look at: the counts, a bar chart of
/// removals by rule, the length distributions before and after, samples of what each rule removed, and the
/// dropped and rejected documents. Inline CSS and SVG only: no script, nothing fetched. Deterministic, like the
/// JSON report it stands beside (same figures, no times).
public struct HTMLReport: Sendable {
    public static let fileName = "winnow-report.html"

    public var report: CleanReport

    public init(_ report: CleanReport) {
        self.report = report
    }

    /// The rules that touched something, most hits first (then by id).
    var firedRules: [(rule: String, hits: Int)] {
        report.hits.filter { $0.value > 0 }.map { (rule: $0.key, hits: $0.value) }
            .sorted { ($0.hits, $1.rule) > ($1.hits, $0.rule) }
    }

    public var html: String {
        var page = HTMLWriter()
        page.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        page.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        page.raw("<title>Winnow report</title><style>\(Self.style)</style></head>\n<body>\n")
        page.element("h1", text: "Winnow report")
        counts(&page)
        removals(&page)
        lengths(&page)
        samples(&page)
        entries(&page, id: "dropped", title: "Dropped documents", columns: ["Document", "Rule", "Reason"], report.dropped.listed, count: report.dropped.count) { [$0.source, $0.rule ?? "", $0.reason] }
        entries(&page, id: "rejected", title: "Rejected documents", columns: ["Document", "Line", "Cause"], report.rejected.listed, count: report.rejected.count) { [$0.source, $0.line.map(String.init) ?? "", $0.reason] }
        if !report.skipped.isEmpty {
            entries(&page, id: "skipped", title: "Skipped names", columns: ["Name", "Reason"], report.skipped, count: report.skipped.count) { [$0.source, $0.reason] }
        }
        page.raw("\n</body></html>\n")
        return page.html
    }

    private func counts(_ page: inout HTMLWriter) {
        page.element("section", ["id": "counts"]) { page in
            page.element("h2", text: "Documents")
            page.element("table", ["class": "counts"]) { page in
                for (id, name, value) in [("in", "In", report.documentsIn), ("written", "Written", report.written),
                                          ("dropped", "Dropped", report.dropped.count), ("rejected", "Rejected", report.rejected.count)] {
                    page.element("tr") { page in
                        page.element("th", text: name)
                        page.element("td", ["id": "count-\(id)", "class": "number"], text: String(value))
                    }
                }
            }
            var notes: [String] = []
            if report.replacements > 0 { notes.append("\(report.replacements) invalid UTF-8 sequences replaced") }
            let encodings = report.encodings.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            if !encodings.isEmpty { notes.append("Encodings: " + encodings.joined(separator: ", ")) }
            if let shards = report.shards { notes.append("\(shards.count) shard\(shards.count == 1 ? "" : "s")") }
            for note in notes { page.element("p", text: note) }
        }
    }

    private func removals(_ page: inout HTMLWriter) {
        let rules = firedRules
        page.element("section", ["id": "removals"]) { page in
            page.element("h2", text: "Removals by rule")
            if rules.isEmpty {
                page.element("p", text: "No rule touched anything.")
            } else {
                SVGChart.bars(rules.map { ($0.rule, $0.hits) }, into: &page)
                page.element("table", ["class": "hits"]) { page in
                    page.raw("<tr><th>Rule</th><th>Lines or documents</th></tr>")
                    for (rule, hits) in rules {
                        page.element("tr") { page in
                            page.element("td") { $0.element("a", ["href": "#rule-\(rule)"], text: rule) }
                            page.element("td", ["class": "number", "data-rule": rule], text: String(hits))
                        }
                    }
                }
            }
            let never = report.neverFired
            if !never.isEmpty {
                page.element("details") { page in
                    page.element("summary", text: "\(never.count) rules never fired")
                    page.element("p", text: never.joined(separator: ", "))
                }
            }
        }
    }

    private func lengths(_ page: inout HTMLWriter) {
        page.element("section", ["id": "lengths"]) { page in
            page.element("h2", text: "Document lengths (Unicode scalars)")
            page.element("p", text: "Before: every document read (\(report.lengthsBefore.total)). After: the written ones (\(report.lengthsAfter.total)).")
            SVGChart.histograms(before: report.lengthsBefore, after: report.lengthsAfter, into: &page)
        }
    }

    private func samples(_ page: inout HTMLWriter) {
        var byRule: [String: [CleanReport.Sample]] = [:]
        for sample in report.samples { byRule[sample.rule, default: []].append(sample) }
        page.element("section", ["id": "samples"]) { page in
            page.element("h2", text: "Samples of removed lines")
            page.element("p", text: "The first \(CleanReport.Sample.perRule) lines each rule touched, in input order.")
            for (rule, hits) in firedRules {
                guard let samples = byRule[rule] else { continue }
                page.element("h3", ["id": "rule-\(rule)"], text: "\(rule) (\(hits))")
                page.element("table", ["class": "samples"]) { page in
                    page.raw("<tr><th>Document:line</th><th>Edit</th><th>Text</th></tr>")
                    for sample in samples {
                        page.element("tr") { page in
                            page.element("td", text: "\(sample.source):\(sample.line)")
                            page.element("td", text: sample.kind)
                            page.element("td") { $0.element("code", text: sample.text) }
                        }
                    }
                }
            }
        }
    }

    /// A table of `list`, the first of `count` documents (the rest are in the run's files, not in memory).
    private func entries(_ page: inout HTMLWriter, id: String, title: String, columns: [String], _ list: [CleanReport.Entry],
                         count: Int, cells: (CleanReport.Entry) -> [String]) {
        page.element("section", ["id": id]) { page in
            page.element("h2", text: "\(title) (\(count))")
            if count > list.count {
                page.element("p", text: "The first \(list.count) in input order; all \(count) are in the dropped-documents or rejects file.")
            }
            guard !list.isEmpty else {
                page.element("p", text: "None.")
                return
            }
            page.element("table", ["class": "entries"]) { page in
                page.element("tr") { page in for column in columns { page.element("th", text: column) } }
                for entry in list {
                    page.element("tr") { page in for cell in cells(entry) { page.element("td", text: cell) } }
                }
            }
        }
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}\
        h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}h3{font-size:1em}\
        table{border-collapse:collapse;margin:.5em 0}th,td{text-align:left;padding:.15em .6em;border-bottom:1px solid #eee;vertical-align:top}\
        td.number{text-align:right;font-variant-numeric:tabular-nums}\
        code{white-space:pre-wrap;word-break:break-word;background:#f6f6f6}\
        svg text{font:11px system-ui,sans-serif;fill:#222}.bar{fill:#4a7ab5}.before{fill:#9bb4d4}.after{fill:#2e5e99}
        """
}

/// Inline SVG charts for ``HTMLReport``: sizes and positions are computed here, text goes through the writer.
enum SVGChart {
    /// A horizontal bar per (label, value), in the given order.
    static func bars(_ rows: [(String, Int)], into page: inout HTMLWriter) {
        let labelWidth = 260, barWidth = 420, rowHeight = 18
        let height = rows.count * rowHeight + 4
        let largest = max(rows.map(\.1).max() ?? 1, 1)
        page.open("svg", ["class": "chart", "role": "img", "aria-label": "Removals by rule",
                          "width": String(labelWidth + barWidth + 60), "height": String(height),
                          "xmlns": "http://www.w3.org/2000/svg"])
        for (index, (label, value)) in rows.enumerated() {
            let y = index * rowHeight + 2
            let width = max(1, value * barWidth / largest)
            page.element("text", ["x": String(labelWidth - 6), "y": String(y + 13), "text-anchor": "end"], text: label)
            page.element("rect", ["class": "bar", "x": String(labelWidth), "y": String(y + 2), "width": String(width), "height": String(rowHeight - 4)]) { _ in }
            page.element("text", ["x": String(labelWidth + width + 4), "y": String(y + 13)], text: String(value))
        }
        page.close("svg")
    }

    /// A bucket's lower bound, short enough for a column: "0", "1", "2", ..., "512", "1k", ..., "1M+".
    static func shortLabel(of bucket: Int) -> String {
        guard bucket > 0 else { return "0" }
        let lower = 1 << (bucket - 1)
        let text = lower >= 1 << 20 ? "\(lower >> 20)M" : lower >= 1 << 10 ? "\(lower >> 10)k" : String(lower)
        return bucket == LengthHistogram.bucketCount - 1 ? text + "+" : text
    }

    /// Two histograms side by side per bucket, from the first bucket either uses to the last.
    static func histograms(before: LengthHistogram, after: LengthHistogram, into page: inout HTMLWriter) {
        let used = before.counts.indices.filter { before.counts[$0] > 0 || after.counts[$0] > 0 }
        guard let first = used.first, let last = used.last else {
            page.element("p", text: "No documents.")
            return
        }
        let buckets = Array(first...last)
        let columnWidth = 44, plotHeight = 160, top = 20, bottom = 40
        let largest = max(buckets.map { max(before.counts[$0], after.counts[$0]) }.max() ?? 1, 1)
        page.open("svg", ["class": "chart", "role": "img", "aria-label": "Document lengths before and after",
                          "width": String(buckets.count * columnWidth + 20), "height": String(top + plotHeight + bottom),
                          "xmlns": "http://www.w3.org/2000/svg"])
        for (index, bucket) in buckets.enumerated() {
            let x = 10 + index * columnWidth
            for (offset, (count, kind)) in [(before.counts[bucket], "before"), (after.counts[bucket], "after")].enumerated() {
                let height = count * plotHeight / largest
                let barX = x + 4 + offset * 18
                page.element("rect", ["class": kind, "x": String(barX), "y": String(top + plotHeight - height), "width": "16",
                                      "height": String(height)]) { page in
                    page.element("title", text: "\(kind): \(count) documents of \(LengthHistogram.label(of: bucket)) scalars")
                }
                if count > 0 {
                    page.element("text", ["x": String(barX + 8), "y": String(top + plotHeight - height - 3), "text-anchor": "middle"], text: String(count))
                }
            }
            page.element("text", ["x": String(x + 22), "y": String(top + plotHeight + 14), "text-anchor": "middle"],
                         text: shortLabel(of: bucket))
        }
        let legendY = top + plotHeight + 32
        page.raw("<rect class=\"before\" x=\"10\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\"/>")
        page.element("text", ["x": "24", "y": String(legendY)], text: "before")
        page.raw("<rect class=\"after\" x=\"80\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\"/>")
        page.element("text", ["x": "94", "y": String(legendY)], text: "after")
        page.close("svg")
    }
}
