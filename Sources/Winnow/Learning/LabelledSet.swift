import Foundation

/// What a perfect cleaner does with one input line (../shared/LABELING.md): keep it as article text, move it into
/// metadata, or remove it as junk.
public enum LineLabel: String, Sendable, CaseIterable {
    case body, title, date, author, source, junk

    /// Whether the line belongs in the cleaned text.
    public var isBody: Bool { self == .body }
}

/// One labelled document: its text and a label for every non-empty input line (1-based numbers, split on "\n").
public struct LabelledDocument: Sendable {
    /// The name of the text in its docs folder.
    public var file: String
    public var url: String
    /// Where the page came from, for cross-validation by site: the URL's host without "www.", or the URL itself
    /// when it has no host (a corpus name).
    public var site: String
    public var language: String
    /// The whole document is not an article and should be dropped.
    public var drop: Bool
    /// Line number -> label, for every non-empty line.
    public var labels: [Int: LineLabel]
    public var bytes: [UInt8]
    /// The labels file it came from, without folder and extension ("labels-vi").
    public var set: String

    public init(file: String, url: String, language: String, drop: Bool, labels: [Int: LineLabel], bytes: [UInt8], set: String) {
        self.file = file
        self.url = url
        self.site = Self.site(of: url)
        self.language = language
        self.drop = drop
        self.labels = labels
        self.bytes = bytes
        self.set = set
    }

    /// The host of `url` without a leading "www." (lower case); the URL itself when it has none.
    public static func site(of url: String) -> String {
        guard let host = URLComponents(string: url)?.host?.lowercased(), !host.isEmpty else {
            // "corpus:vi-news-2017/123.txt" is one site per corpus folder.
            return url.split(separator: "/").first.map(String.init) ?? url
        }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}

/// Labelled documents read from a labels file (one JSON record per line, the format of ../shared/devset) and the
/// folder of texts it names. Records whose text is absent are counted, not fatal: third-party texts are
/// re-created per machine and some may be missing.
public struct LabelledSet: Sendable {
    public var documents: [LabelledDocument] = []
    /// Records whose text file was not found.
    public var missing: [String] = []

    public init(documents: [LabelledDocument] = [], missing: [String] = []) {
        self.documents = documents
        self.missing = missing
    }

    /// Reads `labelsPath`; texts are looked up in `docs`, by default the `docs` folder beside the labels file.
    public static func load(labels labelsPath: String, docs: String? = nil) throws(LabelledSetError) -> LabelledSet {
        guard let data = FileManager.default.contents(atPath: labelsPath) else { throw .unreadable(labelsPath) }
        let folder = docs ?? ((labelsPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("docs")
        let setName = ((labelsPath as NSString).lastPathComponent as NSString).deletingPathExtension
        var result = LabelledSet()
        var lineNumber = 0
        for raw in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard raw.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            let record: LabelRecord
            do { record = try LabelRecord(json: Data(raw)) } catch {
                throw .badRecord(labelsPath, line: lineNumber, error.message)
            }
            let path = (folder as NSString).appendingPathComponent(record.file)
            guard let text = FileManager.default.contents(atPath: path) else {
                result.missing.append(record.file)
                continue
            }
            let bytes = [UInt8](text)
            let nonEmpty = Self.nonEmptyLines(bytes)
            if nonEmpty != Set(record.labels.keys) {
                let unlabelled = nonEmpty.subtracting(record.labels.keys).sorted().prefix(5).map(String.init)
                let extra = Set(record.labels.keys).subtracting(nonEmpty).sorted().prefix(5).map(String.init)
                throw .linesDisagree(labelsPath, line: lineNumber, file: record.file,
                                     unlabelled: unlabelled.joined(separator: ", "), extra: extra.joined(separator: ", "))
            }
            result.documents.append(LabelledDocument(file: record.file, url: record.url, language: record.language,
                                                     drop: record.drop, labels: record.labels, bytes: bytes, set: setName))
        }
        return result
    }

    /// Numbers (1-based) of the lines of `bytes`, split on "\n", that hold a character other than white space
    /// (a no-break space counts as white space), as the labelling guide counts them.
    static func nonEmptyLines(_ bytes: [UInt8]) -> Set<Int> {
        var result = Set<Int>()
        for (index, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line, as: UTF8.self)
            if text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { result.insert(index + 1) }
        }
        return result
    }
}

/// One record of a labels file.
struct LabelRecord {
    var file: String
    var url: String
    var language: String
    var drop: Bool
    var labels: [Int: LineLabel]

    struct Failure: Error { var message: String }

    init(json: Data) throws(Failure) {
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw Failure(message: "not a JSON object")
        }
        guard let file = object["file"] as? String, !file.isEmpty else { throw Failure(message: "no \"file\"") }
        guard let lines = object["lines"] as? [String: Any] else { throw Failure(message: "no \"lines\" object") }
        var labels: [Int: LineLabel] = [:]
        for (key, value) in lines {
            guard let number = Int(key), number > 0 else { throw Failure(message: "line key '\(key)' is not a line number") }
            guard let name = value as? String, let label = LineLabel(rawValue: name) else {
                throw Failure(message: "line \(key): label must be one of \(LineLabel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            labels[number] = label
        }
        self.file = file
        self.url = object["url"] as? String ?? file
        self.language = object["lang"] as? String ?? "und"
        self.drop = object["drop"] as? Bool ?? false
        self.labels = labels
    }
}

/// Why a labelled set could not be read.
public enum LabelledSetError: Error, Sendable, CustomStringConvertible {
    case unreadable(String)
    case badRecord(String, line: Int, String)
    case linesDisagree(String, line: Int, file: String, unlabelled: String, extra: String)

    public var description: String {
        switch self {
        case .unreadable(let path): "\(path): cannot read the labels file"
        case let .badRecord(path, line, message): "\(path):\(line): not a label record: \(message)"
        case let .linesDisagree(path, line, file, unlabelled, extra):
            "\(path):\(line): the labels of \(file) do not fit its text"
                + (unlabelled.isEmpty ? "" : "; unlabelled non-empty lines \(unlabelled)")
                + (extra.isEmpty ? "" : "; labelled lines that are empty or absent \(extra)")
                + " (re-create the text exactly, or fix the record)"
        }
    }
}
