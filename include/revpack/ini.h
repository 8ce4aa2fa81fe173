/* ini.h - the INI files of templates/ (SLA profiles, pack templates, label
 * files), read with GKeyFile plus what GKeyFile lacks: the line a key is
 * on, for error messages, and the inline " ; comment" form of the SPEC.
 */
#ifndef REVPACK_INI_H
#define REVPACK_INI_H

#include <glib.h>
#include <stdbool.h>

#include "revpack/err.h"

struct rp_ini {
    char *path;
    char *text;         /* the file as written, for line look-ups */
    GKeyFile *kf;
};

/* Read @path.  With @inline_comments, "; ..." after white space ends a
 * value (SLA profiles and pack templates); label files keep every ';'.
 * RP_ENOINPUT if unreadable, RP_EDATA if not an INI file; @ini is left
 * empty on failure. */
int rp_ini_load(struct rp_ini *ini, const char *path, bool inline_comments,
                struct rp_err *err);
void rp_ini_release(struct rp_ini *ini);

/* 1-based line of @key in [@group] (of the header when @key is NULL);
 * 0 if not found.  GKeyFile keeps no positions. */
unsigned rp_ini_line(const struct rp_ini *ini, const char *group,
                     const char *key);

/* A comma list: parts trimmed, empty ones dropped, lower-cased when
 * @fold.  Returns: (transfer full) g_strfreev(). */
char **rp_ini_list(const char *value, bool fold);

#endif
