/// The parts of a date and time read from a line, turned into ISO 8601.
struct DateParts {
    var year: String?
    var month: String?
    var day: String?
    var hour: String?
    var minute: String?
    var second: String?
    /// "AM" or "PM" (any case, with or without dots) for a 12-hour clock.
    var meridiem: String?

    static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
        "oct": 10, "nov": 11, "dec": 12,
    ]

    /// "2022-04-21T18:59:00+07:00", "2022-04-21" without a time, or nil when the parts do not make a real date.
    func iso8601(utcOffset: String) -> String? {
        guard let year = year.flatMap({ Int($0) }), let month = month.flatMap(Self.month), let day = day.flatMap({ Int($0) })
        else { return nil }
        let fullYear = year < 100 ? 2000 + year : year
        guard (1900...2100).contains(fullYear), (1...12).contains(month), (1...Self.days(in: month, of: fullYear)).contains(day)
        else { return nil }
        let date = "\(fullYear)-\(Self.pad(month))-\(Self.pad(day))"
        guard var hour = hour.flatMap({ Int($0) }), let minute = minute.flatMap({ Int($0) }),
              (0..<24).contains(hour), (0..<60).contains(minute) else { return date }
        if let meridiem = meridiem?.lowercased().first {
            if meridiem == "p" && hour < 12 { hour += 12 }
            if meridiem == "a" && hour == 12 { hour = 0 }
        }
        let second = second.flatMap { Int($0) }.flatMap { (0..<60).contains($0) ? $0 : nil } ?? 0
        return "\(date)T\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))\(utcOffset)"
    }

    /// A zone as written after an ISO 8601 time ("Z", "+07:00", "+0700", "-05") in the form the output uses,
    /// or nil when it is not one.
    static func offset(_ text: String) -> String? {
        if text == "Z" || text == "z" { return "Z" }
        let bytes = Array(text.utf8)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = bytes.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 2 || digits.count == 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let number = digits.map { Int($0 - 0x30) }
        let hours = number[0] * 10 + number[1]
        let minutes = digits.count == 4 ? number[2] * 10 + number[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        return "\(Character(Unicode.Scalar(sign)))\(pad(hours)):\(pad(minutes))"
    }

    /// Finds day/month/year (with /, . or - between) and an optional hh:mm (or hhgmm) anywhere in `text`.
    static func scan(_ text: String) -> DateParts? {
        let characters = Array(text)
        var numbers: [(value: String, end: Int)] = []
        var index = 0
        var parts = DateParts()
        while index < characters.count {
            if characters[index].isASCII && characters[index].isNumber {
                var end = index
                while end < characters.count && characters[end].isASCII && characters[end].isNumber { end += 1 }
                numbers.append((String(characters[index..<end]), end))
                // hh:mm
                if end < characters.count, characters[end] == ":" || characters[end] == "h" || characters[end] == "g",
                   end + 2 < characters.count + 0, end + 1 < characters.count,
                   characters[end + 1].isASCII, characters[end + 1].isNumber, parts.hour == nil {
                    var minuteEnd = end + 1
                    while minuteEnd < characters.count && characters[minuteEnd].isNumber { minuteEnd += 1 }
                    let minute = String(characters[(end + 1)..<minuteEnd])
                    if minute.count == 2, String(characters[index..<end]).count <= 2 {
                        parts.hour = String(characters[index..<end])
                        parts.minute = minute
                        numbers.removeLast()
                        index = minuteEnd
                        continue
                    }
                }
                index = end
            } else {
                index += 1
            }
        }
        // Look for three numbers d, m, yyyy separated only by / . - and spaces.
        for start in 0..<max(0, numbers.count - 2) {
            let (day, month, year) = (numbers[start], numbers[start + 1], numbers[start + 2])
            if year.value.count == 4, day.value.count <= 2, month.value.count <= 2 {
                parts.day = day.value
                parts.month = month.value
                parts.year = year.value
                return parts.iso8601(utcOffset: "") == nil ? nil : parts
            }
        }
        return nil
    }

    private static func month(_ text: String) -> Int? {
        if let number = Int(text) { return number }
        return monthNames[String(text.lowercased().prefix(text.lowercased().hasPrefix("sept") ? 4 : 3))]
    }

    private static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Finds links in text.
enum URLScanner {
    static func firstURL(in text: String) -> String? {
        for token in text.split(separator: " ") {
            let stripped = LineTokens.strip(token)
            if stripped.hasPrefix("http://") || stripped.hasPrefix("https://") { return String(token).trimming(characters: "()[]<>\"'”“,;.") }
            if stripped.hasPrefix("www.") { return String(stripped) }
        }
        return nil
    }
}
