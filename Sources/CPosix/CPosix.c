// The shims are static inline functions in include/CPosix.h; a C target needs one source file.
#include "CPosix.h"
