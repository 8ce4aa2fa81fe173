/* metrics_funnel.c - SPEC 4.1: cohort funnel, all, per source, trend. */
#include "metrics.h"

struct funnel {
    double count[RP_N_STAGES];
};

/* A lead at stage s has reached every stage up to s. */
static void add(struct funnel *f, enum rp_stage s)
{
    for (int k = 0; k <= (int)s; k++)
        f->count[k]++;
}

static void rows(struct rp_mtable *t, enum rp_group group, const char *key,
                 const struct funnel *f)
{
    for (int s = 0; s < RP_N_STAGES; s++)
        rp_mtable_value(t, RP_MET_FUNNEL_COUNT_LEAD + s, group, key,
                        f->count[s]);
    for (int s = 0; s + 1 < RP_N_STAGES; s++)
        rp_mtable_ratio(t, RP_MET_FUNNEL_CONV_LEAD_MQL + s, group, key,
                        f->count[s + 1], f->count[s]);
    rp_mtable_ratio(t, RP_MET_FUNNEL_CONV_LEAD_WON, group, key,
                    f->count[RP_STAGE_WON], f->count[RP_STAGE_LEAD]);
}

/* One pass over the leads.  Cohort = leads created in [start, end) and
 * before as_of; each lead's stage is taken at the report's as_of (SPEC
 * 8.13): the period's cohort into @all and @by_source, each trend
 * period's into @trend. */
static void cohorts(const struct rp_mctx *c, struct funnel *all,
                    struct rp_metrics_groups *by_source, struct funnel *trend)
{
    const struct rp_model *m = c->m;

    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        int64_t created = rp_model_at(m, l->created_at);
        if (created == RP_TIME_NONE || created >= c->as_of)
            continue;
        bool in = rp_clock_in(created, c->period.start, c->period.end);
        int k = rp_metrics_trend_of(c, created);
        if (!in && k < 0)
            continue;
        enum rp_stage s = rp_model_lead_stage(m, i, c->as_of);
        if (in) {
            add(all, s);
            add(rp_metrics_groups_text(by_source, m, l->source), s);
        }
        if (k >= 0)
            add(&trend[k], s);
    }
}

void rp_metrics_funnel(const struct rp_mctx *c, struct rp_mtable *t)
{
    struct funnel all = {{0}}, trend[RP_METRICS_MAX_TREND] = {{{0}}};
    struct rp_metrics_groups src;
    char key[16];

    rp_metrics_groups_init(&src, sizeof(struct funnel));
    cohorts(c, &all, &src, trend);
    rows(t, RP_GRP_ALL, "all", &all);
    GPtrArray *keys = rp_metrics_groups_sorted(&src);
    for (guint i = 0; i < keys->len; i++)
        rows(t, RP_GRP_SOURCE, keys->pdata[i],
             rp_metrics_groups_get(&src, keys->pdata[i]));
    g_ptr_array_unref(keys);
    rp_metrics_groups_release(&src);

    for (int i = 0; i < c->n_trend; i++) {
        rp_period_key(&c->trend[i], key);
        rows(t, c->trend_group, key, &trend[i]);
    }
}
