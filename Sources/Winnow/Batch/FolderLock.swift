import Foundation

/// The lock of an output folder: one run at a time writes into it.
///
/// Two runs into one `--out` would each count files the other replaced, and leave the folder mixed. The lock is
/// `flock(2)` on `OUT/.winnow.lock`, which holds the pid of the run that has it. The kernel lets the lock go
/// when its process ends, however it ends, so a lock a killed run left is simply taken by the next run (which
/// says so: the file still names the killed run). A run that ends by itself removes the file while it still
/// holds the lock; a run that locked the file in the meantime notices that the name now points elsewhere and
/// locks again.
final class FolderLock {
    static let name = ".winnow.lock"

    let path: String
    private let descriptor: Int32
    /// The pid written in the file when the lock was taken: a run that ended without removing it (killed).
    let stalePID: String?

    /// Why the lock could not be taken.
    enum Failure: Error {
        /// Another run holds it: its pid as the file gives it (empty when it has not written it yet).
        case held(pid: String)
        case failed(String)
    }

    /// Takes the lock of `folder`, or throws ``Failure/held(pid:)`` at once when another run has it.
    init(folder: String) throws(Failure) {
        path = (folder as NSString).appendingPathComponent(Self.name)
        while true {
            let file = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            if file < 0 { throw .failed(OutputFolder.Message.cannotOpen(path, errno)) }
            if flock(file, LOCK_EX | LOCK_NB) != 0 {
                let code = errno
                let holder = Self.contents(file)
                Foundation.close(file)
                if code == EWOULDBLOCK { throw .held(pid: holder) }
                throw .failed(Message.cannotLock(path, code))
            }
            // The run before may have removed the file between our open and our lock: the lock counts only on
            // the file that has the name.
            var held = stat(), named = stat()
            if fstat(file, &held) == 0, stat(path, &named) == 0, held.st_ino == named.st_ino, held.st_dev == named.st_dev {
                let stale = Self.contents(file)
                stalePID = stale.isEmpty ? nil : stale
                let pid = Array("\(getpid())\n".utf8)
                _ = ftruncate(file, 0)
                _ = pid.withUnsafeBytes { pwrite(file, $0.baseAddress!, $0.count, 0) }
                descriptor = file
                return
            }
            Foundation.close(file)
        }
    }

    private var released = false

    /// Removes the file, then lets the lock go (once; a run calls it when it ends, not when the last reference
    /// to its output folder goes, which a worker thread may still hold when the process exits).
    func release() {
        guard !released else { return }
        released = true
        unlink(path)
        Foundation.close(descriptor)
    }

    deinit { release() }

    /// The pid a lock file holds, without its line end.
    private static func contents(_ file: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress!, $0.count, 0) }
        guard count > 0 else { return "" }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    enum Message {
        static func cannotLock(_ path: String, _ code: Int32) -> String {
            "\(path): cannot lock the output folder: \(String(cString: strerror(code)))"
        }
        static func held(_ folder: String, pid: String) -> String {
            "\(folder): another winnow run (pid \(pid.isEmpty ? "unknown" : pid)) is writing into this output folder; "
                + "wait for it to end, or choose another --out"
        }
        static func takenOver(_ folder: String, pid: String) -> String {
            "note: \(folder): taking over the lock of an earlier run (pid \(pid)) that ended without releasing it; "
                + "to finish its work, run with --resume"
        }
        static func temporaryFilesRemoved(_ folder: String, count: Int) -> String {
            "note: \(folder): removed \(count) temporary file\(count == 1 ? "" : "s") (*.winnow-tmp) an earlier run left"
        }
    }
}
