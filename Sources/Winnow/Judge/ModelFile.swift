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

extension NodeReader {
    /// Reads a model file's text; `sections` names the weight sections this kind of model accepts.
    mutating func modelFile(_ text: String, sections allowed: [String]) -> ModelFile? {
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

    /// Checks that every weight of `section` names something `known` holds, with the nearest name as a hint.
    mutating func checkNames(_ model: ModelFile, section: String, known: [String], node: Node) {
        for (name, _) in model.sections[section, default: []] where !known.contains(name) {
            let hint = nearest(name, in: known).map(RulesError.Message.didYouMean)
            fail(node, "unknown name '\(name)' in the model's '\(section)'", hint: hint)
        }
    }
}
