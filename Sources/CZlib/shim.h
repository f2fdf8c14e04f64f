// Static inline shims over zlib: its init functions are macros that Swift cannot call.
#ifndef WINNOW_CZLIB_SHIM_H
#define WINNOW_CZLIB_SHIM_H
#include <zlib.h>
#include <stdlib.h>

/// Opens a stream that inflates gzip (and zlib) data: windowBits 15 + 32 detects the header.
static inline int czlib_inflateInit(z_stream *s) { return inflateInit2(s, 15 + 32); }
/// Opens a stream that deflates into the gzip format (windowBits 15 + 16) at `level` (1 fastest to 9 smallest,
/// or Z_DEFAULT_COMPRESSION, which is 6).
static inline int czlib_deflateInit(z_stream *s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline z_stream *czlib_newStream(void) { return (z_stream *)calloc(1, sizeof(z_stream)); }
static inline void czlib_freeStream(z_stream *s) { free(s); }
#endif
