import Foundation
import Testing
@testable import Winnow

/// A page whose URL names a tag, topic, category, author or search page is dropped; a later page of something
/// ("/page/7") only when it holds no article body, since it may be an article's second page.
@Suite struct ListingAddressTests {
    func clean(_ text: String, url: String) throws -> Document {
        try Pipeline(ruleSet: RulesLoader.defaultRules()).clean(id: "d", source: "d", bytes: Array(text.utf8), url: url)
    }

    static let teaser = """
        Mưa lũ miền Trung

        Những ngày vừa qua, tại nhiều tỉnh miền Trung đã có mưa lớn gây lũ quét khiến ít nhất 5 người chết và mất tích.
        """

    @Test(arguments: [
        ("https://daidoanket.vn/tag/mua-lu-trung-bo", "the path segment 'tag'"),
        ("https://huengaynay.vn/tim-kiem/q/tê-liệt/ad/2/type/new", "the path segment 'tim-kiem'"),
        ("https://vov.vn/author?keyword=TS.Vũ", "the path segment 'author'"),
        ("https://congnghe.vn/tr%E1%BB%A3-c%E1%BA%A5p-b%E1%BA%A3o.tag", "a tag page's name ('trợ-cấp-bảo.tag')"),
        ("https://baohatinh.vn/gia-do-la-tang-tag21845.html", "a tag page's name ('gia-do-la-tang-tag21845.html')"),
        ("https://example.com/news?q=flood+relief", "a search (q=)"),
        ("http://thiduakhenthuongvn.org.vn/xay-dung-nong-thon-moi?page=26", "page 26 of a listing"),
        ("https://niemanstoryboard.org/archive/page/78/", "page 78 of a listing"),
        // A year or a number after the segment is still a listing's: an archive of the year, a tag's id, a page.
        ("https://example.com/tag/2019/page-2", "the path segment 'tag'"),
        ("https://example.com/category/news/2019/05/", "the path segment 'category'"),
        ("https://example.co.il/tags/1659878", "the path segment 'tags'"),
        ("https://vietbao.vn/bv-bach-mai-ptag.html", "a tag page's name ('bv-bach-mai-ptag.html')"),
        ("http://tnmttuyenquang.gov.vn/tin-tuc/chinh-tri-xa-hoi/trang-784.html", "page 784 of a listing"),
        ("https://locninh.binhphuoc.gov.vn/vi/news/tin-kinh-te-tong-hop/page-19", "page 19 of a listing"),
        // Drupal's term listings, other languages' tags, WordPress's plain paging, offsets, date archives.
        ("https://www.example.edu/taxonomy/term/211", "the path segment 'taxonomy'"),
        ("https://example.pl/tagi/policja,181", "the path segment 'tagi'"),
        ("https://example.hu/cimke/polgarmester", "the path segment 'cimke'"),
        ("https://example.de/?cat=10&paged=9", "page 9 of a listing"),
        ("https://example.com/archive/date/2025-05-08?offset=100", "a later page of a listing (offset=100)"),
        ("http://example.com/civil-actions/list.html?limit=10&start=40", "a later page of a listing (start=40)"),
        ("https://example.blogspot.com/2016/11/", "a date archive (/2016/11/)"),
        ("http://example.eu/2022/08/05", "a date archive (/2022/08/05/)"),
        // Vietnamese papers' sections and topics, Blogger's archives of a day or a month.
        ("https://baohaiduong.vn/chuyen-muc/bat-dong-san/9", "the path segment 'chuyen-muc'"),
        ("https://saigonvoice.vn/chude/world-cup-2022-khu-vuc-chau-a", "the path segment 'chude'"),
        ("http://example.blogspot.com/2014_06_08_archive.html", "a blog's archive ('2014_06_08_archive.html')"),
        ("http://example.blogspot.com/2009_11_archive.html", "a blog's archive ('2009_11_archive.html')"),
        ("https://baotravinh.vn/lang-chao-10148/tag.html", "the page name 'tag.html'"),
        ("https://doisongvietnam.vn/dien-anh/page/108.html", "page 108 of a listing"),
        ("https://ngovn.agency/tin-tuc/", "a site's section ('/tin-tuc/')"),
        ("https://www.example.com/opinion", "a site's section ('/opinion/')"),
    ])
    func aListingIsNamedByWhatInItsAddressSaysSo(url: String, listing: String) {
        #expect(ListingAddress.kind(of: url)?.description == listing)
    }

    @Test(arguments: [
        "https://vnexpress.net/mua-lu-mien-trung-4812345.html",
        // A forum's session key, baomoi's and chinadaily's article paths, an article's first page.
        "http://www.ddth.com/showthread.php?s=9b9d32217bbc&p=1522479",
        "https://baomoi.com/mien-trung-lai-chuan-bi-co-mot-tran-lu-moi/c/1163407.epi",
        "https://govt.chinadaily.com.cn/s/201904/11/WS5caea413498e079e6801d412/ex-official.html",
        "https://example.com/story.html?page=1",
        "https://example.vn/van-hoa/tagore-va-viet-nam.html",
        // "Trang" is a name too; "-ptag" alone names nothing.
        "https://example.vn/giai-tri/ca-si-thu-trang-2.html",
        "https://example.vn/-ptag.html",
        "not a url at all",
        // A category's name before a dated headline, or before an article's number: the address of one article.
        "https://www.example.com/category/nation/2023/05/16/ministers-agree-to-dissolve-state-assemblies/",
        "https://www.example.ws/category/article/29776",
        // An article's own fifth page (Joomla numbers them one by one), a dated permalink, a year in a slug.
        "http://example.gov.vn/vi/quy-che-lam-viec?showall=&start=4",
        "https://example.com/2016/10/22/council-approves-budget/",
        "https://example.com/2016-report",
        // A section's article names itself as the detail page; a post that only mentions an archive is a post.
        "https://www.example.vn/cam-nang-du-lich/chuyen-muc/chi-tiet/chi-tiet-77.html",
        "http://example.blogspot.com/2014/06/my_archive.html",
        // A page of a site's news section by its number, and a site's page on one subject.
        "http://example.vn/news.php?id=17",
        "https://www.example.org/du-lich/",
    ])
    func anArticleAddressNamesNoListing(url: String) {
        #expect(ListingAddress.kind(of: url) == nil)
    }

    @Test func aTeaserUnderATagAddressIsDroppedAndNamedForIt() throws {
        let document = try clean(Self.teaser, url: "https://daidoanket.vn/tag/mua-lu-trung-bo")
        #expect(document.dropped?.rule == JudgeStage.listingAddressRuleID)
        #expect(document.dropped?.reason.contains("the path segment 'tag'") == true)
    }

    @Test func theSameTextUnderAnArticleAddressOrWithNoAddressStays() throws {
        #expect(try clean(Self.teaser, url: "https://daidoanket.vn/thoi-su/mua-lu-mien-trung-10293.html").dropped == nil)
        #expect(try clean(Self.teaser, url: "").dropped == nil)
    }

    static let article = """
        Hội nghị tổng kết công tác năm

        Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm và triển khai nhiệm vụ của năm tới với nhiều đại biểu.

        Báo cáo tại hội nghị cho biết, tốc độ tăng trưởng kinh tế của tỉnh đạt khá so với kế hoạch đề ra từ đầu năm nay.

        Phát biểu chỉ đạo, Chủ tịch tỉnh yêu cầu các sở, ngành tập trung tháo gỡ khó khăn cho doanh nghiệp trong thời gian tới.
        """

    @Test func aLaterPageShowingAWholeArticleKeepsIt() throws {
        // The second page of a long article is article text.
        #expect(try clean(Self.article, url: "https://example.vn/thoi-su/hoi-nghi-tong-ket-10293.html?page=2").dropped == nil)
        #expect(try clean(Self.article, url: "https://example.vn/thoi-su/page/7").dropped == nil)
    }

    @Test func aTagOrSearchPageIsDroppedEvenWhenItShowsAPostAtLength() throws {
        for url in ["https://example.vn/category/thoi-su", "https://example.vn/tag/hoi-nghi", "https://example.com/search?q=hoi+nghi"] {
            let document = try clean(Self.article, url: url)
            #expect(document.dropped?.rule == JudgeStage.listingAddressRuleID, "\(url)")
        }
    }
}
