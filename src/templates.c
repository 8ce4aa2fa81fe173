/* templates.c - where the templates folder is and what is in it. */
#include "revpack/templates.h"

#include <glib.h>

char *rp_templates_default(void)
{
    const char *env = g_getenv("REVPACK_TEMPLATES");
    if (env && *env)
        return g_strdup(env);
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe) {
        g_autofree char *base = g_path_get_dirname(exe);
        char *cand = g_build_filename(base, "templates", NULL);
        if (g_file_test(cand, G_FILE_TEST_IS_DIR))
            return cand;
        g_free(cand);
    }
    return g_strdup("templates");
}

char *rp_templates_file(const char *dir, const char *subdir,
                        const char *name)
{
    if (!*name)
        return NULL;
    for (const char *c = name; *c; c++)
        if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
            return NULL;
    g_autofree char *file = g_strdup_printf("%s.ini", name);
    char *path = g_build_filename(dir, subdir, file, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
        return path;
    g_free(path);
    return NULL;
}
