import Foundation

/// Splits one JSON object (a JSONL line) into its top-level fields, keeping each value's raw JSON text, so that
/// fields Winnow does not touch are written back exactly as they came. Public for the fuzz targets (`Fuzz/`).
public enum JSONObjectScanner {
    public struct Failure: Error, CustomStringConvertible {
        public var message: String
        /// 1-based column (in UTF-8 bytes) where the problem was found.
        public var column: Int
        public var description: String { "\(message) at column \(column)" }
    }

    /// How deep arrays and objects may nest in a record, the record's own object included. The scanner walks
    /// values recursively; a line of 100,000 "[" would otherwise overflow the stack. Real records nest a few
    /// levels; 512 is what many JSON parsers allow.
    public static let maxDepth = 512

    /// The object's fields in order, each with the byte range of its raw JSON value in `line`.
    ///
    /// Strings are checked for JSON's rules (escapes, no raw control characters) but not decoded, and their
    /// UTF-8 is not validated here: the text field's bytes go to the decode stage like any other input, and the
    /// caller validates the fields it copies.
    public static func fields(of line: [UInt8]) throws(Failure) -> [(key: String, raw: Range<Int>)] {
        var scanner = Scanner(bytes: line)
        scanner.skipSpace()
        try scanner.expect(UInt8(ascii: "{"))
        var fields: [(key: String, raw: Range<Int>)] = []
        scanner.skipSpace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.index += 1
        } else {
            while true {
                scanner.skipSpace()
                let keyStart = scanner.index
                try scanner.skipString()
                let key = decodeString(line[keyStart..<scanner.index]).map { String(decoding: $0, as: UTF8.self) } ?? ""
                scanner.skipSpace()
                try scanner.expect(UInt8(ascii: ":"))
                scanner.skipSpace()
                let start = scanner.index
                try scanner.skipValue(depth: 1)
                fields.append((key, start..<scanner.index))
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

    /// The UTF-8 bytes a raw JSON string literal (quotes included) stands for, or nil when `raw` is not a string.
    public static func decodeString(_ raw: ArraySlice<UInt8>) -> [UInt8]? {
        guard raw.count >= 2, raw.first == 0x22, raw.last == 0x22 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var index = raw.startIndex + 1
        let end = raw.endIndex - 1
        while index < end {
            let byte = raw[index]
            if byte != 0x5C {
                // Copy the run up to the next backslash in one go.
                let runEnd = raw.withUnsafeBufferPointer { run -> Int in
                    let offset = index - raw.startIndex
                    guard let hit = memchr(run.baseAddress! + offset, 0x5C, end - index) else { return end }
                    return raw.startIndex + run.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
                output.append(contentsOf: raw[index..<runEnd])
                index = runEnd
                continue
            }
            guard index + 1 < end else { return nil }
            let escape = raw[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(escape)
            case UInt8(ascii: "u"):
                guard var value = hex4(raw, at: index) else { return nil }
                index += 4
                if (0xD800..<0xDC00).contains(value), index + 6 <= end, raw[index] == 0x5C, raw[index + 1] == UInt8(ascii: "u"),
                   let low = hex4(raw, at: index + 2), (0xDC00..<0xE000).contains(low) {
                    index += 6
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                }
                output.append(contentsOf: String(Character(Unicode.Scalar(value) ?? "\u{FFFD}")).utf8)
            default:
                return nil
            }
        }
        return output
    }

    /// Whether `word` is a number by JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Not what `Double` parses: "NaN", "inf", "0x1F", "+1", ".5" and "01" are not JSON, and a record holding
    /// one is not copied through.
    static func isNumber(_ word: ArraySlice<UInt8>) -> Bool {
        var index = word.startIndex
        func digits() -> Int {
            let start = index
            while index < word.endIndex, (0x30...0x39).contains(word[index]) { index += 1 }
            return index - start
        }
        if index < word.endIndex, word[index] == UInt8(ascii: "-") { index += 1 }
        guard index < word.endIndex else { return false }
        if word[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            return false
        }
        if index < word.endIndex, word[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { return false }
        }
        if index < word.endIndex, word[index] == UInt8(ascii: "e") || word[index] == UInt8(ascii: "E") {
            index += 1
            if index < word.endIndex, word[index] == UInt8(ascii: "+") || word[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == word.endIndex
    }

    /// The value of four hex digits at `index`, or nil.
    private static func hex4(_ bytes: ArraySlice<UInt8>, at index: Int) -> UInt32? {
        guard index + 4 <= bytes.endIndex else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
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

        /// Moves past a string literal, checking its escapes and that it holds no raw control characters.
        mutating func skipString() throws(Failure) {
            try expect(UInt8(ascii: "\""))
            let count = bytes.count
            while index < count {
                // Plain text runs to the next quote, backslash or control character: skip it a word at a time.
                index = bytes.withUnsafeBufferPointer { ByteScan.firstJSONSpecial(in: $0, from: index, lineSeparators: false) }
                guard index < count else { break }
                let byte = bytes[index]
                index += 1
                if byte == 0x22 { return }
                if byte == 0x5C {
                    guard index < count else { break }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                        continue
                    case UInt8(ascii: "u"):
                        guard index + 4 <= count, bytes[index..<index + 4].allSatisfy({ $0.isHexDigit }) else {
                            throw Failure(message: "bad \\u escape", column: index + 1)
                        }
                        index += 4
                    default:
                        throw Failure(message: "bad escape in string", column: index)
                    }
                } else {
                    throw Failure(message: "control character in string", column: index)
                }
            }
            throw Failure(message: "unterminated string", column: index + 1)
        }

        /// Moves past one value; `depth` is how many arrays and objects enclose it.
        mutating func skipValue(depth: Int) throws(Failure) {
            guard let byte = peek else { throw Failure(message: "missing value", column: index + 1) }
            switch byte {
            case UInt8(ascii: "\""): try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSONObjectScanner.maxDepth else {
                    throw Failure(message: "arrays and objects nested more than \(JSONObjectScanner.maxDepth) deep", column: index + 1)
                }
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                index += 1
                skipSpace()
                if peek == close { index += 1; return }
                while true {
                    skipSpace()
                    if byte == UInt8(ascii: "{") {
                        try skipString()
                        skipSpace()
                        try expect(UInt8(ascii: ":"))
                        skipSpace()
                    }
                    try skipValue(depth: depth + 1)
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
                let word = bytes[start..<index]
                if !(word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) || word.elementsEqual("null".utf8)
                     || JSONObjectScanner.isNumber(word)) {
                    throw Failure(message: "'\(String(decoding: word.prefix(20), as: UTF8.self))' is not a JSON value "
                                      + "(numbers are written like -12.5e3, and true, false and null in lower case)",
                                  column: start + 1)
                }
            }
        }
    }
}

private extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}
