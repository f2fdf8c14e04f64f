import Synchronization

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
    public var dropped = EntryList()
    public var rejected = EntryList()
    /// Lines (or documents, for drop_document rules) each rule touched.
    public var hits: [String: Int] = [:]
    /// Rule ids in file order, to list the ones that never fired.
    public var ruleIDs: [String] = []
    public var replacements = 0
    /// Documents per input encoding ("UTF-8", "UTF-16LE", "windows-1258", ...).
    public var encodings: [String: Int] = [:]
    /// Documents whose encoding the charset detector chose, with its confidence, and documents with invalid
    /// UTF-8, with the lines that held it.
    public var detected = EntryList()
    public var invalidUTF8 = EntryList()
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
    /// The first ``Sample/perRule`` lines each rule removed, in input order, for the HTML report (not in the JSON).
    public var samples: [Sample] = []
    /// How many of `samples` each rule has, so that the cap is checked without scanning them.
    var samplesPerRule: [String: Int] = [:]
    /// Documents by length before cleaning (all of them but the rejected) and after (the written ones), in
    /// ``LengthHistogram`` buckets.
    public var lengthsBefore = LengthHistogram()
    public var lengthsAfter = LengthHistogram()

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
        for edit in document.edits {
            hits[edit.rule, default: 0] += 1
            addSample(Sample(rule: edit.rule, source: document.source, line: edit.line, kind: edit.kind.name, text: edit.text))
        }
        lengthsBefore.add(LengthHistogram.scalars(in: document.text[...]))
        if document.dropped == nil {
            var kept = 0
            for line in document.lines { kept += LengthHistogram.scalars(in: document.text[line.range]) }
            // The kept lines and the line breaks between them.
            lengthsAfter.add(kept + max(document.lines.count - 1, 0))
        }
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
        func entries(_ list: EntryList) -> String { entries(list.listed) }
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
        // Only when a list was cut, so that reports of ordinary runs keep their shape.
        for (key, list) in [("dropped", dropped), ("rejected", rejected), ("detected_encodings", detected), ("invalid_utf8", invalidUTF8)]
        where list.unlisted > 0 {
            top.add(key + "_not_listed", raw: String(list.unlisted))
        }
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
        for entry in rejected.listed {
            // A JSONL record's source ("path:N") already names its line.
            let location = entry.line.map { entry.source.hasSuffix(":\($0)") ? entry.source : "\(entry.source):\($0)" } ?? entry.source
            text += "\nrejected: \(location): \(entry.reason)"
        }
        if rejected.unlisted > 0 { text += "\n... and \(rejected.unlisted) more rejected (all in the rejects file, with their causes)" }
        if verbose {
            for entry in detected.listed { text += "\ndetected: \(entry.source): \(entry.reason)" }
            for entry in invalidUTF8.listed { text += "\ninvalid UTF-8: \(entry.source): \(entry.reason)" }
        }
        return text
    }
}

extension CleanReport {
    /// The documents of one kind (dropped, rejected, with a detected encoding, with invalid UTF-8): every one
    /// counted, the first ``limit`` in input order listed. The list is what the report shows; the whole of it
    /// is in the `--dropped` and rejects files, so memory stays bounded however many documents a batch drops.
    public struct EntryList: Sendable, Equatable {
        public static let limit = 1000

        public private(set) var count = 0
        public private(set) var listed: [Entry] = []
        /// The batch positions of `listed` when entries arrive out of input order (rejections found by workers).
        private var positions: [Int] = []

        public init() {}

        public var isEmpty: Bool { count == 0 }
        /// Counted but not listed.
        public var unlisted: Int { count - listed.count }

        /// Counts `entry`, listing it while the list has room (entries in input order).
        public mutating func append(_ entry: Entry) {
            count += 1
            if listed.count < Self.limit { listed.append(entry) }
        }

        /// Counts `entry`, found at `position` in the batch, and keeps listed the first ``limit`` by position
        /// (at most twice that held between two trims).
        mutating func append(_ entry: Entry, at position: Int) {
            count += 1
            listed.append(entry)
            positions.append(position)
            if listed.count >= 2 * Self.limit { trimByPosition() }
        }

        /// Orders the entries listed with positions by position and keeps the first ``limit``.
        mutating func trimByPosition() {
            guard positions.count == listed.count else { return }
            let order = positions.indices.sorted { (positions[$0], $0) < (positions[$1], $1) }.prefix(Self.limit)
            listed = order.map { listed[$0] }
            positions = order.map { positions[$0] }
        }

        public static func += (left: inout EntryList, right: EntryList) {
            left.count += right.count
            left.listed += right.listed.prefix(max(0, Self.limit - left.listed.count))
        }

        /// The part counted after `earlier` (an earlier copy of this list).
        func since(_ earlier: EntryList) -> EntryList {
            var part = EntryList()
            part.count = count - earlier.count
            part.listed = Array(listed[min(earlier.listed.count, listed.count)...])
            return part
        }

        /// A list read back from a journal: `listed` and the count, at least their number.
        init(listed: [Entry], count: Int?) {
            self.listed = Array(listed.prefix(Self.limit))
            self.count = max(count ?? listed.count, listed.count)
        }
    }

    /// A line a rule removed (or changed), with where it was; its text cut to ``maxCharacters``.
    public struct Sample: Sendable, Equatable {
        /// Samples kept per rule.
        public static let perRule = 5
        public static let maxCharacters = 200

        public var rule: String
        public var source: String
        public var line: Int
        /// The edit's kind ("dropped", "trimmed", "cut", ...).
        public var kind: String
        public var text: String

        public init(rule: String, source: String, line: Int, kind: String, text: String) {
            self.rule = rule
            self.source = source
            self.line = line
            self.kind = kind
            self.text = text.count > Self.maxCharacters ? String(text.prefix(Self.maxCharacters)) + "…" : text
        }
    }

    /// Forgets the samples of `rules` (rules whose samples the batch has all, from inputs before this one).
    mutating func dropSamples(of rules: Set<String>) {
        guard !rules.isEmpty, samples.contains(where: { rules.contains($0.rule) }) else { return }
        samples.removeAll { rules.contains($0.rule) }
        for rule in rules { samplesPerRule[rule] = nil }
    }

    /// Keeps `sample` unless its rule has ``Sample/perRule`` already: the first ones in input order.
    mutating func addSample(_ sample: Sample) {
        let count = samplesPerRule[sample.rule, default: 0]
        guard count < Sample.perRule else { return }
        samplesPerRule[sample.rule] = count + 1
        samples.append(sample)
    }
}

/// The rules whose samples a batch has all (``CleanReport/Sample/perRule`` of them, from the inputs counted so
/// far, which come before any input a worker is cleaning): workers leave those out of an input's tally, so that
/// journal lines do not carry samples that can never be shown. Only grows; read by workers, written by the
/// thread that counts.
final class SampleGate: Sendable {
    private let full = Mutex<Set<String>>([])

    var rules: Set<String> { full.withLock { $0 } }

    /// Notes which of `rules` the report now has all the samples of.
    func update(_ rules: some Sequence<String>, in report: CleanReport) {
        let filled = rules.filter { report.samplesPerRule[$0, default: 0] >= CleanReport.Sample.perRule }
        guard !filled.isEmpty else { return }
        full.withLock { $0.formUnion(filled) }
    }
}

/// Documents counted by length in Unicode scalars, in fixed buckets: 0, then powers of two ([1, 2), [2, 4),
/// [4, 8), ...), the last bucket holding everything from 2^20 on. Fixed, so that parts of a batch add up.
public struct LengthHistogram: Sendable, Equatable {
    public static let bucketCount = 22
    public var counts = [Int](repeating: 0, count: bucketCount)

    public init() {}

    public var total: Int { counts.reduce(0, +) }

    /// The bucket of a length: 0 for 0, else 1 + the position of its highest bit, capped.
    public static func bucket(of length: Int) -> Int {
        length <= 0 ? 0 : min(Int.bitWidth - length.leadingZeroBitCount, bucketCount - 1)
    }

    /// The lengths a bucket holds, as a label ("0", "1", "2–3", "4–7", ..., "≥ 1048576").
    public static func label(of bucket: Int) -> String {
        switch bucket {
        case 0: "0"
        case 1: "1"
        case bucketCount - 1: "≥ \(1 << (bucket - 1))"
        default: "\(1 << (bucket - 1))–\((1 << bucket) - 1)"
        }
    }

    public mutating func add(_ length: Int) { counts[Self.bucket(of: length)] += 1 }

    public mutating func add(_ other: LengthHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
    }

    public func subtracting(_ other: LengthHistogram) -> LengthHistogram {
        var result = self
        for index in counts.indices { result.counts[index] -= other.counts[index] }
        return result
    }

    /// Unicode scalars in valid UTF-8: the bytes that do not continue a sequence.
    /// Eight bytes at a time: a continuation byte is the one whose top bit is set and whose next bit is not.
    /// Every document's text and kept lines pass through here for the report, so a byte loop showed as 6% of
    /// the stream's time.
    static func scalars(in bytes: ArraySlice<UInt8>) -> Int {
        bytes.withUnsafeBytes { raw in
            let count = raw.count
            var continuations = 0, index = 0
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                index += 8
            }
            while index < count {
                if raw[index] & 0xC0 == 0x80 { continuations += 1 }
                index += 1
            }
            return count - continuations
        }
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
