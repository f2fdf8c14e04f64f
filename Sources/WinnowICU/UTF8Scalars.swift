/// Reads Unicode scalars straight from UTF-8 that is known to be valid (a Swift string's bytes), without the
/// checks a decoder of untrusted input needs. The scans that run over every line use it.
public enum UTF8Scalars {
    /// The scalar whose encoding starts at `index`, and how many bytes it takes.
    @inlinable @inline(__always)
    public static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                    | UInt32(bytes[index + 3] & 0x3F), 4)
    }

    /// The scalar whose encoding starts at `index`, moving `index` past it (ASCII first, the common case).
    @inlinable @inline(__always)
    public static func next(in bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32 {
        let lead = bytes[index]
        if lead < 0x80 {
            index += 1
            return UInt32(lead)
        }
        let (value, length) = scalar(in: bytes, at: index)
        index += length
        return value
    }

    /// The last scalar of non-empty UTF-8.
    @inlinable
    public static func last(in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var start = bytes.count - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(in: bytes, at: start).value
    }

    /// How many scalars the UTF-8 holds: its bytes that are not continuation bytes.
    @inlinable
    public static func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
