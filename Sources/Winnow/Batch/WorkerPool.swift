import Dispatch
import Foundation

/// Cleans a stream of inputs on several threads and hands the results back in input order, so that output
/// does not depend on the number of jobs.
///
/// The calling thread reads inputs and writes results while the workers clean: reading, cleaning and writing
/// overlap. Each worker owns one ``Pipeline`` (ICU objects are not thread-safe) and takes the next input as soon
/// as it is free, so long and short documents balance out. At most `window` inputs, and at most `byteBudget`
/// bytes of them (as `cost` weighs them) and one input more, are read ahead of the result written last, which
/// bounds memory whatever the size of the batch and of its documents.
///
/// The first worker's pipeline is built at once (a rules problem shows before any input is read); each other
/// worker builds its own on its thread when an input is waiting for it, so one small document does not pay for
/// a pipeline per core.
final class WorkerPool: @unchecked Sendable {
    // Safe to share: slot `i` is only ever used by worker `i`, one input at a time.
    private let slots: [PipelineSlot]
    private let makePipeline: @Sendable () throws(Rejection) -> Pipeline
    private let window: Int
    private let byteBudget: Int

    let jobs: Int

    /// `jobs` is clamped to ``CleanOptions/maximumJobs``: more threads than cores only wait for each other, and
    /// each costs a slot (and, once it works, a pipeline).
    init(jobs: Int, window: Int = 256, byteBudget: Int = 64 << 20,
         makePipeline: @escaping @Sendable () throws(Rejection) -> Pipeline) throws(Rejection) {
        self.jobs = max(1, min(jobs, CleanOptions.maximumJobs))
        self.makePipeline = makePipeline
        let first = try makePipeline()
        slots = (0..<self.jobs).map { PipelineSlot($0 == 0 ? first : nil) }
        self.window = max(window, 2 * self.jobs)
        self.byteBudget = max(1, byteBudget)
    }

    /// One worker's pipeline, once it has one. Only its worker touches it after the pool is made.
    private final class PipelineSlot: @unchecked Sendable {
        var pipeline: Pipeline?
        init(_ pipeline: Pipeline?) { self.pipeline = pipeline }
    }

    /// Calls `next` for inputs until it returns nil, runs `work` on each with a worker's pipeline, and calls
    /// `emit` with the outputs in input order. `next` and `emit` run on the calling thread. Inputs go to the
    /// workers `batch` at a time: handing over each small input on its own (a lock, a signal, a thread woken
    /// and put to sleep) costs more than cleaning it. Keep `batch` at 1 for inputs that may be large, so one
    /// worker does not get several of them while the others wait. With `overlap`, even one job runs on a
    /// worker thread, so that `next` (reading files, which may wait for the disk) overlaps the work; without
    /// it, one job runs on the calling thread. `cost` weighs an input in bytes (what it holds in memory) for
    /// the read-ahead's byte budget.
    func map<Input: Sendable, Output: Sendable>(
        batch: Int = 1,
        overlap: Bool = false,
        cost: (Input) -> Int = { _ in 0 },
        _ next: () -> Input?,
        work: @escaping @Sendable (Input, Pipeline) -> Output,
        emit: (Output) -> Void
    ) {
        if jobs == 1, !overlap, let pipeline = slots[0].pipeline {
            while let input = next() { emit(work(input, pipeline)) }
            return
        }
        let queue = WorkQueue<[Input], [Output]>()
        let group = DispatchGroup()
        for slot in slots {
            DispatchQueue.global().async(group: group) {
                if slot.pipeline == nil {
                    // Built only when there is work for it; if it cannot be built, the other workers go on
                    // (the first one's pipeline exists).
                    guard queue.waitForInput(), let built = try? self.makePipeline() else { return }
                    slot.pipeline = built
                }
                guard let pipeline = slot.pipeline else { return }
                while let (sequence, inputs) = queue.take() {
                    queue.finish(sequence, inputs.map { work($0, pipeline) })
                }
            }
        }
        let size = max(1, batch)
        var batchesRead = 0
        var batchesWritten = 0
        var inFlight = 0
        var bytesInFlight = 0
        var batchBytes: [Int: Int] = [:]
        var exhausted = false
        while true {
            while let outputs = queue.result(batchesWritten) {
                outputs.forEach(emit)
                inFlight -= outputs.count
                bytesInFlight -= batchBytes.removeValue(forKey: batchesWritten) ?? 0
                batchesWritten += 1
            }
            if exhausted && batchesWritten == batchesRead { break }
            if !exhausted && inFlight < window && (bytesInFlight < byteBudget || inFlight == 0) {
                var inputs: [Input] = []
                inputs.reserveCapacity(size)
                var bytes = 0
                // A batch ends early when the budget is spent: the input that spends it is the one more.
                while inputs.count < size, bytesInFlight + bytes < byteBudget || inputs.isEmpty && inFlight == 0 {
                    guard let input = next() else {
                        exhausted = true
                        break
                    }
                    inputs.append(input)
                    bytes += cost(input)
                }
                if !inputs.isEmpty {
                    queue.put(batchesRead, inputs)
                    batchBytes[batchesRead] = bytes
                    batchesRead += 1
                    inFlight += inputs.count
                    bytesInFlight += bytes
                }
                if exhausted { queue.close() }
            } else {
                queue.waitForResult(batchesWritten)
            }
        }
        group.wait()
    }
}

/// The inputs waiting for a worker and the outputs waiting to be written, each behind its own lock, so that
/// a worker finishing a document wakes the writer only when that document is the one it waits for.
private final class WorkQueue<Input, Output>: @unchecked Sendable {
    private let inputs = NSCondition()
    private var waiting: [(Int, Input)] = []
    private var head = 0
    private var closed = false

    private let outputs = NSCondition()
    private var done: [Int: Output] = [:]
    private var awaited = -1

    /// Queues input number `sequence` for the workers.
    func put(_ sequence: Int, _ input: Input) {
        inputs.lock()
        waiting.append((sequence, input))
        inputs.signal()
        inputs.unlock()
    }

    /// No more inputs will come: workers stop once the queue is empty.
    func close() {
        inputs.lock()
        closed = true
        inputs.broadcast()
        inputs.unlock()
    }

    /// Waits until an input waits for a worker (true) or the queue is closed and empty (false), without taking
    /// it; the wake-up goes on to another waiting worker, which may take the input meanwhile.
    func waitForInput() -> Bool {
        inputs.lock()
        defer { inputs.unlock() }
        while head == waiting.count && !closed { inputs.wait() }
        let waits = head < waiting.count
        if waits { inputs.signal() }
        return waits
    }

    /// The next input for a worker, waiting for one; nil once the queue is closed and empty.
    func take() -> (Int, Input)? {
        inputs.lock()
        defer { inputs.unlock() }
        while head == waiting.count && !closed { inputs.wait() }
        guard head < waiting.count else { return nil }
        let item = waiting[head]
        head += 1
        // Drop taken inputs once they are half the array: amortised O(1), and taken inputs are not kept alive.
        if head * 2 >= waiting.count {
            waiting.removeFirst(head)
            head = 0
        }
        return item
    }

    /// Stores the output of input `sequence`.
    func finish(_ sequence: Int, _ output: Output) {
        outputs.lock()
        done[sequence] = output
        if sequence == awaited { outputs.signal() }
        outputs.unlock()
    }

    /// The output of input `sequence` if it is ready, removed from the queue.
    func result(_ sequence: Int) -> Output? {
        outputs.lock()
        defer { outputs.unlock() }
        return done.removeValue(forKey: sequence)
    }

    /// Waits until the output of input `sequence` is ready.
    func waitForResult(_ sequence: Int) {
        outputs.lock()
        awaited = sequence
        while done[sequence] == nil { outputs.wait() }
        awaited = -1
        outputs.unlock()
    }
}
