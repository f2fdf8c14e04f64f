import Foundation
import Winnow

// Usage: SegmentBench FILE.jsonl [RUNS]. Takes every non-blank line of every record's text as a paragraph
// (NFC already, as after the normalize stage) and times, on one core, ICU's sentence break iterator alone on
// every paragraph and Winnow's segment stage (which skips ICU for paragraphs that can only be one sentence,
// and adds its suppressions) over all of them. Prints MB/s of each and the ratio of their times.
let arguments = CommandLine.arguments
guard arguments.count >= 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: SegmentBench FILE.jsonl [RUNS]\n".utf8))
    exit(2)
}
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3
var paragraphs: [String] = []
for line in data.split(separator: 0x0A) {
    guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
          let text = object["text"] as? String else { continue }
    for paragraph in text.split(separator: "\n") where !paragraph.allSatisfy(\.isWhitespace) {
        paragraphs.append(String(paragraph).precomposedStringWithCanonicalMapping)
    }
}
let megabytes = Double(paragraphs.reduce(0) { $0 + $1.utf8.count }) / 1e6
let rules = try RulesLoader.defaultRules()
let stage = try SegmentStage(options: rules.segment)
let plain = try SegmentStage(options: SegmentOptions(), suppressions: false)

func median(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = Date()
        try body()
        times.append(Date().timeIntervalSince(start))
    }
    return times.sorted()[times.count / 2]
}

var sink = 0
let icuSeconds = try median { for paragraph in paragraphs { sink &+= try plain.sentences(in: paragraph).count } }
let winnowSeconds = try median { for paragraph in paragraphs { sink &+= try stage.sentences(in: paragraph).count } }
print(String(format: "segmentation over %.1f MB (%d paragraphs): plain ICU %.1f MB/s, Winnow segment stage %.1f MB/s (%.2fx ICU's time)",
             megabytes, paragraphs.count, megabytes / icuSeconds, megabytes / winnowSeconds, winnowSeconds / icuSeconds))
if sink == 42 { print("") }
