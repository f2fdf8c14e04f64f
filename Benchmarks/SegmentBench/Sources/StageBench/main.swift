import Foundation
import Winnow

// Usage: StageBench FILE.jsonl [RUNS]. Where the stream's time goes: runs the default rules' pipeline (JSONL
// output) over every record's text on one core, timing each stage separately, and prints each stage's
// seconds and share of the whole (medians of RUNS). JSON parsing of the input is not timed; the stream's own
// reading and writing is not in these figures.
let arguments = CommandLine.arguments
guard arguments.count >= 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: StageBench FILE.jsonl [RUNS]\n".utf8))
    exit(2)
}
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
var texts: [[UInt8]] = []
for line in data.split(separator: 0x0A) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
          let text = object["text"] as? String else { continue }
    texts.append(Array(text.utf8))
}
let megabytes = Double(texts.reduce(0) { $0 + $1.count }) / 1e6
let pipeline = try Pipeline(ruleSet: try RulesLoader.defaultRules(), format: .jsonl)

var perRun: [[Double]] = []
for _ in 0..<runs {
    var seconds = [Double](repeating: 0, count: pipeline.stages.count)
    for (index, text) in texts.enumerated() {
        var document = Document(id: String(index), source: "bench", bytes: text)
        for (position, stage) in pipeline.stages.enumerated() {
            if document.dropped != nil && stage.name != .write { continue }
            let start = DispatchTime.now().uptimeNanoseconds
            do { try stage.run(&document) } catch { break }
            seconds[position] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
    }
    perRun.append(seconds)
}
let medians = pipeline.stages.indices.map { stage in perRun.map { $0[stage] }.sorted()[runs / 2] }
let total = medians.reduce(0, +)
print(String(format: "stages over %.1f MB (%d documents), one core, median of %d runs: %.2f s, %.1f MB/s", megabytes, texts.count, runs, total, megabytes / total))
for (stage, seconds) in zip(pipeline.stages, medians) {
    let name = stage.name.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
    print("  " + name + String(format: " %6.3f s  %5.1f%%", seconds, 100 * seconds / total))
}
