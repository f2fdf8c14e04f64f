import Foundation

/// Finds lines that survive cleaning yet recur across many documents of a batch: the signature of boilerplate
/// the rules miss. `winnow suggest` prints them as rules ready to paste.
public struct BoilerplateFinder {
    public struct Finding: Sendable, Equatable {
        /// The line as it stands after normalisation.
        public var line: String
        /// Documents the line occurs in (each counted once).
        public var documents: Int
        /// Up to three of those documents' sources.
        public var samples: [String]
    }

    /// Lines longer than this are article text, not furniture, even when syndicated. Forty: footers and
    /// newsroom notices run past twenty words.
    public var maxWords = 40
    private var counts: [String: (documents: Int, samples: [String])] = [:]
    public private(set) var documentsSeen = 0

    public init(maxWords: Int = 40) {
        self.maxWords = maxWords
    }

    /// Counts the kept lines of one cleaned document.
    public mutating func add(_ document: Document) {
        documentsSeen += 1
        var seen = Set<String>()
        for line in document.lines where line.wordCount <= maxWords {
            let text = document.text(of: line)
            guard Self.mayBeFurniture(text), seen.insert(text).inserted else { continue }
            var entry = counts[text] ?? (0, [])
            entry.documents += 1
            if entry.samples.count < 3 { entry.samples.append(document.source) }
            counts[text] = entry
        }
    }

    /// Whether a recurring line is worth a rule: it has letters (a "." or "|" recurs everywhere and the
    /// symbol rules weigh it), and it is not one common word ("và", "Theo", "the": what a split line leaves).
    static func mayBeFurniture(_ text: String) -> Bool {
        guard text.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return false }
        let words = text.split(separator: " ")
        if words.count == 1, Stopwords.shared.contains(WordHash.hash(words[0].lowercased())) { return false }
        return true
    }

    /// A rule id that names the line, the same in every run: two runs never give two lines one id.
    static func ruleID(for line: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in line.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "suggested.line-" + String(format: "%08x", hash)
    }

    /// Lines found in at least `minDocuments` documents, most frequent first (ties by text, so output is stable).
    public func findings(minDocuments: Int, limit: Int) -> [Finding] {
        counts.filter { $0.value.documents >= minDocuments }
            .map { Finding(line: $0.key, documents: $0.value.documents, samples: $0.value.samples) }
            .sorted { ($1.documents, $0.line) < ($0.documents, $1.line) }
            .prefix(limit).map { $0 }
    }

    /// The findings as YAML rules (exact-line drops with examples) to paste under `rules:`.
    public static func yaml(_ findings: [Finding], documentsSeen: Int) -> String {
        var text = "# \(findings.count) \(findings.count == 1 ? "line survives" : "lines survive") cleaning and recur\(findings.count == 1 ? "s" : "") across \(documentsSeen) documents.\n"
        text += "# Review each one: syndicated article text can recur too. Paste the ones that are furniture.\n"
        for finding in findings {
            let quoted = "'" + finding.line.replacingOccurrences(of: "'", with: "''") + "'"
            text += """
              - id: \(ruleID(for: finding.line))
                description: 'Recurs in \(finding.documents) of \(documentsSeen) documents (e.g. \(finding.samples.joined(separator: ", ").replacingOccurrences(of: "'", with: "''")))'
                action: drop
                match:
                  exact: [\(quoted)]
                examples:
                  match: [\(quoted)]

            """
        }
        return text
    }
}
