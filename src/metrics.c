/* metrics.c - the report: context, stages, groups, breaches.csv. */
#include "revpack/metrics.h"

#include <math.h>
#include <string.h>

#include "revpack/csv.h"
#include "revpack/quality.h"

const char *const rp_stage_names[RP_N_STAGES] = {"lead", "mql", "sal", "sql",
                                                 "opportunity", "won"};

const char *rp_group_key(const char *s)
{
    return s && *s ? s : "(none)";
}

const char *rp_opp_source(const struct rp_model *m, const struct rp_opp *o)
{
    if (o->source)
        return o->source;
    if (o->lead >= 0)
        return RP_LEAD(m, (guint)o->lead)->source;
    return NULL;
}

enum rp_stage rp_lead_stage(const struct rp_model *m, uint32_t i,
                            int64_t as_of)
{
    const struct rp_lead *l = RP_LEAD(m, i);
    enum rp_stage s = RP_STAGE_LEAD;

    if (l->created_at >= as_of)
        return RP_STAGE_NONE;
    for (uint32_t k = m->lead_opp_start[i]; k < m->lead_opp_start[i + 1]; k++) {
        const struct rp_opp *o = RP_OPP(m, m->lead_opp[k]);
        if (o->created_at >= as_of)
            continue;   /* SPEC 8.3: ignored entirely */
        if (o->outcome == RP_WON && o->closed_at != RP_TIME_NONE &&
            o->closed_at < as_of)
            return RP_STAGE_WON;
        s = RP_STAGE_OPPORTUNITY;
    }
    if (s == RP_STAGE_OPPORTUNITY)
        return s;
    if (l->sql_at != RP_TIME_NONE && l->sql_at < as_of)
        return RP_STAGE_SQL;
    if (l->sal_at != RP_TIME_NONE && l->sal_at < as_of)
        return RP_STAGE_SAL;
    if (l->mql_at != RP_TIME_NONE && l->mql_at < as_of)
        return RP_STAGE_MQL;
    return RP_STAGE_LEAD;
}

void rp_groups_init(struct rp_groups *g, size_t size)
{
    g->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g->size = size;
}

void rp_groups_release(struct rp_groups *g)
{
    if (g->index)
        g_hash_table_unref(g->index);
    g->index = NULL;
}

void *rp_groups_get(struct rp_groups *g, const char *key)
{
    void *acc = g_hash_table_lookup(g->index, key);
    if (!acc) {
        acc = g_malloc0(g->size);
        g_hash_table_insert(g->index, g_strdup(key), acc);
    }
    return acc;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *rp_groups_sorted(const struct rp_groups *g)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, g->index);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(keys, k);
    g_ptr_array_sort(keys, cmp_str);
    return keys;
}

static gint cmp_breach(gconstpointer a, gconstpointer b)
{
    return strcmp(((const struct rp_breach *)a)->sla,
                  ((const struct rp_breach *)b)->sla);
}

static int check_fields(char **list, const char *key, struct rp_err *err)
{
    for (; list && *list; list++)
        if (rp_lead_col_by_name(*list) < 0)
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
    for (int i = 0; i < c.n_trend; i++)
        c.trend[i] = rp_period_shift(period, clock, i - (c.n_trend - 1));

    r->pack = pack;
    r->period = *period;
    r->as_of = c.as_of;
    rp_mtable_init(&r->t);
    r->breaches = g_array_new(FALSE, FALSE, sizeof(struct rp_breach));

    rp_metrics_funnel(&c, &r->t);
    rp_metrics_winrate(&c, &r->t);
    rp_metrics_velocity(&c, &r->t);
    rp_metrics_sla(&c, &r->t, r->breaches);
    rp_metrics_calculator(&c, &r->t);
    rp_metrics_revenue(&c, &r->t);
    rp_quality_metrics(m, &r->t);
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
        rp_csv_append_field(s, rp_group_key(l->owner));
        g_string_append_c(s, ',');
        rp_csv_append_field(s, rp_group_key(l->team));
        g_string_append_c(s, ',');
        rp_csv_append_field(s, rp_group_key(l->source));
        g_string_append_c(s, ',');
        append_time(s, clock, b->from);
        g_string_append_c(s, ',');
        append_time(s, clock, b->to);
        g_string_append_c(s, ',');
        if (!isnan(b->hours)) {
            rp_format_number(round(b->hours * 100) / 100, num, sizeof(num));
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
