/// A fixed table from word hashes (``WordHash``, already well mixed) to values, by open addressing: a lookup is
/// an index and a comparison, where Swift's dictionaries would hash the hash again. The features look up every
/// word of every line.
struct WordTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private let mask: Int

    init(_ entries: [(UInt64, Value)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [Value?](repeating: nil, count: capacity)
        mask = capacity - 1
        for (key, value) in entries {
            var slot = Self.slot(key, mask)
            while values[slot] != nil && keys[slot] != key { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
    }

    @inline(__always) private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    @inline(__always) subscript(key: UInt64) -> Value? {
        var slot = Self.slot(key, mask)
        while let value = values[slot] {
            if keys[slot] == key { return value }
            slot = (slot + 1) & mask
        }
        return nil
    }
}

/// Counts of hashed keys (lines, shingles), by open addressing; sized for the number of keys it will see.
struct HashCounter {
    private var keys: [UInt64]
    private var counts: [Int32]
    private let mask: Int

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        counts = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private func slot(of key: UInt64) -> Int {
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while counts[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    /// Adds one to `key`'s count and returns the new count.
    @discardableResult mutating func add(_ key: UInt64) -> Int {
        let slot = slot(of: key)
        keys[slot] = key
        counts[slot] += 1
        return Int(counts[slot])
    }

    func count(_ key: UInt64) -> Int { Int(counts[slot(of: key)]) }
}

/// FNV-1a over a line's bytes, eight at a time: the key of a line for finding repeats (a collision only makes
/// two lines look the same).
func lineHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
    var index = 0
    if let base = UnsafeRawPointer(bytes.baseAddress) {
        while index + 8 <= bytes.count {
            hash = (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x100_0000_01b3
            hash ^= hash >> 29
            index += 8
        }
    }
    while index < bytes.count {
        hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
        index += 1
    }
    return hash
}
