/* err.c - the error context. */
#include "revpack/err.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

int rp_err_set(struct rp_err *e, enum rp_status code,
               const struct rp_loc *loc, const char *fmt, ...)
{
    va_list ap;

    if (!e)
        return -1;
    e->code = code;
    e->file[0] = '\0';
    e->loc.file = NULL;
    e->loc.line = loc ? loc->line : 0;
    e->loc.col = loc ? loc->col : 0;
    if (loc && loc->file) {
        g_strlcpy(e->file, loc->file, sizeof(e->file));
        e->loc.file = e->file;
    }
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
    return -1;
}

int rp_err_copy(struct rp_err *to, const struct rp_err *from)
{
    *to = *from;
    if (from->loc.file == from->file)
        to->loc.file = to->file;
    return -1;
}

char *rp_err_format(const struct rp_err *e)
{
    GString *s = g_string_new(NULL);

    if (e->loc.file) {
        g_string_append_printf(s, "%s:", e->loc.file);
        if (e->loc.line)
            g_string_append_printf(s, "%u:", e->loc.line);
        if (e->loc.line && e->loc.col)
            g_string_append_printf(s, "%u:", e->loc.col);
        g_string_append_c(s, ' ');
    }
    g_string_append_printf(s, "error: %s", e->msg);
    return g_string_free(s, FALSE);
}
