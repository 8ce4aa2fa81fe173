/* metrics_funnel.c - SPEC 4.1: cohort funnel, all, per source, trend. */
#include "revpack/metrics.h"

struct funnel {
    double count[RP_N_STAGES];
};

/* A lead at stage s has reached every stage up to s. */
static void add(struct funnel *f, enum rp_stage s)
{
    for (int k = 0; k <= (int)s; k++)
        f->count[k]++;
}

static void rows(struct rp_mtable *t, const char *group, const char *key,
                 const struct funnel *f)
{
    char name[64];

    for (int s = 0; s < RP_N_STAGES; s++) {
        g_snprintf(name, sizeof(name), "funnel.count.%s", rp_stage_names[s]);
        rp_mtable_value(t, name, group, key, f->count[s]);
    }
    for (int s = 0; s + 1 < RP_N_STAGES; s++) {
        g_snprintf(name, sizeof(name), "funnel.conv.%s_%s", rp_stage_names[s],
                   rp_stage_names[s + 1]);
        rp_mtable_ratio(t, name, group, key, f->count[s + 1], f->count[s]);
    }
    rp_mtable_ratio(t, "funnel.conv.lead_won", group, key,
                    f->count[RP_STAGE_WON], f->count[RP_STAGE_LEAD]);
}

/* Cohort = leads created in [start, end) and before as_of; each lead's
 * stage is taken at the report's as_of (SPEC 8.13). */
static void cohort(const struct rp_mctx *c, int64_t start, int64_t end,
                   struct funnel *all, struct rp_groups *by_source)
{
    const struct rp_model *m = c->m;

    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        if (!rp_in(l->created_at, start, end) || l->created_at >= c->as_of)
            continue;
        enum rp_stage s = rp_lead_stage(m, i, c->as_of);
        add(all, s);
        if (by_source)
            add(rp_groups_get(by_source, rp_group_key(l->source)), s);
    }
}

void rp_metrics_funnel(const struct rp_mctx *c, struct rp_mtable *t)
{
    struct funnel all = {{0}};
    struct rp_groups src;
    char key[16];

    rp_groups_init(&src, sizeof(struct funnel));
    cohort(c, c->period.start, c->period.end, &all, &src);
    rows(t, "all", "all", &all);
    GPtrArray *keys = rp_groups_sorted(&src);
    for (guint i = 0; i < keys->len; i++)
        rows(t, "source", keys->pdata[i],
             rp_groups_get(&src, keys->pdata[i]));
    g_ptr_array_unref(keys);
    rp_groups_release(&src);

    for (int i = 0; i < c->n_trend; i++) {
        struct funnel f = {{0}};
        cohort(c, c->trend[i].start, c->trend[i].end, &f, NULL);
        rp_period_key(&c->trend[i], key);
        rows(t, c->pack == RP_PACK_MONTHLY ? "month" : "quarter", key, &f);
    }
}
