internal import CICU

/// Maps text to its confusable skeleton (UTS #39): look-alike letters from any script become one prototype,
/// so "hі88" with a Cyrillic і and "hi88" share a skeleton. Skeletons are case-sensitive; casefold first.
///
/// Not thread-safe: give each worker its own.
public final class SkeletonMaker {
    private let handle: OpaquePointer

    public init() throws(ICUFailure) {
        var error = U_ZERO_ERROR
        let checker = cicu_openSpoofChecker(&error)
        try error.check("open the confusables checker")
        self.handle = checker!
    }

    deinit { cicu_closeSpoofChecker(handle) }

    public func skeleton(_ text: String) throws(ICUFailure) -> String {
        let source = Array(text.utf16)
        let output = try source.withUnsafeBufferPointer { (src) throws(ICUFailure) -> [UInt16] in
            try fillUTF16(capacity: src.count * 2 + 16) { dest, capacity, error in
                cicu_skeleton(handle, src.baseAddress, Int32(src.count), dest, capacity, &error)
            }
        }
        return String(decoding: output, as: UTF16.self)
    }
}
