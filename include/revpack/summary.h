/* summary.h - the run summary as text (main prints it). */
#ifndef REVPACK_SUMMARY_H
#define REVPACK_SUMMARY_H

#include <glib.h>

#include "revpack/model.h"
#include "revpack/mtable.h"
#include "revpack/report.h"
#include "revpack/tr.h"

/* "file read used rejected" per input file from the quality.* rows of @t,
 * then the anomaly counts.  Returns: (transfer full). */
GString *rp_summary_quality(const struct rp_mtable *t);

/* Each of @lines (strings) behind @prefix, a line each. */
GString *rp_summary_lines(const GPtrArray *lines, const char *prefix);
/* What loading decided, as "revpack: note:" lines: which mapping read
 * which file and why, ignored files, encodings guessed, report footers
 * skipped, no SAL date. */
GString *rp_summary_load_notes(const struct rp_model *m);

/* The first @max rejected rows as "file:line:col: warning: ..." lines and
 * how many more there are.  Returns: (transfer full). */
GString *rp_summary_rejects(const struct rp_model *m, unsigned max);

/* "wrote DIR", each SLA's value and status, the breach count.  Returns:
 * (transfer full). */
GString *rp_summary_build(const struct rp_report *r, const char *dir);
/* --timings: each phase's wall time, then the total since @start. */
GString *rp_summary_timings(const GArray *timings, gint64 start);
/* The messages written, a line each, with what sending did. */
struct rp_build;
GString *rp_summary_mail(const struct rp_build *b);
/* A burst's sub-packs, a line each: where, how many leads, whose. */
GString *rp_summary_parts(const GArray *parts);

/* A warning line for each label the label file lacks, so a
 * half-translated pack is never silent.  Returns: (transfer full). */
GString *rp_summary_missing_labels(const struct rp_tr *tr);

/* @text made harmless for a terminal: control characters (an escape
 * sequence from the data could clear the screen or retitle the window),
 * C1 codes, bidi controls and invalid bytes shown as \xNN or \u{NNNN};
 * newlines and tabs stay.  Returns: g_free(). */
char *rp_summary_safe(const char *text);

#endif
