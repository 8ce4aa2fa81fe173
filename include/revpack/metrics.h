/* metrics.h - every figure of SPEC section 4, from one model.
 *
 * rp_report_build() computes the whole report into a tidy table (the rows
 * of metrics.csv) and a breach list.  Metric families live in their own
 * files (metrics_funnel.c, metrics_pipeline.c, metrics_sla.c); each has one
 * accumulate step that serves the `all` row, every group row and every
 * trend period alike, so a group figure cannot drift from its total.
 * Pure functions of the model: no I/O.
 */
#ifndef REVPACK_METRICS_H
#define REVPACK_METRICS_H

#include <glib.h>
#include <stdint.h>

#include "revpack/calendar.h"
#include "revpack/clock.h"
#include "revpack/err.h"
#include "revpack/model.h"
#include "revpack/mtable.h"
#include "revpack/profile.h"

enum rp_pack { RP_PACK_MONTHLY, RP_PACK_QUARTERLY };

enum rp_stage {
    RP_STAGE_NONE = -1,     /* not created before as_of */
    RP_STAGE_LEAD, RP_STAGE_MQL, RP_STAGE_SAL, RP_STAGE_SQL,
    RP_STAGE_OPPORTUNITY, RP_STAGE_WON, RP_N_STAGES
};

/* One SLA breach: the lead, the interval that breached and why. */
struct rp_breach {
    char sla[4];            /* "m2", "s1", ... */
    uint32_t lead;          /* index into model->leads */
    int64_t from, to;       /* instants involved; RP_TIME_NONE if none */
    double hours;           /* elapsed hours, or NAN */
    int attempts;           /* S2 attempts, or -1 */
    const char *reason;     /* (static) code: late_first_touch, ... */
    char *detail;           /* (owned) e.g. the missing fields, or NULL */
};

struct rp_report {
    enum rp_pack pack;
    struct rp_period period;
    int64_t as_of;
    struct rp_mtable t;
    GArray *breaches;       /* struct rp_breach */
};

/* Everything a metric family needs to know; built by rp_report_build. */
struct rp_mctx {
    const struct rp_model *m;
    const struct rp_profile *prof;
    struct rp_clock *clock;
    struct rp_calendar cal;
    enum rp_pack pack;
    struct rp_period period;
    int64_t as_of;
    struct rp_period trend[12];  /* oldest first, ending with `period` */
    int n_trend;
};

/* Build the report for @period, at min(period end, @as_of) (@as_of
 * RP_TIME_NONE = period end).  Fails only on a profile that names an
 * unknown column in required_fields or tag_fields (RP_EDATA). */
int rp_report_build(struct rp_report *r, const struct rp_model *m,
                    const struct rp_profile *prof, struct rp_clock *clock,
                    enum rp_pack pack, const struct rp_period *period,
                    int64_t as_of, struct rp_err *err);
void rp_report_release(struct rp_report *r);

/* breaches.csv.  Returns: (transfer full) g_string_free(). */
GString *rp_report_breaches_csv(const struct rp_report *r,
                                const struct rp_model *m,
                                const struct rp_clock *clock);

/* ---- shared by the metric families (metrics.c) ------------------------ */

/* Furthest stage lead @i reached by @as_of (SPEC 4 and 8.2-8.3). */
enum rp_stage rp_lead_stage(const struct rp_model *m, uint32_t i,
                            int64_t as_of);
extern const char *const rp_stage_names[RP_N_STAGES];

/* Group key of a text value: as written, empty = "(none)". */
const char *rp_group_key(const char *s);

/* Source of an opportunity: its own, else its originating lead's. */
const char *rp_opp_source(const struct rp_model *m, const struct rp_opp *o);

/* Is t inside [a, b)?  RP_TIME_NONE never is. */
static inline int rp_in(int64_t t, int64_t a, int64_t b)
{
    return t != RP_TIME_NONE && t >= a && t < b;
}

/* Accumulators by group key: one zeroed block of @size bytes per key,
 * handed out in sorted key order by rp_groups_sorted(). */
struct rp_groups {
    GHashTable *index;      /* key -> block */
    size_t size;
};
void rp_groups_init(struct rp_groups *g, size_t size);
void rp_groups_release(struct rp_groups *g);
void *rp_groups_get(struct rp_groups *g, const char *key);
/* Returns: (transfer container) keys sorted bytewise; g_ptr_array_unref. */
GPtrArray *rp_groups_sorted(const struct rp_groups *g);

/* ---- the metric families -------------------------------------------- */
void rp_metrics_funnel(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_winrate(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_velocity(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_calculator(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_revenue(const struct rp_mctx *c, struct rp_mtable *t);
void rp_metrics_sla(const struct rp_mctx *c, struct rp_mtable *t,
                    GArray *breaches);

#endif
