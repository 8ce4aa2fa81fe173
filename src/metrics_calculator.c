/* metrics_calculator.c - SPEC 4.5: the MQLs the revenue goal needs per month. */
#include "metrics.h"

#include <math.h>

void rp_metrics_calculator(const struct rp_mctx *c, struct rp_mtable *t)
{
    const struct rp_model *m = c->m;
    int64_t w0 = c->as_of - 365 * 86400LL;
    double sum = 0, n = 0, mqls = 0, won = 0;

    for (guint i = 0; i < m->opps->len; i++) {
        const struct rp_opp *o = RP_OPP(m, i);
        if (o->outcome == RP_WON && o->created_at < c->as_of &&
            rp_clock_in(o->closed_at, w0, c->as_of) && !isnan(o->amount)) {
            sum += o->amount;
            n++;
        }
    }
    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        if (!rp_clock_in(rp_model_at(m, l->mql_at), w0, c->as_of))
            continue;
        mqls++;
        if (rp_model_lead_stage(m, i, c->as_of) == RP_STAGE_WON)
            won++;
    }
    rp_mtable_ratio(t, RP_MET_CALC_AVG_DEAL, RP_GRP_ALL, "all", sum, n);
    rp_mtable_ratio(t, RP_MET_CALC_MQL_TO_WON, RP_GRP_ALL, "all", won, mqls);
    double per_mql = n > 0 && mqls > 0 ? (sum / n) * (won / mqls) : 0;
    double goal = rp_metrics_money(c->prof->revenue_goal_per_month);
    struct rp_mrow *r = rp_mtable_maybe(t, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL,
                                        "all", per_mql > 0,
                                        per_mql > 0 ? ceil(goal / per_mql) : 0);
    r->target = c->prof->mql_per_month;
    r->has |= RP_M_TARGET;
}
