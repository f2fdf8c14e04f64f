/// A short line that tells the reader how to reach a gambling brand: a brand-shaped word ("ga88", "88vuong",
/// "hz88", a betting address) beside a word of access ("link chính thức", "đăng nhập", "không bị chặn", "trang
/// chủ", "tải về", "apk", "official login"), in eight words or fewer, with no word of news. Mirrors are blocked
/// and renamed every week, so the brand is one nobody has listed, and the line around it is a handful of words the
/// model has little to weigh ("ga88 link chính thức" scored 2.2 against 2.6 held out). A report that names such a
/// site says more ("Công an xác định trang ga88 ..."), and a product launch names its model apart ("Galaxy S24
/// chính thức lên kệ": a letter and two digits is no brand's shape). Decided outside the score, like a betting
/// address standing alone. ("V9win link chính thức" stays with the model: one digit between letters is a model
/// number's shape as often as a brand's, "Win10".)
///
/// On the labelled lines at hand on 2026-12-08 (2,935 spam, 2,350 to keep), an approximation of the shape held
/// for 32 spam lines and no line to keep; on the 3,886 labelled pages, for three lines, none of them body.
enum BrandAccess {
    /// The rule id logged for the lines it removes.
    static let ruleID = "spam.brand-access"
    /// The most words such a line has.
    static let words = 8

    /// Folded words and word pairs that speak of getting to a site or an app. One word only where it has no
    /// everyday Vietnamese sense once its marks are folded ("tải" folds to "tai", as "tại" does: it counts only
    /// in a pair, "tải về", "tải ngay").
    static let accessTerms = [
        "link", "login", "apk", "download", "register", "signup", "mirror",
        "dang nhap", "dang ky", "trang chu", "chinh thuc", "bi chan", "tai ve", "tai ngay", "tai app", "tai game",
        "link vao", "truy cap", "sign up", "log in", "sign in",
    ]
    static let accessHashes = Set(accessTerms.map(SpamTokens.termHash))

    /// Whether the line read into `tokens`, with feature `values` (``SpamFeature``), is a brand's access line.
    static func holds(_ tokens: SpamTokens, _ values: [Double]) -> Bool {
        guard tokens.brandShaped + tokens.bettingDomainAddresses > 0, tokens.hashes.count <= words,
              values[SpamFeature.newsTerms.rawValue] == 0 else { return false }
        let hashes = tokens.hashes
        for index in hashes.indices {
            if accessHashes.contains(hashes[index]) { return true }
            if index > 0 && accessHashes.contains(SpamTokens.pair(hashes[index - 1], hashes[index])) { return true }
        }
        return false
    }
}
