import WinnowICU

/// A rule ready to run: its matcher compiled. Runs against the lines a document has when the rule's turn comes:
/// every rule sees what the rules before it left, and decides on all lines before it removes any.
final class CompiledRule {
    let rule: Rule
    private let matcher: LineMatcher?
    private let extract: ExtractOptions

    init(_ rule: Rule, folder: TokenFolder, extract: ExtractOptions) throws(Rejection) {
        self.rule = rule
        self.matcher = try rule.matcher.map { (spec) throws(Rejection) in try LineMatcher(spec, folder: folder) }
        self.extract = extract
    }

    /// Applies the rule to `document`; returns how many lines it touched (or 1 when it dropped the document).
    @discardableResult
    func apply(to document: inout Document) throws(Rejection) -> Int {
        do {
            return try applyUnlabelled(to: &document)
        } catch {
            var labelled = error
            labelled.message = "rule '\(rule.id)': \(error.message)"
            throw labelled
        }
    }

    private func applyUnlabelled(to document: inout Document) throws(Rejection) -> Int {
        if let score = rule.score { return try collectEvidence(in: &document, score: score) }
        switch rule.action {
        case .drop: return try removeMatching(from: &document, kind: .dropped)
        case .dropPart: return try dropParts(in: &document)
        case .cutToEnd, .cutFromStart: return try cut(&document)
        case .dropRepeated: return try dropRepeated(in: &document)
        case .extract(let field): return try extract(field, from: &document)
        case .dropDocument(let reason):
            guard document.dropped == nil, DocumentConditions.hold(rule.document, for: document) else { return 0 }
            document.dropped = DropDecision(rule: rule.id, reason: reason)
            return 1
        }
    }

    /// An evidence rule leaves the lines in place and notes what it matched: every matching line (for `drop`),
    /// every repeat (for `drop_repeated`), or the first marker (for the cuts), whose block the judge weighs.
    private func collectEvidence(in document: inout Document, score: Double) throws(Rejection) -> Int {
        let hits: [Int]
        var kind = Evidence.Kind.line
        switch rule.action {
        case .cutToEnd, .cutFromStart:
            kind = rule.action == .cutToEnd ? .cutToEnd : .cutFromStart
            hits = try matchingIndexes(document).prefix(1).map { $0 }
        case .dropRepeated:
            hits = try repeatedIndexes(document).sorted()
        default:
            hits = try matchingIndexes(document)
        }
        for index in hits {
            document.evidence.append(Evidence(line: document.lines[index].number, rule: rule.id, score: score, kind: kind))
        }
        return hits.count
    }

    private func matchingIndexes(_ document: Document) throws(Rejection) -> [Int] {
        guard let matcher else { return Array(document.lines.indices) }
        return try document.withLineTexts { (lines) throws(Rejection) -> [Int] in
            var hits: [Int] = []
            for index in lines.indices where try matcher.matches(lines, at: index) { hits.append(index) }
            return hits
        }
    }

    private func removeMatching(from document: inout Document, kind: EditKind) throws(Rejection) -> Int {
        let hits = try matchingIndexes(document)
        document.removeLines(at: Set(hits), rule: rule.id, kind: kind)
        return hits.count
    }

    private func dropParts(in document: inout Document) throws(Rejection) -> Int {
        guard let matcher else { return 0 }
        let hits = try matchingIndexes(document)
        var dropWhole: Set<Int> = []
        for index in hits {
            let line = document.lines[index]
            guard let (_, match) = try primaryMatch(matcher, in: line, of: document) else { continue }
            // Read the line through a buffer pointer, not a slice of `document.text`: a slice alive when
            // setText writes would share the buffer, and each trimmed line would copy the whole document.
            let (removed, rest) = document.text.withUnsafeBufferPointer { text -> (String, String) in
                let utf8 = UnsafeBufferPointer(rebasing: text[line.range])
                let part = match.range
                return (String(decoding: UnsafeBufferPointer(rebasing: utf8[part]), as: UTF8.self),
                        String(decoding: UnsafeBufferPointer(rebasing: utf8[..<part.lowerBound]), as: UTF8.self) + " "
                            + String(decoding: UnsafeBufferPointer(rebasing: utf8[part.upperBound...]), as: UTF8.self))
            }
            let remaining = rest.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            if remaining.isEmpty {
                dropWhole.insert(index)
                continue
            }
            document.edits.append(Edit(line: line.number, rule: rule.id, text: removed.trimmingSpaces, kind: .trimmed))
            document.setText(ofLine: index, to: remaining)
        }
        document.removeLines(at: dropWhole, rule: rule.id, kind: .dropped)
        return hits.count
    }

    private func cut(_ document: inout Document) throws(Rejection) -> Int {
        guard let matcher else { return 0 }
        var from = 0
        var total = 0
        while true {
            let start = from
            let found = try document.withLineTexts { (lines) throws(Rejection) -> Int? in
                for index in start..<lines.count where try matcher.matches(lines, at: index) { return index }
                return nil
            }
            guard let marker = found else { return total }
            var end = document.lines.count
            if rule.untilParagraph {
                end = document.withLineTexts { lines in
                    ((marker + 1)..<lines.count).first {
                        let shape = LineFeatureExtractor.shape(of: lines.bytes($0))
                        // A sentence, or a line that opens a list of the article's own ("... kết quả cụ thể
                        // như sau:"): teasers are headlines, which end neither way, or sapos cut off with an
                        // ellipsis ("For violating the biosecure bubble, England umpire Michael Gough has been
                        // banned…"), which the block goes on through.
                        return shape.length >= 10 && ((shape.sentenceEnd && !shape.ellipsisEnd) || shape.colonEnd)
                    } ?? lines.count
                }
            }
            let range = rule.action == .cutToEnd ? marker..<end : 0..<(marker + 1)
            for line in document.lines[range] { document.log(line, rule: rule.id, kind: .cut) }
            document.lines.removeSubrange(range)
            total += range.count
            // A block cut up to a paragraph leaves the article after it, where another marker may stand.
            guard rule.untilParagraph && end < document.lines.count + range.count else { return total }
            from = marker
        }
    }


    private func dropRepeated(in document: inout Document) throws(Rejection) -> Int {
        let repeats = try repeatedIndexes(document)
        document.removeLines(at: repeats, rule: rule.id, kind: .dropped)
        return repeats.count
    }

    /// Matching lines equal to an earlier matching line (with `adjacent`, to the line right before them; with
    /// `block`, the lines of a block printed again).
    private func repeatedIndexes(_ document: Document) throws(Rejection) -> Set<Int> {
        let candidates = try matchingIndexes(document)
        if rule.block {
            return document.withLineTexts { lines in Self.repeatedBlocks(lines, candidates: candidates) }
        }
        if rule.adjacent {
            return document.withLineTexts { lines in
                Set(candidates.filter { $0 > 0 && lines.bytes($0).elementsEqual(lines.bytes($0 - 1)) })
            }
        }
        return document.withLineTexts { lines in
            let firsts = Self.firstCopies(lines, candidates: candidates)
            return Set(candidates.indices.lazy.filter { firsts[$0] != $0 }.map { candidates[$0] })
        }
    }

    /// For each of `candidates` (line indexes, ascending): the position in `candidates` of the first line with
    /// the same text (its own position when it is the first). Lines compare byte for byte (they are normalised):
    /// a cheap hash of their UTF-8 avoids String hashing, and a list is made only for a fingerprint that different
    /// texts share.
    static func firstCopies(_ lines: LineTexts, candidates: [Int]) -> [Int] {
        var first: [UInt64: Int] = [:]
        first.reserveCapacity(candidates.count)
        var others: [UInt64: [Int]] = [:]
        var firsts: [Int] = []
        firsts.reserveCapacity(candidates.count)
        for (position, index) in candidates.enumerated() {
            let text = lines.bytes(index)
            let key = fingerprint(text)
            let same = { (other: Int) in lines.bytes(candidates[other]).elementsEqual(text) }
            if let earlier = first[key] {
                if same(earlier) {
                    firsts.append(earlier)
                } else if let other = others[key]?.first(where: same) {
                    firsts.append(other)
                } else {
                    others[key, default: []].append(position)
                    firsts.append(position)
                }
            } else {
                first[key] = position
                firsts.append(position)
            }
        }
        return firsts
    }

    /// The lines of `candidates` (indexes, ascending) that belong to a block printed again: a run of
    /// ``Rule/blockLines`` candidate lines or more, each equal to the line at the same place of a run further up,
    /// with ``Rule/blockParagraphs`` of them of ten words or more.
    static func repeatedBlocks(_ lines: LineTexts, candidates: [Int]) -> Set<Int> {
        let firsts = firstCopies(lines, candidates: candidates)
        var repeats = Set<Int>()
        var position = 0
        while position < candidates.count {
            let origin = firsts[position]
            guard origin < position else { position += 1; continue }
            // Extend the run while the next lines repeat, in order, the lines after the first copy's (above
            // this run): both runs are lines in a row.
            let start = candidates[position]
            var length = 1
            var paragraphs = isParagraph(lines, start) ? 1 : 0
            while position + length < candidates.count, candidates[position + length] == start + length,
                  origin + length < position, candidates[origin + length] == candidates[origin] + length,
                  firsts[position + length] == firsts[origin + length] {
                if isParagraph(lines, start + length) { paragraphs += 1 }
                length += 1
            }
            if length >= Rule.blockLines && paragraphs >= Rule.blockParagraphs { repeats.formUnion(start..<(start + length)) }
            // A run too short or too thin is so from any line inside it too: the scan stays linear.
            position += length
        }
        return repeats
    }

    /// Whether the line has ten words or more (characters of scripts written without spaces count half).
    private static func isParagraph(_ lines: LineTexts, _ index: Int) -> Bool {
        LineFeatureExtractor.shape(of: lines.bytes(index)).length >= 10
    }

    /// FNV-1a over the bytes, eight at a time: a fingerprint for finding equal lines, not a secure hash.
    private static func fingerprint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var index = 0
        if let base = UnsafeRawPointer(bytes.baseAddress) {
            while index + 8 <= bytes.count {
                hash = (hash ^ base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x100_0000_01b3
                hash ^= hash >> 29
                index += 8
            }
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3
            index += 1
        }
        return hash
    }

    private func extract(_ field: MetadataField, from document: inout Document) throws(Rejection) -> Int {
        let hits = try matchingIndexes(document)
        var taken: [(index: Int, value: String)] = []
        for index in hits {  // in the lines' order
            guard let value = try value(of: field, in: document.lines[index], of: document), !value.isEmpty else { continue }
            taken.append((index, value))
            if field == .author, let existing = document.metadata.author {
                document.metadata.author = existing + ", " + value
            } else if document.metadata[field] == nil {
                document.metadata[field] = value
            }
        }
        document.extractLines(taken, rule: rule.id, field: field)
        return taken.count
    }

    /// The first match of the matcher's first regexes in `line` of `document`, read in place; ranges are byte
    /// offsets into the line.
    private func primaryMatch(_ matcher: LineMatcher, in line: Line, of document: Document) throws(Rejection) -> (regex: ICURegex, match: RegexMatch)? {
        try document.text.withUnsafeBufferPointer { (text) throws(Rejection) in
            try matcher.primaryMatch(in: UnsafeBufferPointer(rebasing: text[line.range]), line: line.number)
        }
    }

    /// What the rule takes from `line` for `field`: named groups when the rule's regex has them, else the line.
    private func value(of field: MetadataField, in line: Line, of document: Document) throws(Rejection) -> String? {
        let found = try matcher.flatMap { (matcher) throws(Rejection) in try primaryMatch(matcher, in: line, of: document) }
        let text = document.text(of: line)
        func group(_ name: String) -> String? {
            guard let (regex, match) = found, let number = regex.groupNumber(named: name),
                  number < match.groups.count, let range = match.groups[number] else { return nil }
            let start = line.range.lowerBound
            return String(decoding: document.text[(start + range.lowerBound)..<(start + range.upperBound)], as: UTF8.self)
        }
        switch field {
        case .date:
            // A date that names its own zone keeps it; else the rule's offset, else the file's.
            let offset = group("offset").flatMap(DateParts.offset) ?? rule.utcOffset ?? extract.utcOffset
            let parts = DateParts(year: group("year"), month: group("month"), day: group("day"),
                                  hour: group("hour"), minute: group("minute"), second: group("second"),
                                  meridiem: group("ampm"))
            return parts.iso8601(utcOffset: offset) ?? DateParts.scan(text)?.iso8601(utcOffset: offset)
        case .sourceURL:
            return group("value") ?? URLScanner.firstURL(in: text)
        case .author:
            return (group("value") ?? text).trimming(characters: ",.;:- ")
        case .title:
            return group("value") ?? text
        }
    }
}

/// Document-level conditions of `drop_document` rules.
enum DocumentConditions {
    static func hold(_ conditions: [DocumentCondition], for document: Document) -> Bool {
        for condition in conditions {
            switch condition {
            case let .words(bounds):
                let words = document.lines.reduce(0) { $0 + $1.wordCount }
                if !bounds.contains(words) { return false }
            case let .lines(bounds):
                if !bounds.contains(document.lines.count) { return false }
            case let .removedShare(rules, bounds, minimumLines):
                // Shares by Unicode scalars: characters for NFC text, without grapheme breaking. Most documents
                // have no removal by the named rules: their share is 0 without counting the rest.
                let edits = document.edits.filter { edit in rules.contains { idMatches($0, edit.rule) } }
                if minimumLines > 0 && Set(edits.map(\.line)).count < minimumLines { return false }
                let byRules = edits.reduce(0) { $0 + scalarCount($1.text) }
                var share = 0.0
                if byRules > 0 {
                    let kept = document.withLineTexts { lines in lines.indices.reduce(0) { $0 + UTF8Scalars.count(in: lines.bytes($1)) } }
                    let removed = document.edits.reduce(0) { $0 + scalarCount($1.text) }
                    share = Double(byRules) / Double(kept + removed)
                }
                if !bounds.contains(share) { return false }
            }
        }
        return true
    }

    /// Unicode scalars in `text`: its UTF-8 bytes that are not continuation bytes.
    static func scalarCount(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { UTF8Scalars.count(in: $0) }
    }

    /// `pattern` is an id, or a prefix followed by `*`.
    static func idMatches(_ pattern: String, _ id: String) -> Bool {
        pattern.hasSuffix("*") ? id.hasPrefix(pattern.dropLast()) : pattern == id
    }
}

extension String {
    var trimmingSpaces: String { trimming(characters: " ") }

    func trimming(characters set: String) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
