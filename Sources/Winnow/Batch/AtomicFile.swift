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

    /// Writes `bytes` to `path`. A path that is not a regular file (a device such as /dev/null or /dev/stdout, a
    /// named pipe) is written into, not renamed over: a rename would put a regular file in its place. A symbolic
    /// link is followed: the file it names is replaced, the link stays.
    static func write(_ bytes: [UInt8], to given: String) throws(Failure) {
        var path = given
        var info = stat()
        if lstat(given, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(given, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG: break
            case S_IFDIR: throw Failure(path: given, cause: "is a folder, not a file")
            default:
                try writeInPlace(bytes, to: path, named: given)
                return
            }
        }
        try replace(path, with: bytes)
    }

    /// Writes into an existing special file (a device or a pipe), from its start.
    private static func writeInPlace(_ bytes: [UInt8], to path: String, named given: String) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        if descriptor < 0 { throw Failure(path: given, cause: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        if let failure = OutputFolder.writeAll(descriptor, bytes) { throw Failure(path: given, cause: String(cString: strerror(failure))) }
    }

    /// A temporary file beside `path`, written and synced, then renamed over it.
    private static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).winnow-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if descriptor < 0 { throw Failure(path: path, cause: "cannot create a file beside it: \(String(cString: strerror(errno)))") }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: Int32 = OutputFolder.writeAll(descriptor, bytes) ?? 0
        if failure == 0 && fsync(descriptor) != 0 && errno != EINVAL { failure = errno }
        if close(descriptor) != 0 && failure == 0 { failure = errno }
        if failure == 0 && rename(temporary, path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Failure(path: path, cause: String(cString: strerror(failure)))
        }
    }
}
