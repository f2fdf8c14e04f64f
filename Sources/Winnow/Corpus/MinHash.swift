/// What the duplicate finder needs of one cleaned document: its words, a hash of its text, its shingle set and
/// its MinHash signature.
public struct DocumentSketch: Sendable, Equatable {
    /// Words (runs of letters and digits; a Vietnamese syllable is a word).
    public var words: Int
    /// A 128-bit hash of the cleaned text (the kept lines joined by line feeds): equal for exact duplicates.
    public var exact: ContentHash
    /// The distinct shingles' 32-bit hashes, sorted.
    public var shingles: [UInt32]
    /// The smallest value of each of the hash functions over the shingles (`UInt32.max` without shingles).
    public var signature: [UInt32]
}

/// A 128-bit hash of text: two 64-bit lanes over its bytes, each finished with MurmurHash3's mixer. Not
/// cryptographic: it tells exact copies apart from the rest in a batch, not from a forger.
public struct ContentHash: Sendable, Hashable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// 32 hexadecimal digits.
    public var description: String { LineFingerprint.hex(high) + LineFingerprint.hex(low) }

    public init?(hex: String) {
        guard hex.utf8.count == 32, let high = UInt64(hex.prefix(16), radix: 16), let low = UInt64(hex.suffix(16), radix: 16) else { return nil }
        self.init(high: high, low: low)
    }

    struct Hasher {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x9E37_79B9_7F4A_7C15
        var count: UInt64 = 0

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            var first = self.first, second = self.second
            for byte in bytes {
                first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
                second = ((second ^ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd).rotated(by: 23)
            }
            self.first = first
            self.second = second
            count &+= UInt64(bytes.count)
        }

        mutating func add(_ byte: UInt8) {
            var one = byte
            withUnsafePointer(to: &one) { add(UnsafeBufferPointer(start: $0, count: 1)) }
        }

        func finish() -> ContentHash {
            ContentHash(high: MinHasher.mix(first ^ count), low: MinHasher.mix(second &+ count))
        }
    }
}

extension UInt64 {
    @inline(__always) func rotated(by count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}

/// Words, shingles and MinHash signatures of cleaned text.
///
/// A word is a run of letters, digits and marks; everything else (spaces, punctuation, symbols) separates words,
/// so a Vietnamese syllable is a word and "TP.HCM" is two. Words are compared case-folded (ASCII, Latin-1,
/// Latin Extended-A and -B letters Vietnamese uses, the Vietnamese block U+1EA0-U+1EFF, basic Greek and Cyrillic),
/// through a 64-bit hash. A shingle is `size` consecutive words across the whole document (line ends are not
/// boundaries, so dropping a paragraph changes only the shingles around it); a document of fewer words has
/// one shingle of all of them. Shingles are hashed to 32 bits: two different shingles of two documents of a
/// thousand words share a hash with a chance of about 1 in 4,000, which moves their Jaccard similarity by
/// 0.001 at most.
///
/// The signature holds, for each of `permutations` hash functions h(x) = ⌊(a·x + b) mod 2⁶⁴ / 2³²⌋ (a odd,
/// a and b drawn from a fixed seed, so signatures of two runs compare), the least h over the shingles. Two
/// documents agree on a value with probability equal to their Jaccard similarity.
public struct MinHasher: Sendable {
    public let shingleSize: Int
    public let permutations: Int
    /// The hash functions' a and b, each split into its low and high 32 bits (see ``signature(_:)``).
    private let multipliersLow: [UInt32], multipliersHigh: [UInt32], addendsLow: [UInt32], addendsHigh: [UInt32]

    public init(shingleSize: Int = 5, permutations: Int = 128, seed: UInt64 = 0x5749_4E4E_4F57) {
        self.shingleSize = max(1, shingleSize)
        self.permutations = max(1, permutations)
        var state = seed
        var multipliers: [UInt64] = [], addends: [UInt64] = []
        for _ in 0..<self.permutations {
            multipliers.append(Self.splitMix(&state) | 1)
            addends.append(Self.splitMix(&state))
        }
        multipliersLow = multipliers.map { UInt32(truncatingIfNeeded: $0) }
        multipliersHigh = multipliers.map { UInt32(truncatingIfNeeded: $0 >> 32) }
        addendsLow = addends.map { UInt32(truncatingIfNeeded: $0) }
        addendsHigh = addends.map { UInt32(truncatingIfNeeded: $0 >> 32) }
    }

    public init(settings: DedupSettings) {
        self.init(shingleSize: settings.shingle, permutations: settings.permutations)
    }

    /// The sketch of a document's lines as they stand.
    public func sketch(_ document: Document) -> DocumentSketch {
        var tokens: [UInt64] = []
        var content = ContentHash.Hasher()
        document.withLineTexts { lines in
            tokens.reserveCapacity(lines.indices.reduce(0) { $0 + lines[$1].wordCount })
            for index in lines.indices {
                if index > 0 { content.add(0x0A) }
                let bytes = lines.bytes(index)
                content.add(bytes)
                Self.words(bytes, into: &tokens)
            }
        }
        let shingles = self.shingles(tokens)
        return DocumentSketch(words: tokens.count, exact: content.finish(), shingles: shingles, signature: signature(shingles))
    }

    /// The sorted distinct shingle hashes of a sequence of word hashes.
    public func shingles(_ tokens: [UInt64]) -> [UInt32] {
        guard !tokens.isEmpty else { return [] }
        let size = min(shingleSize, tokens.count)
        var result: [UInt32] = []
        result.reserveCapacity(tokens.count - size + 1)
        tokens.withUnsafeBufferPointer { tokens in
            for start in 0...(tokens.count - size) {
                var hash: UInt64 = 0x2545_F491_4F6C_DD1D
                for offset in 0..<size { hash = (hash ^ tokens[start + offset]) &* 0x9E37_79B9_7F4A_7C15 }
                result.append(UInt32(truncatingIfNeeded: Self.mix(hash) >> 32))
            }
        }
        Self.radixSort(&result)
        var unique = 0
        for index in result.indices where index == 0 || result[index] != result[unique - 1] {
            result[unique] = result[index]
            unique += 1
        }
        result.removeLast(result.count - unique)
        return result
    }

    /// Sorts 32-bit values by their bytes, least significant first (four counting passes): a document's few
    /// hundred shingles sort in a third of the time a comparison sort takes.
    static func radixSort(_ values: inout [UInt32]) {
        guard values.count > 32 else { values.sort(); return }
        var scratch = [UInt32](repeating: 0, count: values.count)
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: UInt32(0), to: 32, by: 8) {
            values.withUnsafeBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for index in 0..<256 { counts[index] = 0 }
                        for value in source { counts[Int((value >> shift) & 0xFF)] += 1 }
                        var total = 0
                        for index in 0..<256 { (counts[index], total) = (total, total + counts[index]) }
                        for value in source {
                            let bucket = Int((value >> shift) & 0xFF)
                            target[counts[bucket]] = value
                            counts[bucket] += 1
                        }
                    }
                }
            }
            swap(&values, &scratch)
        }
    }

    /// The MinHash signature of a shingle set.
    ///
    /// h(x) = ⌊(a·x + b) mod 2⁶⁴ / 2³²⌋ is computed in 32-bit halves, which the compiler turns into vector
    /// multiplies: with a = aₕ·2³² + aₗ and b = bₕ·2³² + bₗ, h(x) = (aₕ·x + bₕ + ⌊(aₗ·x + bₗ) / 2³²⌋) mod 2³².
    public func signature(_ shingles: [UInt32]) -> [UInt32] {
        var minimums = [UInt32](repeating: .max, count: permutations)
        let count = permutations
        let blocked = count - count % 8
        minimums.withUnsafeMutableBufferPointer { minimums in
            multipliersLow.withUnsafeBufferPointer { aLow in
                multipliersHigh.withUnsafeBufferPointer { aHigh in
                    addendsLow.withUnsafeBufferPointer { bLow in
                        addendsHigh.withUnsafeBufferPointer { bHigh in
                            shingles.withUnsafeBufferPointer { shingles in
                                // Eight functions at a time over every shingle, their minimums held in registers.
                                for start in stride(from: 0, to: blocked, by: 8) {
                                    func load(_ values: UnsafeBufferPointer<UInt32>) -> SIMD8<UInt32> {
                                        SIMD8(values[start], values[start + 1], values[start + 2], values[start + 3],
                                              values[start + 4], values[start + 5], values[start + 6], values[start + 7])
                                    }
                                    let aL = SIMD8<UInt64>(truncatingIfNeeded: load(aLow)), bL = SIMD8<UInt64>(truncatingIfNeeded: load(bLow))
                                    let aH = load(aHigh), bH = load(bHigh)
                                    var least = SIMD8<UInt32>(repeating: .max)
                                    for shingle in shingles {
                                        let carry = SIMD8<UInt32>(truncatingIfNeeded: (aL &* SIMD8<UInt64>(repeating: UInt64(shingle)) &+ bL) &>> 32)
                                        least = pointwiseMin(least, aH &* SIMD8<UInt32>(repeating: shingle) &+ bH &+ carry)
                                    }
                                    for lane in 0..<8 { minimums[start + lane] = least[lane] }
                                }
                                for shingle in shingles {
                                    let wide = UInt64(shingle)
                                    for index in blocked..<count {
                                        let carry = UInt32(truncatingIfNeeded: (UInt64(aLow[index]) &* wide &+ UInt64(bLow[index])) >> 32)
                                        minimums[index] = Swift.min(minimums[index], aHigh[index] &* shingle &+ bHigh[index] &+ carry)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return minimums
    }

    /// h of one shingle under hash function `index`, as the 64-bit formula says (for tests of ``signature(_:)``).
    func value(_ shingle: UInt32, function index: Int) -> UInt32 {
        let a = UInt64(multipliersHigh[index]) << 32 | UInt64(multipliersLow[index])
        let b = UInt64(addendsHigh[index]) << 32 | UInt64(addendsLow[index])
        return UInt32(truncatingIfNeeded: (a &* UInt64(shingle) &+ b) >> 32)
    }

    /// Appends the hashes of the words of one line (UTF-8).
    static func words(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout [UInt64]) {
        let offset: UInt64 = 0xcbf2_9ce4_8422_2325
        var hash = offset
        var inWord = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            var scalar: UInt32
            if byte < 0x80 {
                scalar = UInt32(byte)
                index += 1
                if scalar >= 0x41 && scalar <= 0x5A { scalar += 0x20 }
                let isWord = (scalar >= 0x61 && scalar <= 0x7A) || (scalar >= 0x30 && scalar <= 0x39)
                if !isWord {
                    if inWord { tokens.append(hash); hash = offset; inWord = false }
                    continue
                }
            } else {
                if byte >= 0xF0, index + 3 < count {
                    scalar = (UInt32(byte & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12) | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
                    index += 4
                } else if byte >= 0xE0, index + 2 < count {
                    scalar = (UInt32(byte & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                    index += 3
                } else if byte >= 0xC0, index + 1 < count {
                    scalar = (UInt32(byte & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F)
                    index += 2
                } else {
                    scalar = 0xFFFD
                    index += 1
                }
                if isSeparator(scalar) {
                    if inWord { tokens.append(hash); hash = offset; inWord = false }
                    continue
                }
                scalar = folded(scalar)
            }
            hash = (hash ^ UInt64(scalar)) &* 0x0000_0100_0000_01B3
            inWord = true
        }
        if inWord { tokens.append(hash) }
    }

    /// Non-ASCII characters that separate words: Latin-1 punctuation and symbols, general punctuation
    /// (dashes, curly quotes, ellipsis), currency and letter-like symbols, arrows and maths, box drawing, CJK and
    /// full-width punctuation, the replacement character, spaces.
    @inline(__always) static func isSeparator(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x80...0xBF, 0xD7, 0xF7: true
        case 0x2000...0x2BFF: true
        case 0x3000...0x303F, 0xFE30...0xFE4F, 0xFF00...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65: true
        case 0xFFFD: true
        default: false
        }
    }

    /// The lower-case form of upper-case letters of the ranges news text uses; every other scalar as it is.
    @inline(__always) static func folded(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0xC0...0xDE: scalar + 0x20
        case 0x100...0x137, 0x14A...0x177, 0x1EA0...0x1EFF, 0x1E00...0x1E95: scalar | 1
        case 0x139...0x148, 0x179...0x17E: scalar & 1 == 1 ? scalar + 1 : scalar
        case 0x1A0, 0x1AF: scalar + 1
        case 0x391...0x3A9, 0x410...0x42F: scalar + 0x20
        case 0x400...0x40F: scalar + 0x50
        default: scalar
        }
    }

    /// MurmurHash3's 64-bit finaliser: every input bit moves every output bit.
    @inline(__always) static func mix(_ value: UInt64) -> UInt64 {
        var value = value
        value ^= value >> 33
        value = value &* 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
        value = value &* 0xc4ce_b9fe_1a85_ec53
        value ^= value >> 33
        return value
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// The exact Jaccard similarity of two sorted distinct shingle sets (0 when both are empty).
    public static func jaccard(_ left: UnsafeBufferPointer<UInt32>, _ right: UnsafeBufferPointer<UInt32>) -> Double {
        guard !left.isEmpty || !right.isEmpty else { return 0 }
        var i = 0, j = 0, shared = 0
        while i < left.count && j < right.count {
            let a = left[i], b = right[j]
            if a == b { shared += 1; i += 1; j += 1 } else if a < b { i += 1 } else { j += 1 }
        }
        return Double(shared) / Double(left.count + right.count - shared)
    }

    public static func jaccard(_ left: [UInt32], _ right: [UInt32]) -> Double {
        left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in jaccard(l, r) } }
    }
}
