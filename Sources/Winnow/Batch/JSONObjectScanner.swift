/// Splits one JSON object (a JSONL line) into its top-level fields, keeping each value's raw JSON text, so that
/// fields Winnow does not touch are written back exactly as they came.
enum JSONObjectScanner {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        /// 1-based column (in UTF-8 bytes) where the problem was found.
        var column: Int
        var description: String { "\(message) at column \(column)" }
    }

    /// The object's fields in order, each with its raw JSON value.
    static func fields(of line: [UInt8]) throws(Failure) -> [(key: String, raw: String)] {
        var scanner = Scanner(bytes: line)
        scanner.skipSpace()
        try scanner.expect(UInt8(ascii: "{"))
        var fields: [(key: String, raw: String)] = []
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.index += 1
        } else {
            while true {
                scanner.skipSpace()
                let key = try scanner.string()
                scanner.skipSpace()
                try scanner.expect(UInt8(ascii: ":"))
                scanner.skipSpace()
                let start = scanner.index
                try scanner.skipValue()
                fields.append((key, String(decoding: line[start..<scanner.index], as: UTF8.self)))
                scanner.skipSpace()
                if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                try scanner.expect(UInt8(ascii: "}"))
                break
            }
        }
        scanner.skipSpace()
        if scanner.index != line.count { throw Failure(message: "unexpected text after the object", column: scanner.index + 1) }
        return fields
    }

    /// The string a raw JSON string literal stands for, or nil when `raw` is not a string.
    static func decodeString(_ raw: String) -> String? {
        var scanner = Scanner(bytes: Array(raw.utf8))
        guard let value = try? scanner.string(), scanner.index == scanner.bytes.count else { return nil }
        return value
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws(Failure) {
            guard peek == byte else {
                throw Failure(message: "expected '\(Character(Unicode.Scalar(byte)))'", column: index + 1)
            }
            index += 1
        }

        mutating func string() throws(Failure) -> String {
            try expect(UInt8(ascii: "\""))
            var output: [UInt8] = []
            while let byte = peek {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: output, as: UTF8.self) else {
                        throw Failure(message: "string is not valid UTF-8", column: index)
                    }
                    return text
                case UInt8(ascii: "\\"):
                    guard let escape = peek else { break }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "n"): output.append(0x0A)
                    case UInt8(ascii: "t"): output.append(0x09)
                    case UInt8(ascii: "r"): output.append(0x0D)
                    case UInt8(ascii: "b"): output.append(0x08)
                    case UInt8(ascii: "f"): output.append(0x0C)
                    case UInt8(ascii: "u"):
                        var value = try hex4()
                        if (0xD800..<0xDC00).contains(value), peek == UInt8(ascii: "\\"),
                           index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                            index += 2
                            let low = try hex4()
                            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        }
                        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                        output.append(contentsOf: Array(String(Character(scalar)).utf8))
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
                    default: throw Failure(message: "bad escape in string", column: index)
                    }
                default:
                    if byte < 0x20 { throw Failure(message: "control character in string", column: index) }
                    output.append(byte)
                }
            }
            throw Failure(message: "unterminated string", column: index + 1)
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
            else { throw Failure(message: "bad \\u escape", column: index + 1) }
            index += 4
            return value
        }

        mutating func skipValue() throws(Failure) {
            guard let byte = peek else { throw Failure(message: "missing value", column: index + 1) }
            switch byte {
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipSpace()
                if peek == close { index += 1; return }
                while true {
                    skipSpace()
                    if byte == UInt8(ascii: "{") {
                        _ = try string()
                        skipSpace()
                        try expect(UInt8(ascii: ":"))
                        skipSpace()
                    }
                    try skipValue()
                    skipSpace()
                    if peek == UInt8(ascii: ",") { index += 1; continue }
                    try expect(close)
                    return
                }
            default:
                let start = index
                while let next = peek, !(next == UInt8(ascii: ",") || next == UInt8(ascii: "}") || next == UInt8(ascii: "]")
                                          || next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D) {
                    index += 1
                }
                let word = String(decoding: bytes[start..<index], as: UTF8.self)
                if !(word == "true" || word == "false" || word == "null" || Double(word) != nil) {
                    throw Failure(message: "unexpected '\(word.prefix(20))'", column: start + 1)
                }
            }
        }
    }
}
