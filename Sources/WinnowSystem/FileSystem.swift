import CPosix

/// Flushes every dirty page and inode of the filesystem holding `descriptor` to stable storage (`syncfs(2)`
/// on Linux, `sync(2)` elsewhere): one call makes a whole group of written files durable. Returns 0, or -1
/// with errno set.
public func syncFileSystem(_ descriptor: Int32) -> Int32 {
    winnow_syncfs(descriptor)
}
