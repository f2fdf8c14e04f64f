import Winnow

/// One pipeline with the default rules for the whole fuzzing run (rules are parsed and compiled once).
nonisolated(unsafe) let pipeline = try! Pipeline(ruleSet: RulesLoader.defaultRules(), format: .jsonl)

/// libFuzzer's entry point: any bytes go through decode and the whole default pipeline. A rejection is a fine
/// answer; a crash, a hang or a broken invariant is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    var document = Document(id: "fuzz", source: "fuzz", bytes: bytes)
    do {
        try pipeline.run(&document)
    } catch {
        return 0
    }
    // Invariants: every kept line and every edit points at a real input line; every line is valid UTF-8 in the
    // document's text (a line written over a longer old text leaves unused bytes behind it, which need not be),
    // and holds its sentences; JSONL output is one line.
    let lineCount = bytes.reduce(1) { $1 == 0x0A || $1 == 0x0D ? $0 + 1 : $0 }
    precondition(document.lines.allSatisfy { $0.number >= 1 && $0.number <= lineCount })
    precondition(document.edits.allSatisfy { $0.line >= 1 && $0.line <= lineCount })
    precondition(document.lines.allSatisfy { $0.range.upperBound <= document.text.count })
    precondition(document.lines.allSatisfy { String(validating: document.text[$0.range], as: UTF8.self) != nil })
    precondition(document.lines.allSatisfy { line in
        document.sentenceRanges[line.sentenceIndexes].allSatisfy { line.range.contains($0.lowerBound) && $0.upperBound <= line.range.upperBound }
    })
    precondition(document.rendered.isEmpty || document.rendered.filter { $0 == 0x0A }.count == 1)
    return 0
}
