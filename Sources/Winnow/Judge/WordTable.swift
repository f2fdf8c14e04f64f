import CPosix

/// A fixed table from word hashes (``WordHash``, already well mixed) to values, by open addressing: a lookup is
/// an index and a comparison, where Swift's dictionaries would hash the hash again. The features look up every
/// word of every line, so the table is laid out for the memory: a key and its value share a slot (one cache
/// line to reach), and a filter of a byte per slot, small enough to stay in cache, answers most words that are
/// in no table without reaching the slots. Callers that know their keys ahead can ``prefetch(_:)`` them.
struct WordTable<Value: Sendable>: Sendable {
    private struct Slot {
        var key: UInt64 = 0
        /// nil for an empty slot.
        var value: Value?
    }

    /// Owns the memory of the slots and of the filter, which the table reads without reference counting.
    private final class Storage: @unchecked Sendable {
        let slots: UnsafeMutableBufferPointer<Slot>
        let filter: UnsafeMutableBufferPointer<UInt64>

        init(capacity: Int) {
            slots = .allocate(capacity: capacity)
            slots.initialize(repeating: Slot())
            filter = .allocate(capacity: capacity / 8)
            filter.initialize(repeating: 0)
        }

        deinit {
            slots.deallocate()
            filter.deallocate()
        }
    }

    private let storage: Storage
    nonisolated(unsafe) private let slots: UnsafeMutableBufferPointer<Slot>
    /// Bit `b` is set when some key's ``filterBit(_:)`` is `b`: eight bits per slot, at most one in sixteen set,
    /// so a word in no table gets past it about one time in sixteen.
    nonisolated(unsafe) private let filter: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int
    private let filterShift: UInt64

    init(_ entries: [(UInt64, Value)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        storage = Storage(capacity: capacity)
        slots = storage.slots
        filter = storage.filter
        mask = capacity - 1
        filterShift = UInt64(64 - (capacity * 8).trailingZeroBitCount)
        for (key, value) in entries {
            var slot = Self.slot(key, mask)
            while slots[slot].value != nil && slots[slot].key != key { slot = (slot + 1) & mask }
            slots[slot] = Slot(key: key, value: value)
            let bit = filterBit(key)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    @inline(__always) fileprivate static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The key's bit in the filter, from other bits of the key than its slot's.
    @inline(__always) private func filterBit(_ key: UInt64) -> Int { Self.filterBit(key, filterShift) }

    @inline(__always) fileprivate static func filterBit(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0xBF58_476D_1CE4_E5B9) >> shift)
    }

    @inline(__always) subscript(key: UInt64) -> Value? {
        let bit = filterBit(key)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        var slot = Self.slot(key, mask)
        while let value = slots[slot].value {
            if slots[slot].key == key { return value }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// Starts loading what a lookup of `key` will read. Lookups of keys prefetched together wait for memory
    /// together, not one after the other; results are the same either way.
    @inline(__always) func prefetch(_ key: UInt64) { prefetcher.prefetch(key) }

    /// What ``prefetch(_:)`` needs, without the table's reference counting: for a loop that prefetches while
    /// the table is kept alive elsewhere.
    var prefetcher: Prefetcher { Prefetcher(slots: UnsafeRawPointer(slots.baseAddress!), filter: UnsafeRawPointer(filter.baseAddress!),
                                            slotStride: MemoryLayout<Slot>.stride, mask: mask, filterShift: filterShift) }

    /// Only read, and only for hints that never fault, so it can go anywhere.
    struct Prefetcher: @unchecked Sendable {
        let slots: UnsafeRawPointer, filter: UnsafeRawPointer
        let slotStride: Int, mask: Int
        let filterShift: UInt64

        @inline(__always) func prefetch(_ key: UInt64) {
            winnow_prefetch(filter + 8 * (WordTable.filterBit(key, filterShift) >> 6))
            winnow_prefetch(slots + slotStride * WordTable.slot(key, mask))
        }
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
