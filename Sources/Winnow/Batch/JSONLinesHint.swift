import Foundation

/// Notices text inputs that are JSON lines: cleaned as text, each record would come out as one long line of
/// JSON syntax, which is rarely what the user meant.
public enum JSONLinesHint {
    /// A warning for every file among the job's inputs whose first non-blank line is a JSON object with a
    /// string field `text` (or `options.textField`), when the input format is text. Standard input and gzip
    /// files are not looked at (reading them here would consume or decompress them twice).
    public static func warnings(for options: CleanOptions) -> [String] {
        guard options.inputFormat == .text else { return [] }
        let files = InputCollector.collect(options.inputs, extensions: OutputNames.inputExtensions(for: .text)).files
        let fields = Set(["text", options.textField])
        return files.compactMap { file in
            guard file.path != "-", let line = firstLine(of: file.path),
                  let field = stringField(of: line, among: fields) else { return nil }
            return Message.looksLikeJSONLines(file.path, field: field)
        }
    }

    /// The name of a string field of `fields` that the JSON object `line` holds (the first in name order), or
    /// nil when the line is not a JSON object or holds none of them as a string.
    static func stringField(of line: [UInt8], among fields: Set<String>) -> String? {
        guard line.first == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return fields.sorted().first { object[$0] is String }
    }

    /// How much of a file is read to find its first line: a record longer than this is not recognised.
    static let readLimit = 1 << 20

    /// The first non-blank line of the file (without its BOM, edge spaces and line end), when it starts with
    /// "{" and ends within ``readLimit`` bytes; nil otherwise, after reading as little as the answer needs.
    static func firstLine(of path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var buffer: [UInt8] = []
        var start: Int?
        while buffer.count < readLimit {
            guard let chunk = try? handle.read(upToCount: 64 * 1024), !chunk.isEmpty else { break }
            let from = buffer.count
            buffer += chunk
            if from == 0 {
                if buffer.starts(with: [0x1F, 0x8B]) { return nil }   // gzip
                if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { buffer.removeFirst(3) }
            }
            if start == nil {
                guard let first = buffer.firstIndex(where: { !isSpace($0) }) else { continue }
                guard buffer[first] == UInt8(ascii: "{") else { return nil }
                start = first
            }
            if let start, let end = buffer[start...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                return Array(buffer[start..<end])
            }
        }
        guard let start else { return nil }
        // A file of one record without a final line break.
        return buffer.count < readLimit ? Array(buffer[start...]) : nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// For `explain` on a whole file: a warning when `bytes` (the file as read) open with a JSON object with a
    /// string field among `fields`, i.e. a JSON-lines file that would be explained as one text.
    public static func explainWarning(for bytes: [UInt8], path: String, fields: Set<String>) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let start = body.firstIndex(where: { !isSpace($0) }), body[start] == UInt8(ascii: "{") else { return nil }
        let end = body[start...].prefix(readLimit).firstIndex { $0 == 0x0A || $0 == 0x0D } ?? min(body.endIndex, start + readLimit)
        guard let field = stringField(of: Array(body[start..<end]), among: fields) else { return nil }
        return Message.explainedAsText(path, field: field)
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
