/* pages.c - fresh pages mapped at once (see pages.h). */
#include "revpack/pages.h"

#include <sys/mman.h>

/* Bytes mapped per call.  A call holds the process's map lock as it
 * faults its range in, and every mmap() and munmap() of every thread
 * waits behind it, and behind those the faults the lock still covers:
 * one call per table, for a 1 GB pack's 68 MB of id tables cleared at
 * 0.4 GB/s in a slow hour on this machine, stalled the reading thread's
 * first mmap() for 0.17 s.  Two huge pages a call: over 0.3 GB of rows,
 * 75 calls of a few microseconds each. */
#define STEP ((size_t)4 << 20)

void rp_pages_populate(void *p, size_t n, bool write)
{
#if defined(MADV_POPULATE_WRITE) && defined(MADV_POPULATE_READ)
    const int advice = write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ;

    for (size_t at = 0; at < n; at += STEP) {
        size_t len = n - at < STEP ? n - at : STEP;
        if (madvise((char *)p + at, len, advice) < 0)
            break;      /* EINVAL before Linux 5.14: faulted as touched */
    }
#else
    (void)p;
    (void)n;
    (void)write;
#endif
}
