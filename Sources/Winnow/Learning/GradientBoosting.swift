import Foundation

/// Fits a ``TreeEnsemble`` by gradient boosting on the logistic loss (Friedman; the second-order steps and
/// histogram splits of XGBoost and LightGBM): each round grows one tree of at most `depth` questions towards
/// what the score so far gets wrong, and adds its leaves' points, shrunk by `learningRate`.
///
/// Features are cut into at most `bins` ranges at quantiles of the training values; a question's threshold is
/// such a cut, rounded to four decimals so that the model file reproduces it exactly.
public struct GradientBoosting: Sendable {
    public var rounds = 150
    public var depth = 3
    public var learningRate = 0.1
    /// L2 pull of every leaf towards 0, in units of summed hessian (the weights are scaled to average 1).
    public var lambda = 1.0
    /// The least summed hessian a leaf may hold: no question is asked of a handful of lines.
    public var minimumLeafWeight = 5.0
    public var bins = 32

    public init() {}

    /// Trees fitted to `targets` (true: junk) on `values` (rows of `width` features, row-major), weighted by
    /// `weights`, starting from the scores `base` (logits) each row already has; `naming` says what the columns
    /// are (the last, `score.linear`, answered at scoring time by the score the trees add to).
    public func fit(values: [Double], width: Int, targets: [Bool], weights rawWeights: [Double], base: [Double],
                    naming: TreeEnsemble.Naming = .lines) -> TreeEnsemble {
        let rows = targets.count
        guard rows > 0, rounds > 0 else { return TreeEnsemble(trees: [], naming: naming) }
        let meanWeight = rawWeights.reduce(0, +) / Double(rows)
        let weights = rawWeights.map { $0 / max(meanWeight, 1e-12) }
        let cuts = (0..<width).map { cutPoints(feature: $0, values: values, width: width, rows: rows) }
        // Each value's range: how many cuts are at or below it.
        var binned = [UInt8](repeating: 0, count: rows * width)
        for row in 0..<rows {
            for feature in 0..<width {
                let value = values[row * width + feature]
                var low = 0, high = cuts[feature].count
                while low < high {
                    let middle = (low + high) / 2
                    if cuts[feature][middle] <= value { low = middle + 1 } else { high = middle }
                }
                binned[row * width + feature] = UInt8(low)
            }
        }
        var scores = base
        var gradients = [Double](repeating: 0, count: rows)
        var hessians = [Double](repeating: 0, count: rows)
        var trees: [TreeEnsemble.Tree] = []
        let all = Array(0..<Int32(rows))
        for _ in 0..<rounds {
            for row in 0..<rows {
                let probability = 1 / (1 + exp(-scores[row]))
                gradients[row] = weights[row] * (probability - (targets[row] ? 1 : 0))
                hessians[row] = weights[row] * max(probability * (1 - probability), 1e-6)
            }
            var nodes: [TreeEnsemble.Node] = []
            var leafOf = [Int32](repeating: 0, count: rows)
            grow(all, depth: 0, nodes: &nodes, leafOf: &leafOf, binned: binned, width: width, cuts: cuts,
                 gradients: gradients, hessians: hessians)
            let tree = TreeEnsemble.Tree(nodes: nodes)
            for row in 0..<rows { scores[row] += nodes[Int(leafOf[row])].value }
            trees.append(tree)
        }
        return TreeEnsemble(trees: trees, naming: naming)
    }

    /// Cut points of one feature: midpoints between its distinct values when they are few, else quantiles.
    func cutPoints(feature: Int, values: [Double], width: Int, rows: Int) -> [Double] {
        let step = max(1, rows / 20_000)
        var seen: [Double] = []
        seen.reserveCapacity(rows / step + 1)
        for row in stride(from: 0, to: rows, by: step) { seen.append(values[row * width + feature]) }
        seen.sort()
        var distinct: [Double] = []
        for value in seen where distinct.last != value { distinct.append(value) }
        guard distinct.count > 1 else { return [] }
        var cuts: [Double] = []
        if distinct.count <= bins {
            cuts = zip(distinct, distinct.dropFirst()).map { ($0 + $1) / 2 }
        } else {
            for part in 1..<bins { cuts.append(seen[part * seen.count / bins]) }
        }
        // Four decimals, as the model file writes them; a cut equal to the smallest value splits nothing.
        let rounded = cuts.map { ($0 * 10_000).rounded() / 10_000 }.filter { $0 > distinct[0] }
        var result: [Double] = []
        for cut in rounded.sorted() where result.last != cut { result.append(cut) }
        return result
    }

    /// Grows the node holding `members` (a leaf at `depth`, or the best question); returns its index.
    @discardableResult
    func grow(_ members: [Int32], depth level: Int, nodes: inout [TreeEnsemble.Node], leafOf: inout [Int32],
              binned: [UInt8], width: Int, cuts: [[Double]], gradients: [Double], hessians: [Double]) -> Int {
        var gradient = 0.0, hessian = 0.0
        for row in members { gradient += gradients[Int(row)]; hessian += hessians[Int(row)] }
        let index = nodes.count
        let leafValue = -gradient / (hessian + lambda) * learningRate
        nodes.append(.leaf(leafValue))
        func makeLeaf() -> Int {
            for row in members { leafOf[Int(row)] = Int32(index) }
            return index
        }
        guard level < depth, hessian >= 2 * minimumLeafWeight else { return makeLeaf() }
        // Histograms of gradient and hessian per feature and range.
        let stride = bins + 1
        var gradientHistogram = [Double](repeating: 0, count: width * stride)
        var hessianHistogram = [Double](repeating: 0, count: width * stride)
        binned.withUnsafeBufferPointer { binned in
            gradientHistogram.withUnsafeMutableBufferPointer { gradientHistogram in
                hessianHistogram.withUnsafeMutableBufferPointer { hessianHistogram in
                    for row in members {
                        let row = Int(row)
                        let g = gradients[row], h = hessians[row]
                        let base = row * width
                        for feature in 0..<width {
                            let slot = feature * stride + Int(binned[base + feature])
                            gradientHistogram[slot] += g
                            hessianHistogram[slot] += h
                        }
                    }
                }
            }
        }
        let parentGain = gradient * gradient / (hessian + lambda)
        var best: (gain: Double, feature: Int, bin: Int) = (1e-9, -1, -1)
        for feature in 0..<width where !cuts[feature].isEmpty {
            var leftGradient = 0.0, leftHessian = 0.0
            for bin in 0..<cuts[feature].count {
                leftGradient += gradientHistogram[feature * stride + bin]
                leftHessian += hessianHistogram[feature * stride + bin]
                let rightHessian = hessian - leftHessian
                guard leftHessian >= minimumLeafWeight, rightHessian >= minimumLeafWeight else { continue }
                let rightGradient = gradient - leftGradient
                let gain = leftGradient * leftGradient / (leftHessian + lambda) + rightGradient * rightGradient / (rightHessian + lambda) - parentGain
                if gain > best.gain { best = (gain, feature, bin) }
            }
        }
        guard best.feature >= 0 else { return makeLeaf() }
        // Rows in ranges 0...bin are below the cut `cuts[feature][bin]`.
        var below: [Int32] = [], above: [Int32] = []
        for row in members {
            if Int(binned[Int(row) * width + best.feature]) <= best.bin { below.append(row) } else { above.append(row) }
        }
        nodes[index] = TreeEnsemble.Node(feature: best.feature, threshold: cuts[best.feature][best.bin], below: -1, atOrAbove: -1, value: 0)
        let belowIndex = grow(below, depth: level + 1, nodes: &nodes, leafOf: &leafOf, binned: binned, width: width, cuts: cuts,
                              gradients: gradients, hessians: hessians)
        let aboveIndex = grow(above, depth: level + 1, nodes: &nodes, leafOf: &leafOf, binned: binned, width: width, cuts: cuts,
                              gradients: gradients, hessians: hessians)
        nodes[index].below = belowIndex
        nodes[index].atOrAbove = aboveIndex
        return index
    }
}
