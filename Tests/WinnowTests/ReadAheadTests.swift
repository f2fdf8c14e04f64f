import Foundation
import Testing
@testable import Winnow

/// The read-ahead of a batch: bounded by bytes as well as by count (issue 15: 24 files of 40 MB took 1.18 GB).
struct ReadAheadTests {
    @Test func inputsReadAheadAreBoundedByTheirBytes() throws {
        let rules = try loadRules(["main.yaml": "version: 1\npipeline: [decode, write]\n"])
        let budget = 10 << 20, size = 4 << 20
        let pool = try WorkerPool(jobs: 2, window: 256, byteBudget: budget) { () throws(Rejection) in
            try Pipeline(ruleSet: rules, format: .text)
        }
        var read = 0, written = 0, most = 0
        pool.map(batch: 8, overlap: true, cost: { $0 }, {
            guard read < 24 else { return nil }
            read += 1
            most = max(most, read - written)
            return size
        }, work: { (input: Int, _: Pipeline) -> Int in
            usleep(5_000)   // slow workers: the reading runs ahead as far as it may
            return input
        }, emit: { _ in written += 1 })
        #expect(written == 24)
        // The budget and one input more: 10 MB / 4 MB is 2.5, so three inputs, where a count of 256 allowed all 24.
        #expect(most == 3)
    }
}
