import Foundation
import Yams

/// The lines that recur across a large share of each site's pages: what `winnow profile` writes and
/// `winnow clean --site-profile` reads.
///
/// A line is in the profile when it is on at least `min_share` of its site's documents and on at least
/// `min_documents` of them (``BoilerplateSettings``). Counts are lower bounds (see ``SiteProfiler``): a line
/// the profile lists is certainly on that many pages.
public struct SiteProfile: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var fingerprint: UInt64
        /// Documents of the site the line is on (at least; see ``Site/error``).
        public var documents: Int
        /// The line as first seen, for a person to read (cut to 200 bytes).
        public var text: String
    }

    public struct Site: Sendable, Equatable {
        public var name: String
        /// Documents of the site in the profiled batch.
        public var documents: Int
        /// Line occurrences counted (each line once per document).
        public var occurrences: Int
        /// How many documents a count may be short of the truth: `occurrences / (counters + 1)`.
        public var error: Int
        /// Most frequent first.
        public var lines: [Line]
        /// `lines` by fingerprint.
        var counts: [UInt64: Int] = [:]

        public init(name: String, documents: Int, occurrences: Int, error: Int, lines: [Line]) {
            self.name = name
            self.documents = documents
            self.occurrences = occurrences
            self.error = error
            self.lines = lines
            self.counts = Dictionary(lines.map { ($0.fingerprint, $0.documents) }, uniquingKeysWith: max)
        }

        public static func == (left: Site, right: Site) -> Bool {
            left.name == right.name && left.documents == right.documents && left.occurrences == right.occurrences
                && left.error == right.error && left.lines == right.lines
        }
    }

    /// The settings the profile was made with.
    public var minShare: Double
    public var minDocuments: Int
    public var sites: [String: Site]

    public init(minShare: Double, minDocuments: Int, sites: [Site]) {
        self.minShare = minShare
        self.minDocuments = minDocuments
        self.sites = Dictionary(sites.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The points of junk evidence for a line seen on `count` of a site's `documents` pages:
    /// `points × share × min(1, count / fullDocuments)`, or nil when the line is not boilerplate by `settings`
    /// (under `minShare` or `minDocuments`). By the defaults a line on 412 of 430 pages weighs 15.3 points, more
    /// than the features of any article paragraph weigh against it (the judge's threshold is 2.8 points, and a
    /// paragraph in the middle of an article scores about -4 to -9 without evidence); a line on a third of a
    /// large site's pages weighs 5.3, enough for a short line of furniture but not for a paragraph; a line on 3
    /// of 8 pages weighs 1.8, which leaves the judge to decide by the line's shape.
    public static func points(count: Int, documents: Int, settings: BoilerplateSettings) -> Double? {
        guard documents > 0, count >= settings.minDocuments else { return nil }
        let share = Double(count) / Double(documents)
        guard share >= settings.minShare else { return nil }
        return settings.points * min(1, share) * min(1, Double(count) / Double(max(1, settings.fullDocuments)))
    }

    /// How many of its site's pages a line is on, by the line's text as it stands after normalisation.
    public func count(of text: String, site: String) -> (count: Int, documents: Int)? {
        guard let entry = sites[site], let count = entry.counts[LineFingerprint.of(text)] else { return nil }
        return (count, entry.documents)
    }

    /// What `winnow explain` says about such a line.
    public static func note(count: Int, documents: Int, site: String) -> String {
        "seen on \(count) of \(documents) pages of this site (\(site))"
    }
}

// MARK: files

extension SiteProfile {
    public enum Format: String, Sendable {
        case jsonl, yaml

        /// The format a file name's extension says: .jsonl, or .yaml / .yml.
        public init?(path: String) {
            let name = path.lowercased()
            if name.hasSuffix(".jsonl") { self = .jsonl } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { self = .yaml } else { return nil }
        }
    }

    /// A profile file that cannot be used, told with the file and the cause.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// The profile as a file. JSONL: a header line, then one line per site with its lines; YAML: the same, as
    /// a document to read and review.
    public func text(_ format: Format) -> String {
        let names = sites.keys.sorted()
        switch format {
        case .jsonl:
            var out = "{\"winnow_site_profile\":1,\"min_share\":\(Self.number(minShare)),\"min_documents\":\(minDocuments),\"sites\":\(sites.count)}\n"
            for name in names {
                let site = sites[name]!
                var object = JSONObjectWriter()
                object.add("site", raw: JSON.string(site.name))
                object.add("documents", raw: String(site.documents))
                object.add("occurrences", raw: String(site.occurrences))
                object.add("error", raw: String(site.error))
                object.add("lines", raw: JSON.array(site.lines.map { line in
                    var item = JSONObjectWriter()
                    item.add("fingerprint", raw: JSON.string(LineFingerprint.hex(line.fingerprint)))
                    item.add("documents", raw: String(line.documents))
                    item.add("text", raw: JSON.string(line.text))
                    return item.json
                }))
                out += object.json + "\n"
            }
            return out
        case .yaml:
            var out = """
                # Site boilerplate found by `winnow profile`: lines on at least \(Self.number(minShare * 100))% and at least \(minDocuments) of
                # a site's documents. `documents` counts are lower bounds, at most `error` short of the truth.
                # `winnow clean --site-profile FILE` adds each line's evidence (rule site.boilerplate) for the judge.
                version: 1
                min_share: \(Self.number(minShare))
                min_documents: \(minDocuments)
                sites:

                """
            for name in names {
                let site = sites[name]!
                out += "  - site: \(Self.quoted(site.name))\n    documents: \(site.documents)\n"
                out += "    occurrences: \(site.occurrences)\n    error: \(site.error)\n"
                out += site.lines.isEmpty ? "    lines: []\n" : "    lines:\n"
                for line in site.lines {
                    out += "      - {documents: \(line.documents), fingerprint: '\(LineFingerprint.hex(line.fingerprint))', text: \(Self.quoted(line.text))}\n"
                }
            }
            return out
        }
    }

    /// Reads a profile file written by ``text(_:)`` (the format by the file's extension, else by its first byte).
    public static func read(_ path: String) throws(FileError) -> SiteProfile {
        guard let data = FileManager.default.contents(atPath: path) else { throw FileError(path: path, message: Message.unreadable) }
        guard let text = String(data: data, encoding: .utf8) else { throw FileError(path: path, message: Message.notUTF8) }
        let format = Format(path: path) ?? (text.first == "{" ? .jsonl : .yaml)
        do {
            switch format {
            case .jsonl: return try parseJSONL(text)
            case .yaml: return try parseYAML(text)
            }
        } catch let error as FileError {
            throw FileError(path: path, message: error.message)
        } catch {
            throw FileError(path: path, message: Message.notAProfile("\(error)"))
        }
    }

    private static func parseJSONL(_ text: String) throws -> SiteProfile {
        var minShare = 0.3, minDocuments = 3
        var sites: [Site] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw FileError(path: "", message: Message.badLine(number + 1, "not a JSON object"))
            }
            if object["winnow_site_profile"] != nil {
                minShare = (object["min_share"] as? NSNumber)?.doubleValue ?? minShare
                minDocuments = (object["min_documents"] as? NSNumber)?.intValue ?? minDocuments
                continue
            }
            guard let site = self.site(object) else { throw FileError(path: "", message: Message.badLine(number + 1, Message.siteFields)) }
            sites.append(site)
        }
        return SiteProfile(minShare: minShare, minDocuments: minDocuments, sites: sites)
    }

    private static func parseYAML(_ text: String) throws -> SiteProfile {
        guard let top = try Yams.load(yaml: text) as? [String: Any] else { throw FileError(path: "", message: Message.notAProfile("no mapping")) }
        var sites: [Site] = []
        for (index, item) in ((top["sites"] as? [Any]) ?? []).enumerated() {
            guard let object = item as? [String: Any], let site = self.site(object) else {
                throw FileError(path: "", message: Message.badSite(index + 1))
            }
            sites.append(site)
        }
        return SiteProfile(minShare: number(top["min_share"]) ?? 0.3, minDocuments: Int(number(top["min_documents"]) ?? 3), sites: sites)
    }

    private static func site(_ object: [String: Any]) -> Site? {
        guard let name = object["site"].map({ "\($0)" }), let documents = number(object["documents"]) else { return nil }
        var lines: [Line] = []
        for item in (object["lines"] as? [Any]) ?? [] {
            guard let line = item as? [String: Any], let hex = line["fingerprint"].map({ "\($0)" }), let fingerprint = UInt64(hex, radix: 16),
                  let count = number(line["documents"]) else { return nil }
            lines.append(Line(fingerprint: fingerprint, documents: Int(count), text: line["text"].map { "\($0)" } ?? ""))
        }
        return Site(name: name, documents: Int(documents), occurrences: Int(number(object["occurrences"]) ?? 0),
                    error: Int(number(object["error"]) ?? 0), lines: lines)
    }

    private static func number(_ value: Any?) -> Double? {
        if let number = value as? NSNumber { return number.doubleValue }
        if let int = value as? Int { return Double(int) }
        if let double = value as? Double { return double }
        if let text = value as? String { return Double(text) }
        return nil
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// A YAML single-quoted scalar (always quoted: a line may start with any character YAML reserves).
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    enum Message {
        static let unreadable = "cannot read the site profile"
        static let notUTF8 = "the site profile is not UTF-8"
        static let siteFields = "a site line needs 'site', 'documents' and 'lines' [{fingerprint, documents}]"
        static func notAProfile(_ detail: String) -> String { "not a site profile written by 'winnow profile' (\(detail))" }
        static func badLine(_ line: Int, _ detail: String) -> String { "line \(line): \(detail)" }
        static func badSite(_ index: Int) -> String { "site \(index): \(siteFields)" }
    }
}
