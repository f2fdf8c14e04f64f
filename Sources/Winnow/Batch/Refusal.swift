import Foundation

extension CleanJob {
    /// A reason the job must not start, or nil when it may: writing into its own input (the --out folder or
    /// the --rejects file inside an input folder, or the same as an input file), or two inputs bound for one
    /// output, or a batch without a single document to read: folders that hold no input file (standard input
    /// is always a document). Walks the input folders to find inputs bound for the same output (see
    /// ``OutputNames``).
    public static func refusal(_ options: CleanOptions) -> String? {
        let inputs = options.inputs.filter { $0 != "-" }.map { (given: $0, real: RealPath.of($0)) }
        for (path, flag, what) in [(options.rejectsPath, "--rejects", "rejects file"), (options.droppedPath, "--dropped", "dropped-documents file")] {
            guard let path else { continue }
            let real = RealPath.of(path)
            for input in inputs where real == input.real || real.hasPrefix(input.real + "/") {
                return Message.fileInInput(path, what: what, flag: flag, input: input.given)
            }
        }
        let extensions = OutputNames.inputExtensions(for: options.inputFormat)
        let collected = InputCollector.collect(options.inputs, extensions: extensions)
        // An input that does not exist is an I/O failure the job reports (exit 3), not an empty batch.
        if collected.files.isEmpty && collected.problems.isEmpty && !options.inputs.contains("-") {
            return Message.noDocuments(options.inputs, extensions: extensions, format: options.inputFormat)
        }
        if let directory = options.shardDirectory {
            let real = RealPath.of(directory)
            for input in inputs {
                if real == input.real || real.hasPrefix(input.real + "/") { return ShardMessage.shardsInInput(input.given) }
                if input.real.hasPrefix(real + "/") { return ShardMessage.holdsInput(directory, input: input.given) }
            }
            if !options.force, let first = existingShards(in: directory).first {
                return ShardMessage.holdsShards((directory as NSString).appendingPathComponent(first))
            }
            return nil
        }
        guard let out = options.outputDirectory else { return nil }
        let outPath = RealPath.of(out)
        for input in inputs {
            if outPath == input.real || outPath.hasPrefix(input.real + "/") {
                return Message.outInInput(input.given)
            }
            if input.real.hasPrefix(outPath + "/") {
                return Message.outHoldsInput(out: out, input: input.given)
            }
        }
        return OutputNames.collision(among: collected.files, format: options.format)
    }

    /// Warnings to give before a batch that may start, from one walk of its inputs: folders given that hold no
    /// input file (when others do; when none does, ``refusal(_:)`` refuses the batch), and text inputs that are
    /// JSON lines (``JSONLinesHint``).
    public static func warnings(_ options: CleanOptions) -> [String] {
        let extensions = OutputNames.inputExtensions(for: options.inputFormat)
        let collected = InputCollector.collect(options.inputs, extensions: extensions)
        return collected.empty.map { Message.folderWithoutInputs($0, extensions: extensions) }
            + (options.inputFormat == .text
                ? JSONLinesHint.warnings(for: collected.files, named: Set(options.inputs.map(InputCollector.tidy)), textField: options.textField) : [])
    }

    enum Message {
        static func sameOutput(_ output: String, _ owner: String) -> String {
            "its output \(output) is also the output of \(owner): clean the two in separate runs or rename one"
        }
        static func outInInput(_ input: String) -> String {
            "refusing to write into the input '\(input)': choose an --out folder outside it"
        }
        static func outHoldsInput(out: String, input: String) -> String {
            "refusing to use '\(out)' for output: it holds the input '\(input)'"
        }
        static func noDocuments(_ inputs: [String], extensions: [String], format: InputFormat) -> String {
            let patterns = extensions.map { "*.\($0)" }.joined(separator: ", ")
            let hint = format == .text ? "; for JSON lines, add --input-format jsonl" : ""
            return "no input documents found in \(inputs.map { "'\($0)'" }.joined(separator: ", ")) "
                + "(looking for \(patterns), and .gz of them, recursively)\(hint)"
        }
        static func folderWithoutInputs(_ folder: String, extensions: [String]) -> String {
            let patterns = extensions.map { "*.\($0)" }.joined(separator: ", ")
            return "warning: '\(folder)' holds no input file (looking for \(patterns), and .gz of them, recursively); nothing read from it"
        }
        static func fileInInput(_ path: String, what: String, flag: String, input: String) -> String {
            "refusing to write the \(what) '\(path)' into the input '\(input)': choose a \(flag) file outside it"
        }
    }
}

/// Real paths of files that may not exist yet.
enum RealPath {
    /// The absolute path of `path` with every symlink resolved: the nearest ancestor that exists is resolved
    /// by the file system (so `link/new`, with `link` a symlink and `new` not there yet, is where `link` points,
    /// plus `new`), and the rest is appended as written, without "." and "..".
    static func of(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var existing = absolute
        var rest: [String] = []
        while true {
            if let resolved = realpath(existing, nil) {
                defer { free(resolved) }
                var result = String(cString: resolved)
                for component in rest { result = (result as NSString).appendingPathComponent(component) }
                return result
            }
            if existing == "/" || existing.isEmpty { return absolute }
            rest.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
    }
}
