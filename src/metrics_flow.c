/* metrics_flow.c - SPEC 4.7: how long leads take from stage to stage.
 *
 * Each lead's entry time into each stage (created_at; its own MQL, SAL
 * and SQL timestamps; the first created_at of its opportunities; the
 * first closed_at of its won ones), all before as_of.  A pair's
 * population in a period is the leads with both entry times whose later
 * one lies in the period; a negative duration leaves the lead out.  One
 * pass over the leads fills the period's `all` and per-source figures and
 * every trend period's.
 */
#include "metrics.h"

#include <math.h>
#include <string.h>

#include "revpack/stats.h"

#define DAY 86400.0
enum { N_PAIRS = 6 };

/* Stage indexes of each pair, in metric order (metric_names.h). */
static const int pairs[N_PAIRS][2] = {
    {RP_STAGE_LEAD, RP_STAGE_MQL},        {RP_STAGE_MQL, RP_STAGE_SAL},
    {RP_STAGE_SAL, RP_STAGE_SQL},         {RP_STAGE_SQL, RP_STAGE_OPPORTUNITY},
    {RP_STAGE_OPPORTUNITY, RP_STAGE_WON}, {RP_STAGE_LEAD, RP_STAGE_WON}};

/* Durations in days, one list per pair (all zeros: empty). */
struct flow {
    struct rp_values days[N_PAIRS];
};

static void flow_release(struct flow *f)
{
    for (int p = 0; p < N_PAIRS; p++)
        rp_values_free(&f->days[p]);
}

/* @t if it is set and before @as_of, else none. */
static int64_t before(int64_t t, int64_t as_of)
{
    return t != RP_TIME_NONE && t < as_of ? t : RP_TIME_NONE;
}

/* Entry time of lead @i into every stage, before @as_of. */
static void entries(const struct rp_model *m, uint32_t i, int64_t as_of,
                    int64_t at[RP_N_STAGES])
{
    const struct rp_lead *l = RP_LEAD(m, i);

    for (int s = 0; s < RP_N_STAGES; s++)
        at[s] = RP_TIME_NONE;
    int64_t created = rp_model_at(m, l->created_at);
    if (created >= as_of)
        return;                 /* not a lead yet: no entry times */
    at[RP_STAGE_LEAD] = created;
    at[RP_STAGE_MQL] = before(rp_model_at(m, l->mql_at), as_of);
    at[RP_STAGE_SAL] = before(rp_model_at(m, l->sal_at), as_of);
    at[RP_STAGE_SQL] = before(rp_model_at(m, l->sql_at), as_of);
    for (uint32_t k = m->lead_opp_start[i]; k < m->lead_opp_start[i + 1]; k++) {
        const struct rp_opp *o = RP_OPP(m, m->lead_opp[k]);
        if (o->created_at >= as_of)
            continue;           /* SPEC 8.3: ignored entirely */
        if (at[RP_STAGE_OPPORTUNITY] == RP_TIME_NONE ||
            o->created_at < at[RP_STAGE_OPPORTUNITY])
            at[RP_STAGE_OPPORTUNITY] = o->created_at;
        int64_t won = o->outcome == RP_WON ? before(o->closed_at, as_of)
                                           : RP_TIME_NONE;
        if (won != RP_TIME_NONE &&
            (at[RP_STAGE_WON] == RP_TIME_NONE || won < at[RP_STAGE_WON]))
            at[RP_STAGE_WON] = won;
    }
}

static void add(struct flow *f, int p, double d)
{
    rp_values_add(&f->days[p], d);
}

/* n, median, p90 and mean of one pair; the figures are empty at n = 0. */
static void rows(struct rp_mtable *t, enum rp_group g, const char *key,
                 int p, const struct rp_values *days)
{
    double *v = days->v, sum = 0;
    size_t n = days->n;
    enum rp_metric m0 = RP_MET_FLOW_LEAD_MQL_N + p * 4;

    if (n)
        rp_stats_sort(v, n);
    for (size_t i = 0; i < n; i++)
        sum += v[i];
    rp_mtable_value(t, m0, g, key, (double)n);
    rp_mtable_maybe(t, m0 + 1, g, key, n > 0,
                    n ? rp_stats_quantile(v, n, 0.5) : 0);
    rp_mtable_maybe(t, m0 + 2, g, key, n > 0,
                    n ? rp_stats_quantile(v, n, 0.9) : 0);
    rp_mtable_maybe(t, m0 + 3, g, key, n > 0, n ? sum / n : 0);
}

void rp_metrics_flow(const struct rp_mctx *c, struct rp_mtable *t)
{
    const struct rp_model *m = c->m;
    struct flow all, trend[RP_METRICS_MAX_TREND];
    struct rp_metrics_groups src;
    char key[16];

    memset(&all, 0, sizeof(all));
    memset(trend, 0, sizeof(trend));
    rp_metrics_groups_init(&src, sizeof(struct flow));
    for (guint i = 0; i < m->leads->len; i++) {
        int64_t at[RP_N_STAGES];
        entries(m, i, c->as_of, at);
        for (int p = 0; p < N_PAIRS; p++) {
            int64_t a = at[pairs[p][0]], b = at[pairs[p][1]];
            if (a == RP_TIME_NONE || b == RP_TIME_NONE || b < a)
                continue;       /* negative: out of the pair (SPEC 4.7) */
            double d = (double)(b - a) / DAY;
            if (rp_clock_in(b, c->period.start, c->period.end)) {
                add(&all, p, d);
                add(rp_metrics_groups_text(&src, m, RP_LEAD(m, i)->source),
                    p, d);
            }
            int k = rp_metrics_trend_of(c, b);
            if (k >= 0)
                add(&trend[k], p, d);
        }
    }
    for (int p = 0; p < N_PAIRS; p++)
        rows(t, RP_GRP_ALL, "all", p, &all.days[p]);
    GPtrArray *keys = rp_metrics_groups_sorted(&src);
    for (guint i = 0; i < keys->len; i++) {
        struct flow *f = rp_metrics_groups_get(&src, keys->pdata[i]);
        for (int p = 0; p < N_PAIRS; p++)
            if (f->days[p].n)       /* sources in the pair's population */
                rows(t, RP_GRP_SOURCE, keys->pdata[i], p, &f->days[p]);
        flow_release(f);
    }
    g_ptr_array_unref(keys);
    rp_metrics_groups_release(&src);
    for (int k = 0; k < c->n_trend; k++) {
        rp_period_key(&c->trend[k], key);
        for (int p = 0; p < N_PAIRS; p++)
            rows(t, c->trend_group, key, p, &trend[k].days[p]);
        flow_release(&trend[k]);
    }
    flow_release(&all);
}
