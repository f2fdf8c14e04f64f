import Foundation

/// One input document source found on the command line.
public struct InputFile: Sendable, Equatable {
    /// The path to read, or "-" for standard input.
    public var path: String
    /// The path relative to the input folder it was found in (the file name for a file named directly).
    public var relativePath: String
}

/// Turns command-line inputs (files, folders, "-") into a sorted list of files to read.
public enum InputCollector {
    /// Files under the given paths: folders are walked recursively for files with one of `extensions`.
    /// A path that does not exist is returned as a problem, not thrown, so the batch goes on.
    public static func collect(_ paths: [String], extensions: [String]) -> (files: [InputFile], problems: [CleanReport.Entry]) {
        var files: [InputFile] = []
        var problems: [CleanReport.Entry] = []
        let manager = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(InputFile(path: "-", relativePath: "stdin"))
                continue
            }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(.init(source: path, reason: "no such file or folder"))
                continue
            }
            if !isDirectory.boolValue {
                files.append(InputFile(path: path, relativePath: (path as NSString).lastPathComponent))
                continue
            }
            // A folder named through a symlink (`link`, `link/`) is walked where the link points: the walk itself
            // does not follow symlinks, and would see the link as an empty folder.
            let folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard let enumerator = manager.enumerator(atPath: folder) else {
                problems.append(.init(source: path, reason: "cannot list folder"))
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                // name.txt, or name.txt.gz for gzip-compressed input.
                var name = relative.lowercased()
                if name.hasSuffix(".gz") { name.removeLast(3) }
                if extensions.contains((name as NSString).pathExtension) { found.append(relative) }
            }
            for relative in found.sorted() {
                files.append(InputFile(path: (path as NSString).appendingPathComponent(relative), relativePath: relative))
            }
        }
        return (files, problems)
    }
}
