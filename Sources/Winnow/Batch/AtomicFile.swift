import Foundation

/// Writing a whole file at once: to a temporary file beside it, then renamed over it, so a reader sees the
/// old file or the new one, never half of one.
enum AtomicFile {
    /// Why a file could not be written: the step that failed and the system's reason.
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var cause: String
        var description: String { "\(path): \(cause)" }
    }

    /// A file's bytes given a piece at a time, so that a large file need not be held whole: each call gives the
    /// next piece, an empty one at the end. A failure thrown stops the write; nothing gets the file's name.
    typealias Pieces = () throws(Failure) -> [UInt8]

    /// Writes `bytes` to `path`; see ``write(to:pieces:)``.
    static func write(_ bytes: [UInt8], to given: String) throws(Failure) {
        var done = false
        try write(to: given) { () throws(Failure) -> [UInt8] in
            defer { done = true }
            return done ? [] : bytes
        }
    }

    /// Writes the bytes `next` gives to `path`. A path that is not a regular file (a device such as /dev/null or
    /// /dev/stdout, a named pipe) is written into, not renamed over: a rename would put a regular file in its
    /// place. A symbolic link is followed: the file it names is replaced, the link stays.
    static func write(to given: String, pieces next: Pieces) throws(Failure) {
        let (path, type) = target(given)
        switch type {
        case nil, S_IFREG: try replace(path, with: next)
        case S_IFDIR: throw Failure(path: given, cause: "is a folder, not a file")
        default: try writeInPlace(next, to: path, named: given)
        }
    }

    /// Where writing to `given` goes: the file a symbolic link names (the link stays), and that file's type
    /// (`S_IFREG`, `S_IFDIR`, a device, a pipe), nil when it does not exist yet.
    static func target(_ given: String) -> (path: String, type: mode_t?) {
        var path = given
        var info = stat()
        if lstat(given, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(given, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        return (path, stat(path, &info) == 0 ? info.st_mode & S_IFMT : nil)
    }

    /// Writes every piece `next` gives to `descriptor`; the errno of a failed write is thrown for `path`.
    static func pour(_ next: Pieces, into descriptor: Int32, path: String) throws(Failure) {
        while true {
            let piece = try next()
            if piece.isEmpty { return }
            if let failure = OutputFolder.writeAll(descriptor, piece) { throw Failure(path: path, cause: String(cString: strerror(failure))) }
        }
    }

    /// Writes into an existing special file (a device or a pipe), from its start.
    private static func writeInPlace(_ next: Pieces, to path: String, named given: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        if descriptor < 0 { throw Failure(path: given, cause: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        try pour(next, into: descriptor, path: given)
    }

    /// A temporary file beside `path`, written and synced, then renamed over it.
    private static func replace(_ path: String, with next: Pieces) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).winnow-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor < 0 { throw Failure(path: path, cause: "cannot create a file beside it: \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do { try pour(next, into: descriptor, path: path) } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        var failure: Int32 = 0
        if fsync(descriptor) != 0 && errno != EINVAL { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Failure(path: path, cause: String(cString: strerror(failure)))
        }
    }
}
