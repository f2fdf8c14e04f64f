import Foundation

/// A temporary file with no name: made in a folder and removed from it at once, so that whatever ends the run,
/// nothing is left behind and the space goes back to the file system when the descriptor closes. What a run
/// keeps on disk until it needs it again (rejected and dropped records, shingle sets) goes into one.
final class UnnamedFile {
    let descriptor: Int32

    /// Made in `folder` as `.PREFIX-XXXXXX.winnow-tmp` (the suffix every run clears), then unlinked. Throws the
    /// reason it cannot be made (the folder does not exist, is not writable).
    init(in folder: String, prefix: String) throws(SystemError) {
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(prefix)-XXXXXX.winnow-tmp").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(".winnow-tmp".utf8.count)) }
        if made < 0 { throw SystemError(code: errno) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = made
    }

    deinit { close(descriptor) }

    /// Appends `bytes` at the end of what was written; the errno when it cannot.
    func append(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + done, bytes.count - done)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            done += written
        }
        return nil
    }

    /// Fills `buffer` with the bytes from `offset`; the errno when it cannot (EIO for a file that ends first).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int32? {
        var done = 0
        while done < buffer.count {
            let read = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if read < 0 && errno == EINTR { continue }
            if read < 0 { return errno }
            if read == 0 { return EIO }
            done += read
        }
        return nil
    }
}
