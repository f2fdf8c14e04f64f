import Foundation

/// Weighted, L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least squares):
/// deterministic, no learning rate to tune, and exact enough in a dozen steps for the few hundred named features
/// Winnow's models have.
public struct LogisticRegression: Sendable {
    /// Rows of features (all the same width); the intercept is fitted apart and not regularised.
    public var rows: [[Double]] = []
    /// 1 for the positive class (junk, spam), 0 for the other.
    public var targets: [Double] = []
    public var weights: [Double] = []

    public init() {}

    public mutating func add(_ row: [Double], target: Bool, weight: Double = 1) {
        rows.append(row)
        targets.append(target ? 1 : 0)
        weights.append(weight)
    }

    public var count: Int { rows.count }

    /// The fitted intercept and coefficients.
    public struct Fit: Sendable, Equatable {
        public var intercept: Double
        public var coefficients: [Double]

        public func score(_ row: [Double]) -> Double {
            var total = intercept
            for (value, weight) in zip(row, coefficients) { total += value * weight }
            return total
        }
    }

    /// Fits the model. `penalty` is the L2 strength per unit of total sample weight (so it means the same for
    /// small and large sets), pulling each coefficient towards its entry of `priors` (0 when nil): a weight the
    /// data says little about stays near what a person set. `only` restricts the fit to those rows.
    /// `penalties`, when given, sets the strength per coefficient instead (same units as `penalty`).
    public func fit(penalty: Double = 0.01, penalties: [Double]? = nil, priors: [Double]? = nil, only: [Int]? = nil,
                    iterations: Int = 25) -> Fit {
        let indexes = only ?? Array(rows.indices)
        let width = rows.first?.count ?? 0
        let size = width + 1   // coefficients, then the intercept
        var beta = [Double](repeating: 0, count: size)
        for a in 0..<width { beta[a] = priors?[a] ?? 0 }
        let totalWeight = indexes.reduce(0.0) { $0 + weights[$1] }
        guard totalWeight > 0 else { return Fit(intercept: 0, coefficients: [Double](repeating: 0, count: width)) }
        // Start the intercept at the base rate.
        let positive = indexes.reduce(0.0) { $0 + weights[$1] * targets[$1] }
        let rate = min(max(positive / totalWeight, 1e-6), 1 - 1e-6)
        beta[width] = log(rate / (1 - rate))
        let lambdas = (0..<width).map { (penalties?[$0] ?? penalty) * totalWeight }
        var previousLoss = Double.infinity
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: size)
            var hessian = [Double](repeating: 0, count: size * size)
            var loss = 0.0
            for index in indexes {
                let row = rows[index]
                var z = beta[width]
                for feature in 0..<width { z += row[feature] * beta[feature] }
                let p = 1 / (1 + exp(-z))
                let w = weights[index]
                let y = targets[index]
                let signed = y > 0 ? -z : z
                loss += w * (signed > 0 ? signed + log1p(exp(-signed)) : log1p(exp(signed)))
                let g = w * (p - y)
                let h = w * max(p * (1 - p), 1e-9)
                for a in 0..<width where row[a] != 0 {
                    gradient[a] += g * row[a]
                    let ha = h * row[a]
                    for b in a..<width where row[b] != 0 { hessian[a * size + b] += ha * row[b] }
                    hessian[a * size + width] += ha
                }
                gradient[width] += g
                hessian[width * size + width] += h
            }
            for a in 0..<width {
                let offset = beta[a] - (priors?[a] ?? 0)
                gradient[a] += lambdas[a] * offset
                hessian[a * size + a] += lambdas[a]
                loss += 0.5 * lambdas[a] * offset * offset
                for b in a..<size { hessian[b * size + a] = hessian[a * size + b] }
            }
            hessian[width * size + width] += 1e-9
            guard let step = Self.solve(hessian, gradient, size: size) else { break }
            // Backtracking: a full Newton step can overshoot where classes nearly separate; halve it until the
            // penalised loss goes down.
            var scale = 1.0
            var next = beta
            for _ in 0..<30 {
                for a in 0..<size { next[a] = beta[a] - scale * step[a] }
                if penalisedLoss(next, indexes: indexes, lambdas: lambdas, priors: priors) <= loss { break }
                scale /= 2
            }
            beta = next
            if abs(previousLoss - loss) < 1e-7 * max(1, abs(loss)) { break }
            previousLoss = loss
        }
        return Fit(intercept: beta[width], coefficients: Array(beta[0..<width]))
    }

    /// The weighted log loss of `beta` (coefficients, then the intercept) plus its L2 penalty.
    func penalisedLoss(_ beta: [Double], indexes: [Int], lambdas: [Double], priors: [Double]?) -> Double {
        let width = beta.count - 1
        var loss = 0.0
        for index in indexes {
            let row = rows[index]
            var z = beta[width]
            for feature in 0..<width where row[feature] != 0 { z += row[feature] * beta[feature] }
            // log(1 + e^-z) for a positive, log(1 + e^z) for a negative, computed without overflow.
            let signed = targets[index] > 0 ? -z : z
            loss += weights[index] * (signed > 0 ? signed + log1p(exp(-signed)) : log1p(exp(signed)))
        }
        for a in 0..<width {
            let offset = beta[a] - (priors?[a] ?? 0)
            loss += 0.5 * lambdas[a] * offset * offset
        }
        return loss
    }

    /// Solves the symmetric positive-definite system `matrix * x = vector` by Cholesky decomposition.
    static func solve(_ matrix: [Double], _ vector: [Double], size: Int) -> [Double]? {
        var lower = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = matrix[i * size + j]
                for k in 0..<j { sum -= lower[i * size + k] * lower[j * size + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    lower[i * size + i] = sqrt(sum)
                } else {
                    lower[i * size + j] = sum / lower[j * size + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: size)
        for i in 0..<size {
            var sum = vector[i]
            for k in 0..<i { sum -= lower[i * size + k] * y[k] }
            y[i] = sum / lower[i * size + i]
        }
        var x = [Double](repeating: 0, count: size)
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<size { sum -= lower[k * size + i] * x[k] }
            x[i] = sum / lower[i * size + i]
        }
        return x
    }
}
