/* dlib.h - a shared library opened the first time a run needs it.
 *
 *     static const char *const names[] = {"curl_easy_init", ...};
 *     void *fn[G_N_ELEMENTS(names)];
 *     char *why = NULL;
 *     if (rp_dlib_load("libcurl.so.4", "libcurl4", names, fn,
 *                      G_N_ELEMENTS(names), &why) < 0)
 *         ... why says which library or function is missing ...
 *
 * Mail's libraries (libcurl, GMime and the 27 more they need) are opened
 * only by the runs that mail: linked in, every run of revpack mapped and
 * relocated them before main(), 9 ms of the sample pack's 0.19 s
 * (a program linked to every library revpack uses started in 15-16 ms,
 * without those two in 6-7 ms).  The library stays open to the
 * process's end.
 */
#ifndef REVPACK_DLIB_H
#define REVPACK_DLIB_H

#include <stddef.h>
#include <string.h>

/* For a module's X-macro list of the functions it calls: a field of its
 * table of pointers for function @f (whose header is included), and @f's
 * name for rp_dlib_load(). */
#define RP_DLIB_FIELD(f) __typeof__(&f) f;
#define RP_DLIB_NAME(f) #f,
/* rp_dlib_load()'s @p (a void *) into the function pointer @field: its
 * bytes copied, as ISO C has no cast from void * to a function. */
#define RP_DLIB_SET(field, p) memcpy(&(field), &(p), sizeof(field))

/* Open @soname (from Debian package @package, named in the message) and
 * find each of @names (@n of them) in it, into @fn in the same order.
 * Returns 0, or -1 with *@why (transfer full, g_free()) saying what is
 * missing; @fn is then unset. */
int rp_dlib_load(const char *soname, const char *package,
                 const char *const *names, void **fn, size_t n, char **why);

#endif
