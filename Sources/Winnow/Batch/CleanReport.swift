/// What a clean run did, counted so that it reconciles: in = written + dropped + rejected.
public struct CleanReport: Sendable {
    public struct Entry: Sendable, Equatable {
        public var source: String
        public var rule: String?
        public var reason: String
        public var line: Int?
    }

    public var documentsIn = 0
    public var written = 0
    /// Of `written`: outputs that already existed with the same content and were left as they were.
    public var unchanged = 0
    public var dropped: [Entry] = []
    public var rejected: [Entry] = []
    /// Lines (or documents, for drop_document rules) each rule touched.
    public var hits: [String: Int] = [:]
    /// Rule ids in file order, to list the ones that never fired.
    public var ruleIDs: [String] = []
    public var replacements = 0
    /// Documents per input encoding ("UTF-8", "UTF-16LE", "windows-1258", ...).
    public var encodings: [String: Int] = [:]
    /// Documents whose encoding the charset detector chose, with its confidence, and documents with invalid
    /// UTF-8, with the lines that held it.
    public var detected: [Entry] = []
    public var invalidUTF8: [Entry] = []
    /// Names in input folders that were not read because they are not regular files (FIFOs, sockets, devices),
    /// with the reason. Not documents: they are not counted in `documentsIn`.
    public var skipped: [Entry] = []
    /// Inputs not read again because `--resume` found their output complete.
    public var resumed = 0
    /// True when some failure was about reading or writing files rather than their content.
    public var ioFailure = false
    /// True when the output folder was locked by another run: the run did nothing.
    public var outputBusy = false
    /// With `--shards`: the shards written, in order (nil otherwise).
    public var shards: [ShardWriter.Shard]?

    public init(ruleIDs: [String] = []) {
        self.ruleIDs = ruleIDs
    }

    public var neverFired: [String] { ruleIDs.filter { hits[$0, default: 0] == 0 } }
    public var reconciles: Bool { documentsIn == written + dropped.count + rejected.count }

    /// The exit code that sums up the run: see ``ExitCode``.
    public var exitCode: ExitCode {
        if outputBusy { return .outputBusy }
        if ioFailure { return .ioFailure }
        return rejected.isEmpty ? .ok : .someRejected
    }

    mutating func count(_ document: Document) {
        for edit in document.edits { hits[edit.rule, default: 0] += 1 }
        if let dropped = document.dropped { hits[dropped.rule, default: 0] += 1 }
        replacements += document.decoding.replacements
        encodings[document.decoding.encoding, default: 0] += 1
        if let confidence = document.decoding.detectedConfidence {
            detected.append(.init(source: document.source, rule: nil,
                                  reason: "\(document.decoding.encoding) (confidence \(confidence))"))
        }
        if document.decoding.replacements > 0 {
            let lines = document.decoding.linesWithReplacements.map(String.init).joined(separator: ", ")
            invalidUTF8.append(.init(source: document.source, rule: nil,
                                     reason: "\(document.decoding.replacements) invalid sequences on lines \(lines)",
                                     line: document.decoding.linesWithReplacements.first))
        }
    }

    /// The report as one JSON object. Deterministic: no times, keys in a fixed order, and nothing that depends
    /// on what the output folder held before (unchanged outputs and resumed inputs are told on the terminal),
    /// so re-running a job over the same inputs rewrites the same report.
    public var json: String {
        var top = JSONObjectWriter()
        var counts = JSONObjectWriter()
        counts.add("in", raw: String(documentsIn))
        counts.add("written", raw: String(written))
        counts.add("dropped", raw: String(dropped.count))
        counts.add("rejected", raw: String(rejected.count))
        top.add("documents", raw: counts.json)
        var encodingObject = JSONObjectWriter()
        for (name, count) in encodings.sorted(by: { $0.key < $1.key }) { encodingObject.add(name, raw: String(count)) }
        top.add("encodings", raw: encodingObject.json)
        top.add("invalid_utf8_sequences", raw: String(replacements))
        var hitsObject = JSONObjectWriter()
        for id in ruleIDs + hits.keys.filter({ !ruleIDs.contains($0) }).sorted() {
            hitsObject.add(id, raw: String(hits[id, default: 0]))
        }
        top.add("hits", raw: hitsObject.json)
        top.add("never_fired", raw: JSON.array(neverFired.map(JSON.string)))
        func entries(_ list: [Entry]) -> String {
            JSON.array(list.map { entry in
                var item = JSONObjectWriter()
                item.add("source", raw: JSON.string(entry.source))
                if let rule = entry.rule { item.add("rule", raw: JSON.string(rule)) }
                if let line = entry.line { item.add("line", raw: String(line)) }
                item.add("reason", raw: JSON.string(entry.reason))
                return item.json
            })
        }
        top.add("dropped", raw: entries(dropped))
        top.add("rejected", raw: entries(rejected))
        top.add("detected_encodings", raw: entries(detected))
        top.add("invalid_utf8", raw: entries(invalidUTF8))
        // Only when something was skipped, so that reports of ordinary runs keep their shape.
        if !skipped.isEmpty { top.add("skipped", raw: entries(skipped)) }
        if let shards {
            top.add("shards", raw: JSON.array(shards.map { shard in
                var item = JSONObjectWriter()
                item.add("name", raw: JSON.string(shard.name))
                item.add("records", raw: String(shard.records))
                item.add("bytes", raw: String(shard.bytes))
                item.add("stored_bytes", raw: String(shard.storedBytes))
                return item.json
            }))
        }
        return top.json
    }

    /// A few human lines for the terminal; `verbose` adds detected encodings and lines with invalid UTF-8.
    public func summary(verbose: Bool = false) -> String {
        var text = "\(documentsIn) in, \(written) written (\(unchanged) unchanged), \(dropped.count) dropped, \(rejected.count) rejected"
        if resumed > 0 { text += ", \(resumed) inputs resumed" }
        if !skipped.isEmpty { text += ", \(skipped.count) skipped" }
        if let shards { text += "; \(shards.count) shard\(shards.count == 1 ? "" : "s")" }
        if replacements > 0 { text += "; \(replacements) invalid UTF-8 sequences replaced" }
        for entry in skipped { text += "\nskipped: \(entry.source): \(entry.reason)" }
        for entry in rejected {
            // A JSONL record's source ("path:N") already names its line.
            let location = entry.line.map { entry.source.hasSuffix(":\($0)") ? entry.source : "\(entry.source):\($0)" } ?? entry.source
            text += "\nrejected: \(location): \(entry.reason)"
        }
        if verbose {
            for entry in detected { text += "\ndetected: \(entry.source): \(entry.reason)" }
            for entry in invalidUTF8 { text += "\ninvalid UTF-8: \(entry.source): \(entry.reason)" }
        }
        return text
    }
}

/// Exit codes of `winnow`, documented in the README.
public enum ExitCode: Int32, Sendable {
    /// Everything was cleaned (some documents may have been dropped on purpose by rules).
    case ok = 0
    /// Some documents were rejected (bad bytes, malformed records, a runaway rule); the rest were written.
    case someRejected = 1
    /// Bad command line or a bad rules file; nothing was touched.
    case usage = 2
    /// A file could not be read or written.
    case ioFailure = 3
    /// `winnow test` found failing examples or fixtures.
    case testsFailed = 4
    /// The output folder is in use by another run; nothing was touched.
    case outputBusy = 5
}
