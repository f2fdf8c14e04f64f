import Foundation
import Yams

/// A learned linear model as a rules file keeps it: a bias, a threshold, and named weights in sections
/// (`features`, `rules`, `tokens`, ...). Weights are in points of junk evidence: positive says "page junk",
/// negative says "article text"; a line's score is the bias plus the weights of what it shows, and its junk
/// probability is the logistic function of the score.
///
///     model: judge
///     threshold: 1.5          # a line goes when its score is at least this
///     bias: -0.42
///     features:
///       words: -2.314
///       end.sentence: -1.87
///     rules:
///       caption.unpunctuated: 2.41
///
/// `winnow train` writes these files; they are meant to be read and diffed like code.
public struct ModelFile: Sendable, Equatable {
    public var name: String
    public var threshold: Double
    public var bias: Double
    /// Section name -> (weight name -> weight), each section in file order.
    public var sections: [String: [(name: String, weight: Double)]]
    /// Free-form lines about how the model was trained, written as comments... kept as `training:` key/values.
    public var training: [(key: String, value: String)]

    public init(name: String, threshold: Double, bias: Double, sections: [String: [(name: String, weight: Double)]] = [:],
                training: [(key: String, value: String)] = []) {
        self.name = name
        self.threshold = threshold
        self.bias = bias
        self.sections = sections
        self.training = training
    }

    public static func == (left: ModelFile, right: ModelFile) -> Bool {
        left.name == right.name && left.threshold == right.threshold && left.bias == right.bias
            && left.sections.keys.sorted() == right.sections.keys.sorted()
            && left.sections.allSatisfy { key, weights in
                let other = right.sections[key] ?? []
                return weights.count == other.count && zip(weights, other).allSatisfy { $0.name == $1.name && $0.weight == $1.weight }
            }
    }

    /// The weights of `section` by name.
    public func weights(_ section: String) -> [String: Double] {
        Dictionary(sections[section, default: []].map { ($0.name, $0.weight) }, uniquingKeysWith: { first, _ in first })
    }

    /// The file's text: a header comment, the scalars, then each section in `order` (others after, by name).
    public func yaml(header: String, order: [String]) -> String {
        var text = header.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" }.joined(separator: "\n") + "\n"
        text += "model: \(name)\n"
        text += "threshold: \(Self.format(threshold))\n"
        text += "bias: \(Self.format(bias))\n"
        let names = order.filter { sections[$0] != nil } + sections.keys.filter { !order.contains($0) }.sorted()
        for section in names {
            if sections[section, default: []].isEmpty {
                text += "\(section): {}\n"
                continue
            }
            text += "\(section):\n"
            for (name, weight) in sections[section, default: []] {
                text += "  \(Self.quotedKey(name)): \(Self.format(weight))\n"
            }
        }
        if !training.isEmpty {
            text += "training:\n"
            for (key, value) in training { text += "  \(key): \(Self.quotedKey(value))\n" }
        }
        return text
    }

    /// Three decimals, no "-0.000".
    static func format(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        let text = String(format: "%.3f", rounded == 0 ? 0 : rounded)
        return text
    }

    /// A key YAML reads back as the same string: plain when it is safe, else double-quoted.
    static func quotedKey(_ key: String) -> String {
        let plain = key.unicodeScalars.allSatisfy { scalar in
            CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar)
        }
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~"].contains(key.lowercased())
        if plain && !key.isEmpty && !reserved && !(key.first?.isNumber ?? false) { return key }
        var escaped = ""
        for scalar in key.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format {
                    escaped += String(format: "\\u%04X", scalar.value)
                } else {
                    escaped.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"\(escaped)\""
    }
}

extension ModelFile {
    /// Reads a model file in the exact form ``yaml(header:order:)`` writes (what `winnow train` leaves): comment
    /// lines, `model`, `threshold` and `bias`, sections of `  name: weight` lines (names plain as
    /// ``quotedKey(_:)`` leaves them, or double-quoted with its escapes), `name: {}`, and `training` strings.
    /// The model files are the largest YAML Winnow reads (the spam vocabulary has 8,000 terms), and a YAML
    /// parser spent more time on them than on the rules files. Nil for anything else, such as a hand edit with
    /// a comment after a weight, a duplicate name, or a key that is not among `allowed`: the YAML reader then
    /// reads the file, and reports what is wrong where it is.
    static func readWritten(_ text: String, sections allowed: [String]) -> ModelFile? {
        var text = text
        return text.withUTF8 { readWritten($0, sections: allowed) }
    }

    private static func readWritten(_ text: UnsafeBufferPointer<UInt8>, sections allowed: [String]) -> ModelFile? {
        guard !text.contains(0x0D), !text.contains(0x09) else { return nil }
        var model = ModelFile(name: "", threshold: 0, bias: 0)
        var seenTop = Set<String>()
        var section: String?
        // The entries' names met in the open section, by a hash of their bytes (a String's hash costs several times
        // more, for 30,000 names at every start); two names that share a hash send the file to YAML, as a
        // repeated name does, and YAML reads it right.
        var names = Set<UInt64>()
        var weights: [(name: String, weight: Double)] = []
        var training: [(key: String, value: String)] = []
        // Files the YAML reader would reject (an empty section) are left to it.
        func close() -> Bool {
            guard let name = section else { return true }
            section = nil
            if name == "training" {
                guard !training.isEmpty else { return false }
                model.training = training
            } else {
                guard !weights.isEmpty else { return false }
                model.sections[name] = weights
            }
            return true
        }
        var start = 0
        while start < text.count {
            var end = start
            while end < text.count && text[end] != 0x0A { end += 1 }
            let line = UnsafeBufferPointer(rebasing: text[start..<end])
            start = end + 1
            if line.isEmpty || line[0] == 0x23 { continue }   // "#": a comment
            if line.count > 2 && line[0] == 0x20 && line[1] == 0x20 {
                // An entry of the open section: "  name: value".
                guard let open = section, let (name, value) = entry(UnsafeBufferPointer(rebasing: line[2...])),
                      names.insert(WordHash.hash(bytes: name.utf8)).inserted else { return nil }
                if open == "training" {
                    guard let text = writtenKey(value) else { return nil }
                    training.append((name, text))
                } else {
                    guard let weight = writtenNumber(value) else { return nil }
                    weights.append((name, weight))
                }
                continue
            }
            // A top-level key: "key: value", "key: {}" or "key:" opening a section.
            guard close(), let colon = line.firstIndex(of: 0x3A) else { return nil }
            let key = String(decoding: UnsafeBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
            let rest = UnsafeBufferPointer(rebasing: line[(colon + 1)...])
            guard ["model", "threshold", "bias", "training"].contains(key) || allowed.contains(key), seenTop.insert(key).inserted else {
                return nil
            }
            let value = rest.first == 0x20 ? UnsafeBufferPointer(rebasing: rest[1...]) : nil
            switch key {
            case "model":
                guard let value, value.first != 0x22, let name = writtenKey(value) else { return nil }
                model.name = name
            case "threshold", "bias":
                guard let value, let number = writtenNumber(value) else { return nil }
                if key == "threshold" { model.threshold = number } else { model.bias = number }
            default:
                if let value, value.elementsEqual("{}".utf8) {
                    if key == "training" { model.training = [] } else { model.sections[key] = [] }
                } else {
                    guard rest.isEmpty else { return nil }
                    section = key
                    names.removeAll(keepingCapacity: true)
                    weights.removeAll(keepingCapacity: true)
                    training.removeAll(keepingCapacity: true)
                }
            }
        }
        // A file of comments only is no mapping: the YAML reader says so.
        return close() && !seenTop.isEmpty ? model : nil
    }

    /// "name: value", the name written as ``quotedKey(_:)`` writes one: the name, and the value's bytes.
    private static func entry(_ text: UnsafeBufferPointer<UInt8>) -> (String, UnsafeBufferPointer<UInt8>)? {
        var end = 0
        if text.first == 0x22 {
            // Past the closing quote: the first one no backslash escapes.
            end = 1
            while end < text.count && text[end] != 0x22 { end += text[end] == 0x5C ? 2 : 1 }
            end += 1
        } else {
            while end < text.count && text[end] != 0x3A { end += 1 }
        }
        guard end + 1 < text.count, text[end] == 0x3A, text[end + 1] == 0x20,
              let name = writtenKey(UnsafeBufferPointer(rebasing: text[..<end])) else { return nil }
        return (name, UnsafeBufferPointer(rebasing: text[(end + 2)...]))
    }

    /// The string a key or value stands for, when it is written as ``quotedKey(_:)`` writes one: plain (then
    /// it must be what quotedKey leaves plain, and start with a letter), or double-quoted with only the escapes
    /// quotedKey uses (\", \\, \uXXXX) and no character it would have escaped.
    private static func writtenKey(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.count >= 2, bytes.first == 0x22, bytes.last == 0x22 else {
            guard let first = bytes.first, first != 0x22 else { return nil }
            // Plain ASCII, the common case, checked here; other text as quotedKey sees it.
            if bytes.allSatisfy({ $0 < 0x80 }) {
                let letter = (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A
                let safe = bytes.allSatisfy { byte in
                    (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x5F || byte == 0x2D
                }
                let plain = String(decoding: bytes, as: UTF8.self)
                return letter && safe && !reservedWords.contains(plain.lowercased()) ? plain : nil
            }
            let plain = String(decoding: bytes, as: UTF8.self)
            guard let scalar = plain.unicodeScalars.first, CharacterSet.letters.contains(scalar), quotedKey(plain) == plain else { return nil }
            return plain
        }
        let inner = UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])
        // Printable ASCII without escapes, the common case ("nha cai").
        if inner.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return String(decoding: inner, as: UTF8.self) }
        var result = String.UnicodeScalarView()
        var scalars = String(decoding: inner, as: UTF8.self).unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"": return nil
            case "\\":
                switch scalars.popFirst() {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "u":
                    let digits = String(String.UnicodeScalarView(scalars.prefix(4)))
                    scalars = scalars.dropFirst(4)
                    guard digits.count == 4, let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) else { return nil }
                    result.append(decoded)
                default: return nil
                }
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format
                    || scalar.value == 0x2028 || scalar.value == 0x2029 { return nil }
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// The keys quotedKey writes in quotes, lest YAML read them as something else than a string.
    private static let reservedWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~"]

    /// A number as ``format(_:)`` writes one (an optional minus, digits, a point and decimals), read as the YAML
    /// reader reads it (`Double(String)`).
    private static func writtenNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = bytes.first == 0x2D ? 1 : 0
        let digitsStart = index
        // The digits as one whole number, and how many of them follow the point.
        var whole: UInt64 = 0, decimals = 0
        while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            whole = whole &* 10 &+ UInt64(bytes[index] - 0x30)
            index += 1
        }
        guard index > digitsStart else { return nil }
        let integerDigits = index - digitsStart
        if index < bytes.count {
            guard bytes[index] == 0x2E else { return nil }
            index += 1
            let decimalsStart = index
            while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                whole = whole &* 10 &+ UInt64(bytes[index] - 0x30)
                index += 1
            }
            guard index > decimalsStart, index == bytes.count else { return nil }
            decimals = index - decimalsStart
        }
        // Up to fifteen digits, the whole number and the power of ten are exact doubles, and their quotient is the
        // double nearest the decimal, as the standard parser's is (the weights' "%.3f" form: 30,000 of them in the
        // spam vocabulary, read at every start).
        if integerDigits + decimals <= 15 && decimals < Self.powersOfTen.count {
            let value = Double(whole) / Self.powersOfTen[decimals]
            return bytes.first == 0x2D ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]
}

extension NodeReader {
    /// Reads a model file's text; `sections` names the weight sections this kind of model accepts. A file as
    /// `winnow train` writes it is read directly (``ModelFile/readWritten(_:sections:)``), any other through YAML.
    mutating func modelFile(_ text: String, sections allowed: [String]) -> ModelFile? {
        if let model = ModelFile.readWritten(text, sections: allowed) { return model }
        return modelFileThroughYAML(text, sections: allowed)
    }

    /// Reads a model file's text as YAML, reporting what is wrong at its line and column.
    mutating func modelFileThroughYAML(_ text: String, sections allowed: [String]) -> ModelFile? {
        let root: Node?
        do { root = try Yams.compose(yaml: text, .basic) } catch {
            errors.append(yamlError(error))
            return nil
        }
        guard let root, let top = mapping(root, place: "the model file") else { return nil }
        checkKeys(top, allowed: ["model", "threshold", "bias", "training"] + allowed, place: "the model file")
        var model = ModelFile(name: "", threshold: 0, bias: 0)
        for pair in top {
            switch pair.key {
            case "model": model.name = string(pair.value, key: "model") ?? ""
            case "threshold": model.threshold = double(pair.value, key: "threshold") ?? 0
            case "bias": model.bias = double(pair.value, key: "bias") ?? 0
            case "training":
                guard let pairs = mapping(pair.value, place: "training") else { continue }
                model.training = pairs.compactMap { item in string(item.value, key: "training.\(item.key)").map { (item.key, $0) } }
            default:
                guard let pairs = mapping(pair.value, place: pair.key) else { continue }
                var weights: [(name: String, weight: Double)] = []
                for item in pairs {
                    guard let weight = double(item.value, key: "\(pair.key).\(item.key)") else { continue }
                    if !weight.isFinite { fail(item.value, "weight '\(item.key)' must be a finite number") }
                    weights.append((item.key, weight))
                }
                model.sections[pair.key] = weights
            }
        }
        return model
    }

    /// Reports `message` at the top of the model file (`text`).
    mutating func failAtTop(_ text: String, _ message: String) {
        guard let node = try? Yams.compose(yaml: text, .basic) else { return }
        fail(node, message)
    }

    /// Checks that every weight of `section` names something `known` holds, with the nearest name as a hint,
    /// reported at the top of the model file (`text`).
    mutating func checkNames(_ model: ModelFile, section: String, known: [String], text: String) {
        for (name, _) in model.sections[section, default: []] where !known.contains(name) {
            guard let node = try? Yams.compose(yaml: text, .basic) else { return }
            let hint = nearest(name, in: known).map(RulesError.Message.didYouMean)
            fail(node, "unknown name '\(name)' in the model's '\(section)'", hint: hint)
        }
    }
}
