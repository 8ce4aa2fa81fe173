/* report.c - the report of one period: runs the metric families over the
 * model (src/metrics.h), keeps their rows and breaches, answers look-ups
 * and writes breaches.csv. */
#include "revpack/report.h"

#include <math.h>
#include <string.h>

#include "metrics.h"
#include "revpack/csv.h"
#include "revpack/quality.h"

static gint cmp_breach(gconstpointer a, gconstpointer b)
{
    return strcmp(((const struct rp_breach *)a)->sla,
                  ((const struct rp_breach *)b)->sla);
}

/* SPEC 8.14: a trend period (month or quarter row) that ends at or before
 * the earliest created_at of the used leads has no data: every figure of
 * it is n/a, its target stays.  A covered period without leads keeps its
 * 0.  Without leads no period is marked: there is no start to compare. */
static void before_data(const struct rp_mctx *c, struct rp_mtable *t)
{
    int64_t first = RP_TIME_NONE;

    for (guint i = 0; i < c->m->leads->len; i++) {
        int64_t at = RP_LEAD(c->m, i)->created_at;
        if (first == RP_TIME_NONE || at < first)
            first = at;
    }
    if (first == RP_TIME_NONE)
        return;
    for (guint i = 0; i < t->rows->len; i++) {
        struct rp_mrow *row = g_ptr_array_index(t->rows, i);
        enum rp_period_kind kind;
        int year, index;
        struct rp_period p;
        if ((row->group != RP_GRP_MONTH && row->group != RP_GRP_QUARTER) ||
            rp_period_parse(row->key, &kind, &year, &index) < 0)
            continue;
        rp_period_set(&p, c->clock, kind, year, index);
        if (p.end <= first) {
            row->has &= RP_M_TARGET;
            row->status = RP_ST_NONE;
        }
    }
}

/* An export without a SAL date (HubSpot has none): whether a lead was
 * accepted by sales cannot be told, so the SAL count, the conversions
 * into and out of SAL and the flow times through it are n/a, not the
 * SQL figures passed off as SAL ones. */
static void no_sal(const struct rp_mctx *c, struct rp_mtable *t)
{
    if (rp_model_has_column(c->m, RP_LEADS, RP_L_SAL_AT))
        return;
    for (guint i = 0; i < t->rows->len; i++) {
        struct rp_mrow *row = g_ptr_array_index(t->rows, i);
        enum rp_metric k = row->metric;
        if (k == RP_MET_FUNNEL_COUNT_SAL || k == RP_MET_FUNNEL_CONV_MQL_SAL ||
            k == RP_MET_FUNNEL_CONV_SAL_SQL ||
            (k >= RP_MET_FLOW_MQL_SAL_N && k <= RP_MET_FLOW_SAL_SQL_MEAN_DAYS)) {
            row->has &= RP_M_TARGET;
            row->status = RP_ST_NONE;
        }
    }
}

static int check_fields(char **list, const char *key, struct rp_err *err)
{
    for (; list && *list; list++)
        if (rp_model_lead_col(*list) < 0)
            return rp_err_set(err, RP_EDATA, NULL,
                              "profile %s names '%s', which is not a "
                              "leads.csv column",
                              key, *list);
    return 0;
}

int rp_report_build(struct rp_report *r, const struct rp_model *m,
                    const struct rp_profile *prof, struct rp_clock *clock,
                    enum rp_pack pack, const struct rp_period *period,
                    int64_t as_of, struct rp_err *err)
{
    struct rp_mctx c = {0};

    memset(r, 0, sizeof(*r));
    if (check_fields(prof->required_fields, "required_fields", err) < 0 ||
        check_fields(prof->tag_fields, "tag_fields", err) < 0)
        return -1;
    c.m = m;
    c.prof = prof;
    c.clock = clock;
    rp_calendar_init(&c.cal, clock, prof);
    c.pack = pack;
    c.period = *period;
    c.as_of = (as_of == RP_TIME_NONE || as_of > period->end) ? period->end
                                                              : as_of;
    c.n_trend = pack == RP_PACK_MONTHLY ? 12 : 8;
    G_STATIC_ASSERT(RP_METRICS_MAX_TREND >= 12);
    c.trend_group = pack == RP_PACK_MONTHLY ? RP_GRP_MONTH : RP_GRP_QUARTER;
    for (int i = 0; i < c.n_trend; i++)
        c.trend[i] = rp_period_shift(period, clock, i - (c.n_trend - 1));

    r->pack = pack;
    r->period = *period;
    r->as_of = c.as_of;
    rp_mtable_init(&r->t);
    r->breaches = g_array_new(FALSE, FALSE, sizeof(struct rp_breach));

    rp_metrics_funnel(&c, &r->t);
    rp_metrics_flow(&c, &r->t);
    rp_metrics_winrate(&c, &r->t);
    rp_metrics_velocity(&c, &r->t);
    rp_metrics_sla(&c, &r->t, r->breaches);
    rp_metrics_calculator(&c, &r->t);
    rp_metrics_revenue(&c, &r->t);
    rp_quality_metrics(m, &r->t);
    before_data(&c, &r->t);
    no_sal(&c, &r->t);
    /* readers go SLA by SLA; within one, file order (g_array_sort is
     * stable) */
    g_array_sort(r->breaches, cmp_breach);
    return 0;
}

void rp_report_release(struct rp_report *r)
{
    rp_mtable_release(&r->t);
    if (r->breaches) {
        for (guint i = 0; i < r->breaches->len; i++)
            g_free(g_array_index(r->breaches, struct rp_breach, i).detail);
        g_array_unref(r->breaches);
    }
    r->breaches = NULL;
}

static void append_time(GString *s, const struct rp_clock *clock, int64_t t)
{
    char buf[24];
    if (t == RP_TIME_NONE)
        return;
    rp_clock_format(clock, t, buf);
    g_string_append(s, buf);
}

GString *rp_report_breaches_csv(const struct rp_report *r,
                                const struct rp_model *m,
                                const struct rp_clock *clock)
{
    GString *s = g_string_new("sla,lead_id,owner,team,source,from_at,to_at,"
                              "elapsed_hours,attempts,reason,detail\n");
    char num[64];

    for (guint i = 0; i < r->breaches->len; i++) {
        const struct rp_breach *b =
            &g_array_index(r->breaches, struct rp_breach, i);
        const struct rp_lead *l = RP_LEAD(m, b->lead);
        g_string_append_printf(s, "%s,", b->sla);
        rp_csv_append_field(s, l->id);
        g_string_append_c(s, ',');
        rp_csv_append_field(s, rp_model_text_key(m, l->owner));
        g_string_append_c(s, ',');
        rp_csv_append_field(s, rp_model_text_key(m, l->team));
        g_string_append_c(s, ',');
        rp_csv_append_field(s, rp_model_text_key(m, l->source));
        g_string_append_c(s, ',');
        append_time(s, clock, b->from);
        g_string_append_c(s, ',');
        append_time(s, clock, b->to);
        g_string_append_c(s, ',');
        if (!isnan(b->hours)) {
            rp_mtable_hundredths(b->hours, num, sizeof(num));
            g_string_append(s, num);
        }
        g_string_append_c(s, ',');
        if (b->attempts >= 0)
            g_string_append_printf(s, "%d", b->attempts);
        g_string_append_c(s, ',');
        g_string_append(s, b->reason);
        g_string_append_c(s, ',');
        rp_csv_append_field(s, b->detail);
        g_string_append_c(s, '\n');
    }
    return s;
}

const struct rp_mrow *rp_report_row(const struct rp_report *r,
                                    enum rp_metric metric,
                                    enum rp_group group, const char *key)
{
    return rp_mtable_find(&r->t, metric, group, key);
}

bool rp_report_value(const struct rp_report *r, enum rp_metric metric,
                     enum rp_group group, const char *key, double *v)
{
    const struct rp_mrow *row = rp_report_row(r, metric, group, key);
    if (!row || !(row->has & RP_M_VALUE))
        return false;
    *v = row->value;
    return true;
}

GPtrArray *rp_report_rows(const struct rp_report *r, enum rp_metric metric,
                          enum rp_group group)
{
    return rp_mtable_rows(&r->t, metric, group);
}

enum rp_group rp_report_trend_group(const struct rp_report *r)
{
    return r->pack == RP_PACK_MONTHLY ? RP_GRP_MONTH : RP_GRP_QUARTER;
}

bool rp_report_needed_mqls(const struct rp_report *r, double *v)
{
    if (!rp_report_value(r, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL,
                         "all", v))
        return false;
    *v *= rp_period_months(&r->period);
    return true;
}
