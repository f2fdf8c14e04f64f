import Foundation

/// A page whose address names it as a listing: a tag, topic, category, author or search page, or a later page of
/// one ("/tag/mua-lu", ".../tim-kiem?q=...", "/category/news/page/724", "gia-do-la-tang-tag21845.html"). Such a
/// page holds teasers, a heading, or nothing; read as text, one teaser is a short article, and the address is
/// what tells them apart. Known only when the document carries its URL (a JSONL record's `url` field, the field
/// ``CorpusSettings/siteField`` names).
///
/// A tag, topic, category, author or search address decides alone: the labelling guide (../shared/LABELING.md)
/// drops "listing, tag and category pages of teasers, search results", and a tag page that shows a post at
/// length shows a copy of a page of its own. A later page ("/page/7", "?page=26", "trang-3.html") may be the
/// second page of a long article, so it drops the page only when it holds no run of ``articleRun`` paragraphs
/// (lines of ``paragraphWords`` words or more, one after another), the shape of an article's body.
///
/// On the labelled sets (1,222 pages with their URLs) 101 of the 160 pages to drop have such an address; of the
/// articles, none does (a forum's `?s=` session, baomoi's `/c/` and chinadaily's `/s/` are why those are not read
/// as listings; a travel site's `/chuyen-muc/chi-tiet/` is why "chi-tiet" names an article under a section). On
/// the 2,007 labelled pages with addresses at hand at stop 61, sections ("/chuyen-muc/"), topics ("/chude/"),
/// Blogger's archives ("2014_06_08_archive.html"), a listing's word as the file name ("/tag.html"), "/page/108.html"
/// and a news section as the whole path ("/tin-tuc/") dropped 11 pages more and no article; a site's home page as
/// a listing dropped 3 articles (a portal's home showing its newest story), so a home page is left to the text.
public enum ListingAddress {
    /// Path segments that name a listing (lower case, after percent-decoding): WordPress, Blogger and the
    /// Vietnamese CMSs' words for tag, topic, keyword, category, author and search, and a few other languages'.
    static let segments: Set<String> = [
        "tag", "tags", "tagged", "topic", "topics", "category", "categories", "author", "authors", "label", "search",
        "chu-de", "tu-khoa", "tim-kiem", "tac-gia", "topik", "kategori", "kategorie", "tema", "thema", "schlagwort",
        "etiqueta", "etiquetas", "categoria", "autor", "sujet", "auteur", "temas", "tagi", "cimke", "etiket", "etiketler",
        "tagit", "etikett", "argomenti", "schlagworte",
        // Drupal's listings of a term: "/taxonomy/term/211".
        "taxonomy",
        // Vietnamese papers' sections ("/chuyen-muc/bat-dong-san/9") and topics ("/chude/world-cup-2022"); an
        // article under a section names itself as the detail ("/chuyen-muc/chi-tiet/...", ``articleSegments``).
        "chuyen-muc", "chude",
    ]
    /// Query keys that carry a search ("?q=...").
    static let searchKeys: Set<String> = ["q", "query", "keyword", "keywords", "search", "searchword"]
    /// A paragraph has at least this many words ...
    static let paragraphWords = 15
    /// ... and an article's body has at least this many of them in a row.
    static let articleRun = 3

    /// What in an address names a listing, and whether the address decides alone.
    public struct Listing: Equatable, Sendable {
        /// "the path segment 'tag'", "a search (q=)", "page 26 of a listing".
        public var description: String
        /// Only a page number says so: the page may be an article's second page.
        public var laterPageOnly: Bool
    }

    /// What in `url` names a listing ("the path segment 'tag'", "a search (q=)", "page 26 of a listing"), or nil.
    public static func kind(of url: String) -> Listing? {
        guard let components = URLComponents(string: url.trimmingCharactersInSpaces())
                ?? URLComponents(string: url.trimmingCharactersInSpaces().addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "") else { return nil }
        let path = (components.percentEncodedPath.removingPercentEncoding ?? components.percentEncodedPath).lowercased()
        let parts = path.split(separator: "/").map(String.init)
        let items = components.queryItems ?? []
        if let place = parts.firstIndex(where: { segments.contains($0) }), !isPermalink(parts[(place + 1)...]) {
            return Listing(description: "the path segment '\(parts[place])'", laterPageOnly: false)
        }
        // The same word as the page's file name: "/lang-chao-10148/tag.html".
        if let last = parts.last, case let stem = fileStem(last), stem.count < last.count, segments.contains(String(stem)) {
            return Listing(description: "the page name '\(last)'", laterPageOnly: false)
        }
        if let last = parts.last, last.hasSuffix(".tag") || isTagFileName(last) {
            return Listing(description: "a tag page's name ('\(last)')", laterPageOnly: false)
        }
        if let item = items.first(where: { searchKeys.contains($0.name.lowercased()) && !($0.value ?? "").isEmpty }) {
            return Listing(description: "a search (\(item.name)=)", laterPageOnly: false)
        }
        if let page = pageNumber(parts: parts, query: items), page >= 2 { return Listing(description: "page \(page) of a listing", laterPageOnly: true) }
        if let item = items.first(where: { offsetKeys.contains($0.name.lowercased()) }), let offset = Int(item.value ?? ""), offset >= minimumOffset {
            return Listing(description: "a later page of a listing (\(item.name)=\(offset))", laterPageOnly: true)
        }
        if isDateArchive(parts) { return Listing(description: "a date archive (/\(parts.joined(separator: "/"))/)", laterPageOnly: true) }
        if let last = parts.last, isBloggerArchive(last) { return Listing(description: "a blog's archive ('\(last)')", laterPageOnly: true) }
        if parts.count == 1, items.isEmpty, let section = sectionName(parts[0]) {
            return Listing(description: "a site's section ('/\(section)/')", laterPageOnly: false)
        }
        return nil
    }

    /// Query keys that name a listing's page ("?page=26"; WordPress without pretty links: "?paged=9").
    static let pageKeys: Set<String> = ["page", "paged"]
    /// Query keys that say how far into a listing a page starts (Joomla's "?start=40", "?offset=100").
    static let offsetKeys: Set<String> = ["start", "offset"]
    /// The least offset read as a listing's: items come ten or more to a listing's page, where Joomla numbers an
    /// article's own pages one by one ("?showall=&start=4", the fifth page of a regulation, is the article).
    static let minimumOffset = 10

    /// A path of a year, and perhaps a month and a day, alone ("/2016/10/22/", "/2009/09", "/2013/"): a blog's or
    /// a paper's archive of the posts of that date. Some show one post whole, so, like a later page, it drops a
    /// page only without an article's body.
    static func isDateArchive(_ parts: [String]) -> Bool {
        guard let year = parts.first, (1...3).contains(parts.count), year.count == 4, year.hasPrefix("19") || year.hasPrefix("20") else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// Words a site names its news section by, as the whole path with no query ("/news", "/tin-tuc/",
    /// "/opinion/"): the section's page lists its stories, and an article has an address of its own. On the
    /// labelled pages at hand (stop 61) five such addresses, all pages to drop. Topics ("/du-lich/", a tourism
    /// page) are not among them: a site's page on one subject is often its article; nor is "/news.php?id=17".
    static let sectionNames: Set<String> = ["news", "tin-tuc", "tintuc", "tin-moi", "tin-khac", "opinion", "opinions",
                                            "blog", "latest", "latest-news", "archive", "archives"]

    /// The section a one-segment path names ("tin-tuc" of "/tin-tuc.html"), or nil.
    static func sectionName(_ segment: String) -> String? {
        let stem = String(fileStem(segment))
        return sectionNames.contains(stem) ? stem : nil
    }

    /// A path segment's name before its first dot ("tag" of "tag.html", "trang-784" of "trang-784.html"): the part
    /// the listing checks read.
    static func fileStem(_ name: String) -> Substring {
        name.split(separator: ".", maxSplits: 1).first ?? ""
    }

    /// Blogger's archive of a day, week or month: "2014_06_08_archive.html".
    static func isBloggerArchive(_ name: String) -> Bool {
        guard name.hasSuffix("_archive.html") else { return false }
        let date = name.dropLast("_archive.html".count).split(separator: "_")
        return (1...3).contains(date.count) && date.allSatisfy { !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigit) }
    }

    /// The path after a listing's segment names one article: a dated permalink under a category prefix
    /// ("/category/nation/2023/05/16/mbs-cms-agree-to-dissolve-state-assemblies/": a year, then a headline's words), or
    /// an article by its number ("/category/article/29776"). A listing's later pages and a tag's id are numbers only.
    static func isPermalink(_ tail: ArraySlice<String>) -> Bool {
        if let year = tail.firstIndex(where: { $0.count == 4 && ($0.hasPrefix("19") || $0.hasPrefix("20")) && $0.allSatisfy(\.isASCIIDigit) }),
           tail[(year + 1)...].contains(where: isTitleSlug) {
            return true
        }
        return tail.contains { articleSegments.contains($0) }
    }

    /// A headline written as a path segment: three words or more joined by hyphens, two of them with letters
    /// ("mbs-cms-agree-to-dissolve"; not "page-2").
    static func isTitleSlug(_ segment: String) -> Bool {
        let words = segment.split(separator: "-")
        return words.count >= 3 && words.count { $0.contains { $0.isLetter } } >= 2
    }

    /// Path segments that name one article.
    static let articleSegments: Set<String> = ["article", "articles", "story", "stories", "chi-tiet"]

    /// "gia-do-la-tang-tag21845.html", "bv-bach-mai-ptag.html": a name (before its extension) that ends in "-tag"
    /// and digits, or in "-ptag".
    static func isTagFileName(_ name: String) -> Bool {
        let stem = fileStem(name)
        if stem.hasSuffix("-ptag") && stem.count > 5 { return true }
        guard let dash = stem.range(of: "-tag", options: .backwards) else { return false }
        let digits = stem[dash.upperBound...]
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    /// The page of a listing the address asks for: "/page/78", "/page/108.html", "/page78", "/page-19",
    /// "/trang-784.html" (Vietnamese "page"), "?page=26"; nil when it names none.
    static func pageNumber(parts: [String], query: [URLQueryItem]) -> Int? {
        if let last = parts.last {
            let rest = last.dropFirst(4)
            if last.hasPrefix("page"), !rest.isEmpty, rest.allSatisfy(\.isASCIIDigit), let number = Int(rest) { return number }
            let stem = fileStem(last)
            // "/page/78", "/page/108.html".
            if parts.count >= 2, parts[parts.count - 2] == "page", !stem.isEmpty, stem.allSatisfy(\.isASCIIDigit), let number = Int(stem) { return number }
            for word in ["page-", "trang-"] where stem.hasPrefix(word) {
                if let number = Int(stem.dropFirst(word.count)) { return number }
            }
        }
        return query.first { pageKeys.contains($0.name.lowercased()) }.flatMap { $0.value.flatMap { Int($0) } }
    }

    /// What the URL of `document` (its `field` of a JSONL record) says of it as a listing, or nil.
    public static func address(of document: Document, field: String) -> Listing? {
        guard let url = document.stringField(field) else { return nil }
        return kind(of: url)
    }

    /// Whether `document` holds a run of ``articleRun`` paragraphs: the shape of an article's body.
    public static func hasArticleRun(_ document: Document) -> Bool {
        var run = 0
        for line in document.lines {
            run = line.wordCount >= paragraphWords ? run + 1 : 0
            if run >= articleRun { return true }
        }
        return false
    }
}
