internal import CICU

/// A Unicode normalisation form that ICU implements.
public enum NormalizationForm: String, Sendable, CaseIterable {
    case nfc, nfd, nfkc
    case nfkcCasefold = "nfkc_casefold"
}

/// Normalises text with ICU, skipping the work for text that is already normalised.
///
/// ICU works on UTF-16, and converting every line costs more than the normalisation itself. Most news text is
/// already NFC, so the normaliser first scans the UTF-8 scalars against a table of code points that are
/// "quick-check yes" with combining class 0 for this form; a string made only of those is already normalised
/// (UAX #15 quick check) and is returned as it is, without any conversion.
public final class Normalizer: @unchecked Sendable {
    // ICU's normaliser instances are immutable singletons and safe to share across threads; the table is read-only.
    private let handle: OpaquePointer
    /// One bit per BMP code point that is stable under this form (see ``isStable(_:)``).
    public let stableTable: [UInt64]
    public let form: NormalizationForm

    public init(form: NormalizationForm) throws(ICUFailure) {
        var error = U_ZERO_ERROR
        let instance: OpaquePointer? = switch form {
        case .nfc: cicu_nfc(&error)
        case .nfd: cicu_nfd(&error)
        case .nfkc: cicu_nfkc(&error)
        case .nfkcCasefold: cicu_nfkcCasefold(&error)
        }
        try error.check("open the \(form.rawValue) normaliser")
        guard let instance else { throw ICUFailure(operation: "open the \(form.rawValue) normaliser", code: "null") }
        self.handle = instance
        self.form = form
        self.stableTable = Normalizer.stableTable(instance, form: form)
    }

    /// Shared normalisers, one per form, built once.
    public static func shared(_ form: NormalizationForm) throws(ICUFailure) -> Normalizer {
        switch form {
        case .nfc: try SharedNormalizers.nfc.get()
        case .nfd: try SharedNormalizers.nfd.get()
        case .nfkc: try SharedNormalizers.nfkc.get()
        case .nfkcCasefold: try SharedNormalizers.nfkcCasefold.get()
        }
    }

    /// True when the scalar `value` is stable under this form whatever surrounds it ("quick check yes" with
    /// combining class 0): text made only of such scalars needs no normalisation.
    public func isStable(_ value: UInt32) -> Bool {
        value < 0x10000 && stableTable[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
    }

    /// True when every scalar is stable under this form on its own, so the text needs no ICU call.
    public func isTriviallyNormalized(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { isStable($0.value) }
    }

    /// The text in this normalisation form.
    public func normalize(_ text: String) throws(ICUFailure) -> String {
        if isTriviallyNormalized(text) { return text }
        let source = Array(text.utf16)
        let output = try source.withUnsafeBufferPointer { (src) throws(ICUFailure) -> [UInt16] in
            try fillUTF16(capacity: src.count * 3 + 16) { dest, capacity, error in
                cicu_normalize(handle, src.baseAddress, Int32(src.count), dest, capacity, &error)
            }
        }
        return String(decoding: output, as: UTF16.self)
    }

    /// The stable code points of the BMP. NFC, NFD and NFKC read it from the character properties; NFKC_Casefold
    /// has no such property and gets an empty table (its callers, the keyword matcher's rare look-alike tokens,
    /// always go through ICU), which keeps start-up short.
    private static func stableTable(_ handle: OpaquePointer, form: NormalizationForm) -> [UInt64] {
        var table = [UInt64](repeating: 0, count: 0x10000 / 64)
        let propertyForm: Int32? = switch form {
        case .nfc: 0
        case .nfd: 1
        case .nfkc: 2
        case .nfkcCasefold: nil
        }
        guard let propertyForm else { return table }
        for value in 0..<0x10000 where !(0xD800...0xDFFF).contains(value) && cicu_isStableByProperty(UChar32(value), propertyForm) != 0 {
            table[value >> 6] |= 1 << UInt64(value & 63)
        }
        return table
    }

    /// The same table from normaliser calls, one code point at a time (what the property reading must agree with).
    public static func stableTableFromNormalizer(_ form: NormalizationForm) throws(ICUFailure) -> [UInt64] {
        let handle = try Normalizer.shared(form).handle
        var table = [UInt64](repeating: 0, count: 0x10000 / 64)
        var unit: [UInt16] = [0]
        for value in 0..<0x10000 where !(0xD800...0xDFFF).contains(value) {
            unit[0] = UInt16(value)
            var error = U_ZERO_ERROR
            let yes = unit.withUnsafeBufferPointer { cicu_quickCheckYes(handle, $0.baseAddress, 1, &error) }
            if yes != 0 && !error.failed && cicu_combiningClass(handle, UChar32(value)) == 0 {
                table[value >> 6] |= 1 << UInt64(value & 63)
            }
        }
        return table
    }
}

private enum SharedNormalizers {
    static let nfc = Result { () throws(ICUFailure) in try Normalizer(form: .nfc) }
    static let nfd = Result { () throws(ICUFailure) in try Normalizer(form: .nfd) }
    static let nfkc = Result { () throws(ICUFailure) in try Normalizer(form: .nfkc) }
    static let nfkcCasefold = Result { () throws(ICUFailure) in try Normalizer(form: .nfkcCasefold) }
}
