/* html.c - the static page.  The template holds structure and style; this
 * file fills its {{slots}} with escaped text only. */
#include "revpack/html.h"

#include <string.h>

#include "revpack/fmt.h"

/* Append @s escaped for HTML text and attributes. */
static void esc(GString *out, const char *s)
{
    g_autofree char *clean = rp_fmt_no_bidi(s ? s : "");
    g_autofree char *e = g_markup_escape_text(clean, -1);
    g_string_append(out, e);
}

static void kpi(GString *o, const char *label, const char *value,
                const char *sub)
{
    g_string_append(o, "<div class=\"kpi\"><div class=\"label\">");
    esc(o, label);
    g_string_append(o, "</div><div class=\"value\">");
    esc(o, value);
    g_string_append(o, "</div><div class=\"sub\">");
    esc(o, sub);
    g_string_append(o, "</div></div>\n");
}

static GString *kpis(const struct rp_render *rr)
{
    GString *o = g_string_new(NULL);
    struct rp_render_kpi k[RP_N_KPIS];
    rp_render_kpis(rr, k);
    for (int i = 0; i < RP_N_KPIS; i++)
        kpi(o, k[i].label, k[i].full, k[i].sub);
    rp_render_kpis_release(k);
    return o;
}

static GString *scorecard(const struct rp_render *rr)
{
    GString *o = g_string_new("<div class=\"scroll\"><table "
                              "class=\"scorecard\">\n<thead><tr>");
    /* the class names let a narrow screen drop the promise and the counts
     * and keep the status in view */
    static const char *const cols[][2] = {
        {"col.sla", ""},         {"col.name", ""},
        {"col.rule", "wide"},    {"col.value", "num"},
        {"col.target", "num"},   {"col.met", "num wide"},
        {"col.of", "num wide"},  {"col.status", ""}};
    for (size_t i = 0; i < G_N_ELEMENTS(cols); i++) {
        g_string_append_printf(o, "<th class=\"%s\">", cols[i][1]);
        esc(o, rp_tr(rr->tr, cols[i][0]));
        g_string_append(o, "</th>");
    }
    g_string_append(o, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(rr->r, s->metric, RP_GRP_ALL, "all");
        g_autofree char *id = g_ascii_strup(s->id, -1);
        g_autofree char *name = rp_render_sla_name(rr, s);
        g_autofree char *rule = rp_render_sla_rule(rr, s);
        char v[32] = "", t[32] = "", n[32] = "", d[32] = "";
        bool ok = m && (m->has & RP_M_VALUE);
        if (ok && s->is_count)
            rp_fmt_count(m->value, v, sizeof(v));
        else if (ok)
            rp_fmt_pct(m->value, 1, v, sizeof(v));
        if (m && (m->has & RP_M_TARGET)) {
            if (s->is_count)
                rp_fmt_count(m->target, t, sizeof(t));
            else
                rp_fmt_pct(m->target, 1, t, sizeof(t));
        }
        if (!s->is_count && m && (m->has & RP_M_NUM))
            rp_fmt_count(m->num, n, sizeof(n));
        if (!s->is_count && m && (m->has & RP_M_DEN))
            rp_fmt_count(m->den, d, sizeof(d));
        g_string_append(o, "<tr><td>");
        esc(o, id);
        g_string_append(o, "</td><td>");
        esc(o, name);
        g_string_append(o, "</td><td class=\"wide\">");
        esc(o, rule);
        if (ok) {
            g_string_append(o, "</td><td class=\"num\">");
            esc(o, v);
        } else {
            g_string_append(o, "</td><td class=\"na\" title=\"");
            g_autofree char *reason = rp_render_sla_na_reason(rr, s);
            esc(o, reason);
            g_string_append(o, "\">");
            esc(o, rp_tr(rr->tr, "status.na"));
        }
        const char *cells[3] = {t, n, d};
        for (int k = 0; k < 3; k++) {
            g_string_append(o, k ? "</td><td class=\"num wide\">"
                                 : "</td><td class=\"num\">");
            esc(o, cells[k]);
        }
        g_string_append_printf(o, "</td><td class=\"%s\">",
                               !ok                        ? "na"
                               : m->status == RP_ST_PASS ? "pass"
                                                         : "fail");
        esc(o, rp_render_status_word(rr, m));
        g_string_append(o, "</td></tr>\n");
    }
    g_string_append(o, "</tbody>\n</table></div>");
    return o;
}

/* How long leads take from stage to stage (SPEC 4.7), a small table. */
static GString *flow_table(const struct rp_render *rr)
{
    static const char *const pairs[] = {"lead_mql", "mql_sal", "sal_sql",
                                        "sql_opportunity", "opportunity_won",
                                        "lead_won"};
    static const char *const cols[] = {"col.stage_pair", "col.leads",
                                       "col.median_days", "col.p90_days",
                                       "col.mean_days"};
    GString *o = g_string_new("<div class=\"scroll\"><table class=\"flow\">"
                              "\n<thead><tr>");
    for (size_t i = 0; i < G_N_ELEMENTS(cols); i++) {
        g_string_append(o, i ? "<th class=\"num\">" : "<th>");
        esc(o, rp_tr(rr->tr, cols[i]));
        g_string_append(o, "</th>");
    }
    g_string_append(o, "</tr></thead>\n<tbody>\n");
    for (int p = 0; p < 6; p++) {
        g_string_append(o, "<tr><td>");
        esc(o, rp_tr_group(rr->tr, "flow", pairs[p]));
        g_string_append(o, "</td>");
        for (int k = 0; k < 4; k++) {
            double v;
            char buf[32];
            if (rp_report_value(rr->r, RP_MET_FLOW_LEAD_MQL_N + p * 4 + k,
                                RP_GRP_ALL, "all", &v)) {
                if (k == 0)
                    rp_fmt_count(v, buf, sizeof(buf));
                else
                    rp_fmt_fixed(v, 1, buf, sizeof(buf));
                g_string_append(o, "<td class=\"num\">");
                esc(o, buf);
            } else {
                g_string_append(o, "<td class=\"num na\">");
                esc(o, rp_tr(rr->tr, "status.na"));
            }
            g_string_append(o, "</td>");
        }
        g_string_append(o, "</tr>\n");
    }
    g_string_append(o, "</tbody>\n</table></div>");
    return o;
}

static GString *charts(const struct rp_render *rr, GPtrArray *svgs)
{
    GString *o = g_string_new(NULL);
    guint i = 0;
    for (char **id = rr->pack->charts; *id && i < svgs->len; id++, i++) {
        const GString *svg = g_ptr_array_index(svgs, i);
        const char *start = strstr(svg->str, "<svg");
        g_string_append_printf(o, "<figure id=\"chart-%s\"><div "
                               "class=\"scroll\">\n", *id);
        /* inline SVG needs no namespace declarations in HTML (the parser
         * supplies them), and the page then names no URL at all */
        const char *run = start ? start : "", *p = run;
        while ((p = strstr(p, " xmlns"))) {
            static const char *const ns[] = {
                " xmlns=\"http://www.w3.org/2000/svg\"",
                " xmlns:xlink=\"http://www.w3.org/1999/xlink\""};
            size_t n = rp_fmt_prefix(p, ns, G_N_ELEMENTS(ns), NULL);
            if (!n) {
                p++;
                continue;
            }
            g_string_append_len(o, run, p - run);
            run = p += n;
        }
        g_string_append(o, run);
        g_string_append(o, "\n</div></figure>\n");
    }
    return o;
}

static void add_link(GString *o, const char *href, const char *text)
{
    g_string_append(o, "<a href=\"");
    esc(o, href);
    g_string_append(o, "\">");
    esc(o, text);
    g_string_append(o, "</a>");
}

GString *rp_html_page(const struct rp_render *rr, GPtrArray *svgs,
                      const char *xlsx_name, struct rp_err *err)
{
    g_autofree char *path =
        g_build_filename(rr->templates, "index.html", NULL);
    g_autofree char *tmpl = NULL;
    struct rp_loc loc = {path, 0, 0};
    if (!g_file_get_contents(path, &tmpl, NULL, NULL)) {
        rp_err_set(err, RP_ENOINPUT, &loc, "cannot read the page template");
        return NULL;
    }

    g_autofree char *title = rp_render_title(rr);
    g_autofree char *as_of = rp_render_as_of(rr);
    g_autoptr(GString) k = kpis(rr);
    g_autoptr(GString) sc = scorecard(rr);
    g_autoptr(GString) fl = flow_table(rr);
    g_autoptr(GString) ch = charts(rr, svgs);
    g_autoptr(GString) changes = g_string_new(NULL);
    g_autoptr(GString) links = g_string_new(NULL);
    const GPtrArray *story = rr->changes;
    for (guint i = 0; i < story->len; i++) {
        g_string_append(changes, "<li>");
        esc(changes, story->pdata[i]);
        g_string_append(changes, "</li>\n");
    }
    add_link(links, xlsx_name, xlsx_name);
    add_link(links, "metrics.csv", "metrics.csv");
    add_link(links, "breaches.csv", "breaches.csv");
    add_link(links, "rejects.csv", "rejects.csv");
    if (*rr->pack->pages)
        add_link(links, "deck.pdf", "deck.pdf");
    g_autoptr(GString) foot = g_string_new(NULL);
    esc(foot, title);
    g_string_append(foot, " \xc2\xb7 ");
    esc(foot, as_of);
    g_string_append(foot, " \xc2\xb7 revpack");

    GString *e_title = g_string_new(NULL), *e_as_of = g_string_new(NULL);
    esc(e_title, title);
    esc(e_as_of, as_of);
    struct {
        const char *slot;
        GString *value;
        bool own;
    } slots[] = {
        {"lang", g_string_new(NULL), true},
        {"title", e_title, true},
        {"as_of", e_as_of, true},
        {"kpis", k, false},
        {"changes_heading", g_string_new(NULL), true},
        {"changes", changes, false},
        {"scorecard_heading", g_string_new(NULL), true},
        {"scorecard", sc, false},
        {"flow_heading", g_string_new(NULL), true},
        {"flow", fl, false},
        {"charts_heading", g_string_new(NULL), true},
        {"charts", ch, false},
        {"files_heading", g_string_new(NULL), true},
        {"links", links, false},
        {"footer", foot, false},
    };
    esc(slots[0].value, rr->tr->lang);
    esc(slots[4].value, rp_tr(rr->tr, "section.changes"));
    esc(slots[6].value, rp_tr(rr->tr, "section.scorecard"));
    esc(slots[8].value, rp_tr(rr->tr, "section.flow"));
    esc(slots[10].value, rp_tr(rr->tr, "html.charts"));
    esc(slots[12].value, rp_tr(rr->tr, "html.files"));

    GString *out = g_string_sized_new(strlen(tmpl) + ch->len + 8192);
    for (const char *p = tmpl; *p;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open, "}}") : NULL;
        if (!close) {
            g_string_append(out, p);
            break;
        }
        g_string_append_len(out, p, open - p);
        bool done = false;
        for (size_t i = 0; i < G_N_ELEMENTS(slots); i++)
            if (strlen(slots[i].slot) == (size_t)(close - open - 2) &&
                strncmp(open + 2, slots[i].slot, close - open - 2) == 0) {
                g_string_append_len(out, slots[i].value->str,
                                    (gssize)slots[i].value->len);
                done = true;
            }
        if (!done)      /* an unknown slot stays visible, not silent */
            g_string_append_len(out, open, close + 2 - open);
        p = close + 2;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(slots); i++)
        if (slots[i].own)
            g_string_free(slots[i].value, TRUE);
    return out;
}
