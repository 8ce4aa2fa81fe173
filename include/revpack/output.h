/* output.h - writing output files whole or not at all.
 *
 * Every output is built in memory (or in a temporary file) and renamed into
 * place when complete (g_file_set_contents), so a failed or interrupted run
 * never leaves a half-written file behind.
 */
#ifndef REVPACK_OUTPUT_H
#define REVPACK_OUTPUT_H

#include <glib.h>

#include "revpack/err.h"

/* mkdir -p; RP_ECANTCREAT on failure. */
int rp_out_mkdir(const char *dir, struct rp_err *err);

/* Write @data to @dir/@name atomically; RP_ECANTCREAT / RP_EIO. */
int rp_out_write(const char *dir, const char *name, const char *data,
                 gsize len, struct rp_err *err);

/* Where templates live: $REVPACK_TEMPLATES, else "templates" beside the
 * executable, else ./templates.  Returns: (transfer none). */
const char *rp_templates_dir(void);

#endif
