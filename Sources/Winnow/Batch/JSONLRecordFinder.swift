/// Finds one record of a JSON-lines file, by its line number or its id, for `winnow explain` on the unit corpus
/// builders work with (a record of a shard) rather than a whole file.
public enum JSONLRecordFinder {
    /// Which record: the one on a line (1-based), or the first whose id field is a string.
    public enum Key: Sendable, Equatable {
        case line(Int)
        case id(String)
    }

    /// The record's document (its text field as the text, source "FILE:LINE") and its line number. The error
    /// names the file and, for a record that is not one, its line.
    public static func find(_ key: Key, in bytes: [UInt8], file: String, textField: String = "text",
                            idField: String = "id") throws(Rejection) -> (document: Document, line: Int) {
        var number = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            number += 1
            var line = Array(bytes[start..<end])
            start = end + 1
            if line.last == 0x0D { line.removeLast() }
            switch key {
            case .line(let wanted):
                guard number == wanted else { continue }
                return (try CleanJob.document(ofRecord: line, number: number, source: "\(file):\(number)", textField: textField, idField: idField), number)
            case .id(let wanted):
                // Most records are not the one: compare the id field before decoding the rest.
                guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }),
                      let fields = try? JSONObjectScanner.fields(of: line),
                      let raw = fields.first(where: { $0.key == idField })?.raw,
                      let id = JSONObjectScanner.decodeString(line[raw]), id.elementsEqual(wanted.utf8) else { continue }
                return (try CleanJob.document(ofRecord: line, number: number, source: "\(file):\(number)", textField: textField, idField: idField), number)
            }
        }
        switch key {
        case .line(let wanted): throw Rejection(.malformedRecord, "no line \(wanted): the file has \(number)")
        case .id(let wanted): throw Rejection(.malformedRecord, "no record whose '\(idField)' is '\(wanted)'")
        }
    }
}
