import Foundation
import WinnowICU
import Yams

/// Loads a rules file and everything it includes, and validates all of it before any document is touched.
///
/// Settings (`pipeline`, `decode`, `normalize`, `segment`, `extract`) of an including file override those of the
/// files it includes; rules are appended in include order, then the file's own; abbreviation lists are merged.
public struct RulesLoader: Sendable {
    /// Where the text of a rules or model file comes from: text already known to be UTF-8 (the built-in
    /// rules, tests), or bytes from disk, checked here so that a file that is not UTF-8 is told as such.
    private enum Source: Sendable {
        case text(@Sendable (String) -> String?)
        case bytes(@Sendable (String) -> [UInt8]?)
    }

    private let source: Source

    /// A loader whose `read` returns the text of the file at `path`, or nil when it cannot be read.
    public init(read: @escaping @Sendable (String) -> String?) {
        source = .text(read)
    }

    /// A loader whose `readBytes` returns the bytes of the file at `path`, or nil when it cannot be read. Bytes
    /// that are not UTF-8 are an error naming the first bad byte's offset, line and column.
    public init(readBytes: @escaping @Sendable (String) -> [UInt8]?) {
        source = .bytes(readBytes)
    }

    /// What reading one file gave.
    private enum Read {
        case text(String)
        case unreadable
        /// `offset` (0-based) of the first byte that does not belong to UTF-8, on `line` at `column` (1-based,
        /// counted in characters before it).
        case notUTF8(offset: Int, byte: UInt8, line: Int, column: Int)
    }

    private func read(_ path: String) -> Read {
        switch source {
        case .text(let read): return read(path).map(Read.text) ?? .unreadable
        case .bytes(let read):
            guard let bytes = read(path) else { return .unreadable }
            if let text = String(validating: bytes, as: UTF8.self) { return .text(text) }
            return Self.firstInvalidUTF8(bytes)
        }
    }

    /// The text of a file, or nil when it cannot be read or is not UTF-8 (for model files).
    private func readText(_ path: String) -> String? {
        if case .text(let text) = read(path) { return text }
        return nil
    }

    /// Where the first byte that is not UTF-8 is, in `bytes` that are not valid UTF-8.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Read {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                offset += encoded.count
                if encoded.count == 1 && encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .error:
                return .notUTF8(offset: offset, byte: bytes[offset], line: line, column: column)
            case .emptyInput:
                return .unreadable   // not reached: the bytes are not valid UTF-8
            }
        }
    }

    /// Reads rules files from disk.
    public static let fileSystem = RulesLoader(readBytes: { path in
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    })

    /// Reads the rules built into the binary (the text of rules/*.yaml).
    public static let builtin = RulesLoader { path in BuiltinRules.files[path] }

    /// The built-in default rules. By default their regexes are not compiled and their examples not run here
    /// (the test suite loads the same text with every check, and the text cannot change after the build),
    /// which keeps start-up short; `winnow test` and `winnow lint` ask for `.full`.
    public static func defaultRules(checks: Checks = .builtIn) throws(RulesErrors) -> RuleSet {
        try builtin.load(BuiltinRules.defaultFile, checks: checks)
    }

    /// What loading checks beyond the rules file's structure.
    public enum Checks: Sendable {
        /// Every regex compiles; every rule matches its own examples. For any rules file a user gives.
        case full
        /// Neither: for the built-in rules, which the test suite loads with `.full`.
        case builtIn
    }

    /// Loads and validates `path`: structure, types and values always, and what `checks` names.
    public func load(_ path: String, checks: Checks = .full) throws(RulesErrors) -> RuleSet {
        var state = LoadState()
        state.compilePatterns = checks == .full
        var ruleSet = RuleSet()
        load(path, into: &ruleSet, chain: [], state: &state, includedFrom: nil)
        if !ruleSet.pipeline.contains(.judge), let rule = ruleSet.rules.first(where: { $0.isEvidence && !SpamStage.isSpamEvidence($0) }) {
            state.errors.append(RulesError(rule.location, RulesError.Message.evidenceNeedsJudge(rule.id)))
        }
        for reference in state.ruleReferences where state.ids[reference.id] == nil {
            state.errors.append(RulesError(reference.location, "the judge names rule '\(reference.id)', which no rules file defines",
                                           hint: "use the id of an evidence rule (one with a score), or remove it"))
        }
        if !ruleSet.pipeline.contains(.spam), let rule = ruleSet.rules.first(where: SpamStage.isSpamEvidence) {
            state.errors.append(RulesError(rule.location, RulesError.Message.evidenceNeedsSpam(rule.id)))
        }
        if state.errors.isEmpty && checks == .full {
            state.errors += ExampleRunner.verify(ruleSet)
        }
        if !state.errors.isEmpty { throw RulesErrors(errors: state.errors) }
        return ruleSet
    }

    private struct LoadState {
        var errors: [RulesError] = []
        var ids: [String: SourceLocation] = [:]
        var ruleReferences: [(id: String, location: SourceLocation)] = []
        var compilePatterns = true
    }

    /// How many YAML nodes one rules file may hold once its aliases are expanded. The built-in files hold a
    /// few thousand; a kilobyte of aliases of aliases ("billion laughs") would expand to more nodes than
    /// memory holds, and the reader walks every one.
    static let maxNodes = 200_000

    private func load(_ path: String, into ruleSet: inout RuleSet, chain: [String], state: inout LoadState,
                      includedFrom: SourceLocation?) {
        let origin = includedFrom ?? SourceLocation(file: path, line: 1, column: 1)
        // Paths compare as files, not as text: "./self.yaml" included from "self.yaml" is the same file.
        if chain.map(Self.canonical).contains(Self.canonical(path)) {
            state.errors.append(RulesError(origin, RulesError.Message.includeCycle(chain + [path])))
            return
        }
        let text: String
        let contents: Read = path.hasPrefix(BuiltinRules.includePrefix) ? Self.builtinText(path).map({ .text($0) }) ?? .unreadable : read(path)
        switch contents {
        case .text(let read): text = read
        case .unreadable:
            let message = path.hasPrefix(BuiltinRules.includePrefix)
                ? RulesError.Message.unknownBuiltin(path, known: BuiltinRules.names) : RulesError.Message.unreadable(path)
            state.errors.append(RulesError(origin, message))
            return
        case .notUTF8(let offset, let byte, let line, let column):
            state.errors.append(RulesError(SourceLocation(file: path, line: line, column: column),
                                           RulesError.Message.notUTF8(offset: offset, byte: byte)))
            return
        }
        ruleSet.files.append(path)
        var reader = NodeReader(file: path)
        reader.compilePatterns = state.compilePatterns
        let root: Node?
        do {
            // Without Yams' tag resolution: its regular expressions (compiled at start-up, run on every scalar
            // and on every mapping key by its duplicate check) cost more than reading the rules. Numbers and
            // booleans are read from the scalars' text below.
            root = try Yams.compose(yaml: text, .basic)
        } catch {
            state.errors.append(reader.yamlError(error))
            return
        }
        guard let root, let top = reader.mapping(root, place: "the rules file") else {
            state.errors += reader.errors
            return
        }
        if let culprit = Self.overNodeBudget(top) {
            state.errors.append(RulesError(reader.location(culprit), RulesError.Message.tooManyNodes(Self.maxNodes)))
            return
        }
        reader.checkKeys(top, allowed: Keys.top, place: "the rules file")
        let fields = Dictionary(top.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        if let node = fields["version"]?.value, let version = reader.int(node, key: "version"), version != 1 {
            reader.fail(node, RulesError.Message.unsupportedVersion(version))
        }
        if let node = fields["include"]?.value {
            for include in reader.stringList(node, key: "include") {
                let target = Self.resolve(include.value, from: path)
                load(target, into: &ruleSet, chain: chain + [path], state: &state,
                     includedFrom: reader.location(include.node))
            }
        }
        if let node = fields["pipeline"]?.value {
            let names = reader.stringList(node, key: "pipeline").compactMap { item -> StageName? in
                guard let stage = StageName(rawValue: item.value) else {
                    reader.fail(item.node, RulesError.Message.unknownValue(item.value, for: "stage",
                        valid: StageName.allCases.map(\.rawValue)))
                    return nil
                }
                return stage
            }
            if names.first != .decode || names.last != .write {
                reader.fail(node, RulesError.Message.pipelineOrder)
            }
            ruleSet.pipeline = names
        }
        if let node = fields["decode"]?.value { reader.decodeOptions(node, into: &ruleSet.decode) }
        if let node = fields["normalize"]?.value { reader.normalizeOptions(node, into: &ruleSet.normalize) }
        if let node = fields["segment"]?.value { reader.segmentOptions(node, into: &ruleSet.segment) }
        if let node = fields["extract"]?.value { reader.extractOptions(node, into: &ruleSet.extract) }
        if let node = fields["corpus"]?.value { reader.corpusSettings(node, into: &ruleSet.corpus) }
        if let node = fields["judge"]?.value {
            reader.judgeSettings(node, into: &ruleSet.judge) { modelPath in
                let target = Self.resolve(modelPath, from: path)
                return (target, target.hasPrefix(BuiltinRules.includePrefix) ? Self.builtinText(target) : readText(target))
            }
        }
        if let node = fields["rules"]?.value {
            for ruleNode in reader.sequence(node, key: "rules") {
                guard let rule = reader.rule(ruleNode) else { continue }
                if let first = state.ids[rule.id] {
                    reader.fail(ruleNode, RulesError.Message.duplicateID(rule.id, first: first))
                    continue
                }
                state.ids[rule.id] = rule.location
                ruleSet.rules.append(rule)
            }
        }
        state.errors += reader.errors
        state.ruleReferences += reader.ruleReferences
    }
}

extension RulesLoader {
    /// The file that `reference` (an include or a model path) names, written in the file at `path`:
    /// `builtin:NAME` is a built-in file (`builtin:default` is `builtin:default.yaml`); a path inside a built-in
    /// file is another built-in file; any other path is relative to the folder of `path` unless absolute.
    static func resolve(_ reference: String, from path: String) -> String {
        let prefix = BuiltinRules.includePrefix
        if reference.hasPrefix(prefix) {
            return prefix + (BuiltinRules.file(named: reference) ?? String(reference.dropFirst(prefix.count)))
        }
        if reference.hasPrefix("/") { return reference }
        let inBuiltin = path.hasPrefix(prefix)
        let directory = (String(inBuiltin ? path.dropFirst(prefix.count) : path[...]) as NSString).deletingLastPathComponent
        let relative = directory.isEmpty ? reference : (directory as NSString).appendingPathComponent(reference)
        return inBuiltin ? prefix + lexical(relative) : relative
    }

    /// The text of the built-in file `builtin:NAME`, or nil when there is none.
    static func builtinText(_ path: String) -> String? {
        BuiltinRules.file(named: path).flatMap { BuiltinRules.files[$0] }
    }

    /// The node where the file goes over ``maxNodes`` with its aliases expanded (the rule, or the top-level
    /// key, that holds too many), or nil when it stays within. Counting stops at the budget, so it is cheap
    /// however far the aliases would expand.
    static func overNodeBudget(_ top: [NodeReader.Pair]) -> Node? {
        var budget = maxNodes
        func spend(_ node: Node) -> Bool {
            budget -= 1
            if budget < 0 { return false }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping where !(spend(key) && spend(value)) { return false }
            case .sequence(let sequence):
                for item in sequence where !spend(item) { return false }
            case .scalar, .alias:
                break
            }
            return true
        }
        for pair in top {
            if pair.key == "rules", let rules = pair.value.sequence {
                for rule in rules where !spend(rule) { return rule }
            } else if !spend(pair.value) {
                return pair.keyNode
            }
        }
        return nil
    }

    /// `path` as the file system names it (symlinks resolved) when it exists; else with "." and "dir/.."
    /// taken out, for files that are not on disk (the built-in rules, tests).
    static func canonical(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return lexical(path)
    }

    /// `path` with "." and "dir/.." taken out, without asking the file system.
    static func lexical(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// The keys each part of a rules file accepts.
enum Keys {
    static let top = ["version", "include", "pipeline", "decode", "normalize", "segment", "extract", "judge", "corpus", "rules"]
    static let judge = ["model", "documents", "spam", "threshold", "credited_captions", "decisive", "decisive_on_most_lines"]
    static let creditedCaptions = ["rules", "max_words", "max_share"]
    static let decode = ["encoding", "strict"]
    static let normalize = ["form", "unicode_spaces", "invisible", "collapse_spaces", "trim", "repair_mojibake", "html_entities", "tone_marks"]
    static let segment = ["locale", "abbreviations", "number_abbreviations", "not_initials", "sentence_openers", "time_words",
                          "reporting_verbs", "keep_end_mark"]
    static let extract = ["utc_offset"]
    static let rule = ["id", "description", "action", "field", "reason", "utc_offset", "score", "until_paragraph", "adjacent", "block", "match",
                       "document", "examples"]
    static let examples = ["match", "keep"]
    static let matcher = ["regex", "ignore_case", "keywords", "edge_keywords", "exact", "contains", "words", "chars", "indent", "letter_ratio",
                          "terminal_punctuation", "capitalized", "all_caps", "doubled", "first", "last", "blank_after",
                          "blank_before", "previous", "next", "not", "any"]
    static let document = ["removed_share", "words", "lines"]
    static let removedShare = ["rules", "min", "max", "min_lines"]
    static let bounds = ["min", "max"]
    static let actions = ["drop", "drop_part", "cut_to_end", "cut_from_start", "drop_repeated", "extract", "drop_document"]
}

/// Walks a composed YAML tree, turning nodes into values and collecting errors with their positions.
struct NodeReader {
    let file: String
    var errors: [RulesError] = []
    /// Rule ids the judge settings name, with where: checked against the rules once every file is read.
    var ruleReferences: [(id: String, location: SourceLocation)] = []
    /// Whether every regex is compiled, to report a bad one at its column.
    var compilePatterns = true

    typealias Pair = (key: String, keyNode: Node, value: Node)

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    mutating func fail(_ node: Node, _ message: String, hint: String? = nil) {
        errors.append(RulesError(location(node), message, hint: hint))
    }

    func yamlError(_ error: Error) -> RulesError {
        var mark: Mark?
        var problem = "\(error)"
        if let yaml = error as? YamlError {
            switch yaml {
            case let .scanner(_, text, at, _), let .parser(_, text, at, _), let .composer(_, text, at, _):
                mark = at
                problem = text
            case let .duplicatedKeysInMapping(duplicates, context):
                mark = context.mark
                problem = "duplicate keys: \(duplicates.joined(separator: ", "))"
            default:
                break
            }
        }
        let where_ = SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
        return RulesError(where_, RulesError.Message.yaml(problem))
    }

    mutating func mapping(_ node: Node, place: String) -> [Pair]? {
        guard let mapping = node.mapping else {
            fail(node, RulesError.Message.wrongType(place, expected: "a mapping (key: value lines)"))
            return nil
        }
        return mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    mutating func checkKeys(_ pairs: [Pair], allowed: [String], place: String) {
        for pair in pairs where !allowed.contains(pair.key) {
            let hint = nearest(pair.key, in: allowed).map(RulesError.Message.didYouMean)
                ?? RulesError.Message.validKeys(allowed)
            fail(pair.keyNode, RulesError.Message.unknownKey(pair.key, in: place), hint: hint)
        }
    }

    mutating func sequence(_ node: Node, key: String) -> [Node] {
        // A key with nothing after it (`rules:` in a skeleton file, before anything is pasted under it) is an
        // empty list.
        if let scalar = node.scalar, scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return [] }
        guard let sequence = node.sequence else {
            fail(node, RulesError.Message.wrongType(key, expected: "a list"))
            return []
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node, key: String) -> String? {
        guard let scalar = node.scalar else {
            fail(node, RulesError.Message.wrongType(key, expected: "a string"))
            return nil
        }
        return scalar.string
    }

    /// A string or a list of strings.
    mutating func stringList(_ node: Node, key: String) -> [(value: String, node: Node)] {
        if let scalar = node.scalar { return [(scalar.string, node)] }
        return sequence(node, key: key).compactMap { item in string(item, key: key).map { ($0, item) } }
    }

    mutating func int(_ node: Node, key: String) -> Int? {
        guard let value = node.scalar.flatMap({ Int($0.string) }) else {
            fail(node, RulesError.Message.wrongType(key, expected: "a whole number"))
            return nil
        }
        return value
    }

    mutating func double(_ node: Node, key: String) -> Double? {
        guard let value = node.scalar.flatMap({ Double($0.string) }) else {
            fail(node, RulesError.Message.wrongType(key, expected: "a number"))
            return nil
        }
        return value
    }

    /// A plain (unquoted, untagged or `!!bool`) scalar that YAML reads as a boolean: true, yes, on, false, no
    /// or off, in any case, as Yams' default resolver would take it.
    mutating func bool(_ node: Node, key: String) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain, [Tag.Name.implicit.rawValue, Tag.Name.bool.rawValue].contains(scalar.tag.rawValue),
              let value = Self.booleans[scalar.string.lowercased()] else {
            fail(node, RulesError.Message.wrongType(key, expected: "true or false"))
            return nil
        }
        return value
    }

    private static let booleans = ["true": true, "yes": true, "on": true, "false": false, "no": false, "off": false]

    /// A rule's flag that only some actions take (`until_paragraph`, `adjacent`, `block`): false when absent; `message`
    /// is the error when the rule's action is not one of them (`holds` false).
    mutating func actionFlag(_ node: Node?, key: String, holds: Bool, else message: String) -> Bool {
        guard let node else { return false }
        let value = bool(node, key: key) ?? false
        if !holds { fail(node, message) }
        return value
    }

    /// A list of rule ids the judge names (`decisive`, `decisive_on_most_lines`, `credited_captions.rules`), each
    /// remembered with its place so that an id no rules file defines is an error there.
    mutating func ruleIDs(_ node: Node, key: String) -> Set<String> {
        let items = stringList(node, key: key)
        ruleReferences += items.map { ($0.value, location($0.node)) }
        return Set(items.map(\.value))
    }

    mutating func intBounds(_ node: Node, key: String) -> IntBounds? {
        guard let pairs = mapping(node, place: key) else { return nil }
        checkKeys(pairs, allowed: Keys.bounds, place: "'\(key)'")
        var bounds = IntBounds()
        for pair in pairs {
            if pair.key == "min" { bounds.min = int(pair.value, key: "\(key).min") }
            if pair.key == "max" { bounds.max = int(pair.value, key: "\(key).max") }
        }
        return bounds
    }

    mutating func doubleBounds(_ node: Node, key: String) -> DoubleBounds? {
        guard let pairs = mapping(node, place: key) else { return nil }
        checkKeys(pairs, allowed: Keys.bounds, place: "'\(key)'")
        var bounds = DoubleBounds()
        for pair in pairs {
            if pair.key == "min" { bounds.min = double(pair.value, key: "\(key).min") }
            if pair.key == "max" { bounds.max = double(pair.value, key: "\(key).max") }
        }
        return bounds
    }

    // MARK: settings

    mutating func decodeOptions(_ node: Node, into options: inout DecodeOptions) {
        guard let pairs = mapping(node, place: "decode") else { return }
        checkKeys(pairs, allowed: Keys.decode, place: "decode")
        for pair in pairs {
            switch pair.key {
            case "encoding":
                if let name = string(pair.value, key: "decode.encoding") {
                    if !DecodeOptions.isKnownEncoding(name) {
                        fail(pair.value, "unknown encoding '\(name)'", hint: DecodeOptions.encodingHint)
                    }
                    options.encoding = name
                }
            case "strict": options.strict = bool(pair.value, key: "decode.strict") ?? options.strict
            default: break
            }
        }
    }

    mutating func normalizeOptions(_ node: Node, into options: inout NormalizeOptions) {
        guard let pairs = mapping(node, place: "normalize") else { return }
        checkKeys(pairs, allowed: Keys.normalize, place: "normalize")
        for pair in pairs {
            switch pair.key {
            case "form":
                if let form = string(pair.value, key: "normalize.form") {
                    if NormalizationForm(rawValue: form) == nil && form != "none" {
                        fail(pair.value, RulesError.Message.unknownValue(form, for: "normalization form",
                            valid: NormalizationForm.allCases.map(\.rawValue) + ["none"]))
                    }
                    options.form = form
                }
            case "unicode_spaces": options.unicodeSpaces = bool(pair.value, key: "normalize.unicode_spaces") ?? true
            case "invisible": options.invisible = bool(pair.value, key: "normalize.invisible") ?? true
            case "collapse_spaces": options.collapseSpaces = bool(pair.value, key: "normalize.collapse_spaces") ?? true
            case "trim": options.trim = bool(pair.value, key: "normalize.trim") ?? true
            case "repair_mojibake": options.repairMojibake = bool(pair.value, key: "normalize.repair_mojibake") ?? false
            case "html_entities": options.htmlEntities = bool(pair.value, key: "normalize.html_entities") ?? true
            case "tone_marks":
                guard let name = string(pair.value, key: "normalize.tone_marks") else { break }
                if let style = ToneMarkStyle(rawValue: name) {
                    options.toneMarks = style
                } else {
                    fail(pair.value, RulesError.Message.unknownValue(name, for: "tone_marks", valid: ToneMarkStyle.allCases.map(\.rawValue)))
                }
            default: break
            }
        }
    }

    mutating func segmentOptions(_ node: Node, into options: inout SegmentOptions) {
        guard let pairs = mapping(node, place: "segment") else { return }
        checkKeys(pairs, allowed: Keys.segment, place: "segment")
        for pair in pairs {
            switch pair.key {
            case "locale": options.locale = string(pair.value, key: "segment.locale") ?? options.locale
            case "abbreviations": merge(pair.value, key: "segment.abbreviations", into: &options.abbreviations)
            case "number_abbreviations": merge(pair.value, key: "segment.number_abbreviations", into: &options.numberAbbreviations)
            case "not_initials": merge(pair.value, key: "segment.not_initials", into: &options.notInitials)
            case "sentence_openers": merge(pair.value, key: "segment.sentence_openers", into: &options.sentenceOpeners)
            case "time_words": merge(pair.value, key: "segment.time_words", into: &options.timeWords)
            case "reporting_verbs": merge(pair.value, key: "segment.reporting_verbs", into: &options.reportingVerbs)
            case "keep_end_mark": options.keepEndMark = bool(pair.value, key: "segment.keep_end_mark") ?? false
            default: break
            }
        }
    }

    /// Adds the words of a list to `words`, each once: lists of every included file are merged.
    mutating func merge(_ node: Node, key: String, into words: inout [String]) {
        for item in stringList(node, key: key) where !words.contains(item.value) { words.append(item.value) }
    }

    /// `judge: {model: FILE, threshold: POINTS}`; `read` finds the model file relative to the rules file.
    mutating func judgeSettings(_ node: Node, into settings: inout JudgeSettings,
                                read: (String) -> (path: String, text: String?)) {
        guard let pairs = mapping(node, place: "judge") else { return }
        checkKeys(pairs, allowed: Keys.judge, place: "judge")
        for pair in pairs {
            switch pair.key {
            case "threshold": settings.threshold = double(pair.value, key: "judge.threshold") ?? settings.threshold
            case "decisive": settings.decisive = ruleIDs(pair.value, key: "judge.decisive")
            case "decisive_on_most_lines": settings.decisiveOnMostLines = ruleIDs(pair.value, key: "judge.decisive_on_most_lines")
            case "credited_captions":
                guard let fields = mapping(pair.value, place: "judge.credited_captions") else { continue }
                checkKeys(fields, allowed: Keys.creditedCaptions, place: "judge.credited_captions")
                var captions = CreditedCaptions(rules: [])
                for field in fields {
                    switch field.key {
                    case "rules": captions.rules = ruleIDs(field.value, key: "judge.credited_captions.rules")
                    case "max_words": captions.maxWords = int(field.value, key: "judge.credited_captions.max_words") ?? captions.maxWords
                    case "max_share": captions.maxShare = double(field.value, key: "judge.credited_captions.max_share") ?? captions.maxShare
                    default: break
                    }
                }
                settings.creditedCaptions = captions
            case "model":
                guard let name = string(pair.value, key: "judge.model") else { continue }
                let (path, text) = read(name)
                guard let text else {
                    fail(pair.value, RulesError.Message.unreadableModel(path))
                    continue
                }
                var modelReader = NodeReader(file: path)
                if let file = modelReader.modelFile(text, sections: JudgeModel.sections) {
                    modelReader.checkNames(file, section: "features", known: LineFeature.allCases.map(\.name), text: text)
                    modelReader.checkNames(file, section: "first-pass", known: ["bias"] + LineFeature.allCases.map(\.name), text: text)
                    modelReader.checkNames(file, section: "thresholds", known: ["long-pages"], text: text)
                    if let leaves = file.sections["trees"], case .failure(let error) = TreeEnsemble.read(leaves) {
                        modelReader.failAtTop(text, error.message)
                    }
                    settings.model = JudgeModel(file)
                    settings.modelPath = name
                }
                errors += modelReader.errors
            case "spam":
                guard let name = string(pair.value, key: "judge.spam") else { continue }
                let (path, text) = read(name)
                guard let text else {
                    fail(pair.value, RulesError.Message.unreadableModel(path))
                    continue
                }
                var modelReader = NodeReader(file: path)
                if let file = modelReader.modelFile(text, sections: ["thresholds", "features", "trees", "vocabulary", "promotion-terms", "news-terms"]) {
                    modelReader.checkNames(file, section: "features", known: SpamFeature.allCases.map(\.name), text: text)
                    if let leaves = file.sections["trees"], case .failure(let error) = TreeEnsemble.read(leaves, naming: .spam) {
                        modelReader.failAtTop(text, error.message)
                    }
                    settings.spamModel = SpamModel(file)
                    settings.spamModelPath = name
                }
                errors += modelReader.errors
            case "documents":
                guard let name = string(pair.value, key: "judge.documents") else { continue }
                let (path, text) = read(name)
                guard let text else {
                    fail(pair.value, RulesError.Message.unreadableModel(path))
                    continue
                }
                var modelReader = NodeReader(file: path)
                if let file = modelReader.modelFile(text, sections: ["features", "trees"]) {
                    modelReader.checkNames(file, section: "features", known: DocumentFeature.allCases.map(\.name), text: text)
                    if let leaves = file.sections["trees"], case .failure(let error) = TreeEnsemble.read(leaves, naming: .documents) {
                        modelReader.failAtTop(text, error.message)
                    }
                    settings.documentModel = DocumentModel(file)
                    settings.documentModelPath = name
                }
                errors += modelReader.errors
            default: break
            }
        }
    }

    mutating func extractOptions(_ node: Node, into options: inout ExtractOptions) {
        guard let pairs = mapping(node, place: "extract") else { return }
        checkKeys(pairs, allowed: Keys.extract, place: "extract")
        for pair in pairs where pair.key == "utc_offset" {
            guard let offset = string(pair.value, key: "extract.utc_offset") else { continue }
            options.utcOffset = validatedOffset(offset, node: pair.value)
        }
    }

    mutating func validatedOffset(_ offset: String, node: Node) -> String {
        let valid = offset.isEmpty || offset == "Z"
            || (offset.count == 6 && (offset.hasPrefix("+") || offset.hasPrefix("-")) && offset.dropFirst(3).hasPrefix(":"))
        if !valid { fail(node, "utc_offset must look like +07:00, -05:00 or Z") }
        return offset
    }

    // MARK: rules

    mutating func rule(_ node: Node) -> Rule? {
        guard let pairs = mapping(node, place: "a rule") else { return nil }
        checkKeys(pairs, allowed: Keys.rule, place: "a rule")
        let fields = Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard let idNode = fields["id"] else {
            fail(node, RulesError.Message.missing("id", in: "this rule"))
            return nil
        }
        guard let id = string(idNode, key: "id") else { return nil }
        if id.isEmpty || !id.allSatisfy({ $0.isLowercase || $0.isNumber || ".-_".contains($0) }) {
            fail(idNode, RulesError.Message.badID(id))
        }
        guard let actionNode = fields["action"] else {
            fail(node, RulesError.Message.missing("action", in: "rule '\(id)'"), hint: RulesError.Message.validActions(Keys.actions))
            return nil
        }
        guard let actionName = string(actionNode, key: "action") else { return nil }
        let action: RuleAction
        switch actionName {
        case "drop": action = .drop
        case "drop_part": action = .dropPart
        case "cut_to_end": action = .cutToEnd
        case "cut_from_start": action = .cutFromStart
        case "drop_repeated": action = .dropRepeated
        case "extract":
            guard let fieldNode = fields["field"] else {
                fail(actionNode, RulesError.Message.extractNeedsField)
                return nil
            }
            guard let name = string(fieldNode, key: "field") else { return nil }
            guard let field = MetadataField(rawValue: name) else {
                fail(fieldNode, RulesError.Message.unknownValue(name, for: "field", valid: MetadataField.allCases.map(\.rawValue)))
                return nil
            }
            action = .extract(field)
        case "drop_document":
            let reason = fields["reason"].flatMap { string($0, key: "reason") } ?? id
            action = .dropDocument(reason: reason)
        default:
            fail(actionNode, RulesError.Message.unknownValue(actionName, for: "action", valid: Keys.actions),
                 hint: nearest(actionName, in: Keys.actions).map(RulesError.Message.didYouMean))
            return nil
        }
        let matcher = fields["match"].flatMap { matcherSpec($0, place: "match") }
        let document = fields["document"].map { documentConditions($0) } ?? []
        switch action {
        case .dropDocument where document.isEmpty:
            fail(actionNode, RulesError.Message.dropDocumentNeedsCondition)
        case .dropPart where !(matcher?.conditions.contains { if case .regex = $0 { true } else { false } } ?? false):
            fail(actionNode, RulesError.Message.dropPartNeedsRegex)
        case .drop, .cutToEnd, .cutFromStart, .extract:
            if matcher == nil && fields["match"] == nil { fail(actionNode, RulesError.Message.lineRuleNeedsMatch) }
        default:
            break
        }
        var examples = RuleExamples()
        if let examplesNode = fields["examples"], let examplePairs = mapping(examplesNode, place: "examples") {
            checkKeys(examplePairs, allowed: Keys.examples, place: "examples")
            for pair in examplePairs {
                let lines = stringList(pair.value, key: "examples.\(pair.key)").map(\.value)
                if pair.key == "match" { examples.match = lines }
                if pair.key == "keep" { examples.keep = lines }
            }
        }
        let description = fields["description"].flatMap { string($0, key: "description") } ?? ""
        var score: Double?
        if let scoreNode = fields["score"] {
            score = double(scoreNode, key: "score")
            switch action {
            case .drop, .cutToEnd, .cutFromStart, .dropRepeated: break
            default: fail(scoreNode, RulesError.Message.scoreNeedsLineAction(actionName))
            }
        }
        let untilParagraph = actionFlag(fields["until_paragraph"], key: "until_paragraph", holds: action == .cutToEnd,
                                        else: RulesError.Message.untilParagraphNeedsCut)
        let adjacent = actionFlag(fields["adjacent"], key: "adjacent", holds: action == .dropRepeated,
                                  else: RulesError.Message.adjacentNeedsRepeated)
        let block = actionFlag(fields["block"], key: "block", holds: action == .dropRepeated,
                               else: RulesError.Message.blockNeedsRepeated)
        let utcOffset = fields["utc_offset"].flatMap { offsetNode in
            string(offsetNode, key: "utc_offset").map { validatedOffset($0, node: offsetNode) }
        }
        return Rule(id: id, description: description, action: action, matcher: matcher, document: document,
                    examples: examples, location: location(node), utcOffset: utcOffset, score: score, untilParagraph: untilParagraph, adjacent: adjacent, block: block)
    }

    mutating func matcherSpec(_ node: Node, place: String) -> MatcherSpec? {
        guard let pairs = mapping(node, place: place) else { return nil }
        checkKeys(pairs, allowed: Keys.matcher, place: "'\(place)'")
        let ignoreCase = pairs.first { $0.key == "ignore_case" }.flatMap { bool($0.value, key: "ignore_case") } ?? false
        var conditions: [Condition] = []
        for pair in pairs {
            let key = pair.key
            let value = pair.value
            switch key {
            case "regex":
                let patterns = stringList(value, key: key)
                for pattern in patterns where compilePatterns {
                    do {
                        _ = try ICURegex(pattern.value, caseInsensitive: ignoreCase)
                    } catch {
                        var at = location(pattern.node)
                        if let offset = error.offset {
                            let quoted = pattern.node.scalar.map { $0.style == .singleQuoted || $0.style == .doubleQuoted } ?? false
                            at.column += offset + (quoted ? 1 : 0)
                        }
                        errors.append(RulesError(at, RulesError.Message.badRegex(error.description),
                                                 hint: RulesError.Message.regexHint))
                    }
                }
                conditions.append(.regex(patterns.map(\.value), ignoreCase: ignoreCase))
            case "ignore_case":
                break
            case "keywords": conditions.append(.keywords(stringList(value, key: key).map(\.value)))
            case "edge_keywords": conditions.append(.edgeKeywords(stringList(value, key: key).map(\.value)))
            case "exact": conditions.append(.exact(stringList(value, key: key).map(\.value)))
            case "contains": conditions.append(.contains(stringList(value, key: key).map(\.value)))
            case "words": intBounds(value, key: key).map { conditions.append(.words($0)) }
            case "chars": intBounds(value, key: key).map { conditions.append(.chars($0)) }
            case "indent": intBounds(value, key: key).map { conditions.append(.indent($0)) }
            case "blank_after": intBounds(value, key: key).map { conditions.append(.blankAfter($0)) }
            case "blank_before": intBounds(value, key: key).map { conditions.append(.blankBefore($0)) }
            case "letter_ratio": doubleBounds(value, key: key).map { conditions.append(.letterRatio($0)) }
            case "terminal_punctuation": bool(value, key: key).map { conditions.append(.terminalPunctuation($0)) }
            case "capitalized": bool(value, key: key).map { conditions.append(.capitalized($0)) }
            case "all_caps": bool(value, key: key).map { conditions.append(.allCaps($0)) }
            case "doubled": bool(value, key: key).map { conditions.append(.doubled($0)) }
            case "first": int(value, key: key).map { conditions.append(.first($0)) }
            case "last": int(value, key: key).map { conditions.append(.last($0)) }
            case "previous": matcherSpec(value, place: "\(place).previous").map { conditions.append(.previous($0)) }
            case "next": matcherSpec(value, place: "\(place).next").map { conditions.append(.next($0)) }
            case "not": matcherSpec(value, place: "\(place).not").map { conditions.append(.not($0)) }
            case "any":
                let options = sequence(value, key: key).compactMap { matcherSpec($0, place: "\(place).any") }
                conditions.append(.any(options))
            default:
                break
            }
        }
        return MatcherSpec(conditions)
    }

    mutating func documentConditions(_ node: Node) -> [DocumentCondition] {
        guard let pairs = mapping(node, place: "document") else { return [] }
        checkKeys(pairs, allowed: Keys.document, place: "'document'")
        var conditions: [DocumentCondition] = []
        for pair in pairs {
            switch pair.key {
            case "words": intBounds(pair.value, key: "words").map { conditions.append(.words($0)) }
            case "lines": intBounds(pair.value, key: "lines").map { conditions.append(.lines($0)) }
            case "removed_share":
                guard let inner = mapping(pair.value, place: "removed_share") else { continue }
                checkKeys(inner, allowed: Keys.removedShare, place: "'removed_share'")
                var rules: [String] = []
                var bounds = DoubleBounds()
                var minimumLines = 0
                for item in inner {
                    switch item.key {
                    case "rules": rules = stringList(item.value, key: "removed_share.rules").map(\.value)
                    case "min": bounds.min = double(item.value, key: "removed_share.min")
                    case "max": bounds.max = double(item.value, key: "removed_share.max")
                    case "min_lines": minimumLines = int(item.value, key: "removed_share.min_lines") ?? 0
                    default: break
                    }
                }
                conditions.append(.removedShare(rules: rules, bounds: bounds, minimumLines: minimumLines))
            default:
                break
            }
        }
        return conditions
    }
}
