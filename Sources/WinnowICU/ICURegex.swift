internal import CICU
import Synchronization

/// Why a pattern did not compile: ICU's error, and where in the pattern it stopped (in characters, 0-based).
public struct RegexSyntaxError: Error, CustomStringConvertible, Sendable {
    public let pattern: String
    public let code: String
    /// Offset into the pattern in Unicode scalars, when ICU reports one.
    public let offset: Int?

    /// ICU's error name in words: "U_REGEX_MISSING_CLOSE_BRACKET" becomes "missing close bracket".
    public var reason: String {
        var words = code
        if words.hasPrefix("U_REGEX_") { words.removeFirst("U_REGEX_".count) }
        else if words.hasPrefix("U_") { words.removeFirst(2) }
        return String(words.lowercased().map { $0 == "_" ? " " : $0 })
    }

    public var description: String {
        if let offset { return "\(reason) at offset \(offset) in /\(pattern)/" }
        return "\(reason) in /\(pattern)/"
    }
}

/// A pattern gave up on some input before it could say whether it matches: it ran past its time limit
/// (it backtracks catastrophically), or filled ICU's backtracking stack (a line of hundreds of thousands of
/// characters and a pattern that remembers a position for each). Either way the answer is unknown, never "no".
public struct RegexTimeout: Error, Sendable {
    public enum Limit: Sendable { case time, stack }
    public let pattern: String
    public var limit: Limit = .time
}

/// One match: UTF-8 byte ranges for the whole match (group 0) and each capture group (nil when it did not take part).
public struct RegexMatch: Sendable, Equatable {
    public let groups: [Range<Int>?]
    public var range: Range<Int> { groups[0]! }
}

/// An ICU regular expression with a time limit, matching UTF-8 text (through a UTF-16 copy: see ``UTF16Text``).
///
/// Not thread-safe: each worker compiles its own (a pipeline per thread).
public final class ICURegex {
    public let pattern: String
    private let handle: OpaquePointer
    private let groupCount: Int
    /// The UTF-16 copy of the text being matched, reused from call to call.
    private let input = UTF16Text()

    /// Compiles `pattern`. `timeLimit` is ICU's match time limit in its own steps (roughly milliseconds); 0 is none.
    /// Compiling a pattern (case-insensitive ones with property classes above all) costs far more than cloning
    /// a compiled one; every worker and the rules loader ask for the same patterns, so the first compilation
    /// is kept and later ones are clones of it.
    private static let compiled = Mutex<[String: Prototype]>([:])

    /// A compiled pattern that is only ever cloned, never matched with: safe to share between threads.
    private struct Prototype: @unchecked Sendable {
        let handle: OpaquePointer
    }

    public init(_ pattern: String, caseInsensitive: Bool = false, timeLimit: Int32 = 0) throws(RegexSyntaxError) {
        let key = (caseInsensitive ? "i:" : "-:") + pattern
        var error = U_ZERO_ERROR
        let cloned: OpaquePointer? = Self.compiled.withLock { cache in
            cache[key].flatMap { cicu_cloneRegex($0.handle, &error) }
        }
        let handle: OpaquePointer?
        if let cloned, !error.failed {
            handle = cloned
        } else {
            error = U_ZERO_ERROR
            let units = Array(pattern.utf16)
            var parseError = UParseError()
            let flags: UInt32 = caseInsensitive ? cicu_regexCaseInsensitive() : 0
            handle = units.withUnsafeBufferPointer {
                cicu_openRegex($0.baseAddress, Int32($0.count), flags, &parseError, &error)
            }
            if error.failed || handle == nil {
                let offset = parseError.offset >= 0 ? ICURegex.scalarOffset(utf16Offset: Int(parseError.offset), in: pattern) : nil
                throw RegexSyntaxError(pattern: pattern, code: error.name, offset: offset)
            }
            var cloneError = U_ZERO_ERROR
            if let clone = cicu_cloneRegex(handle, &cloneError), !cloneError.failed {
                let prototype = Prototype(handle: clone)
                Self.compiled.withLock { cache in
                    if cache[key] == nil { cache[key] = prototype } else { cicu_closeRegex(prototype.handle) }
                }
            }
        }
        if timeLimit > 0 { cicu_regexSetTimeLimit(handle, timeLimit, &error) }
        self.pattern = pattern
        self.handle = handle!
        var countError = U_ZERO_ERROR
        self.groupCount = Int(cicu_regexGroupCount(handle, &countError))
    }

    deinit {
        cicu_closeRegex(handle)
    }

    /// Points the pattern at `bytes` (valid UTF-8); they must stay alive until the matching that follows is done.
    private func attach(_ bytes: UnsafeBufferPointer<UInt8>) {
        input.fill(bytes)
        var error = U_ZERO_ERROR
        cicu_setRegexText(handle, input.units, Int32(input.count), &error)
    }

    /// The number of the capture group called `name`, if the pattern has one.
    public func groupNumber(named name: String) -> Int? {
        var error = U_ZERO_ERROR
        let number = cicu_regexGroupNumber(handle, name, &error)
        return error.failed ? nil : Int(number)
    }

    /// The first match in `text`, or nil.
    public func firstMatch(in text: String) throws(RegexTimeout) -> RegexMatch? {
        try matches(in: text, limit: 1).first
    }

    /// The first match in UTF-8 `bytes` (valid UTF-8), or nil.
    public func firstMatch(in bytes: UnsafeBufferPointer<UInt8>) throws(RegexTimeout) -> RegexMatch? {
        try matches(in: bytes, limit: 1).first
    }

    /// True when the pattern matches anywhere in `text`. Reads no groups, so it is the cheapest question to ask.
    public func matches(_ text: String) throws(RegexTimeout) -> Bool {
        try text.withUTF8Bytes { (bytes) throws(RegexTimeout) -> Bool in try matches(bytes) }
    }

    /// ``matches(_:)-string`` on UTF-8 `bytes` (valid UTF-8).
    public func matches(_ bytes: UnsafeBufferPointer<UInt8>) throws(RegexTimeout) -> Bool {
        attach(bytes)
        var error = U_ZERO_ERROR
        let hit = cicu_regexFindNext(handle, &error)
        if cicu_isRegexTimeout(error) != 0 { throw RegexTimeout(pattern: pattern) }
        if cicu_isRegexStackOverflow(error) != 0 { throw RegexTimeout(pattern: pattern, limit: .stack) }
        return hit != 0 && !error.failed
    }

    /// All non-overlapping matches in `text`, at most `limit`.
    public func matches(in text: String, limit: Int = .max) throws(RegexTimeout) -> [RegexMatch] {
        try text.withUTF8Bytes { (bytes) throws(RegexTimeout) -> [RegexMatch] in try matches(in: bytes, limit: limit) }
    }

    /// All non-overlapping matches in UTF-8 `bytes` (valid UTF-8), at most `limit`, as byte ranges of them.
    public func matches(in bytes: UnsafeBufferPointer<UInt8>, limit: Int = .max) throws(RegexTimeout) -> [RegexMatch] {
        attach(bytes)
        var found: [RegexMatch] = []
        while found.count < limit {
            var findError = U_ZERO_ERROR
            let hit = cicu_regexFindNext(handle, &findError)
            if cicu_isRegexTimeout(findError) != 0 { throw RegexTimeout(pattern: pattern) }
            if cicu_isRegexStackOverflow(findError) != 0 { throw RegexTimeout(pattern: pattern, limit: .stack) }
            if hit == 0 || findError.failed { break }
            var groups: [Range<Int>?] = []
            groups.reserveCapacity(groupCount + 1)
            for group in 0...groupCount {
                var groupError = U_ZERO_ERROR
                let start = cicu_regexStart(handle, Int32(group), &groupError)
                let end = cicu_regexEnd(handle, Int32(group), &groupError)
                guard start >= 0 && !groupError.failed else {
                    groups.append(nil)
                    continue
                }
                groups.append(input.utf8Offset(of: Int(start))..<input.utf8Offset(of: Int(end)))
            }
            found.append(RegexMatch(groups: groups))
        }
        return found
    }

    private static func scalarOffset(utf16Offset: Int, in text: String) -> Int {
        var units = 0
        var scalars = 0
        for scalar in text.unicodeScalars {
            if units >= utf16Offset { break }
            units += scalar.utf16.count
            scalars += 1
        }
        return scalars
    }
}
