/// Builds an HTML (or inline SVG) text a piece at a time; the one place that escapes. Text from the input
/// goes through ``text(_:)`` or an attribute value, never ``raw(_:)``.
struct HTMLWriter {
    private(set) var html = ""

    /// Markup written as it is: only literals of this program.
    mutating func raw(_ markup: String) { html += markup }

    /// Text, escaped for element content or a quoted attribute value.
    mutating func text(_ text: String) { html += Self.escape(text) }

    /// `<tag attributes>`, with the attribute values escaped.
    mutating func open(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        html += "<" + tag
        for (name, value) in attributes { html += " \(name)=\"\(Self.escape(value))\"" }
        html += ">"
    }

    mutating func close(_ tag: String) { html += "</\(tag)>" }

    /// `<tag attributes>text</tag>`.
    mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], text content: String) {
        open(tag, attributes)
        text(content)
        close(tag)
    }

    /// `<tag attributes>…</tag>` around what `body` writes.
    mutating func element(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:], _ body: (inout HTMLWriter) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// `&`, `<`, `>` and quotes as references; control characters (but tab and line feed), which HTML does not
    /// allow, as their visible Control Pictures (U+2400…) or U+FFFD, so that what a line held stays visible.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\t", "\n": escaped.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}": escaped.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case "\u{7F}": escaped += "\u{2421}"
            case "\u{80}"..."\u{9F}": escaped += "\u{FFFD}"
            // Noncharacters (U+FDD0…U+FDEF and the last two of every plane).
            case _ where (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE: escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
