/* metrics_winrate.c - SPEC 4.2: win rate by source with its Wilson interval,
 * won amount and average won deal. */
#include "metrics.h"

#include <math.h>

#include "revpack/stats.h"

struct win {
    double won, lost, won_amount, n_amount;
};

static void win_add(struct win *w, const struct rp_opp *o)
{
    if (o->outcome == RP_LOST) {
        w->lost++;
        return;
    }
    w->won++;
    if (!isnan(o->amount)) {
        w->won_amount += o->amount;
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
        if (!rp_metrics_closed_in_period(c, o))
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
