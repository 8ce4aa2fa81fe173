/* metrics.h - private to the metric families (metrics_*.c) and report.c.
 *
 * report.c builds one struct rp_mctx per report and calls each family;
 * the families read the model and the context, append rows to the table,
 * and share only the helpers below (metrics.c).  A family never calls
 * back into report.c.
 */
#ifndef REVPACK_METRICS_PRIVATE_H
#define REVPACK_METRICS_PRIVATE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "revpack/calendar.h"
#include "revpack/clock.h"
#include "revpack/model.h"
#include "revpack/mtable.h"
#include "revpack/period.h"
#include "revpack/profile.h"
#include "revpack/report.h"

/* Trend periods at most: 12 months or 8 quarters. */
#define RP_METRICS_MAX_TREND 12

/* Everything a metric family needs to know; built by rp_report_build. */
struct rp_mctx {
    const struct rp_model *m;
    const struct rp_profile *prof;
    struct rp_clock *clock;
    struct rp_calendar cal;
    enum rp_pack pack;
    struct rp_period period;
    int64_t as_of;
    struct rp_period trend[RP_METRICS_MAX_TREND]; /* oldest first, ending
                                                     with `period` */
    int n_trend;
    enum rp_group trend_group;   /* RP_GRP_MONTH or RP_GRP_QUARTER */
    bool headline;               /* the previous period's report, which is
                                    read for its SLA "all" rows and the
                                    leads it breached (RP_REPORT_SLA): no
                                    rows per owner or team, percentiles,
                                    histogram or trend, breaches unsorted */
};

/* Accumulators by group key: one zeroed block of @size bytes per key,
 * handed out in sorted key order by rp_metrics_groups_sorted(). */
struct rp_metrics_groups {
    GHashTable *index;      /* key -> block */
    GPtrArray *by_text;     /* a model text's number -> its key's block */
    size_t size;
};
void rp_metrics_groups_init(struct rp_metrics_groups *g, size_t size);
void rp_metrics_groups_release(struct rp_metrics_groups *g);
/* The block of @key, zeroed on first use.  (transfer none) */
void *rp_metrics_groups_get(struct rp_metrics_groups *g, const char *key);
/* The block of text number @text of @m, under rp_model_text_key()'s key:
 * remembered by number, so a lead's group costs an index, not a hash of
 * its text (a look-up per lead and pair was 7% of the metrics'
 * instructions).  (transfer none) */
void *rp_metrics_groups_text(struct rp_metrics_groups *g,
                             const struct rp_model *m, uint32_t text);
/* Returns: (transfer container) keys sorted bytewise; g_ptr_array_unref. */
GPtrArray *rp_metrics_groups_sorted(const struct rp_metrics_groups *g);

/* The one of @n consecutive periods @p (in time order) that holds
 * instant @t, or -1.  Inline: asked per lead per family, the call was
 * 1.5% of a 1 GB build's cycles.  The search halves a span whose length
 * depends on @n alone, choosing its half by a conditional move: with a
 * branch on each compare (the instants come in no order), 1 GB's funnel
 * took 57 ms and its stage flow 124 ms, now 36 and 114. */
static inline int rp_metrics_period_of(const struct rp_period *p, int n,
                                       int64_t t)
{
    if (n <= 0 || !rp_clock_in(t, p[0].start, p[n - 1].end))
        return -1;
    const struct rp_period *at = p;     /* the last starting at or before t */
    for (int len = n; len > 1;) {
        int half = len / 2;
        at = at[half].start <= t ? at + half : at;
        len -= half;
    }
    return rp_clock_in(t, at->start, at->end) ? (int)(at - p) : -1;
}

/* The trend period holding instant @t, or -1. */
static inline int rp_metrics_trend_of(const struct rp_mctx *c, int64_t t)
{
    return rp_metrics_period_of(c->trend, c->n_trend, t);
}

/* Money in minor units as a number of whole units. */
double rp_metrics_money(int64_t minor);

/* In the period's closed set (SPEC 4.2): won or lost, closed in the
 * period before as_of, created before as_of. */
bool rp_metrics_closed_in_period(const struct rp_mctx *c,
                                 const struct rp_opp *o);

/* ---- the metric families -------------------------------------------- */
void rp_metrics_funnel(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_flow(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_winrate(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_velocity(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_calculator(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_revenue(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_sla(const struct rp_mctx *c, struct rp_mtable *t,
                    GArray *breaches, GStringChunk *details);

#endif
