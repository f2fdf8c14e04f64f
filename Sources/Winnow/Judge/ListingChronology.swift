import Foundation

/// A listing told by its dates: a page whose date lines (the lines the `date.` rules took) name four days or more,
/// newest first, with something between each two. That is a section, tag or archive page showing its stories in the
/// order it published them; an article has one date line, or two (published, updated), and a timeline inside a
/// story runs oldest first or packs its dates together.
///
/// On all 3,886 labelled pages (stop 62) the dates read so mark 15 pages the other checks leave; 14 are pages to
/// drop. The fifteenth is an article whose related stories below it are dated newest first: 123 words of its own
/// lie between its date and the first related one, where a listing's teaser has 68 at most, so a page with
/// ``openingWords`` or more between its first two dates stays. A live blog's updates carry times of one or two
/// days, not four days: it stays too.
public enum ListingChronology {
    /// The fewest different days a listing's date lines name.
    static let minimumDays = 4
    /// Words between the first two date lines from which the page has an article of its own above them.
    static let openingWords = 100

    /// A day and a time, comparable: year, month, day, hour, minute.
    struct Moment: Comparable, Hashable {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int

        /// The calendar day alone.
        var dayNumber: Int { (year * 100 + month) * 100 + day }

        static func < (left: Moment, right: Moment) -> Bool {
            (left.year, left.month, left.day, left.hour, left.minute) < (right.year, right.month, right.day, right.hour, right.minute)
        }
    }

    /// How many days the page's date lines name, newest first, when they make it a listing; else nil.
    public static func days(in document: Document) -> Int? {
        var dated: [(line: Int, moment: Moment)] = []
        var seen = Set<Int>()
        for edit in document.edits where edit.rule.hasPrefix("date.") {
            // A whole line the rules took (a trimmed date is part of a longer line), read once.
            switch edit.kind {
            case .dropped, .extracted, .cut: break
            default: continue
            }
            guard seen.insert(edit.line).inserted, let moment = moment(in: edit.text) else { continue }
            dated.append((edit.line, moment))
        }
        guard dated.count >= minimumDays else { return nil }
        dated.sort { $0.line < $1.line }
        let days = Set(dated.map(\.moment.dayNumber)).count
        guard days >= minimumDays else { return nil }
        // Newest first, every one.
        for (earlier, later) in zip(dated, dated.dropFirst()) where later.moment > earlier.moment { return nil }
        // The page's non-blank input lines and their words: those left and those the stages took.
        var words: [Int: Int] = [:]
        for line in document.lines { words[line.number] = line.wordCount }
        for edit in document.edits where words[edit.line] == nil { words[edit.line] = wordCount(edit.text) }
        let numbers = words.keys.sorted()
        // Something between each two dates (a table's header row of dates has nothing) ...
        for (earlier, later) in zip(dated, dated.dropFirst())
        where !numbers.contains(where: { $0 > earlier.line && $0 < later.line }) { return nil }
        // ... and no article of the page's own between the first two.
        let opening = numbers.lazy.filter { $0 > dated[0].line && $0 < dated[1].line }.reduce(0) { $0 + (words[$1] ?? 0) }
        return opening < openingWords ? days : nil
    }

    /// The day (and the time, if any) a date line names: "19/05/2025 07:15", "2013-03-01", "May 14, 2025",
    /// "Friday, June 24, 2022", "24 Feb 2026 4:40 pm AEDT", "31st May 2023", "Thứ Năm, 31 tháng 12, 2020"; nil
    /// for a relative date ("2 ngày trước") or none.
    static func moment(in text: String) -> Moment? {
        let lowered = text.lowercased()
        var numbers: [Int] = []
        var month: Int?
        for word in lowered.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
            if word.first?.isNumber == true {
                // "31st": the digits.
                if let number = Int(word.prefix(while: { $0.isNumber })) { numbers.append(number) }
            } else if month == nil, let named = monthNames[String(word)] {
                month = named
            }
        }
        // The clock's two numbers are not the date's.
        var hour = 0, minute = 0
        if let clock = clock(in: lowered) {
            if let at = numbers.indices.dropLast().first(where: { numbers[$0] == clock.hour && numbers[$0 + 1] == clock.minute }) {
                numbers.removeSubrange(at...(at + 1))
            }
            hour = clock.afternoon && clock.hour < 12 ? clock.hour + 12 : clock.morning && clock.hour == 12 ? 0 : clock.hour
            minute = clock.minute
        }
        var year: Int, monthNumber: Int, day: Int
        if let month {
            // "May 14, 2025" or "24 Feb 2026": the year, and the day beside it.
            guard let found = numbers.first(where: { $0 >= 1900 }), let first = numbers.first(where: { (1...31).contains($0) })
            else { return nil }
            (year, monthNumber, day) = (found, month, first)
        } else if numbers.count >= 3, numbers[0] >= 1900 {
            (year, monthNumber, day) = (numbers[0], numbers[1], numbers[2])
        } else if let at = numbers.firstIndex(where: { $0 >= 1900 }), at >= 2 {
            (day, monthNumber, year) = (numbers[at - 2], numbers[at - 1], numbers[at])
        } else {
            return nil
        }
        guard (1900...2100).contains(year), (1...12).contains(monthNumber), (1...31).contains(day) else { return nil }
        return Moment(year: year, month: monthNumber, day: day, hour: hour, minute: minute)
    }

    static let monthNames: [String: Int] = {
        let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                     "november", "december"]
        var table: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            table[name] = index + 1
            table[String(name.prefix(3))] = index + 1
        }
        table["sept"] = 9
        return table
    }()

    /// The first clock reading in lower-case `text` ("07:15", "4:40 pm", "16h40"): two digits of minutes after
    /// one or two of hours and ":" or "h", with no digit after them.
    private static func clock(in text: String) -> (hour: Int, minute: Int, morning: Bool, afternoon: Bool)? {
        let bytes = Array(text.utf8)
        func digit(_ index: Int) -> Int? {
            index >= 0 && index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 ? Int(bytes[index] - 0x30) : nil
        }
        for index in bytes.indices where bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: "h") {
            guard let ones = digit(index - 1), let tens = digit(index + 1), let units = digit(index + 2), digit(index + 3) == nil
            else { continue }
            let hour = digit(index - 2).map { $0 * 10 + ones } ?? ones
            // No third digit before the hour's ("2026:"), none after the minutes' ("07:155").
            guard digit(index - 2) == nil || digit(index - 3) == nil, hour < 24, tens < 6 else { continue }
            let rest = bytes[(index + 3)...].drop(while: { $0 == 0x20 })
            let marker = String(decoding: rest.prefix(3), as: UTF8.self)
            return (hour, tens * 10 + units, marker.hasPrefix("am") || marker.hasPrefix("a.m"), marker.hasPrefix("pm") || marker.hasPrefix("p.m"))
        }
        return nil
    }

    private static func wordCount(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).count
    }
}
