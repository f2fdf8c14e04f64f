import Foundation

/// A page whose address names it as a listing: a tag, topic, category, author or search page, or a later page of
/// one ("/tag/mua-lu", ".../tim-kiem?q=...", "/category/news/page/724", "gia-do-la-tang-tag21845.html"). Such a
/// page holds teasers, a heading, or nothing; read as text, one teaser is a short article, and the address is
/// what tells them apart. Known only when the document carries its URL (a JSONL record's `url` field, the field
/// ``CorpusSettings/siteField`` names).
///
/// The address alone never decides: a blog's category page may show whole posts. A listing address drops the
/// page only when it holds no run of ``articleRun`` paragraphs (lines of ``paragraphWords`` words or more, one
/// after another), the shape of an article's body.
///
/// On the labelled sets (1,030 pages with their URLs) 44 of the 92 pages to drop have such an address; of the
/// articles, none does (a forum's `?s=` session, baomoi's `/c/` and chinadaily's `/s/` are why those are not
/// read as listings).
public enum ListingAddress {
    /// Path segments that name a listing (lower case, after percent-decoding): WordPress, Blogger and the
    /// Vietnamese CMSs' words for tag, topic, keyword, category, author and search, and a few other languages'.
    static let segments: Set<String> = [
        "tag", "tags", "tagged", "topic", "topics", "category", "categories", "author", "authors", "label", "search",
        "chu-de", "tu-khoa", "tim-kiem", "tac-gia", "topik", "kategori", "kategorie", "tema", "thema", "schlagwort",
        "etiqueta", "etiquetas", "categoria", "autor", "sujet", "auteur",
    ]
    /// Query keys that carry a search ("?q=...").
    static let searchKeys: Set<String> = ["q", "query", "keyword", "keywords", "search", "searchword"]
    /// A paragraph has at least this many words ...
    static let paragraphWords = 15
    /// ... and an article's body has at least this many of them in a row.
    static let articleRun = 3

    /// What in `url` names a listing ("the path segment 'tag'", "a search (q=)", "page 26 of a listing"), or nil.
    public static func listing(in url: String) -> String? {
        guard let components = URLComponents(string: url.trimmingCharactersInSpaces())
                ?? URLComponents(string: url.trimmingCharactersInSpaces().addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "") else { return nil }
        let path = (components.percentEncodedPath.removingPercentEncoding ?? components.percentEncodedPath).lowercased()
        let parts = path.split(separator: "/").map(String.init)
        if let segment = parts.first(where: { segments.contains($0) }) { return "the path segment '\(segment)'" }
        if let last = parts.last, last.hasSuffix(".tag") || isTagFileName(last) { return "a tag page's name ('\(last)')" }
        let items = components.queryItems ?? []
        if let item = items.first(where: { searchKeys.contains($0.name.lowercased()) && !($0.value ?? "").isEmpty }) {
            return "a search (\(item.name)=)"
        }
        if let page = pageNumber(parts: parts, query: items), page >= 2 { return "page \(page) of a listing" }
        return nil
    }

    /// "gia-do-la-tang-tag21845.html": a name (before its extension) that ends in "-tag" and digits.
    static func isTagFileName(_ name: String) -> Bool {
        let stem = name.split(separator: ".", maxSplits: 1).first ?? ""
        guard let dash = stem.range(of: "-tag", options: .backwards) else { return false }
        let digits = stem[dash.upperBound...]
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    /// The page of a listing the address asks for: "/page/78", "/page78", "?page=26"; nil when it names none.
    static func pageNumber(parts: [String], query: [URLQueryItem]) -> Int? {
        if let last = parts.last {
            if last.hasPrefix("page"), let number = Int(last.dropFirst(4)) { return number }
            if parts.count >= 2, parts[parts.count - 2] == "page", last.allSatisfy(\.isASCIIDigit), let number = Int(last) { return number }
        }
        return query.first { $0.name.lowercased() == "page" }.flatMap { $0.value.flatMap { Int($0) } }
    }

    /// The URL of `document` (its `field` of a JSONL record), when it names a listing and the page holds no article
    /// body; nil otherwise. The body is looked for first: most pages have one, and their address is not parsed.
    public static func of(_ document: Document, field: String) -> (url: String, listing: String)? {
        var run = 0
        for line in document.lines {
            run = line.wordCount >= paragraphWords ? run + 1 : 0
            if run >= articleRun { return nil }
        }
        guard let url = document.stringField(field), let listing = listing(in: url) else { return nil }
        return (url, listing)
    }
}
