import Foundation

/// Where a batch writes each input, and the check that no two inputs are written to the same place.
///
/// An input is written to its path relative to the folder it was found in (its file name when it was named
/// directly), with the output format's extension: `d1/a.txt` and `d2/a.txt` named as folders `d1` and `d2`
/// both go to `OUT/a.txt`, and `a.json`, `a.jsonl` and `a.ndjson` all go to `OUT/a.jsonl`. Rather than let one
/// overwrite another (or pick names a user would have to guess), the batch refuses to start.
public enum OutputNames {
    /// The file names (lower case, before ".gz") a folder walk picks up for `format`.
    public static func inputExtensions(for format: InputFormat) -> [String] {
        format == .jsonl ? ["jsonl", "json", "ndjson"] : ["txt"]
    }

    /// `relativePath` with the format's extension; ".gz" again when the input was gzip-compressed.
    public static func relativeOutputPath(for relativePath: String, format: OutputFormat) -> String {
        var relative = relativePath
        let compressed = relative.lowercased().hasSuffix(".gz")
        if compressed { relative.removeLast(3) }
        return (relative as NSString).deletingPathExtension + "." + format.fileExtension + (compressed ? ".gz" : "")
    }

    /// A message naming two inputs that would be written to the same output (or one written over the report
    /// or the rejects file), or nil when every input has an output of its own. Standard input is not written
    /// to the folder and is left out.
    public static func collision(among files: [InputFile], format: OutputFormat) -> String? {
        var owners: [String: String] = [
            CleanJob.reportName: "the report",
            HTMLReport.fileName: "the HTML report",
            CleanJob.rejectsName: "the rejects file",
        ]
        for file in files where file.path != "-" {
            let output = relativeOutputPath(for: file.relativePath, format: format)
            // Paths compare as the file system would see them: "./a.txt" and "a.txt" are one file. Lexically:
            // Foundation's `standardizingPath` asks the file system about every name (a stat per input).
            let key = InputCollector.tidy(output)
            if let first = owners[key] {
                return Message.collision(first: first, second: file.path, output: output)
            }
            owners[key] = file.path
        }
        return nil
    }

    enum Message {
        static func collision(first: String, second: String, output: String) -> String {
            "'\(first)' and '\(second)' would both be written to OUT/\(output): rename one of them, or clean them "
                + "in separate runs with separate --out folders"
        }
    }
}
