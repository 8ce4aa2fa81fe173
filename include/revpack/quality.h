/* quality.h - data-quality figures and the rejects list of a model. */
#ifndef REVPACK_QUALITY_H
#define REVPACK_QUALITY_H

#include <glib.h>

#include "revpack/model.h"
#include "revpack/mtable.h"

/* Append quality.rows_read.<file>, quality.rows_used.<file>,
 * quality.rows_rejected.<file> for each file present and
 * quality.anomalies.<kind> for every kind (0 when none). */
void rp_quality_metrics(const struct rp_model *m, struct rp_mtable *t);

/* rejects.csv: file,line,column,reason,raw in file then line order.
 * Returns: (transfer full) g_string_free(). */
GString *rp_quality_rejects_csv(const struct rp_model *m);

#endif
