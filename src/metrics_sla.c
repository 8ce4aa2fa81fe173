/* metrics_sla.c - SPEC 4.4: the nine SLAs, per owner and team for S1 and
 * S2, first-touch percentiles, and every breach. */
#include "metrics.h"

#include <math.h>
#include <string.h>

#include "revpack/stats.h"

#define HOUR 3600.0

/* What a detail says: its bits are the failed ICP rules, or the lead
 * columns missing from a list. */
enum said { SAID_ICP, SAID_REQUIRED, SAID_TAGS, N_SAID };

struct sla {
    const struct rp_mctx *c;
    GArray *breaches;
    GStringChunk *details;    /* the report's: each detail text once */
    GHashTable *said[N_SAID]; /* per enum said: what a detail says (its
                                 bits, never 0) -> its text in details */
    double mql_trend[RP_METRICS_MAX_TREND];   /* MQLs per trend period */
};

static void breach(struct sla *s, const char *id, uint32_t lead, int64_t from,
                   int64_t to, double hours, int attempts, const char *reason,
                   const char *detail)
{
    struct rp_breach b = {{0}, lead, from, to, hours, attempts, reason, detail};
    g_strlcpy(b.sla, id, sizeof(b.sla));
    g_array_append_val(s->breaches, b);
}

/* An SLA row: rate num/den against @target (SPEC 8.9). */
static void sla_row(struct rp_mtable *t, enum rp_metric name,
                    enum rp_group g, const char *k, double num, double den,
                    double target)
{
    struct rp_mrow *r = rp_mtable_ratio(t, name, g, k, num, den);
    r->target = target;
    r->has |= RP_M_TARGET;
    if (den > 0)
        r->status = num / den >= target - 1e-12 ? RP_ST_PASS : RP_ST_FAIL;
}

/* An SLA that cannot be computed at all (no activities.csv). */
static void na_row(struct rp_mtable *t, enum rp_metric name, double target)
{
    struct rp_mrow *r = rp_mtable_add(t, name, RP_GRP_ALL, "all");
    r->target = target;
    r->has = RP_M_TARGET;
}

/* Is @t (a lead's MQL or creation) in the period and before as_of? */
static bool in_period(const struct rp_mctx *c, int64_t t)
{
    return rp_clock_in(t, c->period.start, c->period.end) && t < c->as_of;
}

/* Bits of lead columns named by @list (validated by rp_report_build). */
static uint32_t mask_of(char *const *list)
{
    uint32_t m = 0;
    for (; list && *list; list++)
        m |= 1u << rp_model_lead_col(*list);
    return m;
}

/* The ICP rules, in the order a detail names them: bit k is icp_rule[k]. */
static const char *const icp_rule[] = {"size", "industry", "role", "region",
                                       NULL};

/* The detail text @what with @bits says, made once per report (a breach
 * holds the one copy): the failed ICP rules, or the lead columns missing
 * from the profile's list, comma-separated in the list's order. */
static const char *said(struct sla *s, enum said what, uint32_t bits)
{
    gpointer key = GUINT_TO_POINTER(bits);
    const char *text = g_hash_table_lookup(s->said[what], key);

    if (text)
        return text;
    const struct rp_profile *p = s->c->prof;
    const char *const *list = what == SAID_ICP ? icp_rule
                              : what == SAID_REQUIRED
                                  ? (const char *const *)p->required_fields
                                  : (const char *const *)p->tag_fields;
    GString *t = g_string_new(NULL);
    for (unsigned k = 0; list && list[k]; k++) {
        int bit = what == SAID_ICP ? (int)k : rp_model_lead_col(list[k]);
        if (bits & (1u << bit)) {
            if (t->len)
                g_string_append_c(t, ',');
            g_string_append(t, list[k]);
        }
    }
    text = g_string_chunk_insert(s->details, t->str);
    g_string_free(t, TRUE);
    g_hash_table_insert(s->said[what], key, (gpointer)text);
    return text;
}

static bool list_has_ci(char *const *list, const char *v)
{
    return !list[0] || (v && rp_profile_list_has(list, v));
}

/* ICP rules (SPEC 4.4, 8.10): NULL if fit, else the failed rules. */
static const char *icp_rules(struct sla *s, const struct rp_lead *l)
{
    const struct rp_profile *p = s->c->prof;
    const struct rp_model *m = s->c->m;
    uint32_t failed = 0;
    bool size = true;

    if (p->min_employees != RP_INT_NONE && p->min_annual_revenue != RP_MONEY_NONE)
        size = (l->employees != RP_INT_NONE && l->employees >= p->min_employees) ||
               (!isnan(l->annual_revenue) &&
                l->annual_revenue >= p->min_annual_revenue / 100.0);
    failed |= !size;
    failed |= !list_has_ci(p->industries, rp_model_text(m, l->industry)) << 1;
    failed |= (p->roles[0] && !l->icp_role) << 2; /* read with the title */
    failed |= (p->regions[0] &&
               !(l->region &&
                 rp_profile_list_has(p->regions, rp_model_text(m, l->region))) &&
               !(l->country &&
                 rp_profile_list_has(p->regions, rp_model_text(m, l->country))))
              << 3;
    return failed ? said(s, SAID_ICP, failed) : NULL;
}

/* Whether lead @l has every lead column of @need; if not, a breach of
 * @sla at @at for @reason naming the columns missing (as @what says
 * them).  M3 for an MQL, M5 for a lead. */
static inline bool has_columns(struct sla *s, guint i, const struct rp_lead *l,
                               uint32_t need, const char *sla, int64_t at,
                               const char *reason, enum said what)
{
    if ((l->present & need) == need)
        return true;
    breach(s, sla, i, at, RP_TIME_NONE, NAN, -1, reason,
           said(s, what, need & ~l->present));
    return false;
}

/* M1-M5's counts over the leads. */
struct mkt {
    uint32_t req, tags;     /* the profile's columns, as bits */
    double mqls, fit, complete, icp_given, intake_n, intake_ok, leads,
        tagged;
};

/* Lead @i's part of M1-M5. */
static inline void marketing_lead(struct sla *s, struct mkt *mk, guint i,
                                  const struct rp_lead *l)
{
    const struct rp_mctx *c = s->c;
    const struct rp_profile *p = c->prof;
    const struct rp_model *m = c->m;
    const int64_t mql = rp_model_at(m, l->mql_at);
    /* the volume chart's MQLs per trend period, in this pass: a pass of
     * its own over millions of leads was a third of this family */
    int at = mql < c->as_of && !c->headline ? rp_metrics_trend_of(c, mql)
                                            : -1;

    if (at >= 0)
        s->mql_trend[at]++;
    if (in_period(c, mql)) {
        mk->mqls++;
        const char *why = NULL;
        if (l->icp_fit >= 0)
            mk->icp_given++;
        if (l->icp_fit == 1 || (l->icp_fit < 0 && p->has_icp &&
                                !(why = icp_rules(s, l))))
            mk->fit++;
        else if (l->icp_fit == 0)
            breach(s, "m2", i, mql, RP_TIME_NONE, NAN, -1, "icp_fit_no",
                   NULL);
        else
            breach(s, "m2", i, mql, RP_TIME_NONE, NAN, -1,
                   why ? "not_icp_fit" : "icp_unknown", why);
        mk->complete += has_columns(s, i, l, mk->req, "m3", mql,
                                    "missing_fields", SAID_REQUIRED);
    }
    const int64_t created = rp_model_at(m, l->created_at);
    if (!in_period(c, created))
        return;
    mk->leads++;
    mk->tagged += has_columns(s, i, l, mk->tags, "m5", created,
                              "missing_tags", SAID_TAGS);
    const int64_t captured = rp_model_at(m, l->captured_at);
    if (captured != RP_TIME_NONE && captured < c->as_of) {
        double h = (double)(created - captured) / HOUR;
        mk->intake_n++;
        if (h <= p->intake_hours)
            mk->intake_ok++;
        else
            breach(s, "m4", i, captured, created, h, -1, "slow_intake",
                   NULL);
    }
}

/* M1-M5's rows from their counts. */
static void marketing_end(struct sla *s, const struct mkt *mk,
                          struct rp_mtable *t)
{
    const struct rp_mctx *c = s->c;
    const struct rp_profile *p = c->prof;
    double target = p->mql_per_month * rp_period_months(&c->period);
    struct rp_mrow *r = rp_mtable_value(t, RP_MET_SLA_M1, RP_GRP_ALL, "all",
                                        mk->mqls);
    r->num = mk->mqls;
    r->target = target;
    r->has |= RP_M_NUM | RP_M_TARGET;
    r->status = mk->mqls >= target ? RP_ST_PASS : RP_ST_FAIL;
    if (!p->has_icp && mk->icp_given == 0) {
        /* no rules and no icp_fit: M2 is n/a, so nothing breached it */
        guint k = 0;
        for (guint j = 0; j < s->breaches->len; j++) {
            struct rp_breach *b = &g_array_index(s->breaches, struct rp_breach, j);
            if (strcmp(b->sla, "m2") != 0)
                g_array_index(s->breaches, struct rp_breach, k++) = *b;
        }
        g_array_set_size(s->breaches, k);
        na_row(t, RP_MET_SLA_M2, p->icp_min);
    } else
        sla_row(t, RP_MET_SLA_M2, RP_GRP_ALL, "all", mk->fit, mk->mqls,
                p->icp_min);
    sla_row(t, RP_MET_SLA_M3, RP_GRP_ALL, "all", mk->complete, mk->mqls,
            p->completeness_min);
    sla_row(t, RP_MET_SLA_M4, RP_GRP_ALL, "all", mk->intake_ok, mk->intake_n,
            p->intake_min);
    sla_row(t, RP_MET_SLA_M5, RP_GRP_ALL, "all", mk->tagged, mk->leads,
            p->tagging_min);
}

/* Per owner / team S1 and S2 figures. */
struct person {
    double s1_num, s1_den, s2_num, s2_den;
    bool in_s1, in_s2;
    struct rp_values hours; /* first-touch hours of touched MQLs */
};

static double elapsed(const struct rp_mctx *c, int64_t a, int64_t b)
{
    return c->prof->first_touch_business ? rp_calendar_hours(&c->cal, a, b)
                                         : (double)(b - a) / HOUR;
}

static void percentile_rows(struct rp_mtable *t, enum rp_group g, const char *k,
                            const struct rp_values *hours)
{
    double *v = hours->v;
    bool ok = hours->n > 0;

    if (ok)
        rp_stats_sort(v, hours->n);
    rp_mtable_maybe(t, RP_MET_SLA_S1_FIRST_TOUCH_MEDIAN, g, k, ok,
                    ok ? rp_stats_quantile(v, hours->n, 0.5) : 0);
    rp_mtable_maybe(t, RP_MET_SLA_S1_FIRST_TOUCH_P90, g, k, ok,
                    ok ? rp_stats_quantile(v, hours->n, 0.9) : 0);
}

/* The distribution of first-touch hours for the S1 chart: counts in bins
 * set by the limit L: [0, L/4), [L/4, L/2), [L/2, 3L/4), [3L/4, L],
 * (L, 1.5L], (1.5L, 2L], (2L, 4L], over 4L.  Key "a-b" in hours; the last
 * "a+".  Rows are written even when empty, so the chart keeps its axis. */
static void histogram_rows(struct rp_mtable *t, const struct rp_values *hours,
                           double limit)
{
    static const double edges[] = {0, 0.25, 0.5, 0.75, 1, 1.5, 2, 4};
    enum { N = G_N_ELEMENTS(edges) };
    unsigned n[N] = {0};
    const double *v = hours->v;

    for (size_t i = 0; i < hours->n; i++) {
        double x = v[i] / limit;    /* in limits */
        int b = x <= 1 ? MIN(3, (int)(x * 4)) : x <= 1.5 ? 4 : x <= 2 ? 5
                                                : x <= 4     ? 6
                                                             : 7;
        n[b]++;
    }
    for (int b = 0; b < N; b++) {
        char lo[32], hi[32], key[80];
        rp_mtable_number(edges[b] * limit, lo, sizeof(lo));
        if (b + 1 < N) {
            rp_mtable_number(edges[b + 1] * limit, hi, sizeof(hi));
            g_snprintf(key, sizeof(key), "%s-%s", lo, hi);
        } else {
            g_snprintf(key, sizeof(key), "%s+", lo);
        }
        rp_mtable_value(t, RP_MET_SLA_S1_FIRST_TOUCH_HIST, RP_GRP_HOURS, key, n[b]);
    }
}

static void people_rows(struct rp_mtable *t, const struct rp_profile *p,
                        enum rp_group g, struct rp_metrics_groups *groups)
{
    GPtrArray *keys = rp_metrics_groups_sorted(groups);
    for (guint i = 0; i < keys->len; i++) {
        struct person *x = rp_metrics_groups_get(groups, keys->pdata[i]);
        if (x->in_s1)
            sla_row(t, RP_MET_SLA_S1, g, keys->pdata[i], x->s1_num, x->s1_den,
                    p->first_touch_min);
        if (x->in_s2)
            sla_row(t, RP_MET_SLA_S2, g, keys->pdata[i], x->s2_num, x->s2_den,
                    p->persistence_min);
        if (x->in_s1)
            percentile_rows(t, g, keys->pdata[i], &x->hours);
        rp_values_free(&x->hours);
    }
    g_ptr_array_unref(keys);
}

/* S1-S4's counts over the leads: in all, and (not for a headline) by
 * owner and team. */
struct sales {
    struct person all;
    struct rp_metrics_groups owners, teams;
    double s3_num, s3_den, s4_num, s4_den;
    bool have_acts;
};

/* Lead @i's part of S1-S4. */
static inline void sales_lead(struct sla *s, struct sales *a, guint i,
                              const struct rp_lead *l)
{
    const struct rp_mctx *c = s->c;
    const struct rp_profile *p = c->prof;
    const struct rp_model *m = c->m;
    const uint32_t a0 = m->lead_act_start[i], a1 = m->lead_act_start[i + 1];
    const int64_t mql = rp_model_at(m, l->mql_at),
                  recycled = rp_model_at(m, l->recycled_at),
                  disqualified = rp_model_at(m, l->disqualified_at);
    const bool recycled_before = recycled != RP_TIME_NONE &&
                                 recycled < c->as_of,
               disqualified_before = disqualified != RP_TIME_NONE &&
                                     disqualified < c->as_of;

    if (in_period(c, mql) && recycled_before) {
        double h = (double)(recycled - mql) / HOUR;
        bool fast = h <= p->recycle_hours, reason = l->recycle_reason;
        a->s4_den++;
        if (fast && reason)
            a->s4_num++;
        else
            breach(s, "s4", i, mql, recycled, h, -1,
                   fast ? "no_recycle_reason" : "late_recycle",
                   !fast && !reason ? "no reason given" : NULL);
    }
    if (!a->have_acts)
        return;

    if (in_period(c, mql)) {
        /* all, and (not for a headline) the owner and team */
        struct person *ps[3] = {&a->all, NULL, NULL};
        int np = 1;
        if (!c->headline) {
            ps[np++] = rp_metrics_groups_text(&a->owners, m, l->owner);
            ps[np++] = rp_metrics_groups_text(&a->teams, m, l->team);
        }
        int64_t touch = RP_TIME_NONE;
        for (uint32_t k = a0; k < a1; k++) {
            int64_t at = rp_model_at(m, RP_ACT(m, m->lead_act[k])->occurred_at);
            if (at >= c->as_of)
                break;
            if (at >= mql) {
                touch = at;
                break;
            }
        }
        for (int k = 0; k < np; k++)    /* an MQL: an S1 row */
            ps[k]->in_s1 = true;
        if (touch != RP_TIME_NONE) {
            double h = elapsed(c, mql, touch);
            bool met = h <= p->first_touch_hours;
            for (int k = 0; k < np; k++) {
                ps[k]->s1_den++;
                ps[k]->s1_num += met;
                if (!c->headline)
                    rp_values_add(&ps[k]->hours, h);
            }
            if (!met)
                breach(s, "s1", i, mql, touch, h, -1,
                       "late_first_touch", NULL);
        } else {
            double h = elapsed(c, mql, c->as_of);
            if (h > p->first_touch_hours) {
                for (int k = 0; k < np; k++)
                    ps[k]->s1_den++;
                breach(s, "s1", i, mql, c->as_of, h, -1,
                       "no_first_touch", NULL);
            }   /* else pending: left out */
        }
        if (disqualified_before) {
            int n = 0;
            for (uint32_t k = a0; k < a1; k++) {
                int64_t at = rp_model_at(m, RP_ACT(m, m->lead_act[k])->occurred_at);
                if (at >= c->as_of)
                    break;
                n += at >= mql && at <= disqualified;
            }
            bool met = n >= p->min_attempts;
            for (int k = 0; k < np; k++) {
                ps[k]->in_s2 = true;
                ps[k]->s2_den++;
                ps[k]->s2_num += met;
            }
            if (!met)
                breach(s, "s2", i, mql, disqualified, NAN, n,
                       "too_few_attempts", NULL);
        }
    }

    /* S3: every lead at MQL/SAL/SQL at as_of, not recycled or
     * disqualified before it; one with none of those dates before
     * as_of is not (the stage, which looks at its opportunities, is
     * asked only of the others) */
    if (recycled_before || disqualified_before)
        return;
    int64_t latest = RP_TIME_NONE;
    const int64_t ts[3] = {mql, rp_model_at(m, l->sal_at),
                           rp_model_at(m, l->sql_at)};
    for (int k = 0; k < 3; k++)
        if (ts[k] != RP_TIME_NONE && ts[k] < c->as_of && ts[k] > latest)
            latest = ts[k];
    if (latest == RP_TIME_NONE)
        return;
    enum rp_stage st = rp_model_lead_stage(m, i, c->as_of);
    if (st < RP_STAGE_MQL || st > RP_STAGE_SQL)
        return;
    for (uint32_t k = a0; k < a1; k++) {
        int64_t at = rp_model_at(m, RP_ACT(m, m->lead_act[k])->occurred_at);
        if (at < c->as_of && at > latest)
            latest = at;
    }
    a->s3_den++;
    if (c->as_of - latest <= (int64_t)(p->status_days * 86400))
        a->s3_num++;
    else
        breach(s, "s3", i, latest, c->as_of,
               (double)(c->as_of - latest) / HOUR, -1, "stale_status",
               NULL);
}

/* S1-S4's rows from their counts. */
static void sales_end(struct sla *s, struct sales *a, struct rp_mtable *t)
{
    const struct rp_profile *p = s->c->prof;
    struct person *all = &a->all;

    if (a->have_acts) {
        sla_row(t, RP_MET_SLA_S1, RP_GRP_ALL, "all", all->s1_num,
                all->s1_den, p->first_touch_min);
        sla_row(t, RP_MET_SLA_S2, RP_GRP_ALL, "all", all->s2_num,
                all->s2_den, p->persistence_min);
        sla_row(t, RP_MET_SLA_S3, RP_GRP_ALL, "all", a->s3_num, a->s3_den,
                p->status_min);
    } else {
        na_row(t, RP_MET_SLA_S1, p->first_touch_min);
        na_row(t, RP_MET_SLA_S2, p->persistence_min);
        na_row(t, RP_MET_SLA_S3, p->status_min);
    }
    sla_row(t, RP_MET_SLA_S4, RP_GRP_ALL, "all", a->s4_num, a->s4_den,
            p->recycle_min);
    if (a->have_acts && !s->c->headline) {
        percentile_rows(t, RP_GRP_ALL, "all", &all->hours);
        histogram_rows(t, &all->hours, p->first_touch_hours);
        people_rows(t, p, RP_GRP_OWNER, &a->owners);
        people_rows(t, p, RP_GRP_TEAM, &a->teams);
    }
    rp_values_free(&all->hours);
    rp_metrics_groups_release(&a->owners);
    rp_metrics_groups_release(&a->teams);
}

/* MQL volume per trend period, for the volume chart (counted in
 * marketing_lead()). */
static void volume_trend(const struct sla *s, struct rp_mtable *t)
{
    const struct rp_mctx *c = s->c;
    const double *n = s->mql_trend;
    char key[16];

    for (int k = 0; k < c->n_trend; k++) {
        rp_period_key(&c->trend[k], key);
        double target = c->prof->mql_per_month * rp_period_months(&c->trend[k]);
        struct rp_mrow *r = rp_mtable_value(t, RP_MET_SLA_M1, c->trend_group,
                                            key, n[k]);
        r->num = n[k];
        r->target = target;
        r->has |= RP_M_NUM | RP_M_TARGET;
        r->status = n[k] >= target ? RP_ST_PASS : RP_ST_FAIL;
    }
}

void rp_metrics_sla(const struct rp_mctx *c, struct rp_mtable *t,
                    GArray *breaches, GStringChunk *details)
{
    struct sla s = {c, breaches, details, {NULL}, {0}};

    for (size_t k = 0; k < G_N_ELEMENTS(s.said); k++)
        s.said[k] = g_hash_table_new(g_direct_hash, g_direct_equal);

    /* one pass over the leads for both sides' SLAs: a pass for each read
     * 1 GB's 226 MB of lead rows twice (this family 144 -> 124 ms, the
     * last period's 85 -> 75 ms) */
    const struct rp_model *m = c->m;
    struct mkt mk = {.req = mask_of(c->prof->required_fields),
                     .tags = mask_of(c->prof->tag_fields)};
    struct sales sa = {.have_acts = m->files[RP_ACTS].present};
    rp_metrics_groups_init(&sa.owners, sizeof(struct person));
    rp_metrics_groups_init(&sa.teams, sizeof(struct person));
    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        marketing_lead(&s, &mk, i, l);
        sales_lead(&s, &sa, i, l);
    }
    marketing_end(&s, &mk, t);
    sales_end(&s, &sa, t);
    if (!c->headline)
        volume_trend(&s, t);
    for (size_t k = 0; k < G_N_ELEMENTS(s.said); k++)
        g_hash_table_unref(s.said[k]);
}
