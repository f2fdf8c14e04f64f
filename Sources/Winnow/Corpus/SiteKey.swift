/// Which site a document belongs to, for the site-boilerplate profile.
///
/// - A JSONL record with a string field `url` (``CorpusSettings/siteField``) belongs to the URL's host, lower
///   case, without a leading `www.`, a port or user information: `https://www.VnExpress.net:443/a.html` is
///   `vnexpress.net`.
/// - Any other document belongs to the folder that holds its input file, by that folder's name:
///   `scraped/vnexpress/a.txt` and `other/vnexpress/b.txt` are both `vnexpress` (one folder per site is how
///   scrapers lay pages out; a date-sharded layout such as `site/2017/05/a.txt` needs URL fields instead). A
///   file directly in the working folder, or standard input, is the site `.`.
///
/// The name is written in the profile, so `winnow profile` and `winnow clean --site-profile` must see the same
/// layout, not the same paths: a profile made on one machine serves another.
public enum SiteKey {
    /// The site of `document` (its `source` and, for a JSONL record, its fields).
    public static func of(_ document: Document, field: String) -> String {
        if let url = document.stringField(field), let host = host(of: url) { return host }
        return folder(of: document.source)
    }

    /// The host of a URL, normalised as described above; nil when there is none.
    public static func host(of url: String) -> String? {
        var rest = Substring(url.trimmingCharactersInSpaces())
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] } else if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.lastIndex(of: ":"), !rest.hasPrefix("[") { rest = rest[..<colon] }
        var host = rest.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host.isEmpty ? nil : host
    }

    /// The name of the folder holding the input file `source` names (a JSONL record's source is `FILE:LINE`).
    public static func folder(of source: String) -> String {
        var path = Substring(source)
        if let colon = path.lastIndex(of: ":"), path[path.index(after: colon)...].allSatisfy(\.isASCIIDigit),
           path.index(after: colon) < path.endIndex {
            path = path[..<colon]
        }
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        guard parts.count >= 2 else { return "." }
        parts.removeLast()
        return String(parts.last!)
    }
}

extension String {
    func trimmingCharactersInSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The fingerprint of a line for the site profile: a 64-bit hash (FNV-1a) of its text with white space
/// collapsed and trimmed, and every run of ASCII digits read as one `0`, so "Cập nhật 10:32 12/5/2017" and
/// "Cập nhật 9:05 3/11/2017" are one line. The text is NFC already (the normalize stage runs first).
public enum LineFingerprint {
    public static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        @inline(__always) func add(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        var pendingSpace = false
        var inDigits = false
        var started = false
        for byte in bytes {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C:
                pendingSpace = started
                inDigits = false
            case 0x30...0x39:
                if pendingSpace { add(0x20); pendingSpace = false }
                if !inDigits { add(0x30) }
                inDigits = true
                started = true
            default:
                if pendingSpace { add(0x20); pendingSpace = false }
                add(byte)
                inDigits = false
                started = true
            }
        }
        return hash
    }

    public static func of(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { of($0) }
    }

    /// The fingerprint as 16 hexadecimal digits, as the profile file writes it.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
