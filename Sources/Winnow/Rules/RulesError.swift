/// A problem in a rules file, reported compiler-style before any document is touched.
public struct RulesError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public var hint: String?

    public init(_ location: SourceLocation, _ message: String, hint: String? = nil) {
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message`, and the hint on a second line when there is one.
    public var description: String {
        var text = "\(location): error: \(message)"
        if let hint { text += "\n    hint: \(hint)" }
        return text
    }
}

/// Every problem found in a rules file (at least one).
public struct RulesErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [RulesError]

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

extension RulesError {
    enum Message {
        static func unknownKey(_ key: String, in place: String) -> String { "unknown key '\(key)' in \(place)" }
        static func didYouMean(_ key: String) -> String { "did you mean '\(key)'?" }
        static func validKeys(_ keys: [String]) -> String { "valid keys: \(keys.joined(separator: ", "))" }
        static func validActions(_ actions: [String]) -> String { "valid actions: \(actions.joined(separator: ", "))" }
        static func wrongType(_ key: String, expected: String) -> String { "'\(key)' must be \(expected)" }
        static func missing(_ key: String, in place: String) -> String { "\(place) has no '\(key)'" }
        static func duplicateID(_ id: String, first: SourceLocation) -> String {
            "duplicate rule id '\(id)' (first defined at \(first))"
        }
        static func badRegex(_ reason: String) -> String { "bad regular expression: \(reason)" }
        static let regexHint = "ICU regex syntax: https://unicode-org.github.io/icu/userguide/strings/regexp.html"
        static func includeCycle(_ chain: [String]) -> String { "include cycle: \(chain.joined(separator: " -> "))" }
        static func tooManyNodes(_ limit: Int) -> String {
            "with its aliases expanded, this holds more than \(limit) YAML nodes (aliases of aliases?); "
                + "a rules file needs far fewer: write the conditions out, or alias less deeply"
        }
        static func unreadable(_ path: String) -> String { "cannot read rules file '\(path)'" }
        static func unknownBuiltin(_ path: String, known: [String]) -> String {
            "no built-in rules file '\(path)'; built-in files: \(known.joined(separator: ", ")) (winnow rules --list)"
        }
        static func notUTF8(offset: Int, byte: UInt8) -> String {
            let hex = String(byte, radix: 16, uppercase: true)
            return "not UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset) does not belong to UTF-8 text; "
                + "save the rules file as UTF-8"
        }
        static func yaml(_ problem: String) -> String { "not valid YAML: \(problem)" }
        static func unsupportedVersion(_ version: Int) -> String { "unsupported rules version \(version); this Winnow reads version 1" }
        static func unknownValue(_ value: String, for key: String, valid: [String]) -> String {
            "unknown \(key) '\(value)'; expected one of: \(valid.joined(separator: ", "))"
        }
        static let dropPartNeedsRegex = "action 'drop_part' needs a 'regex' condition to say which part to drop"
        static let extractNeedsField = "action 'extract' needs 'field' (title, date, author or source_url)"
        static let dropDocumentNeedsCondition = "action 'drop_document' needs a 'document' condition"
        static let lineRuleNeedsMatch = "this action needs a 'match' condition"
        static func examplesFail(_ id: String, _ detail: String) -> String { "rule '\(id)' fails its own example: \(detail)" }
        static func evidenceNeedsJudge(_ id: String) -> String {
            "rule '\(id)' has a score, but the pipeline has no 'judge' stage to weigh it (add judge after extract)"
        }
        static func evidenceNeedsSpam(_ id: String) -> String {
            "rule '\(id)' is spam evidence (a 'spam.' rule with a score), but the pipeline has no 'spam' stage (add spam after normalize)"
        }
        static func scoreNeedsLineAction(_ action: String) -> String {
            "a score is evidence about lines: it goes with drop, cut_to_end, cut_from_start or drop_repeated, not \(action)"
        }
        static let untilParagraphNeedsCut = "'until_paragraph' is for cut_to_end rules"
        static let adjacentNeedsRepeated = "'adjacent' is for drop_repeated rules"
        static let blockNeedsRepeated = "'block' is for drop_repeated rules"
        static func unreadableModel(_ path: String) -> String { "cannot read model file '\(path)'" }
        static let pipelineOrder = "the pipeline must start with 'decode' and end with 'write'"
        static func badID(_ id: String) -> String {
            "rule id '\(id)' must be lower-case words joined by '.', '-' or '_' (e.g. spam.gambling)"
        }
    }
}

/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
func nearest(_ word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let letters = Array(word)
    let scored = candidates.map { ($0, distance(letters, Array($0))) }.min { $0.1 < $1.1 }
    guard let (best, score) = scored, score <= Swift.max(2, word.count / 3) else { return nil }
    return best
}
