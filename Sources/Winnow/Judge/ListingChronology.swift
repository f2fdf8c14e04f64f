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

    /// How many days the page's date lines name, newest first, when they make it a listing; else nil.
    public static func days(in document: Document) -> Int? {
        // The dates the `date.` rules read from the lines they took ("2025-05-14", "2026-02-24T16:40:00+11:00"),
        // as day and time, in the page's order; a relative date ("2 ngày trước") names none.
        let dated = document.edits
            .compactMap { edit in edit.kind == .extracted(.date) ? edit.value.map { (line: edit.line, moment: moment(of: $0)) } : nil }
            .sorted { $0.line < $1.line }
        guard dated.count >= minimumDays else { return nil }
        let days = Set(dated.map(\.moment.day)).count
        guard days >= minimumDays else { return nil }
        // Newest first, every one.
        for (earlier, later) in zip(dated, dated.dropFirst()) where later.moment > earlier.moment { return nil }
        // Something between each two dates (a table's header row of dates has nothing) ...
        let lines = TagPage.inputLines(of: document)
        for (earlier, later) in zip(dated, dated.dropFirst()) where lines.span((earlier.line + 1)..<later.line).lines == 0 { return nil }
        // ... and no article of the page's own between the first two.
        let opening = lines.span((dated[0].line + 1)..<dated[1].line).words
        return opening < openingWords ? days : nil
    }

    /// An ISO 8601 date as the rules write it, split into its day ("2026-02-24") and its time ("16:40:00", or
    /// empty), which order as text. The zone is left aside: one page's dates share it.
    static func moment(of iso: String) -> (day: Substring, time: Substring) {
        let day = iso.prefix(10)
        let rest = iso.dropFirst(10)
        return (day, rest.first == "T" ? rest.dropFirst().prefix(8) : "")
    }
}
