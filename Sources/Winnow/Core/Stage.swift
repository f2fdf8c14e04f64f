/// The stages a rules file's `pipeline:` list can name, in their usual order.
public enum StageName: String, Sendable, CaseIterable, Codable {
    case decode, normalize, spam, strip, extract, join, judge, segment, filter, write
}

/// Why a document could not be cleaned. The document is rejected (listed with this reason), never lost.
public struct Rejection: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Cause: String, Sendable {
        /// Not valid UTF-8 while `--strict` is set.
        case invalidUTF8 = "invalid-utf8"
        /// NUL bytes or other signs of a binary file.
        case binary
        /// A rule's regular expression ran past its time limit.
        case regexTimeout = "regex-timeout"
        /// A rule's regular expression filled ICU's backtracking stack (a very long line).
        case regexStackOverflow = "regex-stack-overflow"
        /// The input's encoding could not be decoded.
        case undecodable
        /// A JSONL input line that is not a JSON object with a text field.
        case malformedRecord = "malformed-record"
        /// A document (text file, or JSONL line) longer than the job's limit (`--max-record-bytes`).
        case tooLarge = "too-large"
        /// Reading the input or writing its output failed.
        case io
        /// Output already exists and differs; `--force` was not given.
        case outputExists = "output-exists"
        /// The output folder is locked by another run (not a document's fault: the run does not start).
        case outputBusy = "output-busy"
        /// ICU failed in a way that is not the input's fault.
        case internalError = "internal"
    }

    public var cause: Cause
    public var message: String
    /// 1-based input line the problem was found on, when there is one.
    public var line: Int?

    public init(_ cause: Cause, _ message: String, line: Int? = nil) {
        self.cause = cause
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

/// One step of the pipeline. Each stage does one job, configured from the rules file, and edits the document in
/// place; it throws a ``Rejection`` when the document cannot be processed at all.
///
/// Stages hold compiled ICU objects that are not thread-safe: build one pipeline per worker.
public protocol Stage {
    var name: StageName { get }
    func run(_ document: inout Document) throws(Rejection)
}
