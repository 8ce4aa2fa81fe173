/* libFuzzer target: the SLA profile loader (ini.c, profile.c) on an
 * arbitrary INI file.  make fuzz. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "revpack/profile.h"

static char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    path = g_strdup_printf("/dev/shm/revpack-fuzz-profile-%d.ini",
                           (int)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rp_err err = {0};

    if (!g_file_set_contents(path, (const char *)data, (gssize)size, NULL))
        abort();
    struct rp_profile *p = rp_profile_load(path, &err);
    if (p) {
        g_autoptr(GPtrArray) d = rp_profile_describe(p);
        rp_profile_free(p);
    }
    return 0;
}
