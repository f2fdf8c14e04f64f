#ifndef WINNOW_CPOSIX_H
#define WINNOW_CPOSIX_H

#include <unistd.h>

// Linux calls that Swift's Glibc module leaves out (they sit behind _GNU_SOURCE), and a compiler hint Swift
// cannot give.

#if defined(__linux__)
int syncfs(int fd);
#endif

/// Flushes every dirty page and inode of the filesystem holding `fd` to stable storage (syncfs(2)): one call
/// makes a whole group of written files durable. Elsewhere, sync(2), which flushes every filesystem.
/// Returns 0, or -1 with errno set.
static inline int winnow_syncfs(int fd) {
#if defined(__linux__)
    return syncfs(fd);
#else
    (void)fd;
    sync();
    return 0;
#endif
}

/// Asks the processor to start loading the cache line holding `address`, to be read soon: lookups that go to
/// scattered addresses (hash tables) can overlap their waits for memory when their addresses are known
/// ahead. Only a hint: it never faults and changes no result.
static inline void winnow_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address);
#else
    (void)address;
#endif
}

#endif
