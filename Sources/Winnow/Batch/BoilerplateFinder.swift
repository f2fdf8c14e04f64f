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

    /// Lines longer than this are article text, not furniture, even when syndicated.
    public var maxWords = 20
    private var counts: [String: (documents: Int, samples: [String])] = [:]
    public private(set) var documentsSeen = 0

    public init(maxWords: Int = 20) {
        self.maxWords = maxWords
    }

    /// Counts the kept lines of one cleaned document.
    public mutating func add(_ document: Document) {
        documentsSeen += 1
        var seen = Set<String>()
        for line in document.lines where line.wordCount <= maxWords {
            let text = document.text(of: line)
            guard seen.insert(text).inserted else { continue }
            var entry = counts[text] ?? (0, [])
            entry.documents += 1
            if entry.samples.count < 3 { entry.samples.append(document.source) }
            counts[text] = entry
        }
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
        var text = "# \(findings.count) lines that survive cleaning and recur across \(documentsSeen) documents.\n"
        text += "# Review each one: syndicated article text can recur too. Paste the ones that are furniture.\n"
        for (index, finding) in findings.enumerated() {
            let quoted = "'" + finding.line.replacingOccurrences(of: "'", with: "''") + "'"
            text += """
              - id: suggested.line-\(index + 1)
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
