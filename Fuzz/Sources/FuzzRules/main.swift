import Winnow

/// libFuzzer's entry point for the rules loader: the bytes up to the first NUL are `main.yaml`, the bytes after
/// it `other.yaml` (which main.yaml may include, as may other.yaml itself). Every check runs (regexes compiled,
/// examples cleaned). A rules error is a fine answer; a crash, a hang or an error without a place is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let files = ["main.yaml": Array(bytes[..<split]), "other.yaml": split < bytes.count ? Array(bytes[(split + 1)...]) : []]
    let loader = RulesLoader(readBytes: { files[$0] })
    do {
        let rules = try loader.load("main.yaml")
        // The rules that loaded build a pipeline and clean their own examples' text once more.
        _ = try? Pipeline(ruleSet: rules, format: .jsonl)
    } catch {
        let text = error.description
        precondition(!text.isEmpty, "an empty rules error")
        precondition(text.split(separator: "\n").allSatisfy { !$0.isEmpty }, "a blank line in a rules error")
    }
    return 0
}
