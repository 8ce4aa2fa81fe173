/* out.h - writing output files whole or not at all.
 *
 * Every output is built in memory (or in a temporary file) and renamed into
 * place when complete (g_file_set_contents), so a failed or interrupted run
 * never leaves a half-written file behind.
 */
#ifndef REVPACK_OUT_H
#define REVPACK_OUT_H

#include <glib.h>
#include <stdbool.h>

#include "revpack/err.h"

/* mkdir -p; RP_ECANTCREAT on failure. */
int rp_out_mkdir(const char *dir, struct rp_err *err);

/* Write @data to @dir/@name atomically; RP_ECANTCREAT / RP_EIO. */
int rp_out_write(const char *dir, const char *name, const char *data,
                 gsize len, struct rp_err *err);

/* Appends the next piece of a file to @buf, stopping once @buf holds
 * about RP_OUT_PIECE bytes; returns false after the last. */
#define RP_OUT_PIECE (1u << 20)
typedef bool (*rp_out_piece_fn)(void *ctx, GString *buf);

/* The same for a file too large to build whole first (breaches.csv of
 * a large export): @piece is called until it has no more, and each
 * piece is written as it comes. */
int rp_out_write_pieces(const char *dir, const char *name,
                        rp_out_piece_fn piece, void *ctx,
                        struct rp_err *err);

/* A pack folder written whole or not at all: files go into a hidden
 * temporary folder beside @final (".NAME.tmp-PID-XXXXXX");
 * rp_out_commit() swaps it into place, rp_out_abort() removes it.  Stale
 * temporary folders of the same pack that no live revpack owns are
 * removed first, each with a line in @notes (may be NULL).  Returns:
 * (transfer full) the temporary folder's path, g_free(); NULL with @err
 * set. */
char *rp_out_begin(const char *final, GPtrArray *notes, struct rp_err *err);
/* Swap @tmp into @final.  An existing @final that is a symbolic link or
 * not a folder is never replaced (RP_ECANTCREAT): a link's target is
 * never touched. */
int rp_out_commit(const char *tmp, const char *final, struct rp_err *err);
void rp_out_abort(const char *tmp);

/* @key (a team, owner or source) as a folder or file name that stays
 * inside its parent on every system: '/', '\\', ':', '*', '?', '"', '<',
 * '>', '|', control and bidi characters become '_', as do a leading dot
 * and trailing dots or spaces; CON, PRN, AUX, NUL, COM1-9 and LPT1-9 get
 * a leading '_'; at most 80 bytes.  Chinese and other letters are kept.
 * Returns: (transfer full) g_free(). */
char *rp_out_safe_name(const char *key);

/* rm -r that never follows a symbolic link. */
void rp_out_remove_tree(const char *path);

/* Remove every temporary folder this process has begun and not committed
 * or aborted; for a signal handler thread.  Returns how many. */
unsigned rp_out_abandon_all(void);

#endif
