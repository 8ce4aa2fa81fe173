/* pages.h - fresh pages of memory mapped at once, not a fault at a time.
 *
 *     rp_pages_populate(rows, n_bytes, true);    (to be written)
 *     rp_pages_populate(map, n_bytes, false);    (a file's map, to be read)
 *
 * A hint: where the kernel cannot (before Linux 5.14), the pages come as
 * they are first touched, as they would have.
 */
#ifndef REVPACK_PAGES_H
#define REVPACK_PAGES_H

#include <stdbool.h>
#include <stddef.h>

/* Map the pages of [@p, @p + @n) now (@p page-aligned), for writing or
 * for reading. */
void rp_pages_populate(void *p, size_t n, bool write);

#endif
