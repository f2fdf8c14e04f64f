import WinnowICU

/// Function words of the languages Winnow meets most, for jusText's cue: article text is dense with them, page
/// furniture is not. Words are compared case-folded, by a hash of their letters (a collision only makes a word
/// count as a stop word).
struct Stopwords: Sendable {
    private let table: WordTable<Bool>

    @inline(__always) func contains(_ hash: UInt64) -> Bool { table[hash] != nil }

    /// What starts loading what ``contains(_:)`` will read (``WordTable/prefetcher``).
    var prefetcher: WordTable<Bool>.Prefetcher { table.prefetcher }

    static let shared = Stopwords(table: WordTable(lists.values.flatMap { $0.split(separator: " ") }.map { (WordHash.hash(String($0)), true) }))

    /// By language; the model does not need to know the language of a line, only whether its words are of this kind.
    static let lists: [String: String] = [
        "en": "the of and to a in is that for it as was with be by on not he i this are or his from at which but have an "
            + "they you were her she there one all we their has been would will more if no when what so can out up who "
            + "about into than them its do my only other some could these two may then any like our also after your how "
            + "over such most just said had did does our us him me should where while because those",
        "vi": "và của là có được cho các trong với những một không người đã này để khi đến từ ra theo về như cũng thì "
            + "tại nhiều đó năm vào lại sẽ nhưng hơn đang phải làm trên mà sau nên bị do còn rất vì nếu hay hoặc cùng "
            + "đây đều qua mới chỉ vẫn hiện việc nhằm bởi chúng tôi ông bà anh chị em nó họ ta mình gì ai sự nào rằng "
            + "thế cả đi nói biết thấy cần nhất",
        "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er "
            + "hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor "
            + "zur bis mehr durch man sein wurde sei kann wir ich",
        "fr": "le la les de des du et en un une est que qui dans pour pas sur au par plus ne il elle ce se sont avec son "
            + "sa ses aux ont été mais ou comme tout nous vous leur cette",
        "es": "el la los las de del y en un una es que por para con no se su al lo como más pero sus le ya o este ha "
            + "porque esta entre cuando muy sin sobre también fue",
        "pt": "o a os as de do da dos das e em um uma é que para com não se por no na mais como mas foi ao ele ela seu "
            + "sua ou ser quando muito nos já está",
        "it": "il la lo i gli le di del della e in un una è che per con non si da al alla come più ma anche sono nel nella",
        "nl": "de het een en van in is dat op te zijn met voor niet aan er om ook als bij maar door of uit",
        "nordic": "och att det som en på är av för med den til og er ikke af jeg har var",
        "slavic": "i w z na się że do nie jest to jak a v na se že je s ve pro и в не на что с по это как он она они",
        "tr-id-sw": "ve bir bu da de ile için yang dan di ini itu dengan untuk dari na ya kwa wa ni",
    ]
}

/// A word as the judge's features see it: its letters and marks, case-folded (digits and punctuation left out),
/// hashed as the line scan reads it, so that word lists compare without making strings.
enum WordHash {
    static let seed: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always) static func mix(_ hash: UInt64, _ scalar: UInt32) -> UInt64 {
        (hash ^ UInt64(scalar)) &* 0x100_0000_01b3
    }

    /// The scalar case-folded: capitals through ICU's folding; other letters fold to themselves.
    @inline(__always) static func fold(_ value: UInt32, kind: CharacterClass) -> UInt32 {
        if value < 0x80 { return value &- 0x41 < 26 ? value | 0x20 : value }
        return kind == .upper ? CaseFolding.shared?.single(value) ?? value : value
    }

    /// The same mixing over bytes as they are (a word already folded, a name).
    static func hash(bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = seed
        for byte in bytes { hash = mix(hash, UInt32(byte)) }
        return hash
    }

    /// The hash of `word` as the line scan computes it.
    static func hash(_ word: String) -> UInt64 {
        var hash = seed
        for scalar in folded(word).unicodeScalars { hash = mix(hash, scalar.value) }
        return hash
    }

    /// The word's letters and marks, case-folded: what the hash is made of.
    static func folded(_ word: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            let kind = CharacterClass(rawValue: CharacterClass.byte(of: scalar.value) & 0x7F) ?? .other
            guard kind == .upper || kind == .lower || kind == .caseless || kind == .mark else { continue }
            if let folded = Unicode.Scalar(fold(scalar.value, kind: kind)) { result.append(folded) }
        }
        return String(result)
    }

    /// The folded words of a line that have letters, in order (repeats kept), as the line scan counts them.
    static func words(of text: String) -> [String] {
        text.split(separator: " ").map(folded).filter { !$0.isEmpty }
    }
}
