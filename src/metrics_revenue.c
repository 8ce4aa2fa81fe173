/* metrics_revenue.c - SPEC 4.6: pipeline created and revenue won per source
 * and month, marketing-sourced share, recycle and disqualify reasons, cost
 * per MQL and CAC. */
#include "metrics.h"

#include <math.h>
#include <string.h>


struct sums {
    double created, won;
};

/* "@a|@b" into @out (@size bytes), cut as g_snprintf() cuts it: a
 * printf per opportunity and month was 6% of the metrics' instructions. */
static void pair_key(char *out, size_t size, const char *a, const char *b)
{
    size_t n = MIN(strlen(a), size - 1);

    memcpy(out, a, n);
    if (n < size - 1)
        out[n++] = '|';
    size_t k = MIN(strlen(b), size - 1 - n);
    memcpy(out + n, b, k);
    out[n + k] = '\0';
}

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
    struct rp_period *months = g_new(struct rp_period, n_months);
    struct { char s[16]; } *mk = g_malloc_n((gsize)n_months, sizeof(*mk));
    struct sums **month_sums = g_new(struct sums *, n_months);
    for (int k = 0; k < n_months; k++) {
        months[k] = rp_period_shift(&first, c->clock, k);
        rp_period_key(&months[k], mk[k].s);
        /* every month a row */
        month_sums[k] = rp_metrics_groups_get(&by_month, mk[k].s);
    }
    /* one pass over the opportunities, each added to the month it was
     * created in and the month it was won in: every month's sums take
     * their opportunities in the same order as a pass per month would,
     * without looking up each one's source once per month */
    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->created_at >= c->as_of || isnan(o->amount))
            continue;
        int kc = rp_metrics_period_of(months, n_months, o->created_at);
        int kw = o->outcome == RP_WON && o->closed_at < c->as_of
                     ? rp_metrics_period_of(months, n_months, o->closed_at)
                     : -1;
        if (kc < 0 && kw < 0)
            continue;
        const char *src = rp_model_group_key(rp_model_opp_source(m, o));
        int ks[2] = {MIN(kc, kw) >= 0 ? MIN(kc, kw) : MAX(kc, kw),
                     MAX(kc, kw)};
        for (int j = 0; j < (ks[0] == ks[1] ? 1 : 2); j++) {
            int k = ks[j];
            bool created = k == kc, won = k == kw;
            pair_key(key, sizeof(key), src, mk[k].s);
            struct sums *a = month_sums[k],
                        *b = rp_metrics_groups_get(&by_src_month, key);
            a->created += created ? o->amount : 0;
            b->created += created ? o->amount : 0;
            a->won += won ? o->amount : 0;
            b->won += won ? o->amount : 0;
        }
    }
    g_free(months);
    g_free(mk);
    g_free(month_sums);
    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->created_at >= c->as_of || isnan(o->amount))
            continue;
        bool created = rp_clock_in(o->created_at, c->period.start, c->period.end);
        bool won = o->outcome == RP_WON && rp_metrics_closed_in_period(c, o);
        if (!created && !won)
            continue;
        const char *src = rp_model_group_key(rp_model_opp_source(m, o));
        struct sums *s = rp_metrics_groups_get(&by_src, src);
        double amt = o->amount;
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
        if (rp_clock_in(rp_model_at(c->m, l->recycled_at), c->period.start,
                        MIN(c->period.end, c->as_of)))
            (*(double *)rp_metrics_groups_text(&rec, c->m, l->recycle_reason))++;
        if (rp_clock_in(rp_model_at(c->m, l->disqualified_at), c->period.start,
                        MIN(c->period.end, c->as_of)))
            (*(double *)rp_metrics_groups_text(&dq, c->m, l->disqualify_reason))++;
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
        g->amount += s->amount;
        g->has_spend = true;
        all.amount += s->amount;
    }
    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        if (!rp_clock_in(rp_model_at(m, l->mql_at), c->period.start,
                         MIN(c->period.end, c->as_of)))
            continue;
        all.mqls++;
        ((struct spend *)rp_metrics_groups_text(&src, m, l->source))->mqls++;
    }
    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->outcome != RP_WON || !rp_metrics_closed_in_period(c, o))
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
