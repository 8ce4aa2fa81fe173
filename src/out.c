/* out.c - atomic output files and the templates folder. */
#include "revpack/out.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdbool.h>
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

/* rm -r of a folder revpack made itself (no links followed). */
static void remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;

    if (d) {
        while ((name = g_dir_read_name(d))) {
            g_autofree char *p = g_build_filename(path, name, NULL);
            if (g_file_test(p, G_FILE_TEST_IS_DIR) &&
                !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
                remove_tree(p);
            else
                g_unlink(p);
        }
        g_dir_close(d);
    }
    g_rmdir(path);
}

char *rp_out_begin(const char *final, struct rp_err *err)
{
    g_autofree char *parent = g_path_get_dirname(final);
    g_autofree char *base = g_path_get_basename(final);
    g_autofree char *tmpl = g_strdup_printf(".%s.tmp-XXXXXX", base);
    char *tmp = g_build_filename(parent, tmpl, NULL);
    struct rp_loc loc = {parent, 0, 0};

    if (rp_out_mkdir(parent, err) < 0) {
        g_free(tmp);
        return NULL;
    }
    if (!g_mkdtemp_full(tmp, 0777)) {   /* umask applies, as for mkdir */
        rp_err_set(err, RP_ECANTCREAT, &loc, "cannot create folder: %s",
                   g_strerror(errno));
        g_free(tmp);
        return NULL;
    }
    return tmp;
}

int rp_out_commit(const char *tmp, const char *final, struct rp_err *err)
{
    g_autofree char *old = g_strconcat(tmp, ".old", NULL);
    struct rp_loc loc = {final, 0, 0};
    bool had = g_file_test(final, G_FILE_TEST_EXISTS);

    if (had && g_rename(final, old) < 0)
        return rp_err_set(err, RP_ECANTCREAT, &loc, "cannot replace: %s",
                          g_strerror(errno));
    if (g_rename(tmp, final) < 0) {
        int e = errno;
        if (had)
            g_rename(old, final);
        return rp_err_set(err, RP_ECANTCREAT, &loc, "cannot create: %s",
                          g_strerror(e));
    }
    if (had)
        remove_tree(old);
    return 0;
}

void rp_out_abort(const char *tmp)
{
    if (tmp)
        remove_tree(tmp);
}
