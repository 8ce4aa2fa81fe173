/* report.h - every figure of SPEC section 4 for one period, from one model.
 *
 * rp_report_build() computes the whole report into a tidy table (the rows
 * of metrics.csv) and a breach list.  The metric families it runs live in
 * metrics_*.c (see src/metrics.h); each has one accumulate step that serves
 * the `all` row, every group row and every trend period alike, so a group
 * figure cannot drift from its total.  Pure functions of the model: no I/O.
 * Renderers read figures only through rp_report_row() and friends.
 */
#ifndef REVPACK_REPORT_H
#define REVPACK_REPORT_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "revpack/clock.h"
#include "revpack/err.h"
#include "revpack/model.h"
#include "revpack/mtable.h"
#include "revpack/period.h"
#include "revpack/profile.h"

enum rp_pack { RP_PACK_MONTHLY, RP_PACK_QUARTERLY };

/* One SLA breach: the lead, the interval that breached and why. */
struct rp_breach {
    char sla[4];            /* "m2", "s1", ... */
    uint32_t lead;          /* index into model->leads */
    int64_t from, to;       /* instants involved; RP_TIME_NONE if none */
    double hours;           /* elapsed hours, or NAN */
    int attempts;           /* S2 attempts, or -1 */
    const char *reason;     /* (static) code: late_first_touch, ... */
    const char *detail;     /* e.g. the missing fields, or NULL: in the
                               report's `details`, or static */
};

struct rp_report {
    enum rp_pack pack;
    struct rp_period period;
    int64_t as_of;
    struct rp_mtable t;
    GArray *breaches;       /* struct rp_breach */
    GStringChunk *details;  /* the breaches' details, each text once */
};

/* Build the report for @period, at min(period end, @as_of) (@as_of
 * RP_TIME_NONE = period end).  Fails only on a profile that names an
 * unknown column in required_fields or tag_fields (RP_EDATA); @r is then
 * left empty (releasing it is safe). */
int rp_report_build(struct rp_report *r, const struct rp_model *m,
                    const struct rp_profile *prof, struct rp_clock *clock,
                    enum rp_pack pack, const struct rp_period *period,
                    int64_t as_of, struct rp_err *err);
/* What of a report to build: every figure, or only the SLA family's
 * figures and breaches (what a comparison with the previous period
 * reads). */
enum rp_report_scope { RP_REPORT_ALL, RP_REPORT_SLA };

struct rp_report_req {
    struct rp_report *r;
    struct rp_period period;
    enum rp_report_scope scope;
};

/* Several reports of one model, as rp_report_build() builds each, their
 * metric families shared between this thread and, with @beside, a second
 * one.  Each family fills a table of its own, and a report's tables are
 * joined in one order: the same bytes with one thread or two.  On failure
 * (as rp_report_build's) every report is left empty. */
int rp_report_build_many(struct rp_report_req *req, unsigned n,
                         const struct rp_model *m,
                         const struct rp_profile *prof,
                         struct rp_clock *clock, enum rp_pack pack,
                         int64_t as_of, bool beside, struct rp_err *err);
/* Free what @r holds; safe on a zeroed or released report. */
void rp_report_release(struct rp_report *r);

/* breaches.csv, a piece at a time (a large export's is tens of MB):
 * rp_out_write_pieces()'s piece function, @ctx a struct
 * rp_breaches_csv whose `next` starts at 0. */
struct rp_breaches_csv {
    const struct rp_report *r;
    const struct rp_model *m;
    const struct rp_clock *clock;
    guint next;             /* the next breach; the header before 0 */
};
bool rp_report_breaches_csv(void *ctx, GString *buf);

/* Row of (metric, group, key), or NULL.  (transfer none) */
const struct rp_mrow *rp_report_row(const struct rp_report *r,
                                    enum rp_metric metric,
                                    enum rp_group group, const char *key);
/* Its value; false when absent or n/a. */
bool rp_report_value(const struct rp_report *r, enum rp_metric metric,
                     enum rp_group group, const char *key, double *v);
/* Rows of @metric in @group, in table order (keys sorted for groups,
 * oldest first for trends).  Returns: (transfer container). */
GPtrArray *rp_report_rows(const struct rp_report *r, enum rp_metric metric,
                          enum rp_group group);
/* The trend group of the pack: RP_GRP_MONTH or RP_GRP_QUARTER. */
enum rp_group rp_report_trend_group(const struct rp_report *r);

/* MQLs the revenue goal needs in one period of @r: the calculator's
 * monthly figure times the period's months.  False when n/a. */
bool rp_report_needed_mqls(const struct rp_report *r, double *v);

#endif
