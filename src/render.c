/* render.c - what the renderers share: look-ups, SLA rules, titles. */
#include "revpack/render.h"

#include <math.h>
#include <string.h>

#include "revpack/fmt.h"

const struct rp_sla_info rp_slas[9] = {
    {"m1", "sla.m1", true, true},   {"m2", "sla.m2", true, false},
    {"m3", "sla.m3", true, false},  {"m4", "sla.m4", true, false},
    {"m5", "sla.m5", true, false},  {"s1", "sla.s1", false, false},
    {"s2", "sla.s2", false, false}, {"s3", "sla.s3", false, false},
    {"s4", "sla.s4", false, false}};

const struct rp_mrow *rp_row(const struct rp_report *r, const char *metric,
                             const char *group, const char *key)
{
    return rp_mtable_find(&r->t, metric, group, key);
}

bool rp_value(const struct rp_report *r, const char *metric,
              const char *group, const char *key, double *v)
{
    const struct rp_mrow *row = rp_row(r, metric, group, key);
    if (!row || !(row->has & RP_M_VALUE))
        return false;
    *v = row->value;
    return true;
}

GPtrArray *rp_rows(const struct rp_report *r, const char *metric,
                   const char *group)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < r->t.rows->len; i++) {
        struct rp_mrow *row = g_ptr_array_index(r->t.rows, i);
        if (strcmp(row->metric, metric) == 0 && strcmp(row->group, group) == 0)
            g_ptr_array_add(out, row);
    }
    return out;
}

const char *rp_trend_group(const struct rp_report *r)
{
    return r->pack == RP_PACK_MONTHLY ? "month" : "quarter";
}

bool rp_needed_mqls(const struct rp_report *r, double *v)
{
    if (!rp_value(r, "calc.mqls_needed_per_month", "all", "all", v))
        return false;
    *v *= rp_period_months(&r->period);
    return true;
}

static void pct(double v, char *buf, size_t n)
{
    rp_fmt_pct(v, fabs(v * 100 - round(v * 100)) < 1e-9 ? 0 : 1, buf, n);
}

/* Label "@group.@id" of an SLA with its profile values filled in: {n} the
 * limit, {unit} its unit, {min} the share required, {fields} the fields. */
static char *sla_text(const struct rp_render *rr, const struct rp_sla_info *s,
                      const char *group)
{
    const struct rp_profile *p = rr->prof;
    char a[64] = "", min[32] = "";
    const char *unit = rp_tr(rr->tr, "unit.hours");
    g_autofree char *fields = NULL;
    char key[32];

    g_snprintf(key, sizeof(key), "%s.%s", group, s->id);
    switch (s->id[0] == 'm' ? s->id[1] - '0' : 5 + s->id[1] - '0') {
    case 1:
        rp_fmt_count(p->mql_per_month, a, sizeof(a));
        break;
    case 2:
        pct(p->icp_min, min, sizeof(min));
        break;
    case 3:
        pct(p->completeness_min, min, sizeof(min));
        fields = g_strjoinv(", ", p->required_fields);
        break;
    case 4:
        rp_fmt_fixed(p->intake_hours, p->intake_hours == floor(p->intake_hours)
                                          ? 0 : 1, a, sizeof(a));
        pct(p->intake_min, min, sizeof(min));
        break;
    case 5:
        pct(p->tagging_min, min, sizeof(min));
        fields = g_strjoinv(", ", p->tag_fields);
        break;
    case 6:
        rp_fmt_fixed(p->first_touch_hours,
                     p->first_touch_hours == floor(p->first_touch_hours) ? 0 : 1,
                     a, sizeof(a));
        if (p->first_touch_business)
            unit = rp_tr(rr->tr, "unit.business_hours");
        pct(p->first_touch_min, min, sizeof(min));
        break;
    case 7:
        g_snprintf(a, sizeof(a), "%" G_GINT64_FORMAT, p->min_attempts);
        pct(p->persistence_min, min, sizeof(min));
        break;
    case 8:
        rp_fmt_fixed(p->status_days, 0, a, sizeof(a));
        pct(p->status_min, min, sizeof(min));
        break;
    default:
        rp_fmt_fixed(p->recycle_hours, 0, a, sizeof(a));
        pct(p->recycle_min, min, sizeof(min));
        break;
    }
    return rp_trf(rr->tr, key, "n", a, "unit", unit, "min", min, "fields",
                  fields ? fields : "", NULL);
}

char *rp_sla_rule(const struct rp_render *rr, const struct rp_sla_info *s)
{
    return sla_text(rr, s, "sla_rule");
}

char *rp_sla_name(const struct rp_render *rr, const struct rp_sla_info *s)
{
    return sla_text(rr, s, "sla");
}

const char *rp_status_word(const struct rp_render *rr,
                           const struct rp_mrow *row)
{
    if (!row || !(row->has & RP_M_VALUE))
        return rp_tr(rr->tr, "status.na");
    if (row->status == RP_ST_PASS)
        return rp_tr(rr->tr, "status.pass");
    if (row->status == RP_ST_FAIL)
        return rp_tr(rr->tr, "status.fail");
    return "";
}

const char *rp_sla_na_reason(const struct rp_render *rr,
                             const struct rp_sla_info *s)
{
    return rp_tr2(rr->tr, "sla_na", s->id);
}

char *rp_pack_title(const struct rp_render *rr)
{
    return rp_trf(rr->tr, "pack.title", "pack",
                  rp_tr2(rr->tr, "pack", rr->pack->name), "period",
                  rr->period_key, NULL);
}

char *rp_as_of_text(const struct rp_render *rr)
{
    char when[32];
    rp_clock_format(rr->clock, rr->r->as_of, when);
    return rp_trf(rr->tr, "pack.as_of", "as_of", when, "zone",
                  rr->prof->timezone, NULL);
}

void rp_render_money(const struct rp_render *rr, double v, bool compact,
                     char *buf, size_t size)
{
    rp_fmt_money(v, rr->m->currency, compact ? rp_tr(rr->tr, "number.compact")
                                             : "",
                 buf, size);
}

void rp_kpis(const struct rp_render *rr, struct rp_kpi k[RP_N_KPIS])
{
    const struct rp_report *r = rr->r;
    const char *na = rp_tr(rr->tr, "status.na");
    char a[32], b[32];
    double x;

    memset(k, 0, sizeof(*k) * RP_N_KPIS);
    const struct rp_mrow *m1 = rp_row(r, "sla.m1", "all", "all");
    k[0].label = rp_tr(rr->tr, "kpi.mqls");
    k[0].kind = RP_KPI_COUNT;
    k[0].ok = m1 && (m1->has & RP_M_VALUE);
    k[0].value = m1 ? m1->value : 0;
    rp_fmt_count(m1 && (m1->has & RP_M_TARGET) ? m1->target : 0, a, sizeof(a));
    if (rp_needed_mqls(r, &x))
        rp_fmt_count(x, b, sizeof(b));
    else
        g_strlcpy(b, na, sizeof(b));
    k[0].sub = rp_trf(rr->tr, "kpi.mqls_sub", "target", a, "needed", b, NULL);

    const struct rp_mrow *wr = rp_row(r, "winrate", "all", "all");
    k[1].label = rp_tr(rr->tr, "kpi.winrate");
    k[1].kind = RP_KPI_PCT;
    k[1].ok = wr && (wr->has & RP_M_VALUE);
    k[1].value = wr ? wr->value : 0;
    rp_fmt_count(wr ? wr->num : 0, a, sizeof(a));
    rp_fmt_count(wr ? wr->den : 0, b, sizeof(b));
    k[1].sub = rp_trf(rr->tr, "kpi.winrate_sub", "won", a, "closed", b, NULL);

    static const char *const metric[3] = {"velocity", "pipeline.created",
                                          "revenue.won"};
    static const char *const label[3] = {"kpi.velocity", "kpi.pipeline",
                                         "kpi.revenue"};
    for (int i = 0; i < 3; i++) {
        k[2 + i].label = rp_tr(rr->tr, label[i]);
        k[2 + i].kind = RP_KPI_MONEY;
        k[2 + i].ok = rp_value(r, metric[i], "all", "all", &k[2 + i].value);
    }
    rp_fmt_count(rp_value(r, "velocity.open_opps", "all", "all", &x) ? x : 0, a,
                 sizeof(a));
    k[2].sub = rp_trf(rr->tr, "kpi.velocity_sub", "open", a, NULL);
    k[3].sub = rp_trf(rr->tr, "kpi.pipeline_sub", "period", rr->period_key,
                      NULL);
    if (rp_value(r, "revenue.marketing_share", "all", "all", &x))
        rp_fmt_pct(x, 0, a, sizeof(a));
    else
        g_strlcpy(a, na, sizeof(a));
    k[4].sub = rp_trf(rr->tr, "kpi.revenue_sub", "share", a, NULL);

    for (int i = 0; i < RP_N_KPIS; i++) {
        struct rp_kpi *p = &k[i];
        if (!p->ok) {
            g_strlcpy(p->text, na, sizeof(p->text));
            g_strlcpy(p->full, na, sizeof(p->full));
        } else if (p->kind == RP_KPI_COUNT) {
            rp_fmt_count(p->value, p->text, sizeof(p->text));
            g_strlcpy(p->full, p->text, sizeof(p->full));
        } else if (p->kind == RP_KPI_PCT) {
            rp_fmt_pct(p->value, 1, p->text, sizeof(p->text));
            g_strlcpy(p->full, p->text, sizeof(p->full));
        } else {
            rp_render_money(rr, p->value, true, p->text, sizeof(p->text));
            rp_render_money(rr, p->value, false, p->full, sizeof(p->full));
        }
    }
}

void rp_kpis_release(struct rp_kpi k[RP_N_KPIS])
{
    for (int i = 0; i < RP_N_KPIS; i++)
        g_free(k[i].sub);
}
