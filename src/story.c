/* story.c - the three sentences of what changed versus the last period.
 *
 * Each sentence is chosen by rule from the figures, worded by the label
 * file: (1) MQL volume against the SLA and what the revenue goal needs;
 * (2) the SLA whose rate moved most; (3) how many MQLs breached and the
 * team that holds most of them. */
#include <math.h>
#include <string.h>

#include "revpack/fmt.h"
#include "revpack/story.h"

static const char *direction(double from, double to, double eps)
{
    if (to > from + eps)
        return "up";
    if (to < from - eps)
        return "down";
    return "same";
}

static char *volume_sentence(const struct rp_render *rr)
{
    const struct rp_mrow *now = rp_report_row(rr->r, RP_MET_SLA_M1, RP_GRP_ALL, "all");
    char n[32], p[32] = "", t[32] = "", need[32];
    double v, needed;

    rp_fmt_count(now->value, n, sizeof(n));
    if (now->has & RP_M_TARGET)
        rp_fmt_count(now->target, t, sizeof(t));
    if (rp_report_needed_mqls(rr->r, &needed))
        rp_fmt_count(needed, need, sizeof(need));
    else
        g_strlcpy(need, rp_tr(rr->tr, "status.na"), sizeof(need));
    if (!rr->prev || !rp_report_value(rr->prev, RP_MET_SLA_M1, RP_GRP_ALL, "all", &v))
        return rp_tr_fmt(rr->tr, "story.volume_first", "now", n, "target", t,
                      "needed", need, NULL);
    rp_fmt_count(v, p, sizeof(p));
    char key[32];
    g_snprintf(key, sizeof(key), "story.volume_%s",
               direction(v, now->value, 0.5));
    return rp_tr_fmt(rr->tr, key, "from", p, "now", n, "target", t, "needed",
                  need, NULL);
}

static char *sla_sentence(const struct rp_render *rr)
{
    const struct rp_render_sla *best = NULL;
    double best_d = -1, from = 0, to = 0;
    int passing, measured;

    for (size_t i = 1; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        double a, b;
        if (!rr->prev ||
            !rp_report_value(rr->r, s->metric, RP_GRP_ALL, "all", &b) ||
            !rp_report_value(rr->prev, s->metric, RP_GRP_ALL, "all", &a))
            continue;
        if (fabs(b - a) > best_d + 1e-12) {
            best_d = fabs(b - a);
            best = s;
            from = a;
            to = b;
        }
    }
    if (best) {
        g_autofree char *name = rp_render_sla_name(rr, best);
        char f[32], t[32], key[32];
        rp_fmt_pct(from, 0, f, sizeof(f));
        rp_fmt_pct(to, 0, t, sizeof(t));
        g_snprintf(key, sizeof(key), "story.sla_%s",
                   direction(from, to, 0.005));
        return rp_tr_fmt(rr->tr, key, "sla", name, "from", f, "now", t, NULL);
    }
    rp_render_sla_tally(rr, NULL, &passing, &measured);
    if (!measured)
        return rp_tr_fmt(rr->tr, "story.sla_none", NULL);
    const struct rp_render_sla *worst = rp_render_sla_worst(rr);
    char np[16], nm[16];
    g_snprintf(np, sizeof(np), "%d", passing);
    g_snprintf(nm, sizeof(nm), "%d", measured);
    if (!worst)
        return rp_tr_fmt(rr->tr, "story.sla_all", "passing", np, "measured",
                         nm, NULL);
    const struct rp_mrow *w = rp_report_row(rr->r, worst->metric, RP_GRP_ALL,
                                            "all");
    g_autofree char *name = rp_render_sla_name(rr, worst);
    char v[32], t[32];
    if (worst->is_count) {
        rp_fmt_count(w->value, v, sizeof(v));
        rp_fmt_count(w->target, t, sizeof(t));
    } else {
        rp_fmt_pct(w->value, 0, v, sizeof(v));
        rp_fmt_pct(w->target, 0, t, sizeof(t));
    }
    return rp_tr_fmt(rr->tr, "story.sla_first", "passing", np, "measured", nm,
                     "sla", name, "now", v, "target", t, NULL);
}

/* Distinct MQLs of @r's period with a breach of an SLA that counts the
 * period's MQLs (so the count is read against the MQL total), and per
 * team. */
static unsigned breached_mqls(const struct rp_render *rr,
                              const struct rp_report *r, GHashTable *by_team)
{
    /* a bit per lead, not a hash table of the breached ones (1 GB,
     * 400,000 breaches: the Summary sheet, which holds the sentences,
     * 107 -> 49 ms) */
    g_autofree uint64_t *seen = g_new0(uint64_t, rr->m->leads->len / 64 + 1);
    const struct rp_render_sla *sla = NULL;
    unsigned n = 0;

    for (guint i = 0; i < r->breaches->len; i++) {
        const struct rp_breach *b =
            &g_array_index(r->breaches, struct rp_breach, i);
        if (by_team && i + 16 < r->breaches->len)
            rp_model_prefetch_lead(rr->m, b[16].lead);
        sla = rp_render_sla_again(sla, b->sla);
        uint64_t bit = (uint64_t)1 << (b->lead % 64);
        if (!sla || sla->pop != RP_POP_MQLS || (seen[b->lead / 64] & bit))
            continue;
        seen[b->lead / 64] |= bit;
        n++;
        if (by_team) {
            const char *team =
                rp_model_text_key(rr->m, RP_LEAD(rr->m, b->lead)->team);
            guint k = GPOINTER_TO_UINT(g_hash_table_lookup(by_team, team));
            g_hash_table_replace(by_team, (gpointer)team,
                                 GUINT_TO_POINTER(k + 1));
        }
    }
    return n;
}

static char *breach_sentence(const struct rp_render *rr)
{
    g_autoptr(GHashTable) by_team = g_hash_table_new(g_str_hash, g_str_equal);
    unsigned n = breached_mqls(rr, rr->r, by_team);
    char ns[32], ks[32], ps[32], ts[32];
    const char *team = NULL;
    guint top = 0;
    GHashTableIter it;
    gpointer k, v;
    double total = 0;

    rp_report_value(rr->r, RP_MET_SLA_M1, RP_GRP_ALL, "all", &total);
    if (n == 0)
        return rp_tr_fmt(rr->tr, "story.breaches_none", NULL);
    g_hash_table_iter_init(&it, by_team);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        guint c = GPOINTER_TO_UINT(v);
        if (c > top || (c == top && strcmp(k, team) < 0)) {
            top = c;
            team = k;
        }
    }
    rp_fmt_count(n, ns, sizeof(ns));
    rp_fmt_count(top, ks, sizeof(ks));
    rp_fmt_count(total, ts, sizeof(ts));
    /* all in one team (a team's own pack): naming it says nothing */
    const char *one = g_hash_table_size(by_team) == 1 ? "_one" : "";
    char key[40];
    if (!rr->prev) {
        g_snprintf(key, sizeof(key), "story.breaches%s", one);
        return rp_tr_fmt(rr->tr, key, "n", ns, "total", ts, "k", ks, "team",
                         team, NULL);
    }
    unsigned p = breached_mqls(rr, rr->prev, NULL);
    rp_fmt_count(p, ps, sizeof(ps));
    g_snprintf(key, sizeof(key), "story.breaches_%s%s", direction(p, n, 0.5),
               one);
    return rp_tr_fmt(rr->tr, key, "n", ns, "total", ts, "k", ks, "team", team,
                     "from", ps, NULL);
}

GPtrArray *rp_story_changes(const struct rp_render *rr)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(out, volume_sentence(rr));
    g_ptr_array_add(out, sla_sentence(rr));
    g_ptr_array_add(out, breach_sentence(rr));
    return out;
}
