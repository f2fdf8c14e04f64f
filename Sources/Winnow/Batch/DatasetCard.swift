/// The `README.md` dataset card written beside a batch's shards, whose `dataset_info: features:` YAML declares the
/// type of every field, so that Hugging Face `datasets` loads the folder as one dataset.
///
/// Without it, `datasets` infers each shard's schema on its own: a field that is null in every record of one
/// shard (a `metadata.title` no document had) and a string in another fails the load with "Couldn't cast array
/// of type string to null". Winnow's own fields have fixed types; the fields a JSONL input carries through are
/// declared from what the run saw of them (``observe(_:)``): a string, an integer, a float or a boolean
/// (null in some records or all). A carried field holding an array or an object, or values of two kinds, cannot
/// be declared that way: the card then has no `features` and says why.
public struct DatasetCard: Sendable {
    /// A carried field's JSON kind, as far as the records seen tell.
    enum Kind: Sendable, Equatable {
        case null, string, int, float, bool
        /// An array, an object, or values of kinds that do not merge: not declared.
        case other

        func merged(with other: Kind) -> Kind {
            if self == other || other == .null { return self }
            if self == .null { return other }
            if Set([self, other]) == [.int, .float] { return .float }
            return .other
        }

        var dtype: String? {
            switch self {
            case .null, .string: "string"
            case .int: "int64"
            case .float: "float64"
            case .bool: "bool"
            case .other: nil
            }
        }
    }

    public let textField: String
    public let idField: String
    public let compressed: Bool
    /// Fields carried through from JSONL input, in the order first seen, with their kind.
    private(set) var carried: [(key: String, kind: Kind)] = []
    private var carriedIndex: [String: Int] = [:]

    public init(textField: String, idField: String, compressed: Bool) {
        self.textField = textField
        self.idField = idField
        self.compressed = compressed
    }

    public static let fileName = "README.md"

    /// Winnow's own top-level keys as they are written (text and id under the names the run uses).
    private var ownKeys: Set<String> {
        Set(JSONLRecord.ownKeys.map { $0 == "text" ? textField : $0 == "id" ? idField : $0 })
    }

    /// Notes the kind of every field of `record` (a rendered JSONL line) that Winnow does not write itself.
    public mutating func observe(_ record: [UInt8]) {
        guard let fields = try? JSONObjectScanner.fields(of: record) else { return }
        let own = ownKeys
        for field in fields where !own.contains(field.key) {
            let kind = Self.kind(of: record[field.raw])
            if let index = carriedIndex[field.key] {
                carried[index].kind = carried[index].kind.merged(with: kind)
            } else {
                carriedIndex[field.key] = carried.count
                carried.append((field.key, kind))
            }
        }
    }

    static func kind(of raw: ArraySlice<UInt8>) -> Kind {
        guard let first = raw.first else { return .other }
        switch first {
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return raw.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ? .float : .int
        default: return .other
        }
    }

    /// The carried fields that cannot be declared (arrays, objects, mixed kinds).
    var undeclarable: [String] { carried.filter { $0.kind.dtype == nil }.map(\.key) }

    /// The card: YAML front matter (the features, when all can be declared, and the data files), then a few lines
    /// on how to load the folder.
    public func render(shards: Int) -> String {
        // Shard names start with a digit: `*.jsonl` would take winnow-rejects.jsonl for data too.
        let pattern = "[0-9]*" + ShardWriter.fileExtension(compressed: compressed)
        var yaml = "---\n"
        let skipped = undeclarable
        if skipped.isEmpty {
            yaml += "dataset_info:\n  features:\n"
            func scalar(_ name: String, _ dtype: String, indent: String = "  ") -> String {
                "\(indent)- name: \(Self.quoted(name))\n\(indent)  dtype: \(dtype)\n"
            }
            yaml += scalar(idField, "string")
            yaml += scalar("source", "string")
            yaml += scalar(textField, "string")
            yaml += "  - name: sentences\n    sequence: string\n"
            yaml += "  - name: metadata\n    struct:\n"
            for field in MetadataField.allCases { yaml += scalar(field.rawValue, "string", indent: "    ") }
            yaml += "  - name: removed\n    list:\n"
            yaml += scalar("line", "int64", indent: "    ") + scalar("rule", "string", indent: "    ")
                + scalar("action", "string", indent: "    ") + scalar("text", "string", indent: "    ")
                + scalar("score", "float64", indent: "    ")
            yaml += "  - name: decoding\n    struct:\n"
            yaml += scalar("encoding", "string", indent: "    ") + scalar("replacements", "int64", indent: "    ")
            for field in carried { yaml += scalar(field.key, field.kind.dtype!) }
        }
        yaml += "configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \(Self.quoted(pattern))\n---\n"
        var body = "\n# Cleaned by Winnow\n\n"
        body += "\(shards) shard\(shards == 1 ? "" : "s") of JSON lines (`\(pattern)`), in input order; "
            + "`winnow-report.json` counts the documents and lists the shards.\n\n"
        body += "```python\nfrom datasets import load_dataset\nds = load_dataset(\"path/to/this/folder\", split=\"train\")\n```\n"
        if !skipped.isEmpty {
            body += "\nNo `features` are declared: the input's field\(skipped.count == 1 ? "" : "s") "
                + skipped.map { "`\($0)`" }.joined(separator: ", ")
                + " hold arrays, objects or values of several kinds, which this card cannot declare. If `datasets` "
                + "cannot cast a field across shards, pass `features=` to `load_dataset`.\n"
        }
        return yaml + body
    }

    /// A YAML scalar in double quotes (JSON's escapes are YAML's).
    static func quoted(_ text: String) -> String { JSON.string(text) }
}
