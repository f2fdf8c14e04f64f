/// How a cleaned document is written.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// The article, paragraphs separated by a blank line.
    case text
    /// One sentence per line, a blank line between paragraphs.
    case sentences
    /// One JSON object per document on one line.
    case jsonl

    /// The file extension outputs of this format get.
    public var fileExtension: String { self == .jsonl ? "jsonl" : "txt" }
}

/// document -> rendered text, in the chosen format. A dropped document renders as nothing.
public struct WriteStage: Stage {
    public let name = StageName.write
    public var format: OutputFormat
    /// JSONL field names for the text and the id (as the JSONL input named them).
    public var textField: String
    public var idField: String

    public init(format: OutputFormat, textField: String = "text", idField: String = "id") {
        self.format = format
        self.textField = textField
        self.idField = idField
    }

    public func run(_ document: inout Document) throws(Rejection) {
        document.rendered = render(document)
    }

    public func render(_ document: Document) -> String {
        if document.dropped != nil { return "" }
        switch format {
        case .text:
            return document.lines.isEmpty ? "" : document.paragraphs.joined(separator: "\n\n") + "\n"
        case .sentences:
            if document.lines.isEmpty { return "" }
            return document.lines.map { line in
                (line.sentences.isEmpty ? [line.text] : line.sentences).joined(separator: "\n")
            }.joined(separator: "\n\n") + "\n"
        case .jsonl:
            return JSONLRecord.render(document, textField: textField, idField: idField) + "\n"
        }
    }
}

/// The JSONL record of a document: `id`, `source`, `text`, `sentences`, `metadata` {title, date, author,
/// source_url}, `removed` [{line, rule, action, text}], `decoding` {encoding, replacements}; then the fields
/// of a JSONL input record that Winnow does not write itself, untouched. When the input record already has a
/// field Winnow writes (other than the text and id fields), the input's stays and Winnow's goes under `winnow`.
enum JSONLRecord {
    static let ownKeys = ["id", "source", "text", "sentences", "metadata", "removed", "decoding"]

    static func render(_ document: Document, textField: String = "text", idField: String = "id") -> String {
        let carried = Set(document.passthrough.map(\.key))
        var top = JSONObjectWriter()
        var nested = JSONObjectWriter()
        func put(_ key: String, _ json: String) {
            let outputKey = key == "text" ? textField : key == "id" ? idField : key
            if key != "text" && key != "id" && carried.contains(outputKey) { nested.add(key, raw: json) } else { top.add(outputKey, raw: json) }
        }
        put("id", JSON.string(document.id))
        put("source", JSON.string(document.source))
        put("text", JSON.string(document.paragraphs.joined(separator: "\n\n")))
        put("sentences", JSON.array(document.lines.flatMap { $0.sentences.isEmpty ? [$0.text] : $0.sentences }.map(JSON.string)))
        var metadata = JSONObjectWriter()
        for field in MetadataField.allCases {
            metadata.add(field.rawValue, raw: document.metadata[field].map(JSON.string) ?? "null")
        }
        put("metadata", metadata.json)
        put("removed", JSON.array(document.edits.map { edit in
            var item = JSONObjectWriter()
            item.add("line", raw: String(edit.line))
            item.add("rule", raw: JSON.string(edit.rule))
            item.add("action", raw: JSON.string(edit.kind.name))
            item.add("text", raw: JSON.string(edit.text))
            return item.json
        }))
        var decoding = JSONObjectWriter()
        decoding.add("encoding", raw: JSON.string(document.decoding.encoding))
        decoding.add("replacements", raw: String(document.decoding.replacements))
        put("decoding", decoding.json)
        for (key, json) in document.passthrough where key != textField && key != idField {
            top.add(key, raw: json)
        }
        if !nested.isEmpty { top.add("winnow", raw: nested.json) }
        return top.json
    }
}

/// Builds a JSON object with keys in insertion order.
struct JSONObjectWriter {
    private var parts: [String] = []
    var isEmpty: Bool { parts.isEmpty }

    mutating func add(_ key: String, raw json: String) {
        parts.append(JSON.string(key) + ":" + json)
    }

    var json: String { "{" + parts.joined(separator: ",") + "}" }
}

/// JSON text for values.
enum JSON {
    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// A JSON string literal; non-ASCII characters are written as they are (UTF-8), except U+2028 and U+2029,
    /// which are escaped because some JSON readers treat them as line ends.
    static func string(_ value: String) -> String {
        var value = value
        return value.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 2)
            output.append(0x22)
            var spanStart = 0
            var index = 0
            func flush(upTo end: Int) {
                if end > spanStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[spanStart..<end])) }
            }
            while index < bytes.count {
                let byte = bytes[index]
                var escape: [UInt8]?
                var width = 1
                switch byte {
                case 0x22: escape = [0x5C, 0x22]
                case 0x5C: escape = [0x5C, 0x5C]
                case 0x0A: escape = [0x5C, 0x6E]
                case 0x0D: escape = [0x5C, 0x72]
                case 0x09: escape = [0x5C, 0x74]
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    escape = [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    width = 3
                default:
                    break
                }
                if let escape {
                    flush(upTo: index)
                    output.append(contentsOf: escape)
                    index += width
                    spanStart = index
                } else {
                    index += 1
                }
            }
            flush(upTo: bytes.count)
            output.append(0x22)
            return String(decoding: output, as: UTF8.self)
        }
    }
}
