/* out.h - writing output files whole or not at all.
 *
 * Every output is built in memory (or in a temporary file) and renamed into
 * place when complete (g_file_set_contents), so a failed or interrupted run
 * never leaves a half-written file behind.
 */
#ifndef REVPACK_OUT_H
#define REVPACK_OUT_H

#include <glib.h>

#include "revpack/err.h"

/* mkdir -p; RP_ECANTCREAT on failure. */
int rp_out_mkdir(const char *dir, struct rp_err *err);

/* Write @data to @dir/@name atomically; RP_ECANTCREAT / RP_EIO. */
int rp_out_write(const char *dir, const char *name, const char *data,
                 gsize len, struct rp_err *err);

/* A pack folder written whole or not at all: files go into a hidden
 * temporary folder beside @final; rp_out_commit() swaps it into place,
 * rp_out_abort() removes it.  Returns: (transfer full) the temporary
 * folder's path, g_free(); NULL with @err set. */
char *rp_out_begin(const char *final, struct rp_err *err);
int rp_out_commit(const char *tmp, const char *final, struct rp_err *err);
void rp_out_abort(const char *tmp);

#endif
