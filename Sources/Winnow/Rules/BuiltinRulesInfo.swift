/// What a user can ask about the rules built into the binary: their names, their version, a fingerprint,
/// and the name a user's `include: [builtin:NAME]` or `winnow rules --print NAME` refers to.
extension BuiltinRules {
    /// The prefix of an include that names a built-in file (`include: [builtin:default]`).
    public static let includePrefix = "builtin:"

    /// The built-in files' names, sorted (`common.yaml`, ..., `models/spam.yaml`, ...).
    public static var names: [String] { files.keys.sorted() }

    /// The built-in file a user means by `name`: `default`, `default.yaml`, `builtin:default` and
    /// `builtin:default.yaml` all name `default.yaml`. Nil when there is no such file.
    public static func file(named name: String) -> String? {
        var name = name
        if name.hasPrefix(includePrefix) { name.removeFirst(includePrefix.count) }
        if files[name] != nil { return name }
        if files[name + ".yaml"] != nil { return name + ".yaml" }
        return nil
    }

    /// The `version:` of the default rules file (the rules format it is written in), or nil if it has none.
    public static var version: Int? {
        guard let text = files[defaultFile] else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("version:") {
            return Int(line.dropFirst("version:".count).trimmingPrefix(" ").prefix { $0 != " " && $0 != "#" })
        }
        return nil
    }

    /// SHA-256 of the embedded rules, in hexadecimal: each file's name, a line feed, its text and a line feed,
    /// files in name order. Computed at run time from ``files``, so it names exactly what this binary runs.
    public static var fingerprint: String {
        sha256Hex(names.map { name in name + "\n" + files[name]! + "\n" }.joined())
    }
}

/// The version of Winnow, printed by `winnow --version`. Raised by hand with each release.
public enum WinnowVersion {
    public static let current = "0.1.0"

    /// `winnow --version`'s text: the program's version, then the built-in rules' version and the first
    /// twelve hexadecimal digits of their ``BuiltinRules/fingerprint``.
    public static var description: String {
        let rulesVersion = BuiltinRules.version.map(String.init) ?? "unknown"
        return "winnow \(current)\nbuilt-in rules: version \(rulesVersion), sha256 \(BuiltinRules.fingerprint.prefix(12)) (\(BuiltinRules.files.count) files)"
    }
}
