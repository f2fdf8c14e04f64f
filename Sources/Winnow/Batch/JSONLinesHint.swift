import Foundation

/// Notices text inputs that are JSON lines: cleaned as text, each record would come out as one long line of
/// JSON syntax, which is rarely what the user meant.
public enum JSONLinesHint {
    /// A warning for every one of `files` (a text batch's inputs) whose first non-blank line is a JSON object
    /// with a string field `text` (or `textField`). Standard input is looked at once the batch has read it
    /// (``standardInputWarning(for:textField:)``), gzip files not at all (reading them here would decompress them
    /// twice). Of the files found in folders only the first
    /// ``folderSample`` are looked at: a folder of JSON lines saved as .txt shows in its first files, and opening
    /// every file of a folder of thousands before the batch reads them doubled the batch's system calls.
    static func warnings(for files: [InputFile], named: Set<String>, textField: String) -> [String] {
        let fields = Set(["text", textField])
        var sampled = 0
        return files.compactMap { file in
            guard file.path != "-" else { return nil }
            if !named.contains(file.path) {
                guard sampled < folderSample else { return nil }
                sampled += 1
            }
            guard let line = firstLine(of: file.path), let field = stringField(of: line, among: fields) else { return nil }
            return Message.looksLikeJSONLines(file.path, field: field)
        }
    }

    /// How many files found in folders are looked at.
    static let folderSample = 16

    /// The name of a string field of `fields` that the JSON object `line` holds (the first in name order), or
    /// nil when the line is not a JSON object or holds none of them as a string.
    static func stringField(of line: [UInt8], among fields: Set<String>) -> String? {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return fields.sorted().first { object[$0] is String }
    }

    /// How much of a file is read to find its first line: a record longer than this is not recognised.
    static let readLimit = 1 << 20

    /// What the start of an input says of its first non-blank line (without its BOM, edge spaces and line end).
    enum FirstLine {
        /// The line, a JSON object's opening: it starts with "{".
        case object([UInt8])
        /// The line starts with something else (or there is no such line in the whole input).
        case other
        /// The bytes so far end before the line does.
        case unfinished
    }

    /// The first non-blank line of `bytes`; `complete` when they are the whole input (a last line needs no line
    /// break then). Read only as far as the answer needs.
    static func firstLine(in bytes: ArraySlice<UInt8>, complete: Bool) -> FirstLine {
        var body = bytes
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let start = body.firstIndex(where: { !isSpace($0) }) else { return complete ? .other : .unfinished }
        guard body[start] == UInt8(ascii: "{") else { return .other }
        if let end = body[start...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) { return .object(Array(body[start..<end])) }
        return complete ? .object(Array(body[start...])) : .unfinished
    }

    /// The first non-blank line of the file when it starts with "{" and ends within ``readLimit`` bytes; nil
    /// otherwise, after reading as little as the answer needs.
    static func firstLine(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        while buffer.count < readLimit {
            let chunk = (try? handle.read(upToCount: 64 * 1024)) ?? nil
            let atEnd = chunk?.isEmpty ?? true
            if let chunk { buffer += chunk }
            if buffer.starts(with: [0x1F, 0x8B]) { return nil }   // gzip
            switch firstLine(in: buffer[...], complete: atEnd) {
            case .object(let line): return line
            case .other: return nil
            case .unfinished: if atEnd { return nil }
            }
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// For standard input cleaned as text, once it is read: a warning when `bytes` open with a JSON object with a
    /// string field `text` (or `textField`). JSON lines piped in without `--input-format jsonl` come out as one
    /// document, every record glued into one text, and nothing else would say so.
    static func standardInputWarning(for bytes: [UInt8], textField: String) -> String? {
        recordField(openingWith: bytes, among: ["text", textField]).map {
            Message.looksLikeJSONLines("standard input", field: $0) + " (all of it is one document now)"
        }
    }

    /// The string field among `fields` of the JSON object that whole-input `bytes` open with (their first non-blank
    /// line, within ``readLimit``); nil when they open otherwise.
    static func recordField(openingWith bytes: [UInt8], among fields: Set<String>) -> String? {
        guard case .object(let line) = firstLine(in: bytes.prefix(readLimit), complete: bytes.count <= readLimit) else { return nil }
        return stringField(of: line, among: fields)
    }

    /// For `explain` on a whole file: a warning when `bytes` (the file as read) open with a JSON object with a
    /// string field among `fields`, i.e. a JSON-lines file that would be explained as one text.
    public static func explainWarning(for bytes: [UInt8], path: String, fields: Set<String>) -> String? {
        recordField(openingWith: bytes, among: fields).map { Message.explainedAsText(path, field: $0) }
    }

    enum Message {
        static func explainedAsText(_ path: String, field: String) -> String {
            "warning: \(path) looks like JSON lines (its first line is a JSON object with a string field '\(field)') "
                + "and is explained as one text; to explain one record, pass --record LINE or --id ID"
                + (field == "text" ? "" : " with --text-field \(field)")
        }

        static func looksLikeJSONLines(_ path: String, field: String) -> String {
            "warning: \(path) looks like JSON lines (its first line is a JSON object with a string field '\(field)') "
                + "but is cleaned as text; to clean each record's '\(field)', pass --input-format jsonl"
                + (field == "text" ? "" : " --text-field \(field)")
        }
    }
}
