/* metrics_velocity.c - SPEC 4.3: pipeline velocity at as_of, per source and
 * segment, and at the end of each trend period. */
#include "metrics.h"

#include <math.h>

#define DAY 86400.0

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
    if (!isnan(o->amount)) {
        v->sum_amount += o->amount;
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
