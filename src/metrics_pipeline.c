/* metrics_pipeline.c - SPEC 4.2 win rate, 4.3 velocity, 4.5 calculator,
 * 4.6 pipeline created, revenue won, marketing share, reasons, spend. */
#include "metrics.h"

#include <math.h>

#include "revpack/stats.h"

#define DAY 86400.0

static double money(int64_t minor)
{
    return (double)minor / 100.0;
}

/* ---- 4.2 win rate ------------------------------------------------------ */

struct win {
    double won, lost, won_amount, n_amount;
};

/* In the period's closed set: won/lost, closed in the period before
 * as_of, created before as_of. */
static bool in_closed_set(const struct rp_mctx *c, const struct rp_opp *o)
{
    return o->outcome != RP_OPEN && o->created_at < c->as_of &&
           rp_clock_in(o->closed_at, c->period.start, c->period.end) &&
           o->closed_at < c->as_of;
}

static void win_add(struct win *w, const struct rp_opp *o)
{
    if (o->outcome == RP_LOST) {
        w->lost++;
        return;
    }
    w->won++;
    if (o->amount != RP_MONEY_NONE) {
        w->won_amount += money(o->amount);
        w->n_amount++;
    }
}

static void win_rows(struct rp_mtable *t, enum rp_group g, const char *k,
                     const struct win *w)
{
    double lo = 0, hi = 0;
    bool ok = rp_stats_wilson(w->won, w->won + w->lost, &lo, &hi) == 0;

    rp_mtable_ratio(t, RP_MET_WINRATE, g, k, w->won, w->won + w->lost);
    rp_mtable_maybe(t, RP_MET_WINRATE_CI_LOW, g, k, ok, lo);
    rp_mtable_maybe(t, RP_MET_WINRATE_CI_HIGH, g, k, ok, hi);
    rp_mtable_value(t, RP_MET_WINRATE_WON_AMOUNT, g, k, w->won_amount);
    rp_mtable_ratio(t, RP_MET_WINRATE_AVG_DEAL, g, k, w->won_amount, w->n_amount);
}

void rp_metrics_winrate(const struct rp_mctx *c, struct rp_mtable *t)
{
    struct win all = {0};
    struct rp_metrics_groups src;

    rp_metrics_groups_init(&src, sizeof(struct win));
    for (guint i = 0; i < c->m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(c->m, i);
        if (!in_closed_set(c, o))
            continue;
        win_add(&all, o);
        win_add(rp_metrics_groups_get(&src, rp_model_group_key(rp_model_opp_source(c->m, o))), o);
    }
    win_rows(t, RP_GRP_ALL, "all", &all);
    GPtrArray *keys = rp_metrics_groups_sorted(&src);
    for (guint i = 0; i < keys->len; i++)
        win_rows(t, RP_GRP_SOURCE, keys->pdata[i],
                 rp_metrics_groups_get(&src, keys->pdata[i]));
    g_ptr_array_unref(keys);
    rp_metrics_groups_release(&src);
}

/* ---- 4.3 velocity -------------------------------------------------------- */

struct vel {
    double open, won, lost, sum_amount, n_amount, sum_cycle, n_cycle;
};

/* Add @o to @v at @as_of with window [w0, as_of).  Returns whether the
 * opportunity is open at as_of or closed in the window (SPEC 8.12). */
static bool vel_add(struct vel *v, const struct rp_opp *o, int64_t as_of,
                    int64_t w0)
{
    if (o->created_at >= as_of)
        return false;
    if (o->outcome != RP_OPEN && o->closed_at == RP_TIME_NONE)
        return false;   /* SPEC 8.2: neither open nor closed */
    if (o->outcome == RP_OPEN || o->closed_at >= as_of) {
        v->open++;
        return true;
    }
    if (o->closed_at < w0)
        return false;
    if (o->outcome == RP_LOST) {
        v->lost++;
        return true;
    }
    v->won++;
    v->sum_cycle += (double)(o->closed_at - o->created_at) / DAY;
    v->n_cycle++;
    if (o->amount != RP_MONEY_NONE) {
        v->sum_amount += money(o->amount);
        v->n_amount++;
    }
    return true;
}

static void vel_rows(struct rp_mtable *t, enum rp_group g, const char *k,
                     const struct vel *v)
{
    double den = v->won + v->lost;
    bool ok = den > 0 && v->n_amount > 0 && v->n_cycle > 0 &&
              v->sum_cycle > 0;
    double value = ok ? v->open * (v->won / den) *
                            (v->sum_amount / v->n_amount) /
                            (v->sum_cycle / v->n_cycle)
                      : 0;

    rp_mtable_maybe(t, RP_MET_VELOCITY, g, k, ok, value);
    rp_mtable_value(t, RP_MET_VELOCITY_OPEN_OPPS, g, k, v->open);
    rp_mtable_ratio(t, RP_MET_VELOCITY_WIN_RATE, g, k, v->won, den);
    rp_mtable_ratio(t, RP_MET_VELOCITY_AVG_DEAL, g, k, v->sum_amount, v->n_amount);
    rp_mtable_ratio(t, RP_MET_VELOCITY_CYCLE_DAYS, g, k, v->sum_cycle, v->n_cycle);
}

static void velocity_at(const struct rp_mctx *c, int64_t as_of,
                        struct vel *all, struct rp_metrics_groups *src,
                        struct rp_metrics_groups *seg)
{
    int64_t w0 = as_of - c->prof->velocity_lookback_days * 86400;

    for (guint i = 0; i < c->m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(c->m, i);
        if (!vel_add(all, o, as_of, w0) || !src)
            continue;
        vel_add(rp_metrics_groups_get(src, rp_model_group_key(rp_model_opp_source(c->m, o))), o,
                as_of, w0);
        vel_add(rp_metrics_groups_get(seg, rp_model_group_key(o->segment)), o, as_of, w0);
    }
}

static void group_rows(struct rp_mtable *t, enum rp_group g,
                       struct rp_metrics_groups *groups)
{
    GPtrArray *keys = rp_metrics_groups_sorted(groups);
    for (guint i = 0; i < keys->len; i++)
        vel_rows(t, g, keys->pdata[i], rp_metrics_groups_get(groups, keys->pdata[i]));
    g_ptr_array_unref(keys);
}

void rp_metrics_velocity(const struct rp_mctx *c, struct rp_mtable *t)
{
    struct vel all = {0};
    struct rp_metrics_groups src, seg;
    char key[16];

    rp_metrics_groups_init(&src, sizeof(struct vel));
    rp_metrics_groups_init(&seg, sizeof(struct vel));
    velocity_at(c, c->as_of, &all, &src, &seg);
    vel_rows(t, RP_GRP_ALL, "all", &all);
    group_rows(t, RP_GRP_SOURCE, &src);
    group_rows(t, RP_GRP_SEGMENT, &seg);
    rp_metrics_groups_release(&src);
    rp_metrics_groups_release(&seg);

    for (int i = 0; i < c->n_trend; i++) {
        struct vel v = {0};
        int64_t at = MIN(c->trend[i].end, c->as_of);
        velocity_at(c, at, &v, NULL, NULL);
        rp_period_key(&c->trend[i], key);
        vel_rows(t, c->trend_group, key, &v);
    }
}

/* ---- 4.5 revenue-goal calculator ---------------------------------------- */

void rp_metrics_calculator(const struct rp_mctx *c, struct rp_mtable *t)
{
    const struct rp_model *m = c->m;
    int64_t w0 = c->as_of - 365 * 86400LL;
    double sum = 0, n = 0, mqls = 0, won = 0;

    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->outcome == RP_WON && o->created_at < c->as_of &&
            rp_clock_in(o->closed_at, w0, c->as_of) && o->amount != RP_MONEY_NONE) {
            sum += money(o->amount);
            n++;
        }
    }
    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        if (!rp_clock_in(l->mql_at, w0, c->as_of))
            continue;
        mqls++;
        if (rp_model_lead_stage(m, i, c->as_of) == RP_STAGE_WON)
            won++;
    }
    rp_mtable_ratio(t, RP_MET_CALC_AVG_DEAL, RP_GRP_ALL, "all", sum, n);
    rp_mtable_ratio(t, RP_MET_CALC_MQL_TO_WON, RP_GRP_ALL, "all", won, mqls);
    double per_mql = n > 0 && mqls > 0 ? (sum / n) * (won / mqls) : 0;
    double goal = money(c->prof->revenue_goal_per_month);
    struct rp_mrow *r = rp_mtable_maybe(t, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL,
                                        "all", per_mql > 0,
                                        per_mql > 0 ? ceil(goal / per_mql) : 0);
    r->target = c->prof->mql_per_month;
    r->has |= RP_M_TARGET;
}

/* ---- 4.6 pipeline created, revenue won, share, reasons, spend ---------- */

struct sums {
    double created, won;
};

/* Per month (the trend's months) and source: pipeline created and
 * revenue won; the period's totals per source; marketing share. */
static void pipeline_revenue(const struct rp_mctx *c, struct rp_mtable *t)
{
    const struct rp_model *m = c->m;
    int n_months = c->n_trend * rp_period_months(&c->period);
    struct rp_period first;
    struct rp_metrics_groups by_month, by_src_month, by_src;
    struct sums all = {0};
    double mkt = 0;
    char key[256];

    /* the months covered by the trend, oldest first */
    rp_period_set(&first, c->clock, RP_PERIOD_MONTH, c->trend[0].year,
                  c->period.kind == RP_PERIOD_MONTH
                      ? c->trend[0].index
                      : (c->trend[0].index - 1) * 3 + 1);
    rp_metrics_groups_init(&by_month, sizeof(struct sums));
    rp_metrics_groups_init(&by_src_month, sizeof(struct sums));
    rp_metrics_groups_init(&by_src, sizeof(struct sums));
    for (int k = 0; k < n_months; k++) {
        struct rp_period mp = rp_period_shift(&first, c->clock, k);
        char mk[16];
        rp_period_key(&mp, mk);
        rp_metrics_groups_get(&by_month, mk);    /* every month gets a row */
        for (guint i = 0; i < m->opps->len; i++) {
            const struct rp_opp *o = RP_OPP(m, i);
            if (o->created_at >= c->as_of || o->amount == RP_MONEY_NONE)
                continue;
            const char *src = rp_model_group_key(rp_model_opp_source(m, o));
            bool created = rp_clock_in(o->created_at, mp.start, mp.end);
            bool won = o->outcome == RP_WON &&
                       rp_clock_in(o->closed_at, mp.start, mp.end) &&
                       o->closed_at < c->as_of;
            if (!created && !won)
                continue;
            g_snprintf(key, sizeof(key), "%s|%s", src, mk);
            struct sums *a = rp_metrics_groups_get(&by_month, mk),
                        *b = rp_metrics_groups_get(&by_src_month, key);
            a->created += created ? money(o->amount) : 0;
            b->created += created ? money(o->amount) : 0;
            a->won += won ? money(o->amount) : 0;
            b->won += won ? money(o->amount) : 0;
        }
    }
    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->created_at >= c->as_of || o->amount == RP_MONEY_NONE)
            continue;
        bool created = rp_clock_in(o->created_at, c->period.start, c->period.end);
        bool won = o->outcome == RP_WON && in_closed_set(c, o);
        if (!created && !won)
            continue;
        const char *src = rp_model_group_key(rp_model_opp_source(m, o));
        struct sums *s = rp_metrics_groups_get(&by_src, src);
        double amt = money(o->amount);
        all.created += created ? amt : 0;
        s->created += created ? amt : 0;
        all.won += won ? amt : 0;
        s->won += won ? amt : 0;
        if (won && rp_profile_list_has(c->prof->marketing_sources, src))
            mkt += amt;
    }
    rp_mtable_value(t, RP_MET_PIPELINE_CREATED, RP_GRP_ALL, "all", all.created);
    rp_mtable_value(t, RP_MET_REVENUE_WON, RP_GRP_ALL, "all", all.won);
    rp_mtable_ratio(t, RP_MET_REVENUE_MARKETING_SHARE, RP_GRP_ALL, "all", mkt, all.won);

    const struct { enum rp_group group; struct rp_metrics_groups *g; } sets[] = {
        {RP_GRP_SOURCE, &by_src}, {RP_GRP_MONTH, &by_month},
        {RP_GRP_SOURCE_MONTH, &by_src_month}};
    for (size_t s = 0; s < G_N_ELEMENTS(sets); s++) {
        GPtrArray *keys = rp_metrics_groups_sorted(sets[s].g);
        for (guint i = 0; i < keys->len; i++) {
            const struct sums *v = rp_metrics_groups_get(sets[s].g, keys->pdata[i]);
            rp_mtable_value(t, RP_MET_PIPELINE_CREATED, sets[s].group,
                            keys->pdata[i], v->created);
            rp_mtable_value(t, RP_MET_REVENUE_WON, sets[s].group, keys->pdata[i],
                            v->won);
        }
        g_ptr_array_unref(keys);
    }
    rp_metrics_groups_release(&by_month);
    rp_metrics_groups_release(&by_src_month);
    rp_metrics_groups_release(&by_src);
}

/* Recycle and disqualify reasons of leads recycled / disqualified in the
 * period (before as_of). */
static void reasons(const struct rp_mctx *c, struct rp_mtable *t)
{
    struct rp_metrics_groups rec, dq;

    rp_metrics_groups_init(&rec, sizeof(double));
    rp_metrics_groups_init(&dq, sizeof(double));
    for (guint i = 0; i < c->m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(c->m, i);
        if (rp_clock_in(l->recycled_at, c->period.start, MIN(c->period.end, c->as_of)))
            (*(double *)rp_metrics_groups_get(&rec, rp_model_group_key(l->recycle_reason)))++;
        if (rp_clock_in(l->disqualified_at, c->period.start,
                  MIN(c->period.end, c->as_of)))
            (*(double *)rp_metrics_groups_get(&dq, rp_model_group_key(l->disqualify_reason)))++;
    }
    GPtrArray *k1 = rp_metrics_groups_sorted(&rec), *k2 = rp_metrics_groups_sorted(&dq);
    for (guint i = 0; i < k1->len; i++)
        rp_mtable_value(t, RP_MET_REASONS_RECYCLED, RP_GRP_REASON, k1->pdata[i],
                        *(double *)rp_metrics_groups_get(&rec, k1->pdata[i]));
    for (guint i = 0; i < k2->len; i++)
        rp_mtable_value(t, RP_MET_REASONS_DISQUALIFIED, RP_GRP_REASON, k2->pdata[i],
                        *(double *)rp_metrics_groups_get(&dq, k2->pdata[i]));
    g_ptr_array_unref(k1);
    g_ptr_array_unref(k2);
    rp_metrics_groups_release(&rec);
    rp_metrics_groups_release(&dq);
}

struct spend {
    double amount, mqls, won;
    bool has_spend;
};

static void spend_rows(struct rp_mtable *t, enum rp_group g, const char *k,
                       const struct spend *s)
{
    rp_mtable_value(t, RP_MET_SPEND_AMOUNT, g, k, s->amount);
    rp_mtable_ratio(t, RP_MET_SPEND_COST_PER_MQL, g, k, s->amount, s->mqls);
    rp_mtable_ratio(t, RP_MET_SPEND_CAC, g, k, s->amount, s->won);
}

/* Cost per MQL and CAC per source (only with spend.csv). */
static void spend(const struct rp_mctx *c, struct rp_mtable *t)
{
    const struct rp_model *m = c->m;
    struct spend all = {0};
    struct rp_metrics_groups src;

    if (!m->files[RP_SPEND].present)
        return;
    rp_metrics_groups_init(&src, sizeof(struct spend));
    for (guint i = 0; i < m->spend->len; i++) {
        const struct rp_spend *s = RP_SPEND(m, i);
        struct rp_period mp;
        rp_period_set(&mp, c->clock, RP_PERIOD_MONTH, s->year, s->month);
        if (mp.start < c->period.start || mp.start >= c->period.end)
            continue;
        struct spend *g = rp_metrics_groups_get(&src, rp_model_group_key(s->source));
        g->amount += money(s->amount);
        g->has_spend = true;
        all.amount += money(s->amount);
    }
    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        if (!rp_clock_in(l->mql_at, c->period.start, MIN(c->period.end, c->as_of)))
            continue;
        all.mqls++;
        ((struct spend *)rp_metrics_groups_get(&src, rp_model_group_key(l->source)))->mqls++;
    }
    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->outcome != RP_WON || !in_closed_set(c, o))
            continue;
        all.won++;
        ((struct spend *)rp_metrics_groups_get(
             &src, rp_model_group_key(rp_model_opp_source(m, o))))->won++;
    }
    spend_rows(t, RP_GRP_ALL, "all", &all);
    GPtrArray *keys = rp_metrics_groups_sorted(&src);
    for (guint i = 0; i < keys->len; i++) {
        const struct spend *s = rp_metrics_groups_get(&src, keys->pdata[i]);
        if (s->has_spend)   /* sources that spent in the period */
            spend_rows(t, RP_GRP_SOURCE, keys->pdata[i], s);
    }
    g_ptr_array_unref(keys);
    rp_metrics_groups_release(&src);
}

void rp_metrics_revenue(const struct rp_mctx *c, struct rp_mtable *t)
{
    pipeline_revenue(c, t);
    reasons(c, t);
    spend(c, t);
}
