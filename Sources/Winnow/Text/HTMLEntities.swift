/// HTML character references left in scraped text: `&amp;`, `&nbsp;`, `&#8217;`, `&#x2019;` and the named
/// references of HTML5 that text uses (the whole HTML 4 set, and the HTML5 names of punctuation, spaces,
/// symbols and the Latin letters of Vietnamese and central European languages: 367 names).
///
/// Only a complete reference is decoded: `&`, a known name or a number, and `;`. "AT&T", "a&b", "&copy 2020"
/// and `&unknown;` stay as they are. Numbers follow HTML: 0x80-0x9F are read as the windows-1252 characters
/// pages meant by them (`&#146;` is "’"); controls but the tab (`&#10;` would split the line), surrogates and
/// numbers beyond U+10FFFF stay as written.
public enum HTMLEntities {
    /// The line with every character reference decoded, or nil when it holds none.
    public static func decode(_ text: String) -> String? {
        guard text.utf8.contains(0x26) else { return nil }
        var output: [UInt8] = []
        var changed = false
        var text = text
        text.withUTF8 { bytes in
            output.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x26, let (scalar, length) = reference(bytes, at: index) {
                    output.append(contentsOf: String(Character(scalar)).utf8)
                    index += length
                    changed = true
                } else {
                    output.append(byte)
                    index += 1
                }
            }
        }
        return changed ? String(decoding: output, as: UTF8.self) : nil
    }

    /// The character the reference at `index` (an ampersand) stands for and the reference's length in bytes,
    /// or nil when no complete reference starts there.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        var cursor = index + 1
        guard cursor < bytes.count else { return nil }
        if bytes[cursor] == 0x23 {   // "#": a number
            cursor += 1
            let hex = cursor < bytes.count && (bytes[cursor] == 0x78 || bytes[cursor] == 0x58)
            if hex { cursor += 1 }
            let start = cursor
            var value: UInt32 = 0
            while cursor < bytes.count, cursor - start < (hex ? 6 : 7), let digit = digit(bytes[cursor], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                cursor += 1
            }
            guard cursor > start, cursor < bytes.count, bytes[cursor] == 0x3B, value != 0 else { return nil }
            let meant = (0x80...0x9F).contains(value) ? windows1252[Int(value - 0x80)] : value
            // A line break or another control character would change the line's structure: left as written.
            guard meant >= 0x20 || meant == 0x09, let scalar = Unicode.Scalar(meant) else { return nil }
            return (scalar, cursor + 1 - index)
        }
        let start = cursor
        while cursor < bytes.count, cursor - start <= longestName, isNameByte(bytes[cursor]) { cursor += 1 }
        guard cursor > start, cursor < bytes.count, bytes[cursor] == 0x3B else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cursor]), as: UTF8.self)
        guard let value = named[name], let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, cursor + 1 - index)
    }

    private static func digit(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x61...0x66 where hex: UInt32(byte - 0x61 + 10)
        case 0x41...0x46 where hex: UInt32(byte - 0x41 + 10)
        default: nil
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static let longestName = named.keys.map(\.utf8.count).max() ?? 0

    /// What HTML reads `&#128;`-`&#159;` as: windows-1252's characters (the five it leaves undefined stay).
    private static let windows1252: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Named references (HTML5 names, case-sensitive) and their code points.
    static let named: [String: UInt32] = [
        "Tab": 0x9, "excl": 0x21, "QUOT": 0x22, "quot": 0x22, "num": 0x23, "dollar": 0x24,
        "percnt": 0x25, "AMP": 0x26, "amp": 0x26, "apos": 0x27, "lpar": 0x28, "rpar": 0x29, "ast": 0x2A,
        "plus": 0x2B, "comma": 0x2C, "period": 0x2E, "sol": 0x2F, "colon": 0x3A, "semi": 0x3B, "LT": 0x3C,
        "lt": 0x3C, "equals": 0x3D, "GT": 0x3E, "gt": 0x3E, "quest": 0x3F, "commat": 0x40, "lbrack": 0x5B,
        "lsqb": 0x5B, "bsol": 0x5C, "rbrack": 0x5D, "rsqb": 0x5D, "Hat": 0x5E, "lowbar": 0x5F, "grave": 0x60,
        "lbrace": 0x7B, "lcub": 0x7B, "verbar": 0x7C, "vert": 0x7C, "rbrace": 0x7D, "rcub": 0x7D,
        "NonBreakingSpace": 0xA0, "nbsp": 0xA0, "iexcl": 0xA1, "cent": 0xA2, "pound": 0xA3, "curren": 0xA4,
        "yen": 0xA5, "brvbar": 0xA6, "sect": 0xA7, "Dot": 0xA8, "die": 0xA8, "uml": 0xA8, "COPY": 0xA9, "copy": 0xA9,
        "ordf": 0xAA, "laquo": 0xAB, "not": 0xAC, "shy": 0xAD, "REG": 0xAE, "reg": 0xAE, "macr": 0xAF, "deg": 0xB0,
        "PlusMinus": 0xB1, "plusmn": 0xB1, "pm": 0xB1, "sup2": 0xB2, "sup3": 0xB3, "acute": 0xB4, "micro": 0xB5,
        "para": 0xB6, "centerdot": 0xB7, "middot": 0xB7, "cedil": 0xB8, "sup1": 0xB9, "ordm": 0xBA, "raquo": 0xBB,
        "frac14": 0xBC, "frac12": 0xBD, "half": 0xBD, "frac34": 0xBE, "iquest": 0xBF, "Agrave": 0xC0, "Aacute": 0xC1,
        "Acirc": 0xC2, "Atilde": 0xC3, "Auml": 0xC4, "Aring": 0xC5, "angst": 0xC5, "AElig": 0xC6, "Ccedil": 0xC7,
        "Egrave": 0xC8, "Eacute": 0xC9, "Ecirc": 0xCA, "Euml": 0xCB, "Igrave": 0xCC, "Iacute": 0xCD, "Icirc": 0xCE,
        "Iuml": 0xCF, "ETH": 0xD0, "Ntilde": 0xD1, "Ograve": 0xD2, "Oacute": 0xD3, "Ocirc": 0xD4, "Otilde": 0xD5,
        "Ouml": 0xD6, "times": 0xD7, "Oslash": 0xD8, "Ugrave": 0xD9, "Uacute": 0xDA, "Ucirc": 0xDB, "Uuml": 0xDC,
        "Yacute": 0xDD, "THORN": 0xDE, "szlig": 0xDF, "agrave": 0xE0, "aacute": 0xE1, "acirc": 0xE2, "atilde": 0xE3,
        "auml": 0xE4, "aring": 0xE5, "aelig": 0xE6, "ccedil": 0xE7, "egrave": 0xE8, "eacute": 0xE9, "ecirc": 0xEA,
        "euml": 0xEB, "igrave": 0xEC, "iacute": 0xED, "icirc": 0xEE, "iuml": 0xEF, "eth": 0xF0, "ntilde": 0xF1,
        "ograve": 0xF2, "oacute": 0xF3, "ocirc": 0xF4, "otilde": 0xF5, "ouml": 0xF6, "divide": 0xF7, "oslash": 0xF8,
        "ugrave": 0xF9, "uacute": 0xFA, "ucirc": 0xFB, "uuml": 0xFC, "yacute": 0xFD, "thorn": 0xFE, "yuml": 0xFF,
        "Abreve": 0x102, "abreve": 0x103, "Ccaron": 0x10C, "ccaron": 0x10D, "Dstrok": 0x110, "dstrok": 0x111,
        "Ecaron": 0x11A, "ecaron": 0x11B, "Itilde": 0x128, "itilde": 0x129, "imath": 0x131, "inodot": 0x131,
        "Lstrok": 0x141, "lstrok": 0x142, "OElig": 0x152, "oelig": 0x153, "Rcaron": 0x158, "rcaron": 0x159,
        "Scaron": 0x160, "scaron": 0x161, "Utilde": 0x168, "utilde": 0x169, "Yuml": 0x178, "Zcaron": 0x17D,
        "zcaron": 0x17E, "fnof": 0x192, "circ": 0x2C6, "caron": 0x2C7, "breve": 0x2D8, "dot": 0x2D9, "ring": 0x2DA,
        "ogon": 0x2DB, "tilde": 0x2DC, "dblac": 0x2DD, "Alpha": 0x391, "Beta": 0x392, "Gamma": 0x393, "Delta": 0x394,
        "Epsilon": 0x395, "Zeta": 0x396, "Eta": 0x397, "Theta": 0x398, "Iota": 0x399, "Kappa": 0x39A,
        "Lambda": 0x39B, "Mu": 0x39C, "Nu": 0x39D, "Xi": 0x39E, "Omicron": 0x39F, "Pi": 0x3A0, "Rho": 0x3A1,
        "Sigma": 0x3A3, "Tau": 0x3A4, "Upsilon": 0x3A5, "Phi": 0x3A6, "Chi": 0x3A7, "Psi": 0x3A8, "Omega": 0x3A9,
        "ohm": 0x3A9, "alpha": 0x3B1, "beta": 0x3B2, "gamma": 0x3B3, "delta": 0x3B4, "epsilon": 0x3B5, "zeta": 0x3B6,
        "eta": 0x3B7, "theta": 0x3B8, "iota": 0x3B9, "kappa": 0x3BA, "lambda": 0x3BB, "mu": 0x3BC, "nu": 0x3BD,
        "xi": 0x3BE, "omicron": 0x3BF, "pi": 0x3C0, "rho": 0x3C1, "sigmaf": 0x3C2, "sigma": 0x3C3, "tau": 0x3C4,
        "upsilon": 0x3C5, "phi": 0x3C6, "chi": 0x3C7, "psi": 0x3C8, "omega": 0x3C9, "thetasym": 0x3D1,
        "upsih": 0x3D2, "piv": 0x3D6, "ensp": 0x2002, "emsp": 0x2003, "emsp13": 0x2004, "emsp14": 0x2005,
        "numsp": 0x2007, "puncsp": 0x2008, "thinsp": 0x2009, "hairsp": 0x200A, "ZeroWidthSpace": 0x200B,
        "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F, "dash": 0x2010, "hyphen": 0x2010,
        "ndash": 0x2013, "mdash": 0x2014, "horbar": 0x2015, "Vert": 0x2016, "lsquo": 0x2018, "rsquo": 0x2019,
        "rsquor": 0x2019, "lsquor": 0x201A, "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "rdquor": 0x201D,
        "bdquo": 0x201E, "ldquor": 0x201E, "dagger": 0x2020, "Dagger": 0x2021, "bull": 0x2022, "bullet": 0x2022,
        "nldr": 0x2025, "hellip": 0x2026, "mldr": 0x2026, "permil": 0x2030, "prime": 0x2032, "Prime": 0x2033,
        "lsaquo": 0x2039, "rsaquo": 0x203A, "oline": 0x203E, "caret": 0x2041, "frasl": 0x2044, "NoBreak": 0x2060,
        "euro": 0x20AC, "image": 0x2111, "numero": 0x2116, "copysr": 0x2117, "weierp": 0x2118, "real": 0x211C,
        "TRADE": 0x2122, "trade": 0x2122, "alefsym": 0x2135, "frac13": 0x2153, "frac23": 0x2154, "frac15": 0x2155,
        "frac18": 0x215B, "larr": 0x2190, "uarr": 0x2191, "rarr": 0x2192, "darr": 0x2193, "harr": 0x2194,
        "crarr": 0x21B5, "lArr": 0x21D0, "uArr": 0x21D1, "rArr": 0x21D2, "dArr": 0x21D3, "hArr": 0x21D4,
        "larrb": 0x21E4, "rarrb": 0x21E5, "forall": 0x2200, "part": 0x2202, "exist": 0x2203, "empty": 0x2205,
        "nabla": 0x2207, "isin": 0x2208, "notin": 0x2209, "ni": 0x220B, "prod": 0x220F, "sum": 0x2211,
        "minus": 0x2212, "setminus": 0x2216, "lowast": 0x2217, "radic": 0x221A, "prop": 0x221D, "infin": 0x221E,
        "ang": 0x2220, "and": 0x2227, "or": 0x2228, "cap": 0x2229, "cup": 0x222A, "int": 0x222B, "there4": 0x2234,
        "sim": 0x223C, "cong": 0x2245, "approx": 0x2248, "asymp": 0x2248, "ne": 0x2260, "equiv": 0x2261,
        "le": 0x2264, "leq": 0x2264, "ge": 0x2265, "geq": 0x2265, "sub": 0x2282, "sup": 0x2283, "nsub": 0x2284,
        "sube": 0x2286, "supe": 0x2287, "oplus": 0x2295, "otimes": 0x2297, "perp": 0x22A5, "sdot": 0x22C5,
        "lceil": 0x2308, "rceil": 0x2309, "lfloor": 0x230A, "rfloor": 0x230B, "loz": 0x25CA, "starf": 0x2605,
        "star": 0x2606, "phone": 0x260E, "female": 0x2640, "male": 0x2642, "spades": 0x2660, "clubs": 0x2663,
        "hearts": 0x2665, "diams": 0x2666, "flat": 0x266D, "natural": 0x266E, "sharp": 0x266F, "check": 0x2713,
        "cross": 0x2717, "lang": 0x27E8, "rang": 0x27E9
    ]
}
