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
    /// Files under the given paths: folders are walked recursively for regular files with one of `extensions`.
    /// A path that does not exist is returned as a problem, not thrown, so the batch goes on. In a folder, a
    /// name with one of the extensions that is not a regular file (a FIFO, a socket, a device) is `skipped`,
    /// with the reason: reading a FIFO would block the batch for ever. A folder named `x.txt` is walked like
    /// any folder. A path named on the command line is read whatever it is (`<(zcat a.gz)` is a pipe).
    public static func collect(_ paths: [String], extensions: [String])
        -> (files: [InputFile], problems: [CleanReport.Entry], skipped: [CleanReport.Entry]) {
        var files: [InputFile] = []
        var problems: [CleanReport.Entry] = []
        var skipped: [CleanReport.Entry] = []
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
                let file = InputFile(path: (path as NSString).appendingPathComponent(relative), relativePath: relative)
                switch kind(of: file.path) {
                case .regular: files.append(file)
                case .folder: continue
                case .other(let what): skipped.append(.init(source: file.path, reason: Message.notRegular(what)))
                }
            }
        }
        return (files, problems, skipped)
    }

    private enum Kind { case regular, folder, other(String) }

    /// What `path` is, following symlinks. A path that cannot be examined is taken as a file, so that reading
    /// it reports why.
    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .regular }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .folder
        case S_IFIFO: return .other("a FIFO (named pipe)")
        case S_IFSOCK: return .other("a socket")
        case S_IFCHR: return .other("a character device")
        case S_IFBLK: return .other("a block device")
        default: return .other("not a regular file")
        }
    }

    enum Message {
        static func notRegular(_ what: String) -> String { "\(what), not a regular file" }
    }
}
