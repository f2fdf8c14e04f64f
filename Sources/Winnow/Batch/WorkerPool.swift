import Dispatch
import Foundation

/// Cleans batches of documents on several threads and hands the results back in input order, so that output
/// does not depend on the number of jobs.
///
/// Each worker thread owns one ``Pipeline`` (ICU objects are not thread-safe); a worker takes the next
/// document from a shared counter, so long and short documents balance out.
final class WorkerPool: @unchecked Sendable {
    // Safe to share: pipeline `i` is only ever used by the worker with index `i`, one at a time.
    private let pipelines: [Pipeline]

    var jobs: Int { pipelines.count }

    init(jobs: Int, makePipeline: () throws(Rejection) -> Pipeline) throws(Rejection) {
        var pipelines: [Pipeline] = []
        for _ in 0..<max(1, jobs) { pipelines.append(try makePipeline()) }
        self.pipelines = pipelines
    }

    /// Runs every document through a pipeline; each result is the finished document or why it was rejected.
    func clean(_ documents: [Document]) -> [Result<Document, Rejection>] {
        if pipelines.count == 1 || documents.count < 2 {
            return documents.map { document in run(document, on: pipelines[0]) }
        }
        let slots = ResultSlots(count: documents.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: min(pipelines.count, documents.count)) { worker in
            let pipeline = pipelines[worker]
            while let index = next.take(below: documents.count) {
                slots.store(run(documents[index], on: pipeline), at: index)
            }
        }
        return slots.results
    }

    private func run(_ document: Document, on pipeline: Pipeline) -> Result<Document, Rejection> {
        var document = document
        do {
            try pipeline.run(&document)
            return .success(document)
        } catch {
            return .failure(error)
        }
    }
}

/// A shared index for workers to take turns with.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// One slot per document; each slot is written by exactly one worker, and read after all workers finished.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<Document, Rejection>?]
    private let lock = NSLock()

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func store(_ result: Result<Document, Rejection>, at index: Int) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var results: [Result<Document, Rejection>] { slots.map { $0! } }
}
