import Foundation
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

    /// The document's output as UTF-8.
    public func render(_ document: Document) -> [UInt8] {
        if document.dropped != nil || (document.lines.isEmpty && format != .jsonl) { return [] }
        var output: [UInt8] = []
        output.reserveCapacity(document.lines.reduce(16) { $0 + $1.range.count + 2 })
        switch format {
        case .text:
            for (index, line) in document.lines.enumerated() {
                if index > 0 { output += [0x0A, 0x0A] }
                output += document.text[line.range]
            }
        case .sentences:
            for (index, line) in document.lines.enumerated() {
                if index > 0 { output += [0x0A, 0x0A] }
                if line.sentenceIndexes.isEmpty { output += document.text[line.range] }
                for (number, range) in document.sentenceRanges[line.sentenceIndexes].enumerated() {
                    if number > 0 { output.append(0x0A) }
                    output += document.text[range]
                }
            }
        case .jsonl:
            output = JSONLRecord.render(document, textField: textField, idField: idField)
        }
        output.append(0x0A)
        return output
    }
}

/// The JSONL record of a document: `id`, `source`, `text`, `sentences`, `metadata` {title, date, author,
/// source_url}, `removed` [{line, rule, action, text}], `decoding` {encoding, replacements}; then the fields
/// of a JSONL input record that Winnow does not write itself, untouched. When the input record already has a
/// field Winnow writes (other than the text and id fields), the input's stays and Winnow's goes under `winnow`
/// (`winnow_` when the record has a `winnow` field itself).
enum JSONLRecord {
    static let ownKeys = ["id", "source", "text", "sentences", "metadata", "removed", "decoding"]

    /// The key of the object holding Winnow's fields that the input record has too: "winnow", or, when the
    /// record has a "winnow" field of its own, "winnow_" (then "winnow__", ...), so no key is written twice.
    static func nestedKey(avoiding keys: Set<String>) -> String {
        var key = "winnow"
        while keys.contains(key) { key += "_" }
        return key
    }

    /// With `withDrop`, a dropped document's record also has `dropped` {rule, reason} (the --dropped file).
    static func render(_ document: Document, textField: String = "text", idField: String = "id", withDrop: Bool = false) -> [UInt8] {
        var out = JSONWriter()
        out.bytes.reserveCapacity(3 * document.lines.reduce(64) { $0 + $1.range.count })
        let carried = Set(document.passthrough.map(\.key))
        // A field the input record already has (other than text and id) keeps the input's value; Winnow's goes
        // under "winnow".
        var nested: [(key: String, json: String)] = []
        func put(_ key: String, _ value: (inout JSONWriter) -> Void) {
            let outputKey = key == "text" ? textField : key == "id" ? idField : key
            if key != "text" && key != "id" && carried.contains(outputKey) {
                var inner = JSONWriter()
                value(&inner)
                nested.append((key, String(decoding: inner.bytes, as: UTF8.self)))
            } else {
                out.key(outputKey)
                value(&out)
            }
        }
        out.beginObject()
        put("id") { $0.string(document.id) }
        put("source") { $0.string(document.source) }
        document.text.withUnsafeBufferPointer { text in
            // A sentence is a run of its line's bytes, and escaping goes byte by byte: the sentences of a line
            // that needed no escape need none either, and are copied without a second look.
            var plain: [Bool] = []
            plain.reserveCapacity(document.lines.count)
            put("text") { out in
                out.beginString()
                for (index, line) in document.lines.enumerated() {
                    if index > 0 { out.bytes.append(contentsOf: [0x5C, 0x6E, 0x5C, 0x6E]) }   // \n\n
                    plain.append(out.escaped(UnsafeBufferPointer(rebasing: text[line.range])))
                }
                out.endString()
            }
            put("sentences") { out in
                out.beginArray()
                for (index, line) in document.lines.enumerated() {
                    let lineIsPlain = index < plain.count && plain[index]
                    if line.sentenceIndexes.isEmpty { out.string(UnsafeBufferPointer(rebasing: text[line.range])) }
                    for range in document.sentenceRanges[line.sentenceIndexes] {
                        let sentence = UnsafeBufferPointer(rebasing: text[range])
                        if lineIsPlain { out.plainString(sentence) } else { out.string(sentence) }
                    }
                }
                out.endArray()
            }
        }
        put("metadata") { document.metadata.write(to: &$0) }
        put("removed") { out in
            out.beginArray()
            for edit in document.edits {
                out.beginObject()
                out.key("line")
                out.raw(String(edit.line))
                out.key("rule")
                out.string(edit.rule)
                out.key("action")
                out.string(edit.kind.name)
                out.key("text")
                out.string(edit.text)
                if let score = edit.score {
                    // The judge's score in points, for a line it removed.
                    out.key("score")
                    out.raw(String(format: "%.3f", score))
                }
                out.endObject()
            }
            out.endArray()
        }
        if withDrop, let dropped = document.dropped {
            put("dropped") { dropped.write(to: &$0) }
        }
        put("decoding") { out in
            out.beginObject()
            out.key("encoding")
            out.string(document.decoding.encoding)
            out.key("replacements")
            out.raw(String(document.decoding.replacements))
            out.endObject()
        }
        for (key, json) in document.passthrough where key != textField && key != idField {
            out.key(key)
            out.raw(json)
        }
        if !nested.isEmpty {
            out.key(nestedKey(avoiding: carried))
            out.beginObject()
            for (key, json) in nested {
                out.key(key)
                out.raw(json)
            }
            out.endObject()
        }
        out.endObject()
        return out.bytes
    }
}

/// Writes compact JSON into a byte buffer: values in order, commas where they belong.
extension Metadata {
    /// The fields as one JSON object, every field present (null when empty), in ``MetadataField`` order.
    func write(to out: inout JSONWriter) {
        out.beginObject()
        for field in MetadataField.allCases {
            out.key(field.rawValue)
            if let value = self[field] { out.string(value) } else { out.raw("null") }
        }
        out.endObject()
    }
}

extension DropDecision {
    /// `{"rule", "reason"}`.
    func write(to out: inout JSONWriter) {
        out.beginObject()
        out.key("rule")
        out.string(rule)
        out.key("reason")
        out.string(reason)
        out.endObject()
    }
}

struct JSONWriter {
    var bytes: [UInt8] = []
    /// Whether the container being written still has no value (no comma needed before the next one).
    private var first = true

    mutating func beginObject() { separate(); bytes.append(0x7B); first = true }
    mutating func endObject() { bytes.append(0x7D); first = false }
    mutating func beginArray() { separate(); bytes.append(0x5B); first = true }
    mutating func endArray() { bytes.append(0x5D); first = false }

    /// An object key and its colon; the value written next needs no comma.
    mutating func key(_ key: String) {
        string(key)
        bytes.append(0x3A)
        first = true
    }

    mutating func string(_ value: String) {
        beginString()
        escaped(value)
        endString()
    }

    /// A string value from UTF-8 bytes (valid UTF-8).
    mutating func string(_ value: UnsafeBufferPointer<UInt8>) {
        beginString()
        escaped(value)
        endString()
    }

    /// A string value written in parts: `beginString`, any number of `escaped`, `endString`.
    mutating func beginString() { separate(); bytes.append(0x22) }
    mutating func endString() { bytes.append(0x22); first = false }

    /// JSON text that is already valid.
    mutating func raw(_ json: String) {
        separate()
        bytes.append(contentsOf: json.utf8)
        first = false
    }

    private mutating func separate() {
        if !first { bytes.append(0x2C) }
        first = false
    }

    /// Appends `value`'s UTF-8 with JSON escapes. Non-ASCII characters are written as they are, except U+2028
    /// and U+2029, which are escaped because some JSON readers treat them as line ends.
    mutating func escaped(_ value: String) {
        var value = value
        _ = value.withUTF8 { escaped($0) }
    }

    /// Appends UTF-8 bytes (valid UTF-8) with JSON escapes, as ``escaped(_:)`` does for a string.
    /// Returns true when it wrote `source` as it is (nothing in it needed an escape).
    @discardableResult
    mutating func escaped(_ source: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = source.count
        var spanStart = 0
        var index = ByteScan.firstJSONSpecial(in: source, from: 0, lineSeparators: true)
        while index < count {
            let byte = source[index]
            var width = 1
            let replacement: String?
            switch byte {
            case 0x22: replacement = "\\\""
            case 0x5C: replacement = "\\\\"
            case 0x0A: replacement = "\\n"
            case 0x0D: replacement = "\\r"
            case 0x09: replacement = "\\t"
            case 0xE2:
                if index + 2 < count && source[index + 1] == 0x80 && (source[index + 2] == 0xA8 || source[index + 2] == 0xA9) {
                    replacement = source[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                } else {
                    replacement = nil
                }
            default:
                let hex = Array("0123456789abcdef".utf8)
                replacement = "\\u00" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
            if let replacement {
                if index > spanStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[spanStart..<index])) }
                bytes.append(contentsOf: replacement.utf8)
                spanStart = index + width
            }
            index = ByteScan.firstJSONSpecial(in: source, from: index + width, lineSeparators: true)
        }
        if count > spanStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[spanStart..<count])) }
        return spanStart == 0
    }

    /// A string value from UTF-8 that needs no escape (the caller knows: it is part of text that needed none).
    mutating func plainString(_ value: UnsafeBufferPointer<UInt8>) {
        beginString()
        bytes.append(contentsOf: value)
        endString()
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

    /// A JSON string literal (see ``JSONWriter/escaped(_:)``).
    static func string(_ value: String) -> String {
        var writer = JSONWriter()
        writer.string(value)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
