/* output.c - atomic output files and the templates folder. */
#include "revpack/output.h"

#include <errno.h>
#include <unistd.h>

int rp_out_mkdir(const char *dir, struct rp_err *err)
{
    struct rp_loc loc = {dir, 0, 0};

    if (g_mkdir_with_parents(dir, 0777) < 0)
        return rp_err_set(err, RP_ECANTCREAT, &loc, "cannot create folder: %s",
                          g_strerror(errno));
    return 0;
}

int rp_out_write(const char *dir, const char *name, const char *data,
                 gsize len, struct rp_err *err)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autoptr(GError) gerr = NULL;
    struct rp_loc loc = {path, 0, 0};

    if (!g_file_set_contents(path, data, (gssize)len, &gerr))
        return rp_err_set(err,
                          gerr->code == G_FILE_ERROR_NOSPC ||
                                  gerr->code == G_FILE_ERROR_IO
                              ? RP_EIO
                              : RP_ECANTCREAT,
                          &loc, "cannot write: %s", gerr->message);
    return 0;
}

const char *rp_templates_dir(void)
{
    static char *dir;   /* computed once; the process never changes it */

    if (dir)
        return dir;
    const char *env = g_getenv("REVPACK_TEMPLATES");
    if (env && *env) {
        dir = g_strdup(env);
        return dir;
    }
    g_autofree char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe) {
        g_autofree char *base = g_path_get_dirname(exe);
        char *cand = g_build_filename(base, "templates", NULL);
        if (g_file_test(cand, G_FILE_TEST_IS_DIR)) {
            dir = cand;
            return dir;
        }
        g_free(cand);
    }
    dir = g_strdup("templates");
    return dir;
}
