/// Betting odds written the way tipsters write them, found in a line's bytes without a word list:
///
/// - a quarter-ball handicap, a sign before a half or a quarter with or without a whole number: "-1/4", "+1 1/4",
///   "(-1 1/2)", "+2 3/4";
/// - an Asian line, a half or a quarter on one side of a colon and 0 or another on the other: "(3/4:0)",
///   "0:1 1/4", "1 1/2:0";
/// - American odds in brackets, a sign and three or four digits: "(-115)", "(+343)";
/// - decimal odds after an at sign: "@ 1.80", "@ 5.4" (not "@ 6.55 tonight", a time of day).
///
/// None of these is how news writes a date ("1/4", "31/3-1/4"), a score ("2:1"), a share ("1/2 số phiếu") or a
/// price: on the labelled lines the shapes stood in 17 spam lines (betting tips) and in no line to keep.
///
/// A line that writes odds and no term of the spam model's news list (police, court, law...) goes as
/// `spam.betting-odds`, whatever the model scores: a tip's words are a sports report's ("Chuyên gia nhận định:
/// Chelsea -1/2"), and as a learned weight or as fixed points the odds took 1 of the 17 tips cross-validated by
/// site (README, "Gambling spam", stop 49).
enum BettingOdds {
    static let ruleID = "spam.betting-odds"

    /// Whether a line read as `tokens`, with the model's feature `values`, is a betting tip: odds, and no news term.
    static func isTip(_ tokens: SpamTokens, _ values: [Double]) -> Bool {
        tokens.odds > 0 && values[SpamFeature.newsTerms.rawValue] == 0
    }

    /// How many odds the line writes (ASCII bytes of valid UTF-8; "−", the minus sign, counts as a sign): each
    /// odds holds one "/", "(" or "@", where it is found.
    static func count(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var found = 0
        for index in bytes.indices {
            switch bytes[index] {
            case 0x2F where isFraction(bytes, slash: index):                  // "/"
                let start = fractionStart(bytes, slash: index)
                if isSign(bytes, before: start) || isColonLine(bytes, start: start, end: index + 2) { found += 1 }
            case 0x28 where isAmericanOdds(bytes, open: index): found += 1     // "("
            case 0x40 where isDecimalOdds(bytes, at: index): found += 1        // "@"
            default: break
            }
        }
        return found
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// "1/2", "1/4" or "3/4" around the slash, no digit, letter, slash or decimal point touching it.
    private static func isFraction(_ bytes: UnsafeBufferPointer<UInt8>, slash: Int) -> Bool {
        guard slash >= 1, slash + 1 < bytes.count else { return false }
        let numerator = bytes[slash - 1], denominator = bytes[slash + 1]
        guard (numerator == 0x31 && (denominator == 0x32 || denominator == 0x34)) || (numerator == 0x33 && denominator == 0x34)
        else { return false }
        if slash >= 2 {
            let before = bytes[slash - 2]
            if isDigit(before) || before == 0x2F || before == 0x2E || before == 0x2C || isLetter(before) { return false }
        }
        if slash + 2 < bytes.count {
            let after = bytes[slash + 2]
            if isDigit(after) || after == 0x2F || isLetter(after) { return false }
        }
        return true
    }

    @inline(__always) private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Where the fraction's number starts: at its whole number when one digit and a space stand before it
    /// ("1 1/2"), else at its numerator.
    private static func fractionStart(_ bytes: UnsafeBufferPointer<UInt8>, slash: Int) -> Int {
        let numerator = slash - 1
        if numerator >= 2, bytes[numerator - 1] == 0x20, isDigit(bytes[numerator - 2]),
           numerator == 2 || !isDigit(bytes[numerator - 3]) {
            return numerator - 2
        }
        return numerator
    }

    /// A plus, a hyphen or a minus sign ("−", E2 88 92) right before `start`, itself after a space, a bracket or
    /// the line's start (not "31/3-1/4", a span of dates).
    private static func isSign(_ bytes: UnsafeBufferPointer<UInt8>, before start: Int) -> Bool {
        guard start >= 1 else { return false }
        let minusSign = start >= 3 && bytes[start - 3] == 0xE2 && bytes[start - 2] == 0x88 && bytes[start - 1] == 0x92
        guard minusSign || bytes[start - 1] == 0x2B || bytes[start - 1] == 0x2D else { return false }
        let signStart = minusSign ? start - 3 : start - 1
        guard signStart > 0 else { return true }
        let before = bytes[signStart - 1]
        return before == 0x20 || before == 0x28 || before == 0x5B
    }

    /// A colon right after the fraction with 0 after it ("3/4:0"), or right before it with 0 before it ("0:1/2",
    /// "0:1 1/4"); spaces around the colon allowed.
    private static func isColonLine(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        var after = end
        while after < bytes.count && bytes[after] == 0x20 { after += 1 }
        if after < bytes.count, bytes[after] == 0x3A {
            after += 1
            while after < bytes.count && bytes[after] == 0x20 { after += 1 }
            if after < bytes.count, bytes[after] == 0x30, after + 1 == bytes.count || !isDigit(bytes[after + 1]) && bytes[after + 1] != 0x2F {
                return true
            }
        }
        var before = start - 1
        while before >= 0 && bytes[before] == 0x20 { before -= 1 }
        if before >= 1, bytes[before] == 0x3A {
            before -= 1
            while before >= 0 && bytes[before] == 0x20 { before -= 1 }
            if before >= 0, bytes[before] == 0x30, before == 0 || !isDigit(bytes[before - 1]) { return true }
        }
        return false
    }

    /// "(+343)", "(-115)": a bracket, a sign, three or four digits (the first not 0), a bracket.
    private static func isAmericanOdds(_ bytes: UnsafeBufferPointer<UInt8>, open: Int) -> Bool {
        var at = open + 1
        guard at < bytes.count else { return false }
        if bytes[at] == 0x2B || bytes[at] == 0x2D {
            at += 1
        } else if at + 2 < bytes.count, bytes[at] == 0xE2, bytes[at + 1] == 0x88, bytes[at + 2] == 0x92 {
            at += 3
        } else {
            return false
        }
        let digits = at
        while at < bytes.count && isDigit(bytes[at]) { at += 1 }
        let length = at - digits
        guard (length == 3 || length == 4) && bytes[digits] != 0x30 && at < bytes.count && bytes[at] == 0x29 else { return false }
        // Not a telephone's country code: "Tel.: (+352) 4993-1".
        at += 1
        while at < bytes.count && bytes[at] == 0x20 { at += 1 }
        return at == bytes.count || !isDigit(bytes[at])
    }

    /// "@ 1.80", "@ 5.4": an at sign after a space (not an address's), perhaps a space, one or two digits, a
    /// point, one digit or two that no clock shows (60 or more), then no digit or letter.
    private static func isDecimalOdds(_ bytes: UnsafeBufferPointer<UInt8>, at sign: Int) -> Bool {
        guard sign == 0 || bytes[sign - 1] == 0x20 else { return false }
        var at = sign + 1
        if at < bytes.count && bytes[at] == 0x20 { at += 1 }
        let digits = at
        while at < bytes.count && isDigit(bytes[at]) { at += 1 }
        guard at - digits == 1 || at - digits == 2, at + 1 < bytes.count, bytes[at] == 0x2E, isDigit(bytes[at + 1]) else { return false }
        at += 2
        if at < bytes.count && isDigit(bytes[at]) {
            // Two digits under 60 may be a time of day ("@ 6.55 tonight"): odds only past what a clock shows.
            if bytes[at - 1] < 0x36 { return false }
            at += 1
        }
        return at == bytes.count || !isDigit(bytes[at]) && !isLetter(bytes[at]) && bytes[at] != 0x2E
    }
}
