/* zip_level.c - the workbook's parts deflated at zlib's fastest level.
 *
 * libxlsxwriter (1.1.4, Debian's) deflates every part of the package
 * through minizip at zlib's default level 6 and has no option for
 * another.  At 1 GB of exports the Breaches sheet alone is 12.2 MB of
 * XML: level 6 took 94 ms to make it 0.97 MB, level 1 29 ms for 1.25 MB
 * (zlib, this machine) -- a quarter of the workbook's 0.265 s, on the
 * thread the whole pack waits for at the end.  An email attachment loses
 * nothing worth 65 ms at that size (the limit is 10 MB).
 *
 * So the executable defines minizip's zipOpenNewFileInZip4_64, which
 * libxlsxwriter calls for each part: the dynamic linker binds a shared
 * library's call to the executable's definition first, and this one calls
 * minizip's own (the next definition, dlsym RTLD_NEXT) with level 1.
 * Where libxlsxwriter carries its own minizip instead of the system's,
 * its parts stay at level 6 and the workbook is the same but for its
 * size; e2e checks the parts are marked as deflated at level 1 ("super
 * fast" in each entry's flags), so that is seen, not silent.  The bytes
 * stay the same from run to run: zlib at a given level is deterministic.
 *
 * The prototype is minizip 1.1's (zip.h, not installed by Debian's
 * runtime package): zipFile is a pointer, uInt unsigned int, uLong
 * unsigned long.
 */
#include <dlfcn.h>
#include <glib.h>

#define XLSX_ZIP_LEVEL 1        /* zlib's Z_BEST_SPEED */

int zipOpenNewFileInZip4_64(void *file, const char *filename,
                            const void *zipfi, const void *extra_local,
                            unsigned size_extra_local,
                            const void *extra_global,
                            unsigned size_extra_global, const char *comment,
                            int method, int level, int raw, int window_bits,
                            int mem_level, int strategy, const char *password,
                            unsigned long crc_for_crypting,
                            unsigned long version_made_by,
                            unsigned long flag_base, int zip64)
{
    static __typeof__(zipOpenNewFileInZip4_64) *next;

    if (!g_atomic_pointer_get(&next)) {
        __typeof__(zipOpenNewFileInZip4_64) *f;
        *(void **)&f = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
        if (!f)
            g_error("zipOpenNewFileInZip4_64: no minizip after revpack's "
                    "(%s)", dlerror());
        g_atomic_pointer_set(&next, f);
    }
    if (level != 0)             /* 0: stored, as asked */
        level = XLSX_ZIP_LEVEL;
    return next(file, filename, zipfi, extra_local, size_extra_local,
                extra_global, size_extra_global, comment, method, level, raw,
                window_bits, mem_level, strategy, password, crc_for_crypting,
                version_made_by, flag_base, zip64);
}
