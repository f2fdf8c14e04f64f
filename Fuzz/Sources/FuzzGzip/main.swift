import WinnowZlib

/// libFuzzer's entry point for the gzip inflater. The first two bytes choose a chunk size and a piece limit,
/// the rest is the data. Checked: no crash; no piece larger than the limit; the same bytes and the same fault
/// whether the data comes in one chunk or in many; and compressing the data then inflating it gives it back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: start, count: count))
    guard input.count >= 2 else { return 0 }
    let chunk = Int(input[0]) + 1
    let limit = Int(input[1]) * 64 + 1
    let data = Array(input[2...])
    let whole = inflate(data, chunk: max(1, data.count), limit: 1 << 20)
    let pieces = inflate(data, chunk: chunk, limit: limit)
    precondition(whole.bytes == pieces.bytes, "chunking changed the bytes")
    precondition(whole.fault == pieces.fault, "chunking changed the fault: \(String(describing: whole.fault)) against \(String(describing: pieces.fault))")
    let roundTrip = try! Gzip.decompress(try! Gzip.compress(data))
    precondition(roundTrip == data, "compress then decompress changed the bytes")
    return 0
}

/// Inflates `data` given `chunk` bytes at a time, taking pieces of at most `limit` bytes; at most 4 MB come out
/// (a bomb is cut there, as a too-large fault).
func inflate(_ data: [UInt8], chunk: Int, limit: Int) -> (bytes: [UInt8], fault: Gzip.Failure.Kind?) {
    var output: [UInt8] = []
    do {
        let inflater = try Gzip.Inflater()
        var offset = 0
        repeat {
            inflater.give(Array(data[offset..<min(offset + chunk, data.count)]))
            offset += chunk
            while true {
                let piece = try inflater.take(limit: limit)
                precondition(piece.count <= limit, "a piece of \(piece.count) bytes, over the limit of \(limit)")
                if piece.isEmpty { break }
                output += piece
                if output.count > 4 << 20 { return (Array(output.prefix(4 << 20)), .tooLarge) }
            }
        } while offset < data.count
        try inflater.finish()
        return (output, nil)
    } catch {
        return (output, error.kind)
    }
}
