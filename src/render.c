/* render.c - what the renderers share: look-ups, SLA rules, titles. */
#include "revpack/render.h"

#include <math.h>
#include <string.h>

#include "revpack/fmt.h"

const struct rp_render_sla rp_render_slas[9] = {
    {"m1", RP_MET_SLA_M1, true, true, RP_POP_MQLS},
    {"m2", RP_MET_SLA_M2, true, false, RP_POP_MQLS},
    {"m3", RP_MET_SLA_M3, true, false, RP_POP_MQLS},
    {"m4", RP_MET_SLA_M4, true, false, RP_POP_LEADS},
    {"m5", RP_MET_SLA_M5, true, false, RP_POP_LEADS},
    {"s1", RP_MET_SLA_S1, false, false, RP_POP_MQLS},
    {"s2", RP_MET_SLA_S2, false, false, RP_POP_MQLS},
    {"s3", RP_MET_SLA_S3, false, false, RP_POP_OPEN},
    {"s4", RP_MET_SLA_S4, false, false, RP_POP_MQLS}};

const struct rp_render_sla *rp_render_sla_of(const char *id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++)
        if (rp_render_slas[i].id[0] == id[0] &&
            strcmp(rp_render_slas[i].id, id) == 0)
            return &rp_render_slas[i];
    return NULL;
}

const struct rp_render_sla *rp_render_sla_again(
    const struct rp_render_sla *last, const char *id)
{
    return last && strcmp(last->id, id) == 0 ? last : rp_render_sla_of(id);
}

static void pct(double v, char *buf, size_t n)
{
    rp_fmt_pct(v, fabs(v * 100 - round(v * 100)) < 1e-9 ? 0 : 1, buf, n);
}

/* Column names as the reader knows them ("job title"), joined with the
 * label file's separator.  Returns: g_free(). */
static char *field_names(const struct rp_render *rr, char *const *list)
{
    GString *s = g_string_new(NULL);
    for (char *const *f = list; f && *f; f++) {
        if (s->len)
            g_string_append(s, rp_tr(rr->tr, "list.sep"));
        g_string_append(s, rp_tr_group(rr->tr, "field", *f));
    }
    return g_string_free(s, FALSE);
}

/* Label "@group.@id" of an SLA with its profile values filled in: {n} the
 * limit, {unit} its unit, {min} the share required, {fields} the fields. */
static char *sla_text(const struct rp_render *rr, const struct rp_render_sla *s,
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
        fields = field_names(rr, p->required_fields);
        break;
    case 4:
        rp_fmt_fixed(p->intake_hours, p->intake_hours == floor(p->intake_hours)
                                          ? 0 : 1, a, sizeof(a));
        pct(p->intake_min, min, sizeof(min));
        break;
    case 5:
        pct(p->tagging_min, min, sizeof(min));
        fields = field_names(rr, p->tag_fields);
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
    return rp_tr_fmt(rr->tr, key, "n", a, "unit", unit, "min", min, "fields",
                  fields ? fields : "", NULL);
}

char *rp_render_sla_rule(const struct rp_render *rr, const struct rp_render_sla *s)
{
    return sla_text(rr, s, "sla_rule");
}

char *rp_render_sla_name(const struct rp_render *rr, const struct rp_render_sla *s)
{
    return sla_text(rr, s, "sla");
}

const char *rp_render_status_word(const struct rp_render *rr,
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

char *rp_render_sla_na_reason(const struct rp_render *rr,
                              const struct rp_render_sla *s)
{
    /* what an export lacks comes first: no touches, no column */
    static const struct {
        const char *sla;
        int column;     /* enum rp_lead_col; -1: the activities file */
    } needs[] = {{"m4", RP_L_CAPTURED_AT},  {"s1", -1},
                 {"s2", -1},                {"s2", RP_L_DISQUALIFIED_AT},
                 {"s4", RP_L_RECYCLED_AT}};
    const struct rp_model *m = rr->m;

    for (size_t i = 0; i < G_N_ELEMENTS(needs); i++) {
        if (strcmp(needs[i].sla, s->id) != 0)
            continue;
        if (needs[i].column < 0 && !m->files[RP_ACTS].present)
            return g_strdup(rp_tr(rr->tr, "note.sla_no_activities"));
        if (needs[i].column >= 0 &&
            !rp_model_has_column(m, RP_LEADS, (unsigned)needs[i].column))
            return rp_tr_fmt(rr->tr, "note.sla_no_column", "file",
                             rp_model_source_name(m, RP_LEADS), "column",
                             rp_model_lead_col_name(needs[i].column), NULL);
    }
    return g_strdup(rp_tr_group(rr->tr, "sla_na", s->id));
}

void rp_render_sla_tally(const struct rp_render *rr, const bool *marketing,
                         int *passing, int *measured)
{
    *passing = *measured = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        if (marketing && s->marketing != *marketing)
            continue;
        const struct rp_mrow *m = rp_report_row(rr->r, s->metric, RP_GRP_ALL,
                                                "all");
        if (!m || !(m->has & RP_M_VALUE))
            continue;
        (*measured)++;
        *passing += m->status == RP_ST_PASS;
    }
}

const struct rp_render_sla *rp_render_sla_worst(const struct rp_render *rr)
{
    const struct rp_render_sla *worst = NULL;
    double most = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(rr->r, s->metric, RP_GRP_ALL,
                                                "all");
        if (!m || m->status != RP_ST_FAIL || !(m->target > 0))
            continue;
        double shortfall = 1 - m->value / m->target;
        if (shortfall > most + 1e-12) {
            most = shortfall;
            worst = s;
        }
    }
    return worst;
}

char *rp_render_title(const struct rp_render *rr)
{
    g_autofree char *t = rp_tr_fmt(rr->tr, "pack.title", "pack",
                                   rp_tr_group(rr->tr, "pack", rr->pack->name),
                                   "period", rr->period_key, NULL);
    if (!rr->scope)
        return g_steal_pointer(&t);
    return rp_tr_fmt(rr->tr, "burst.title", "title", t, "scope", rr->scope,
                     NULL);
}

char *rp_render_as_of(const struct rp_render *rr)
{
    char when[32];
    rp_clock_format(rr->clock, rr->r->as_of, when);
    return rp_tr_fmt(rr->tr, "pack.as_of", "as_of", when, "zone",
                  rr->prof->timezone, NULL);
}

void rp_render_money(const struct rp_render *rr, double v, bool compact,
                     char *buf, size_t size)
{
    rp_fmt_money(v, rr->prof->currency, compact ? rp_tr(rr->tr, "number.compact")
                                             : "",
                 buf, size);
}

void rp_render_money_as(const struct rp_render *rr, double v, double ref,
                        char *buf, size_t size)
{
    rp_fmt_money_as(v, ref, rr->prof->currency, rp_tr(rr->tr, "number.compact"),
                    buf, size);
}

void rp_render_kpis(const struct rp_render *rr, struct rp_render_kpi k[RP_N_KPIS])
{
    const struct rp_report *r = rr->r;
    const char *na = rp_tr(rr->tr, "status.na");
    char a[32], b[32];
    double x;

    memset(k, 0, sizeof(*k) * RP_N_KPIS);
    const struct rp_mrow *m1 = rp_report_row(r, RP_MET_SLA_M1, RP_GRP_ALL, "all");
    k[0].label = rp_tr(rr->tr, "kpi.mqls");
    k[0].kind = RP_KPI_COUNT;
    k[0].ok = m1 && (m1->has & RP_M_VALUE);
    k[0].value = m1 ? m1->value : 0;
    rp_fmt_count(m1 && (m1->has & RP_M_TARGET) ? m1->target : 0, a, sizeof(a));
    if (rp_report_needed_mqls(r, &x))
        rp_fmt_count(x, b, sizeof(b));
    else
        g_strlcpy(b, na, sizeof(b));
    k[0].sub = rp_tr_fmt(rr->tr, "kpi.mqls_sub", "target", a, "needed", b, NULL);

    const struct rp_mrow *wr = rp_report_row(r, RP_MET_WINRATE, RP_GRP_ALL, "all");
    k[1].label = rp_tr(rr->tr, "kpi.winrate");
    k[1].kind = RP_KPI_PCT;
    k[1].ok = wr && (wr->has & RP_M_VALUE);
    k[1].value = wr ? wr->value : 0;
    rp_fmt_count(wr ? wr->num : 0, a, sizeof(a));
    rp_fmt_count(wr ? wr->den : 0, b, sizeof(b));
    k[1].sub = rp_tr_fmt(rr->tr, "kpi.winrate_sub", "won", a, "closed", b, NULL);

    static const enum rp_metric metric[3] = {
        RP_MET_VELOCITY, RP_MET_PIPELINE_CREATED, RP_MET_REVENUE_WON};
    static const char *const label[3] = {"kpi.velocity", "kpi.pipeline",
                                         "kpi.revenue"};
    for (int i = 0; i < 3; i++) {
        k[2 + i].label = rp_tr(rr->tr, label[i]);
        k[2 + i].kind = RP_KPI_MONEY;
        k[2 + i].ok = rp_report_value(r, metric[i], RP_GRP_ALL, "all", &k[2 + i].value);
    }
    rp_fmt_count(rp_report_value(r, RP_MET_VELOCITY_OPEN_OPPS, RP_GRP_ALL, "all", &x) ? x : 0, a,
                 sizeof(a));
    k[2].sub = rp_tr_fmt(rr->tr, "kpi.velocity_sub", "open", a, NULL);
    k[3].sub = rp_tr_fmt(rr->tr, "kpi.pipeline_sub", "period", rr->period_key,
                      NULL);
    if (rp_report_value(r, RP_MET_REVENUE_MARKETING_SHARE, RP_GRP_ALL, "all", &x))
        rp_fmt_pct(x, 0, a, sizeof(a));
    else
        g_strlcpy(a, na, sizeof(a));
    k[4].sub = rp_tr_fmt(rr->tr, "kpi.revenue_sub", "share", a, NULL);

    /* how long a lead takes to be won (SPEC 4.7), in days */
    const struct rp_mrow *fn = rp_report_row(r, RP_MET_FLOW_LEAD_WON_N,
                                             RP_GRP_ALL, "all");
    k[5].label = rp_tr(rr->tr, "kpi.flow");
    k[5].kind = RP_KPI_DAYS;
    k[5].ok = rp_report_value(r, RP_MET_FLOW_LEAD_WON_MEDIAN_DAYS, RP_GRP_ALL,
                              "all", &k[5].value);
    rp_fmt_count(fn && (fn->has & RP_M_VALUE) ? fn->value : 0, a, sizeof(a));
    k[5].sub = rp_tr_fmt(rr->tr, "kpi.flow_sub", "n", a, NULL);

    for (int i = 0; i < RP_N_KPIS; i++) {
        struct rp_render_kpi *p = &k[i];
        if (!p->ok) {
            g_strlcpy(p->text, na, sizeof(p->text));
            g_strlcpy(p->full, na, sizeof(p->full));
        } else if (p->kind == RP_KPI_COUNT) {
            rp_fmt_count(p->value, p->text, sizeof(p->text));
            g_strlcpy(p->full, p->text, sizeof(p->full));
        } else if (p->kind == RP_KPI_PCT) {
            rp_fmt_pct(p->value, 1, p->text, sizeof(p->text));
            g_strlcpy(p->full, p->text, sizeof(p->full));
        } else if (p->kind == RP_KPI_DAYS) {
            char d[32];
            rp_fmt_fixed(p->value, 1, d, sizeof(d));
            g_autofree char *t = rp_tr_fmt(rr->tr, "kpi.days", "n", d, NULL);
            g_strlcpy(p->text, t, sizeof(p->text));
            g_strlcpy(p->full, t, sizeof(p->full));
        } else {
            rp_render_money(rr, p->value, true, p->text, sizeof(p->text));
            rp_render_money(rr, p->value, false, p->full, sizeof(p->full));
        }
    }
}

void rp_render_kpis_release(struct rp_render_kpi k[RP_N_KPIS])
{
    for (int i = 0; i < RP_N_KPIS; i++)
        g_free(k[i].sub);
}

static gint by_key(gconstpointer a, gconstpointer b)
{
    return strcmp(((const struct rp_render_breaches *)a)->key,
                  ((const struct rp_render_breaches *)b)->key);
}

/* Leads' text numbers (owner, team) to their groups (SPEC 8.8): a
 * number's group key is looked up by string once, then by index, so a
 * list of a million breaches hashes no string; two numbers whose keys are
 * equal ("(none)" as written, and empty) share a group.  Groups are
 * numbered from 0 as first seen. */
struct groups {
    const struct rp_model *m;
    uint32_t *of;           /* text number -> group + 1; 0: not seen */
    GHashTable *by_key;     /* group key -> group + 1 */
    GPtrArray *keys;        /* group -> key */
};

static void groups_init(struct groups *g, const struct rp_model *m)
{
    g->m = m;
    g->of = g_new0(uint32_t, m->texts->len);
    g->by_key = g_hash_table_new(g_str_hash, g_str_equal);
    g->keys = g_ptr_array_new();
}

static uint32_t group_of(struct groups *g, uint32_t t)
{
    if (!g->of[t]) {
        const char *key = rp_model_text_key(g->m, t);
        gpointer at = g_hash_table_lookup(g->by_key, key);
        if (!at) {
            g_ptr_array_add(g->keys, (gpointer)key);
            at = GUINT_TO_POINTER(g->keys->len);
            g_hash_table_insert(g->by_key, (gpointer)key, at);
        }
        g->of[t] = GPOINTER_TO_UINT(at);
    }
    return g->of[t] - 1;
}

static void groups_clear(struct groups *g)
{
    g_free(g->of);
    g_hash_table_unref(g->by_key);
    g_ptr_array_unref(g->keys);
}

/* The count for group @k of @out, made when @k is new (groups are
 * numbered as met). */
static struct rp_render_breaches *count_of(GArray *out, uint32_t k,
                                           const char *key)
{
    if (k == out->len) {
        struct rp_render_breaches z = {key, {0}, 0};
        g_array_append_val(out, z);
    }
    return &g_array_index(out, struct rp_render_breaches, k);
}

void rp_render_breach_counts(const struct rp_render *rr,
                             struct rp_render_counts *out)
{
    struct groups teams, owners;
    const struct rp_render_sla *sla = NULL;
    const GArray *br = rr->r->breaches;
    size_t sz = sizeof(struct rp_render_breaches);

    out->all = g_array_new(FALSE, TRUE, (guint)sz);
    out->team = g_array_new(FALSE, TRUE, (guint)sz);
    out->owner = g_array_new(FALSE, TRUE, (guint)sz);
    groups_init(&teams, rr->m);
    groups_init(&owners, rr->m);
    for (guint i = 0; i < br->len; i++) {
        const struct rp_breach *b = &g_array_index(br, struct rp_breach, i);
        /* 1 GB: 39 -> 24 ms a pass */
        if (i + 16 < br->len)
            rp_model_prefetch_lead(rr->m, b[16].lead);
        const struct rp_lead *l = RP_LEAD(rr->m, b->lead);
        uint32_t t = group_of(&teams, l->team), o = group_of(&owners, l->owner);
        struct rp_render_breaches *c[3] = {
            count_of(out->all, 0, "all"),
            count_of(out->team, t, g_ptr_array_index(teams.keys, t)),
            count_of(out->owner, o, g_ptr_array_index(owners.keys, o))};
        sla = rp_render_sla_again(sla, b->sla);
        for (int k = 0; k < 3; k++) {
            c[k]->n[sla - rp_render_slas]++;
            c[k]->total++;
        }
    }
    groups_clear(&teams);
    groups_clear(&owners);
    g_array_sort(out->team, by_key);
    g_array_sort(out->owner, by_key);
}

const struct rp_render_breaches *rp_render_breaches_find(const GArray *a,
                                                         const char *key)
{
    struct rp_render_breaches want = {key, {0}, 0};
    guint at;

    return g_array_binary_search((GArray *)a, &want, by_key, &at)
               ? &g_array_index(a, struct rp_render_breaches, at)
               : NULL;
}

void rp_render_counts_clear(struct rp_render_counts *c)
{
    g_clear_pointer(&c->all, g_array_unref);
    g_clear_pointer(&c->team, g_array_unref);
    g_clear_pointer(&c->owner, g_array_unref);
}

struct tally {
    uint32_t team;          /* group */
    guint n;
};

GHashTable *rp_render_owner_teams(const struct rp_render *rr)
{
    /* owner -> (team, count) pairs over the leads the owner holds: an
     * owner has few teams */
    struct groups owners, teams;
    g_autoptr(GPtrArray) tallies =
        g_ptr_array_new_with_free_func((GDestroyNotify)g_array_unref);
    GHashTable *out = g_hash_table_new(g_str_hash, g_str_equal);

    groups_init(&owners, rr->m);
    groups_init(&teams, rr->m);
    for (guint i = 0; i < rr->m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(rr->m, i);
        uint32_t o = group_of(&owners, l->owner), t = group_of(&teams, l->team);
        if (o == tallies->len)
            g_ptr_array_add(tallies, g_array_new(FALSE, FALSE,
                                                 sizeof(struct tally)));
        GArray *ts = g_ptr_array_index(tallies, o);
        guint k = 0;
        while (k < ts->len && g_array_index(ts, struct tally, k).team != t)
            k++;
        if (k == ts->len) {
            struct tally z = {t, 0};
            g_array_append_val(ts, z);
        }
        g_array_index(ts, struct tally, k).n++;
    }
    for (guint o = 0; o < tallies->len; o++) {
        const GArray *ts = g_ptr_array_index(tallies, o);
        const char *best = NULL;
        guint most = 0;
        for (guint k = 0; k < ts->len; k++) {
            const struct tally *e = &g_array_index(ts, struct tally, k);
            const char *team = g_ptr_array_index(teams.keys, e->team);
            if (e->n > most || (e->n == most && strcmp(team, best) < 0)) {
                most = e->n;
                best = team;
            }
        }
        g_hash_table_insert(out, g_ptr_array_index(owners.keys, o),
                            (gpointer)best);
    }
    groups_clear(&owners);
    groups_clear(&teams);
    return out;
}
