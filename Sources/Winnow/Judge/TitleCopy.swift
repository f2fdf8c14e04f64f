import Foundation

/// The headline printed again: a line equal to the title the extract stage took from the page's first line, in
/// any case ("Cases against a former senator ..." under the masthead's copy, a breadcrumb's last item, a share
/// box's heading). The article's text does not repeat its own headline as a line; a template does. On all 3,886
/// labelled pages at hand (stop 65), a line equal to a line labelled as the title was junk 173 times and never
/// body; 31 of the copies of a first-line title were kept before this check.
public enum TitleCopy {
    /// The rule id logged for a copy of the headline.
    public static let ruleID = "judge.title-copy"
    /// A title this long (characters) or longer: a short one ("Video", "Tin tức") is a label many lines share.
    static let titleLength = 15

    /// The positions in `document.lines` of the lines equal to its title (none without a title).
    public static func copies(in document: Document) -> [Int] {
        guard let title = document.metadata.title, title.count >= titleLength else { return [] }
        let size = title.utf8.count
        let folded = title.lowercased()
        // Lines of the title's length in bytes, give or take what a change of case does to a few letters.
        return document.lines.indices.filter { index in
            let range = document.lines[index].range
            guard abs(range.count - size) <= 4 else { return false }
            return document.text(of: document.lines[index]).lowercased() == folded
        }
    }
}
