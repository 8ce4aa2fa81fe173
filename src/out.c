/* out.c - output files and pack folders written whole or not at all. */
#include "revpack/out.h"
#include "revpack/fmt.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Every byte of @n at @data to @fd. */
static int write_all(int fd, const char *data, size_t n)
{
    while (n) {
        ssize_t k = write(fd, data, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        data += k;
        n -= (size_t)k;
    }
    return 0;
}

int rp_out_write_pieces(const char *dir, const char *name,
                        rp_out_piece_fn piece, void *ctx, struct rp_err *err)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    /* beside it until whole, as g_file_set_contents() does; made 0666
     * less the umask as it makes files */
    g_autofree char *part = g_strdup_printf("%s.part", path);
    g_autoptr(GString) buf = g_string_sized_new(RP_OUT_PIECE + 4096);
    struct rp_loc loc = {path, 0, 0};
    bool more = true;
    int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666), e = 0;

    if (fd < 0)
        return rp_err_set(err, RP_ECANTCREAT, &loc, "cannot write: %s",
                          g_strerror(errno));
    while (more && !e) {
        more = piece(ctx, buf);
        if (write_all(fd, buf->str, buf->len) < 0)
            e = errno;
        g_string_truncate(buf, 0);
    }
    if (close(fd) < 0 && !e)
        e = errno;
    if (!e && g_rename(part, path) < 0)
        e = errno;
    if (e) {
        g_unlink(part);
        return rp_err_set(err, e == ENOSPC || e == EIO || e == EDQUOT
                                   ? RP_EIO
                                   : RP_ECANTCREAT,
                          &loc, "cannot write: %s", g_strerror(e));
    }
    return 0;
}

/* Remove @name under @dfd, never following a link: a link is removed
 * itself, never what it points to (a folder is opened O_NOFOLLOW). */
static void remove_at(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
                                   O_CLOEXEC);
    if (fd < 0) {
        unlinkat(dfd, name, 0);     /* a file, or a link to anything */
        return;
    }
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return;
    }
    /* entries removed while reading may shift the rest: read again until
     * a pass finds nothing */
    for (bool again = true; again;) {
        struct dirent *e;
        again = false;
        rewinddir(d);
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            remove_at(dirfd(d), e->d_name);
            again = true;
        }
    }
    closedir(d);
    unlinkat(dfd, name, AT_REMOVEDIR);
}

char *rp_out_safe_name(const char *key)
{
    g_autofree char *valid = g_utf8_make_valid(key, -1);
    GString *s = g_string_new(NULL);

    for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        bool bad = g_unichar_iscntrl(c) || rp_fmt_is_bidi(c) ||
                   (c < 0x80 && strchr("/\\:*?\"<>|", (int)c));
        if (bad)
            g_string_append_c(s, '_');
        else
            g_string_append_len(s, p, g_utf8_next_char(p) - p);
        if (s->len >= 80)
            break;
    }
    while (s->len > 80 || (s->len && !g_utf8_validate(s->str, s->len, NULL)))
        g_string_truncate(s, s->len - 1);
    if (!s->len)
        g_string_assign(s, "_");
    if (s->str[0] == '.')
        s->str[0] = '_';
    for (gsize i = s->len; i > 0 && (s->str[i - 1] == '.' ||
                                     s->str[i - 1] == ' ');
         i--)
        s->str[i - 1] = '_';
    static const char *const dos[] = {"CON", "PRN", "AUX", "NUL"};
    gsize stem = strcspn(s->str, ".");
    bool reserved = false;
    for (size_t i = 0; i < G_N_ELEMENTS(dos); i++)
        reserved |= stem == 3 && g_ascii_strncasecmp(s->str, dos[i], 3) == 0;
    reserved |= stem == 4 && (g_ascii_strncasecmp(s->str, "COM", 3) == 0 ||
                              g_ascii_strncasecmp(s->str, "LPT", 3) == 0) &&
                s->str[3] >= '1' && s->str[3] <= '9';
    if (reserved)
        g_string_prepend_c(s, '_');
    return g_string_free(s, FALSE);
}

void rp_out_remove_tree(const char *path)
{
    remove_at(AT_FDCWD, path);
}

/* The temporary folders this process is writing, for a signal to remove
 * (signals are process-wide, so this list is too; it holds paths only). */
static GMutex tracked_lock;
static GPtrArray *tracked;

static void track(const char *tmp, bool on)
{
    g_mutex_lock(&tracked_lock);
    if (!tracked)
        tracked = g_ptr_array_new_with_free_func(g_free);
    if (on) {
        g_ptr_array_add(tracked, g_strdup(tmp));
    } else {
        for (guint i = 0; i < tracked->len; i++)
            if (strcmp(g_ptr_array_index(tracked, i), tmp) == 0) {
                g_ptr_array_remove_index(tracked, i);
                break;
            }
        if (!tracked->len)
            g_clear_pointer(&tracked, g_ptr_array_unref);
    }
    g_mutex_unlock(&tracked_lock);
}

unsigned rp_out_abandon_all(void)
{
    unsigned n = 0;
    g_mutex_lock(&tracked_lock);
    for (guint i = 0; tracked && i < tracked->len; i++, n++) {
        /* twice: a file the writer created meanwhile goes too */
        rp_out_remove_tree(g_ptr_array_index(tracked, i));
        rp_out_remove_tree(g_ptr_array_index(tracked, i));
    }
    g_mutex_unlock(&tracked_lock);
    return n;
}

/* Is process @pid a live revpack?  A dead one, or a pid reused by another
 * program, owns no temporary folder any more. */
static bool revpack_alive(long pid)
{
    char path[64];
    g_autofree char *comm = NULL;

    if (pid <= 0 || (kill((pid_t)pid, 0) < 0 && errno == ESRCH))
        return false;
    g_snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
    if (!g_file_get_contents(path, &comm, NULL, NULL))
        return true;    /* cannot tell: leave it alone */
    g_strchomp(comm);
    return g_str_has_prefix(comm, "revpack");
}

/* Remove the temporary folders of @base (".BASE.tmp-PID-XXXXXX", and their
 * ".old") in @parent that no live revpack owns, and say so in @notes. */
static void remove_stale(const char *parent, const char *base,
                         GPtrArray *notes)
{
    g_autofree char *prefix = g_strdup_printf(".%s.tmp-", base);
    GDir *d = g_dir_open(parent, 0, NULL);
    const char *name;

    if (!d)
        return;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_prefix(name, prefix))
            continue;
        char *end;
        long pid = strtol(name + strlen(prefix), &end, 10);
        if (end == name + strlen(prefix) || *end != '-' ||
            pid == (long)getpid() || revpack_alive(pid))
            continue;
        g_autofree char *path = g_build_filename(parent, name, NULL);
        rp_out_remove_tree(path);
        if (notes)
            g_ptr_array_add(notes,
                            g_strdup_printf("removed '%s', left by revpack "
                                            "process %ld, which is gone",
                                            path, pid));
    }
    g_dir_close(d);
}

char *rp_out_begin(const char *final, GPtrArray *notes, struct rp_err *err)
{
    g_autofree char *parent = g_path_get_dirname(final);
    g_autofree char *base = g_path_get_basename(final);
    g_autofree char *tmpl = g_strdup_printf(".%s.tmp-%ld-XXXXXX", base,
                                            (long)getpid());
    char *tmp = g_build_filename(parent, tmpl, NULL);
    struct rp_loc loc = {parent, 0, 0};

    if (rp_out_mkdir(parent, err) < 0) {
        g_free(tmp);
        return NULL;
    }
    remove_stale(parent, base, notes);
    if (!g_mkdtemp_full(tmp, 0777)) {   /* umask applies, as for mkdir */
        rp_err_set(err, RP_ECANTCREAT, &loc, "cannot create folder: %s",
                   g_strerror(errno));
        g_free(tmp);
        return NULL;
    }
    track(tmp, true);
    return tmp;
}

int rp_out_commit(const char *tmp, const char *final, struct rp_err *err)
{
    g_autofree char *old = g_strconcat(tmp, ".old", NULL);
    struct rp_loc loc = {final, 0, 0};
    struct stat st;
    bool had = false;

    if (lstat(final, &st) == 0) {
        /* replace only a folder: never follow a link to delete what it
         * points to */
        if (S_ISLNK(st.st_mode))
            return rp_err_set(err, RP_ECANTCREAT, &loc,
                              "is a symbolic link; revpack replaces only a "
                              "pack folder, never a link or what it points "
                              "to (remove the link or choose another --out)");
        if (!S_ISDIR(st.st_mode))
            return rp_err_set(err, RP_ECANTCREAT, &loc,
                              "exists and is not a folder");
        had = true;
    }
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
    track(tmp, false);
    if (had)
        rp_out_remove_tree(old);
    return 0;
}

void rp_out_abort(const char *tmp)
{
    if (!tmp)
        return;
    rp_out_remove_tree(tmp);
    track(tmp, false);
}
