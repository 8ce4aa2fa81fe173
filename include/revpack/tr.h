/* tr.h - every label the outputs show, from templates/i18n/LANG.ini.
 *
 * Keys are "group.key" ([group] then key = text).  A key the file lacks is
 * shown as the key itself and remembered, so main can warn and the tests
 * can fail on it; a label never comes from the C source.  Sentences take
 * named placeholders ("{from}"), never printf formats, so an edited label
 * file cannot crash the program.
 */
#ifndef REVPACK_TR_H
#define REVPACK_TR_H

#include <glib.h>

#include "revpack/err.h"

struct rp_tr {
    char *lang;
    GHashTable *labels;     /* "group.key" -> text */
    GTree *missing;         /* keys asked for but absent, sorted (set) */
    GMutex lock;            /* of missing: the workbook is written on a
                               helper thread while the charts are drawn */
};

/* Load @templates/i18n/@lang.ini (@lang NULL = "en").  RP_EUSAGE for an
 * unknown language.  Returns: (transfer full) rp_tr_free(). */
struct rp_tr *rp_tr_load(const char *templates, const char *lang,
                         struct rp_err *err);
/* Load a label file by path (tests). */
struct rp_tr *rp_tr_load_path(const char *lang, const char *path,
                                  struct rp_err *err);
void rp_tr_free(struct rp_tr *t);

/* The label for @key.  Returns: (transfer none). */
const char *rp_tr(struct rp_tr *t, const char *key);
/* The label for @key, or NULL when the file has none (not a miss: for
 * data values that may or may not have a label). */
const char *rp_tr_opt(const struct rp_tr *t, const char *key);
/* rp_tr() of "@group.@key". */
const char *rp_tr_group(struct rp_tr *t, const char *group, const char *key);

/* The label for @key with each "{name}" replaced: the variable arguments
 * are name, value pairs ending with NULL.  An unknown placeholder stays as
 * written.  Returns: (transfer full) g_free(). */
char *rp_tr_fmt(struct rp_tr *t, const char *key, ...) G_GNUC_NULL_TERMINATED;

/* Keys asked for that the file lacks, sorted.  Returns: (transfer
 * container) g_ptr_array_unref(). */
GPtrArray *rp_tr_missing(const struct rp_tr *t);

#endif
