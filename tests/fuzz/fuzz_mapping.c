/* libFuzzer target: the mapping loader (ini.c, mapping.c) on an
 * arbitrary INI file, then header resolution of its every role against
 * headers cut from the same bytes.  make fuzz. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "revpack/mapping.h"

static char *path;
static struct rp_map_schema schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    path = g_strdup_printf("/dev/shm/revpack-fuzz-mapping-%d.ini",
                           (int)getpid());
    rp_model_map_schema(&schema);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rp_err err = {0};

    if (!g_file_set_contents(path, (const char *)data, (gssize)size, NULL))
        abort();
    struct rp_mapping *m = rp_mapping_load(path, &schema, &err);
    if (!m)
        return 0;
    /* headers: the input's lines, normalised */
    g_autofree char *text = g_strndup((const char *)data, size);
    g_auto(GStrv) lines = g_strsplit(text, "\n", 64);
    unsigned n = g_strv_length(lines);
    char **h = g_new0(char *, n + 1);
    for (unsigned i = 0; i < n; i++)
        h[i] = rp_mapping_norm(lines[i], strlen(lines[i]));
    for (int f = 0; f < RP_N_FILES; f++) {
        struct rp_map_plan plan;
        char *why = NULL;
        if (m->roles[f].present)
            rp_mapping_resolve(m, f, &schema, h, n, &plan, &why);
        g_free(why);
        for (unsigned c = 0; c < schema.n[f]; c++)
            (void)rp_mapping_value(&m->roles[f].cols[c], h[0] ? h[0] : "");
    }
    g_strfreev(h);
    rp_mapping_free(m);
    return 0;
}
