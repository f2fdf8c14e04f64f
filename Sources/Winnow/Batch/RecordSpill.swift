import Foundation

/// Records a run writes to a file at its end (rejected documents for the rejects file, dropped ones for the
/// `--dropped` file), kept on disk until then instead of in memory, and given back in any order a piece at a
/// time: the rejects file lists them in input order, and a rejection can be found after later inputs (a group
/// whose commit failed), so they cannot be written as they come.
///
/// The records go to a temporary file that has no name: it is made beside the file they are for (or in the
/// output folder) and removed from its folder at once, so whatever ends the run, no file is left behind, none
/// lands in an input folder, and the space goes back to the file system when the run ends. In memory stays one
/// offset per record (8 bytes) and a megabyte of records not yet written.
final class RecordSpill {
    /// Records gathered before they are written.
    static let bufferBytes = 1 << 20

    private let file: UnnamedFile
    /// Where record `i` starts in the file (in the order the records came); one more: where the next one goes.
    private var offsets: [Int] = [0]
    private var buffer: [UInt8] = []
    /// Bytes in the file, not counting the buffer.
    private var flushed = 0
    /// Why records could not be kept (then later ones are not): the file they are for cannot be written.
    private(set) var failure: String?

    /// Records kept so far.
    var count: Int { offsets.count - 1 }

    /// A spill for the file `name` in `folder`, made there. Throws the reason it cannot be made (the folder does
    /// not exist, is not writable).
    init(in folder: String, for name: String) throws(SystemError) {
        file = try UnnamedFile(in: folder, prefix: name + ".spill")
    }

    /// Keeps one record (its bytes, newline included).
    func append(_ record: [UInt8]) {
        guard failure == nil else { return }
        buffer += record
        offsets.append(offsets.last! + record.count)
        if buffer.count >= Self.bufferBytes { flush() }
    }

    private func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        if let code = buffer.withUnsafeBytes({ file.append($0) }) {
            failure = Message.cannotKeep(code)
            return
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// The records in the order `order` gives (indices in the order they came), a megabyte at most at a time,
    /// for ``AtomicFile/write(to:pieces:)``. Records next to each other in the file are read together.
    func pieces(in order: [Int]) -> AtomicFile.Pieces {
        flush()
        var next = 0
        // The stretch of the file being read: from `start` to `end`.
        var start = 0, end = 0
        return { [self] () throws(AtomicFile.Failure) -> [UInt8] in
            if let failure { throw AtomicFile.Failure(path: Message.spill, cause: failure) }
            while start == end && next < order.count {
                start = offsets[order[next]]
                end = offsets[order[next] + 1]
                next += 1
                while next < order.count && offsets[order[next]] == end {
                    end = offsets[order[next] + 1]
                    next += 1
                }
            }
            if start == end { return [] }
            let want = min(end - start, Self.bufferBytes)
            var piece = [UInt8](repeating: 0, count: want)
            if let code = piece.withUnsafeMutableBytes({ file.read(into: $0, at: start) }) {
                throw AtomicFile.Failure(path: Message.spill, cause: Message.cannotRead(code))
            }
            start += want
            return piece
        }
    }

    enum Message {
        static let spill = "the records kept in a temporary file"
        static func cannotKeep(_ code: Int32) -> String {
            "cannot keep the records in a temporary file until the end of the run: \(String(cString: strerror(code)))"
        }
        static func cannotRead(_ code: Int32) -> String {
            "cannot read them back from their temporary file: \(String(cString: strerror(code)))"
        }
    }
}
