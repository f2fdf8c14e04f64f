import Foundation
import Winnow

/// libFuzzer's entry point for the JSONL record scanner: any bytes as one line. A refusal is a fine answer; a
/// crash (a stack overflow on deep nesting, an index out of range), a field range outside the line, or a record
/// accepted that Foundation's JSON parser refuses (or reads with other keys) is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONL(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let line = Array(UnsafeRawBufferPointer(start: start, count: count))
    let fields: [(key: String, raw: Range<Int>)]
    do {
        fields = try JSONObjectScanner.fields(of: line)
    } catch {
        precondition(error.column >= 1 && error.column <= line.count + 1, "column \(error.column) outside the line")
        // The other way round is not checked: Foundation's parser takes more than JSON (a comma before "}").
        return 0
    }
    // Field values lie inside the line, in order, and a string value decodes.
    var end = 0
    for field in fields {
        precondition(field.raw.lowerBound >= end && field.raw.upperBound <= line.count && !field.raw.isEmpty)
        end = field.raw.upperBound
        if line[field.raw.lowerBound] == 0x22 {
            precondition(JSONObjectScanner.decodeString(line[field.raw]) != nil, "a string value that does not decode")
        }
    }
    if comparable(line) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] else {
            preconditionFailure("accepted what is not a JSON object")
        }
        precondition(Set(object.keys) == Set(fields.map(\.key)), "keys differ: \(object.keys.sorted()) against \(fields.map(\.key))")
    }
    return 0
}

/// Lines on which Foundation's parser is a fair judge: valid UTF-8 (the scanner leaves UTF-8 to the decode
/// stage), no \u escapes (Foundation refuses lone surrogates, which the scanner passes on as U+FFFD), no byte
/// order mark, and no number a Double cannot hold (JSON's grammar has no limit, and the scanner copies such a
/// number as it is; Foundation refuses it: `-0.5e+1060`, found by this target).
func comparable(_ line: [UInt8]) -> Bool {
    guard String(validating: line, as: UTF8.self) != nil, !line.starts(with: [0xEF, 0xBB, 0xBF]) else { return false }
    guard !zip(line, line.dropFirst()).contains(where: { $0 == 0x5C && $1 == UInt8(ascii: "u") }) else { return false }
    return !hasHugeNumber(line)
}

/// True when `line` holds an exponent of three digits or more, or a run of more than 300 digits.
func hasHugeNumber(_ line: [UInt8]) -> Bool {
    var digits = 0
    var index = 0
    while index < line.count {
        let byte = line[index]
        if (0x30...0x39).contains(byte) {
            digits += 1
            if digits > 300 { return true }
        } else {
            digits = 0
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                var next = index + 1
                if next < line.count, line[next] == UInt8(ascii: "+") || line[next] == UInt8(ascii: "-") { next += 1 }
                var exponent = 0
                while next < line.count, (0x30...0x39).contains(line[next]) { exponent += 1; next += 1 }
                if exponent >= 3 { return true }
            }
        }
        index += 1
    }
    return false
}
