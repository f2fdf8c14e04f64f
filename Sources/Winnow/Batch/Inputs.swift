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
    /// Folders that hold no input file come back in `empty`, as given (a batch of several inputs goes on without
    /// them, but a mistyped folder beside a good one should not pass unnoticed).
    public static func collect(_ paths: [String], extensions: [String])
        -> (files: [InputFile], problems: [CleanReport.Entry], skipped: [CleanReport.Entry], empty: [String]) {
        var files: [InputFile] = []
        var problems: [CleanReport.Entry] = []
        var skipped: [CleanReport.Entry] = []
        var empty: [String] = []
        let manager = FileManager.default
        for given in paths {
            if given == "-" {
                files.append(InputFile(path: "-", relativePath: "stdin"))
                continue
            }
            let path = tidy(given)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(.init(source: given, reason: "no such file or folder"))
                continue
            }
            if !isDirectory.boolValue {
                files.append(InputFile(path: path, relativePath: (path as NSString).lastPathComponent))
                continue
            }
            guard let (found, odd) = walk(path, extensions: extensions) else {
                problems.append(.init(source: given, reason: "cannot list folder: \(String(cString: strerror(errno)))"))
                continue
            }
            if found.isEmpty { empty.append(given) }
            let root = path.hasSuffix("/") ? path : path + "/"
            for relative in found.sorted() {
                files.append(InputFile(path: root + relative, relativePath: relative))
            }
            for (relative, what) in odd.sorted(by: { $0.path < $1.path }) {
                skipped.append(.init(source: root + relative, reason: what))
            }
        }
        return (files, problems, skipped, empty)
    }

    /// `path` spelled without "." components, repeated or trailing slashes: "./seeds/" and "seeds" name one
    /// folder, so its documents get one `source` and one output to compare with. Lexical only: ".." stays (a
    /// symbolic link makes "a/../b" something else than "b"), and so does an absolute path.
    public static func tidy(_ path: String) -> String {
        guard !path.isEmpty, path != "-" else { return path }
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// What a file that is neither a regular file nor a folder is, for the report.
    private static func describe(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO (named pipe)"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a regular file"
        }
    }

    enum Message {
        static func notRegular(_ what: String) -> String { "\(what), not a regular file" }
        static let notUTF8 = "its name is not UTF-8 (shown with U+FFFD): Winnow reads names as UTF-8 and cannot open it by that name; rename it"
    }

    /// The relative paths of the files under `root` named NAME.EXT or NAME.EXT.gz (any case) for one of
    /// `extensions`, listed with readdir(3): one getdents call per few hundred names, no stat for files and
    /// folders. Subfolders are walked; a symbolic link is listed when it leads to such a file and never
    /// followed into a folder (so a link loop cannot hang a batch). Entries with such a name that are not
    /// regular files (a FIFO would block the batch) come back as `odd`, with why they are skipped (so do names that are not UTF-8). Nil when `root`
    /// cannot be listed.
    static func walk(_ root: String, extensions: [String]) -> (found: [String], odd: [(path: String, what: String)])? {
        var found: [String] = []
        var odd: [(path: String, what: String)] = []
        var pending = [""]
        var isRoot = true
        while let relative = pending.popLast() {
            let folder = relative.isEmpty ? root : root + "/" + relative
            guard let directory = opendir(folder) else {
                if isRoot { return nil }
                continue   // a subfolder that vanished or cannot be read: the rest of the batch goes on
            }
            isRoot = false
            defer { closedir(directory) }
            while let entry = readdir(directory) {
                let (name, isUTF8) = withUnsafePointer(to: &entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { (String(cString: $0), String(validatingCString: $0) != nil) }
                }
                if name == "." || name == ".." { continue }
                if !isUTF8 {
                    // Read back as text, the name would name no file: listed and skipped, with why.
                    if matches(name, extensions) { odd.append((relative.isEmpty ? name : relative + "/" + name, Message.notUTF8)) }
                    continue
                }
                let path = relative.isEmpty ? name : relative + "/" + name
                var type = entry.pointee.d_type
                if type == UInt8(DT_UNKNOWN) {
                    var status = stat()
                    guard lstat(folder + "/" + name, &status) == 0 else { continue }
                    switch status.st_mode & S_IFMT {
                    case S_IFDIR: type = UInt8(DT_DIR)
                    case S_IFLNK: type = UInt8(DT_LNK)
                    case S_IFREG: type = UInt8(DT_REG)
                    default:
                        if matches(name, extensions) { odd.append((path, Message.notRegular(describe(status.st_mode)))) }
                        continue
                    }
                }
                if type == UInt8(DT_DIR) {
                    pending.append(path)
                    continue
                }
                guard matches(name, extensions) else { continue }
                if type == UInt8(DT_REG) {
                    found.append(path)
                } else {
                    // A link is followed to what it names; a FIFO, socket or device is listed as odd.
                    var status = stat()
                    guard stat(folder + "/" + name, &status) == 0 else {
                        if type == UInt8(DT_LNK) { found.append(path) }   // a dangling link: reading it says why
                        continue
                    }
                    switch status.st_mode & S_IFMT {
                    case S_IFREG: found.append(path)
                    case S_IFDIR: continue
                    default: odd.append((path, Message.notRegular(describe(status.st_mode))))
                    }
                }
            }
        }
        return (found, odd)
    }

    /// True for NAME.EXT and NAME.EXT.gz, any case, with EXT one of `extensions` (lower case).
    private static func matches(_ name: String, _ extensions: [String]) -> Bool {
        var name = name.lowercased()[...]
        if name.hasSuffix(".gz") { name = name.dropLast(3) }
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return extensions.contains(String(name[name.index(after: dot)...]))
    }
}
