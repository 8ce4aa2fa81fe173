/* chart.c - the pack's charts: each states its finding in its title,
 * labels its bars and lines directly and shows n/a as n/a.  Figures come
 * from the report's tidy table only. */
#include <math.h>
#include <string.h>

#include "revpack/chart.h"
#include "revpack/fmt.h"

#define M 24.0                  /* outer margin */
#define FOOT 30.0               /* footer band */

struct box {
    double x0, y0, x1, y1;
};

static const char *na(const struct rp_render *rr)
{
    return rp_tr(rr->tr, "status.na");
}

static void pct0(double v, char *b, size_t n)
{
    rp_fmt_pct(v, 0, b, n);
}

static void count(double v, char *b, size_t n)
{
    rp_fmt_count(v, b, n);
}

/* Title (the finding), an optional line under it and the footer; returns
 * the box left for the plot. */
static struct box frame(struct rp_canvas *c, const struct rp_render *rr,
                        const char *id, const char *sub)
{
    g_autofree char *title = rp_chart_title(rr, id);
    g_autofree char *pack = rp_render_title(rr);
    g_autofree char *as_of = rp_render_as_of(rr);
    g_autofree char *foot = g_strdup_printf("%s \xc2\xb7 %s \xc2\xb7 revpack",
                                            pack, as_of);
    double y = 16;

    y += rp_canvas_text(c, title, M, y, c->w - 2 * M, 17, RP_TX_BOLD | RP_TX_WRAP,
                      RP_INK);
    if (sub && *sub)
        y += 2 + rp_canvas_text(c, sub, M, y + 2, c->w - 2 * M, 12.5, RP_TX_WRAP,
                              RP_GREY);
    rp_canvas_text(c, foot, M, c->h - 20, c->w - 2 * M, 10, 0, RP_GREY);
    return (struct box){M, y + 16, c->w - M, c->h - FOOT};
}

/* A straight line from (x0, y0) to (x1, y1). */
static void line(cairo_t *cr, double x0, double y0, double x1, double y1,
                 uint32_t rgb, double width, bool dashed)
{
    cairo_save(cr);
    rp_canvas_rgb(cr, rgb);
    cairo_set_line_width(cr, width);
    if (dashed) {
        double d[] = {6, 4};
        cairo_set_dash(cr, d, 2, 0);
    }
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void hline(cairo_t *cr, double x0, double x1, double y, uint32_t rgb,
                  double width, bool dashed)
{
    line(cr, x0, y, x1, y, rgb, width, dashed);
}

static void vline(cairo_t *cr, double x, double y0, double y1, uint32_t rgb,
                  double width, bool dashed)
{
    line(cr, x, y0, x, y1, rgb, width, dashed);
}

static void rect(cairo_t *cr, double x, double y, double w, double h,
                 uint32_t rgb)
{
    rp_canvas_rgb(cr, rgb);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

/* A tick's text; @ref is the axis top, so every tick takes one unit. */
typedef void (*fmt_fn)(const struct rp_render *rr, double v, double ref,
                       char *b, size_t n);

static void fmt_count(const struct rp_render *rr, double v, double ref,
                      char *b, size_t n)
{
    (void)rr;
    (void)ref;
    count(v, b, n);
}

static void fmt_money(const struct rp_render *rr, double v, double ref,
                      char *b, size_t n)
{
    rp_fmt_money_as(v, ref, rr->prof->currency, rp_tr(rr->tr, "number.compact"),
                    b, n);
}

/* A value axis on the left of @b from 0 (or below) to @hi with grid
 * lines; returns the top of the scale and narrows @b to the plot. */
static double y_axis(struct rp_canvas *c, const struct rp_render *rr,
                     struct box *b, double lo, double hi, fmt_fn f,
                     const char *unit)
{
    double ticks[32];
    int n = rp_canvas_ticks(lo, hi, 5, ticks);
    double wmax = 0;
    char buf[64];

    for (int i = 0; i < n; i++) {
        f(rr, ticks[i], ticks[n - 1], buf, sizeof(buf));
        wmax = MAX(wmax, rp_canvas_text_width(c, buf, 11, 0));
    }
    if (unit && *unit) {
        rp_canvas_text(c, unit, b->x0, b->y0 - 4, 0, 11, 0, RP_GREY);
        b->y0 += 22;
    }
    double x = b->x0 + wmax + 8;
    double top = ticks[n - 1], bottom = ticks[0];
    for (int i = 0; i < n; i++) {
        double y = b->y1 - (ticks[i] - bottom) / (top - bottom) * (b->y1 - b->y0);
        hline(c->cr, x, b->x1, y, ticks[i] == 0 ? RP_GREY : RP_LIGHT, 1, false);
        f(rr, ticks[i], top, buf, sizeof(buf));
        rp_canvas_text(c, buf, x - 6, y, wmax, 11, RP_TX_RIGHT | RP_TX_MIDDLE,
                     RP_GREY);
    }
    b->x0 = x;
    return top;
}

/* Category labels under @n slots of @b: every one when they fit, else
 * every 2nd, 3rd, 4th, 6th or 12th, so none is cut or overlaps. */
static void x_labels(struct rp_canvas *c, const struct box *b,
                     const char *const *labels,
                     int n)
{
    static const int steps[] = {1, 2, 3, 4, 6, 12};
    double slot = (b->x1 - b->x0) / n, widest = 0;
    int every = 12;
    for (int i = 0; i < n; i++)
        widest = MAX(widest, rp_canvas_text_width(c, labels[i], 11, 0));
    for (size_t k = 0; k < G_N_ELEMENTS(steps); k++)
        if (widest <= slot * steps[k] - 6) {
            every = steps[k];
            break;
        }
    for (int i = 0; i < n; i += every)
        rp_canvas_text(c, labels[i], b->x0 + slot * (i + 0.5), b->y1 + 5,
                     slot * every - 4, 11, RP_TX_CENTER, RP_GREY);
}

/* ---- funnel --------------------------------------------------------------- */

static bool stage_count(const struct rp_render *rr, int s, double *v)
{
    return rp_report_value(rr->r, RP_MET_FUNNEL_COUNT_LEAD + s, RP_GRP_ALL,
                           "all", v);
}

static char *title_funnel(const struct rp_render *rr)
{
    double lead, mql, won, rate;
    char a[32], b[32], p[32], w[32];
    if (!stage_count(rr, RP_STAGE_LEAD, &lead) || lead == 0)
        return rp_tr_fmt(rr->tr, "chart_title.funnel_none", "period",
                      rr->period_key, NULL);
    stage_count(rr, RP_STAGE_MQL, &mql);
    stage_count(rr, RP_STAGE_WON, &won);
    rate = mql / lead;
    count(lead, a, sizeof(a));
    count(mql, b, sizeof(b));
    pct0(rate, p, sizeof(p));
    count(won, w, sizeof(w));
    return rp_tr_fmt(rr->tr, "chart_title.funnel", "lead", a, "mql", b, "rate", p,
                  "won", w, "period", rr->period_key, NULL);
}

static void draw_funnel(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "funnel", rp_tr(rr->tr, "chart_sub.funnel"));
    double v[RP_N_STAGES], max = 0;
    bool ok[RP_N_STAGES];
    double label_w = 150, row = (b.y1 - b.y0) / RP_N_STAGES;
    char buf[64];

    for (int s = 0; s < RP_N_STAGES; s++) {
        ok[s] = stage_count(rr, s, &v[s]);
        if (ok[s])
            max = MAX(max, v[s]);
    }
    double x0 = b.x0 + label_w, x1 = b.x1 - 170;
    for (int s = 0; s < RP_N_STAGES; s++) {
        double y = b.y0 + s * row, bh = row * 0.62;
        rp_canvas_text(c, rp_tr_group(rr->tr, "stage", rp_model_stage_names[s]), x0 - 10,
                     y + bh / 2, label_w - 10, 13, RP_TX_RIGHT | RP_TX_MIDDLE,
                     RP_INK);
        if (!ok[s]) {
            rp_canvas_text(c, na(rr), x0 + 4, y + bh / 2, 0, 13, RP_TX_MIDDLE,
                         RP_GREY);
            continue;
        }
        double w = max > 0 ? v[s] / max * (x1 - x0) : 0;
        rect(c->cr, x0, y, MAX(w, 1), bh, RP_BLUE);
        count(v[s], buf, sizeof(buf));
        rp_canvas_text(c, buf, x0 + w + 6, y + bh / 2, 0, 13,
                     RP_TX_BOLD | RP_TX_MIDDLE, RP_INK);
        if (s > 0) {
            char p[32];
            double r;
            if (rp_report_value(rr->r, RP_MET_FUNNEL_CONV_LEAD_MQL + s - 1,
                                RP_GRP_ALL, "all", &r))
                pct0(r, p, sizeof(p));
            else
                g_strlcpy(p, na(rr), sizeof(p));
            g_autofree char *t = rp_tr_fmt(rr->tr, "chart.conv_from_prev", "rate",
                                        p, NULL);
            double tw = rp_canvas_text_width(c, buf, 13, RP_TX_BOLD);
            rp_canvas_text(c, t, x0 + w + 14 + tw, y + bh / 2, 150, 11.5,
                         RP_TX_MIDDLE, RP_GREY);
        }
    }
}

/* ---- stage flow time (SPEC 4.7) ------------------------------------------- */

static const char *const flow_ids[6] = {"lead_mql", "mql_sal", "sal_sql",
                                        "sql_opportunity", "opportunity_won",
                                        "lead_won"};

static bool flow_stat(const struct rp_render *rr, int pair, int stat,
                      double *v)
{
    return rp_report_value(rr->r, RP_MET_FLOW_LEAD_MQL_N + pair * 4 + stat,
                           RP_GRP_ALL, "all", v);
}

/* The slowest step by its median, and its share of lead to won. */
static char *title_flow(const struct rp_render *rr)
{
    int slow = -1;
    double most = -1, v, total;
    char d[32], sh[32], t[32];

    for (int p = 0; p < 5; p++)
        if (flow_stat(rr, p, 1, &v) && v > most) {
            most = v;
            slow = p;
        }
    if (slow < 0)
        return rp_tr_fmt(rr->tr, "chart_title.flow_none", "period",
                         rr->period_key, NULL);
    rp_fmt_fixed(most, most < 10 ? 1 : 0, d, sizeof(d));
    const char *pair = rp_tr_group(rr->tr, "flow", flow_ids[slow]);
    if (!flow_stat(rr, 5, 1, &total) || total <= 0)
        return rp_tr_fmt(rr->tr, "chart_title.flow_alone", "pair", pair,
                         "days", d, NULL);
    pct0(most / total, sh, sizeof(sh));
    rp_fmt_fixed(total, total < 10 ? 1 : 0, t, sizeof(t));
    return rp_tr_fmt(rr->tr, "chart_title.flow", "pair", pair, "days", d,
                     "share", sh, "total", t, NULL);
}

/* Each step's median as a bar, its 90th percentile as a whisker, the
 * number of leads beside; lead to won below, apart. */
static void draw_flow(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "flow", rp_tr(rr->tr, "chart_sub.flow"));
    double label_w = 170, max = 0, v;
    double x0 = b.x0 + label_w, x1 = b.x1 - 150;
    char buf[64];

    for (int p = 0; p < 6; p++)
        if (flow_stat(rr, p, 2, &v))
            max = MAX(max, v);
    double ticks[32];
    int nt = rp_canvas_ticks(0, max > 0 ? max : 1, 5, ticks);
    double top = ticks[nt - 1], axis_y = b.y1 - 16;
    for (int i = 0; i < nt; i++) {
        double x = x0 + ticks[i] / top * (x1 - x0);
        vline(c->cr, x, b.y0, axis_y, i ? RP_LIGHT : RP_GREY, 1, false);
        rp_fmt_fixed(ticks[i], ticks[nt - 1] < 5 ? 1 : 0, buf, sizeof(buf));
        rp_canvas_text(c, buf, x, axis_y + 3, 0, 11, RP_TX_CENTER, RP_GREY);
    }
    rp_canvas_text(c, rp_tr(rr->tr, "axis.days"), x1 + 26, axis_y + 3, 0, 11,
                   0, RP_GREY);
    double row = (axis_y - b.y0 - 12) / 6;
    for (int p = 0; p < 6; p++) {
        double y = b.y0 + p * row + row / 2 + (p == 5 ? 12 : 0);
        double bh = MIN(row * 0.55, 24), med, p90, n = 0;
        if (p == 5)
            hline(c->cr, b.x0, b.x1, y - row / 2 - 6, RP_LIGHT, 1, false);
        rp_canvas_text(c, rp_tr_group(rr->tr, "flow", flow_ids[p]), x0 - 10,
                       y, label_w - 10, 13,
                       RP_TX_RIGHT | RP_TX_MIDDLE | (p == 5 ? RP_TX_BOLD : 0),
                       RP_INK);
        flow_stat(rr, p, 0, &n);
        if (!flow_stat(rr, p, 1, &med)) {
            rp_canvas_text(c, na(rr), x0 + 4, y, 0, 12, RP_TX_MIDDLE, RP_GREY);
            continue;
        }
        double xm = x0 + med / top * (x1 - x0);
        rect(c->cr, x0, y - bh / 2, MAX(xm - x0, 1), bh,
             p == 5 ? RP_ORANGE : RP_BLUE);
        double xr = xm;
        if (flow_stat(rr, p, 2, &p90)) {
            xr = x0 + p90 / top * (x1 - x0);
            hline(c->cr, xm, xr, y, RP_INK, 1.5, false);
            vline(c->cr, xr, y - 5, y + 5, RP_INK, 1.5, false);
        }
        char d[32], ns[32];
        rp_fmt_fixed(med, med < 10 ? 1 : 0, d, sizeof(d));
        count(n, ns, sizeof(ns));
        g_autofree char *t = rp_tr_fmt(rr->tr, "chart.flow_label", "days", d,
                                       "n", ns, NULL);
        rp_canvas_text(c, t, xr + 8, y, b.x1 - xr - 8, 12, RP_TX_MIDDLE,
                       RP_INK);
    }
}

/* ---- win rate by source -------------------------------------------------- */

struct src_rate {
    const char *key;
    double rate, lo, hi, n;
    bool ok;
};

static gint by_rate(gconstpointer a, gconstpointer b)
{
    const struct src_rate *x = a, *y = b;
    if (x->ok != y->ok)
        return x->ok ? -1 : 1;
    if (x->ok && x->rate != y->rate)
        return x->rate > y->rate ? -1 : 1;
    return strcmp(x->key, y->key);
}

static GArray *source_rates(const struct rp_render *rr)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(struct src_rate));
    g_autoptr(GPtrArray) rows = rp_report_rows(rr->r, RP_MET_WINRATE, RP_GRP_SOURCE);
    for (guint i = 0; i < rows->len; i++) {
        const struct rp_mrow *m = g_ptr_array_index(rows, i);
        struct src_rate s = {m->key, m->value, 0, 0, m->den,
                             (m->has & RP_M_VALUE) != 0};
        rp_report_value(rr->r, RP_MET_WINRATE_CI_LOW, RP_GRP_SOURCE, m->key, &s.lo);
        rp_report_value(rr->r, RP_MET_WINRATE_CI_HIGH, RP_GRP_SOURCE, m->key, &s.hi);
        g_array_append_val(out, s);
    }
    g_array_sort(out, by_rate);
    return out;
}

/* Names a best and a worst source only when both have at least
 * rank_min_closed closed deals and their 95% intervals do not overlap:
 * otherwise the ranking could be chance, and the title says so. */
static char *title_winrate(const struct rp_render *rr)
{
    g_autoptr(GArray) s = source_rates(rr);
    const struct src_rate *best = NULL, *worst = NULL;
    double won, closed;
    char a[32], b[32], n1[32], n2[32];

    for (guint i = 0; i < s->len; i++) {
        const struct src_rate *x = &g_array_index(s, struct src_rate, i);
        if (!x->ok || x->n < rr->prof->rank_min_closed)
            continue;
        if (!best)
            best = x;   /* sorted by rate, highest first */
        worst = x;
    }
    const struct rp_mrow *all = rp_report_row(rr->r, RP_MET_WINRATE,
                                              RP_GRP_ALL, "all");
    if (!all || !(all->has & RP_M_VALUE))
        return rp_tr_fmt(rr->tr, "chart_title.winrate_none", "period",
                         rr->period_key, NULL);
    won = all->num;
    closed = all->den;
    if (!best || best == worst) {
        char m[32], w[32], c[32];
        pct0(all->value, a, sizeof(a));
        count(won, w, sizeof(w));
        count(closed, c, sizeof(c));
        g_snprintf(m, sizeof(m), "%" G_GINT64_FORMAT,
                   rr->prof->rank_min_closed);
        return rp_tr_fmt(rr->tr, "chart_title.winrate_few", "won", w,
                         "closed", c, "rate", a, "min", m, NULL);
    }
    pct0(best->rate, a, sizeof(a));
    pct0(worst->rate, b, sizeof(b));
    count(best->n, n1, sizeof(n1));
    count(worst->n, n2, sizeof(n2));
    return rp_tr_fmt(rr->tr,
                     best->lo > worst->hi ? "chart_title.winrate"
                                          : "chart_title.winrate_overlap",
                     "best", best->key, "best_rate", a, "best_n", n1, "worst",
                     worst->key, "worst_rate", b, "worst_n", n2, NULL);
}

static void draw_winrate(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "winrate", rp_tr(rr->tr, "chart_sub.winrate"));
    g_autoptr(GArray) s = source_rates(rr);
    double label_w = 170, ticks[32];
    double x0 = b.x0 + label_w, x1 = b.x1 - 110;
    char buf[64];

    if (s->len == 0) {
        rp_canvas_text(c, na(rr), (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, 0, 16,
                     RP_TX_CENTER | RP_TX_MIDDLE, RP_GREY);
        return;
    }
    /* axis 0..100% along the bottom */
    double axis_y = b.y1 - 16;
    int nt = rp_canvas_ticks(0, 1, 4, ticks);
    for (int i = 0; i < nt; i++) {
        double x = x0 + ticks[i] * (x1 - x0);
        vline(c->cr, x, b.y0, axis_y, i ? RP_LIGHT : RP_GREY, 1, false);
        pct0(ticks[i], buf, sizeof(buf));
        rp_canvas_text(c, buf, x, axis_y + 3, 0, 11, RP_TX_CENTER, RP_GREY);
    }
    double row = (axis_y - b.y0) / s->len;
    for (guint i = 0; i < s->len; i++) {
        const struct src_rate *r = &g_array_index(s, struct src_rate, i);
        double y = b.y0 + i * row + row / 2, bh = MIN(row * 0.6, 26);
        rp_canvas_text(c, r->key, x0 - 10, y, label_w - 10, 13,
                     RP_TX_RIGHT | RP_TX_MIDDLE, RP_INK);
        if (!r->ok) {
            g_autofree char *t = rp_tr_fmt(rr->tr, "chart.winrate_na", NULL);
            rp_canvas_text(c, t, x0 + 4, y, x1 - x0, 12, RP_TX_MIDDLE, RP_GREY);
            continue;
        }
        rect(c->cr, x0, y - bh / 2, MAX(r->rate * (x1 - x0), 1), bh, RP_BLUE);
        /* Wilson interval */
        double lx = x0 + r->lo * (x1 - x0), hx = x0 + r->hi * (x1 - x0);
        hline(c->cr, lx, hx, y, RP_INK, 1.5, false);
        vline(c->cr, lx, y - 5, y + 5, RP_INK, 1.5, false);
        vline(c->cr, hx, y - 5, y + 5, RP_INK, 1.5, false);
        char p[32], n[32];
        pct0(r->rate, p, sizeof(p));
        count(r->n, n, sizeof(n));
        g_autofree char *t = rp_tr_fmt(rr->tr, "chart.rate_n", "rate", p, "n", n,
                                    NULL);
        rp_canvas_text(c, t, hx + 8, y, b.x1 - hx - 8, 12, RP_TX_MIDDLE, RP_INK);
    }
}

/* ---- velocity trend -------------------------------------------------------- */

/* Trend rows of @metric: keys and values; false where n/a. */
struct series {
    guint n;
    const char **keys;
    double *v;
    bool *ok;
};

static void series_load(struct series *s, const struct rp_render *rr,
                        enum rp_metric metric)
{
    g_autoptr(GPtrArray) rows = rp_report_rows(rr->r, metric, rp_report_trend_group(rr->r));
    s->n = rows->len;
    s->keys = g_new0(const char *, rows->len + 1);
    s->v = g_new0(double, rows->len + 1);
    s->ok = g_new0(bool, rows->len + 1);
    for (guint i = 0; i < rows->len; i++) {
        const struct rp_mrow *m = g_ptr_array_index(rows, i);
        s->keys[i] = m->key;
        s->ok[i] = (m->has & RP_M_VALUE) != 0;
        s->v[i] = m->value;
    }
}

static void series_free(struct series *s)
{
    g_free(s->keys);
    g_free(s->v);
    g_free(s->ok);
}

/* The period against the one before it (the trend's last two points). */
static char *title_velocity(const struct rp_render *rr)
{
    struct series s;
    char a[32], b[32], key[48];
    char *t;

    series_load(&s, rr, RP_MET_VELOCITY);
    guint last = s.n ? s.n - 1 : 0;
    if (!s.n || !s.ok[last]) {
        t = rp_tr_fmt(rr->tr, "chart_title.velocity_none", "period",
                      rr->period_key, NULL);
    } else if (last == 0 || !s.ok[last - 1]) {
        rp_render_money(rr, s.v[last], true, b, sizeof(b));
        t = rp_tr_fmt(rr->tr, "chart_title.velocity_first", "now", b,
                      "period", s.keys[last], NULL);
    } else {
        double from = s.v[last - 1], d = s.v[last] - from;
        rp_render_money(rr, from, true, a, sizeof(a));
        rp_render_money(rr, s.v[last], true, b, sizeof(b));
        g_snprintf(key, sizeof(key), "chart_title.velocity_%s",
                   fabs(d) < 0.005 * fabs(from) ? "same"
                   : d > 0                      ? "up"
                                                : "down");
        t = rp_tr_fmt(rr->tr, key, "from", a, "now", b, "prev",
                      s.keys[last - 1], "period", s.keys[last], NULL);
    }
    series_free(&s);
    return t;
}

static void draw_velocity(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "velocity", rp_tr(rr->tr, "chart_sub.velocity"));
    struct series s;
    double max = 0, prev_x = 0, prev_y = 0;
    bool have_prev = false;
    char buf[64];

    series_load(&s, rr, RP_MET_VELOCITY);
    for (guint i = 0; i < s.n; i++)
        if (s.ok[i])
            max = MAX(max, s.v[i]);
    b.y1 -= 20;
    b.x1 -= 70;
    double top = y_axis(c, rr, &b, 0, max > 0 ? max * 1.1 : 1, fmt_money,
                        rp_tr(rr->tr, "axis.velocity"));
    x_labels(c, &b, s.keys, (int)s.n);
    double slot = (b.x1 - b.x0) / MAX(s.n, 1);
    cairo_t *cr = c->cr;
    for (guint i = 0; i < s.n; i++) {
        double x = b.x0 + slot * (i + 0.5);
        if (!s.ok[i]) {
            rp_canvas_text(c, na(rr), x, b.y1 - 14, 0, 10, RP_TX_CENTER, RP_GREY);
            have_prev = false;
            continue;
        }
        double y = b.y1 - s.v[i] / top * (b.y1 - b.y0);
        if (have_prev) {
            rp_canvas_rgb(cr, RP_BLUE);
            cairo_set_line_width(cr, 2.5);
            cairo_move_to(cr, prev_x, prev_y);
            cairo_line_to(cr, x, y);
            cairo_stroke(cr);
        }
        rp_canvas_rgb(cr, RP_BLUE);
        cairo_new_path(cr);     /* no line from where the text left off */
        cairo_arc(cr, x, y, 4, 0, 2 * G_PI);
        cairo_fill(cr);
        if (i + 1 == s.n || s.v[i] == max) {
            rp_render_money_as(rr, s.v[i], max, buf, sizeof(buf));
            rp_canvas_text(c, buf, x, y - 20, 0, 12, RP_TX_CENTER | RP_TX_BOLD,
                         RP_INK);
        }
        prev_x = x;
        prev_y = y;
        have_prev = true;
    }
    series_free(&s);
}

/* ---- MQL volume ---------------------------------------------------------- */

static char *title_mql_volume(const struct rp_render *rr)
{
    const struct rp_mrow *m = rp_report_row(rr->r, RP_MET_SLA_M1, RP_GRP_ALL, "all");
    double need;
    char n[32], t[32], nd[32];
    count(m->value, n, sizeof(n));
    count(m->target, t, sizeof(t));
    if (rp_report_needed_mqls(rr->r, &need))
        count(need, nd, sizeof(nd));
    else
        g_strlcpy(nd, na(rr), sizeof(nd));
    return rp_tr_fmt(rr->tr, m->status == RP_ST_PASS ? "chart_title.mql_pass"
                                                  : "chart_title.mql_fail",
                  "now", n, "target", t, "needed", nd, "period",
                  rr->period_key, NULL);
}

static void draw_mql_volume(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "mql_volume",
                         rp_tr(rr->tr, "chart_sub.mql_volume"));
    struct series s;
    double max = 0, need = 0, target = 0;
    bool has_need = rp_report_needed_mqls(rr->r, &need);
    const struct rp_mrow *m1 = rp_report_row(rr->r, RP_MET_SLA_M1, RP_GRP_ALL, "all");
    char buf[64];

    if (m1 && (m1->has & RP_M_TARGET))
        target = m1->target;
    series_load(&s, rr, RP_MET_SLA_M1);
    for (guint i = 0; i < s.n; i++)
        if (s.ok[i])
            max = MAX(max, s.v[i]);
    max = MAX(max, target);
    if (has_need)
        max = MAX(max, need);
    b.y1 -= 20;
    b.x1 -= 120;        /* room for the line labels */
    double top = y_axis(c, rr, &b, 0, max > 0 ? max * 1.08 : 1, fmt_count,
                        rp_tr(rr->tr, "axis.mqls"));
    x_labels(c, &b, s.keys, (int)s.n);
    double slot = (b.x1 - b.x0) / MAX(s.n, 1);
    for (guint i = 0; i < s.n; i++) {
        double x = b.x0 + slot * (i + 0.5);
        if (!s.ok[i])
            continue;
        double h = s.v[i] / top * (b.y1 - b.y0);
        rect(c->cr, x - slot * 0.32, b.y1 - h, slot * 0.64, h,
             i + 1 == s.n ? RP_BLUE : RP_SKY);
    }
    /* direct labels at the right end, pushed apart if they would touch */
    double ty = b.y1 - target / top * (b.y1 - b.y0);
    double ny = has_need ? b.y1 - need / top * (b.y1 - b.y0) : 0;
    hline(c->cr, b.x0, b.x1, ty, RP_INK, 1.5, true);
    count(target, buf, sizeof(buf));
    g_autofree char *tl = rp_tr_fmt(rr->tr, "chart.sla_line", "n", buf, NULL);
    double tly = ty, nly = ny;
    if (has_need && fabs(ty - ny) < 16) {
        tly = ty < ny ? ty - 8 : ty + 8;
        nly = ty < ny ? ny + 8 : ny - 8;
    }
    rp_canvas_text(c, tl, b.x1 + 6, tly, 114, 11.5, RP_TX_MIDDLE | RP_TX_BOLD,
                 RP_INK);
    if (has_need) {
        hline(c->cr, b.x0, b.x1, ny, RP_VERMILION, 2, true);
        count(need, buf, sizeof(buf));
        g_autofree char *nl = rp_tr_fmt(rr->tr, "chart.needed_line", "n", buf,
                                     NULL);
        rp_canvas_text(c, nl, b.x1 + 6, nly, 114, 11.5,
                     RP_TX_MIDDLE | RP_TX_BOLD, RP_VERMILION);
    }
    /* value labels last, on a white ground, so a line never strikes one */
    for (guint i = 0; i < s.n; i++) {
        double x = b.x0 + slot * (i + 0.5);
        if (!s.ok[i]) {     /* no bar is not a bar of 0: say so */
            rp_canvas_text(c, na(rr), x, b.y1 - 15, 0, 10.5, RP_TX_CENTER,
                           RP_GREY);
            continue;
        }
        double h = s.v[i] / top * (b.y1 - b.y0);
        count(s.v[i], buf, sizeof(buf));
        double tw = rp_canvas_text_width(c, buf, 10.5, 0);
        if (tw > slot)
            continue;
        rect(c->cr, x - tw / 2 - 2, b.y1 - h - 16, tw + 4, 14, 0xFFFFFF);
        rp_canvas_text(c, buf, x, b.y1 - h - 15, 0, 10.5, RP_TX_CENTER,
                       RP_INK);
    }
    series_free(&s);
}

/* ---- SLA scorecard ------------------------------------------------------ */

static char *title_scorecard(const struct rp_render *rr)
{
    int passing = 0, measured = 0;
    rp_render_sla_tally(rr, NULL, &passing, &measured);
    const struct rp_render_sla *worst = rp_render_sla_worst(rr);
    char p[16], n[16], v[32], t[32];
    g_snprintf(p, sizeof(p), "%d", passing);
    g_snprintf(n, sizeof(n), "%d", measured);
    if (!worst)
        return rp_tr_fmt(rr->tr, "chart_title.scorecard_all", "passing", p,
                         "measured", n, "period", rr->period_key, NULL);
    const struct rp_mrow *m = rp_report_row(rr->r, worst->metric, RP_GRP_ALL,
                                            "all");
    if (worst->is_count) {
        count(m->value, v, sizeof(v));
        count(m->target, t, sizeof(t));
    } else {
        pct0(m->value, v, sizeof(v));
        pct0(m->target, t, sizeof(t));
    }
    g_autofree char *id = g_ascii_strup(worst->id, -1);
    return rp_tr_fmt(rr->tr, "chart_title.scorecard", "passing", p,
                     "measured", n, "period", rr->period_key, "sla", id,
                     "now", v, "target", t, NULL);
}

static void draw_scorecard(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "sla_scorecard",
                         rp_tr(rr->tr, "chart_sub.sla_scorecard"));
    double label_w = 290, x0 = b.x0 + label_w, x1 = b.x1 - 150;
    double row = (b.y1 - b.y0 - 16) / G_N_ELEMENTS(rp_render_slas);
    char buf[96], v[32], t[32];

    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(rr->r, s->metric, RP_GRP_ALL, "all");
        double y = b.y0 + i * row + row / 2, bh = MIN(row * 0.6, 20);
        g_autofree char *name = rp_render_sla_name(rr, s);
        g_autofree char *id = g_ascii_strup(s->id, -1);
        g_autofree char *label = g_strdup_printf("%s  %s", id, name);
        rp_canvas_text(c, label, x0 - 10, y, label_w - 10, 12.5,
                     RP_TX_RIGHT | RP_TX_MIDDLE, RP_INK);
        rect(c->cr, x0, y - bh / 2, x1 - x0, bh, 0xF2F2F2);
        if (!m || !(m->has & RP_M_VALUE)) {
            g_autofree char *reason = rp_render_sla_na_reason(rr, s);
            g_autofree char *why = g_strdup_printf("%s: %s", na(rr), reason);
            rp_canvas_text(c, why, x0 + 6, y, b.x1 - x0 - 6, 11.5, RP_TX_MIDDLE,
                         RP_GREY);
            continue;
        }
        /* M1 is a count: its bar is the share of its target, capped */
        double frac = s->is_count ? (m->target > 0 ? m->value / m->target : 1)
                                  : m->value;
        double tfrac = s->is_count ? 1 : m->target;
        bool pass = m->status == RP_ST_PASS;
        rect(c->cr, x0, y - bh / 2, MIN(frac, 1) * (x1 - x0), bh,
             pass ? RP_BLUE : RP_VERMILION);
        vline(c->cr, x0 + MIN(tfrac, 1) * (x1 - x0), y - bh / 2 - 4,
              y + bh / 2 + 4, RP_INK, 2, false);
        if (s->is_count) {
            count(m->value, v, sizeof(v));
            count(m->target, t, sizeof(t));
        } else {
            pct0(m->value, v, sizeof(v));
            pct0(m->target, t, sizeof(t));
        }
        g_snprintf(buf, sizeof(buf), "%s / %s  %s", v, t,
                   rp_render_status_word(rr, m));
        rp_canvas_text(c, buf, x1 + 8, y, b.x1 - x1 - 8, 12,
                     RP_TX_MIDDLE | RP_TX_BOLD, pass ? RP_INK : RP_VERMILION);
    }
    g_autofree char *legend = rp_tr_fmt(rr->tr, "chart.scorecard_legend", NULL);
    rp_canvas_text(c, legend, x0, b.y1 - 12, x1 - x0, 10.5, 0, RP_GREY);
}

/* ---- first-touch hours ------------------------------------------------- */

/* In the scorecard's own terms: S1's numerator and denominator (MQLs
 * touched in time, of the MQLs touched or past the limit untouched). */
static char *title_first_touch(const struct rp_render *rr)
{
    const struct rp_mrow *s1 = rp_report_row(rr->r, RP_MET_SLA_S1, RP_GRP_ALL,
                                             "all");
    double med;
    char w[32], a[32], p[32], md[32], lim[32];

    if (!s1 || !(s1->has & RP_M_VALUE))
        return rp_tr_fmt(rr->tr, "chart_title.first_touch_none", NULL);
    count(s1->num, w, sizeof(w));
    count(s1->den, a, sizeof(a));
    pct0(s1->value, p, sizeof(p));
    rp_fmt_fixed(rr->prof->first_touch_hours, 0, lim, sizeof(lim));
    if (rp_report_value(rr->r, RP_MET_SLA_S1_FIRST_TOUCH_MEDIAN, RP_GRP_ALL,
                        "all", &med))
        rp_fmt_fixed(med, 1, md, sizeof(md));
    else
        g_strlcpy(md, na(rr), sizeof(md));
    return rp_tr_fmt(rr->tr, "chart_title.first_touch", "met", w, "of", a,
                     "rate", p, "n", lim, "unit",
                     rp_tr(rr->tr, rr->prof->first_touch_business
                                       ? "unit.business_hours"
                                       : "unit.hours"),
                     "median", md, NULL);
}

static void draw_first_touch(struct rp_canvas *c, const struct rp_render *rr)
{
    const struct rp_mrow *s1 = rp_report_row(rr->r, RP_MET_SLA_S1, RP_GRP_ALL, "all");
    g_autoptr(GPtrArray) bins = rp_report_rows(rr->r, RP_MET_SLA_S1_FIRST_TOUCH_HIST,
                                        RP_GRP_HOURS);
    double max = 0, touched = 0;
    char buf[64];

    for (guint i = 0; i < bins->len; i++) {
        const struct rp_mrow *m = g_ptr_array_index(bins, i);
        max = MAX(max, m->value);
        touched += m->value;
    }
    char u[32];
    count(s1 && (s1->has & RP_M_DEN) ? s1->den - touched : 0, u, sizeof(u));
    g_autofree char *sub = rp_tr_fmt(rr->tr, "chart_sub.first_touch", "untouched",
                                  u, NULL);
    struct box b = frame(c, rr, "first_touch", sub);
    if (bins->len == 0) {
        rp_canvas_text(c, na(rr), (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, 0, 16,
                     RP_TX_CENTER | RP_TX_MIDDLE, RP_GREY);
        return;
    }
    b.y1 -= 36;
    double top = y_axis(c, rr, &b, 0, max > 0 ? max * 1.12 : 1, fmt_count,
                        rp_tr(rr->tr, "axis.mqls"));
    const char **labels = g_new0(const char *, bins->len + 1);
    for (guint i = 0; i < bins->len; i++)
        labels[i] = ((struct rp_mrow *)g_ptr_array_index(bins, i))->key;
    x_labels(c, &b, labels, (int)bins->len);
    g_free(labels);
    double slot = (b.x1 - b.x0) / bins->len;
    for (guint i = 0; i < bins->len; i++) {
        const struct rp_mrow *m = g_ptr_array_index(bins, i);
        double x = b.x0 + slot * i, h = m->value / top * (b.y1 - b.y0);
        rect(c->cr, x + slot * 0.08, b.y1 - h, slot * 0.84, h,
             i < 4 ? RP_BLUE : RP_VERMILION);
        count(m->value, buf, sizeof(buf));
        rp_canvas_text(c, buf, x + slot / 2, b.y1 - h - 16, 0, 11.5,
                     RP_TX_CENTER | RP_TX_BOLD, RP_INK);
    }
    double lx = b.x0 + slot * 4;
    vline(c->cr, lx, b.y0, b.y1, RP_INK, 2, true);
    char lim[32];
    rp_fmt_fixed(rr->prof->first_touch_hours, 0, lim, sizeof(lim));
    g_autofree char *ll = rp_tr_fmt(rr->tr, "chart.limit_line", "n", lim, "unit",
                                 rp_tr(rr->tr, rr->prof->first_touch_business
                                                   ? "unit.business_hours"
                                                   : "unit.hours"),
                                 NULL);
    rp_canvas_text(c, ll, lx + 6, b.y0 + 2, b.x1 - lx - 6, 12, RP_TX_BOLD,
                 RP_INK);
    rp_canvas_text(c, rp_tr(rr->tr, "axis.first_touch_hours"),
                 (b.x0 + b.x1) / 2, b.y1 + 22, 0, 11.5, RP_TX_CENTER, RP_GREY);
}

/* ---- pipeline created and revenue won per source per month ------------- */

#define MAX_SOURCES 5           /* the rest are "Other" */

struct stack {
    guint n_months, n_src;
    const char **months;        /* (transfer none) */
    char *src[MAX_SOURCES];     /* (owned) the named sources */
    double *v[2];               /* [pipeline|revenue][month * slots + src] */
    double total[2];
    bool other;
};

static gint by_total_desc(gconstpointer a, gconstpointer b, gpointer data)
{
    GHashTable *tot = data;
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    double *tx = g_hash_table_lookup(tot, x), *ty = g_hash_table_lookup(tot, y);
    if (*tx != *ty)
        return *tx > *ty ? -1 : 1;
    return strcmp(x, y);
}

static void stack_load(struct stack *st, const struct rp_render *rr)
{
    static const enum rp_metric metric[2] = {RP_MET_PIPELINE_CREATED,
                                            RP_MET_REVENUE_WON};
    g_autoptr(GPtrArray) months = rp_report_rows(rr->r, RP_MET_PIPELINE_CREATED, RP_GRP_MONTH);
    g_autoptr(GHashTable) tot = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                      g_free, g_free);
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    memset(st, 0, sizeof(*st));
    st->n_months = months->len;
    st->months = g_new0(const char *, months->len + 1);
    for (guint i = 0; i < months->len; i++)
        st->months[i] = ((struct rp_mrow *)months->pdata[i])->key;
    /* rank sources by pipeline + revenue over the months shown */
    for (int k = 0; k < 2; k++) {
        g_autoptr(GPtrArray) rows = rp_report_rows(rr->r, metric[k], RP_GRP_SOURCE_MONTH);
        for (guint i = 0; i < rows->len; i++) {
            const struct rp_mrow *m = rows->pdata[i];
            const char *bar = strrchr(m->key, '|');
            g_autofree char *src = g_strndup(m->key, (gsize)(bar - m->key));
            double *t = g_hash_table_lookup(tot, src);
            if (!t) {
                t = g_new0(double, 1);
                g_hash_table_insert(tot, g_strdup(src), t);
            }
            *t += m->value;
        }
    }
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, tot);
    while (g_hash_table_iter_next(&it, &key, NULL))
        g_ptr_array_add(names, key);
    g_ptr_array_sort_with_data(names, by_total_desc, tot);
    st->n_src = MIN(names->len, MAX_SOURCES);
    st->other = names->len > MAX_SOURCES;
    guint slots = st->n_src + st->other;
    for (int k = 0; k < 2; k++) {
        st->v[k] = g_new0(double, st->n_months * slots + 1);
        g_autoptr(GPtrArray) rows = rp_report_rows(rr->r, metric[k], RP_GRP_SOURCE_MONTH);
        for (guint i = 0; i < rows->len; i++) {
            const struct rp_mrow *m = rows->pdata[i];
            const char *bar = strrchr(m->key, '|');
            guint mi = 0, si = slots - 1;
            while (mi < st->n_months && strcmp(st->months[mi], bar + 1))
                mi++;
            for (guint s = 0; s < st->n_src; s++)
                if (strlen(names->pdata[s]) == (size_t)(bar - m->key) &&
                    strncmp(names->pdata[s], m->key, bar - m->key) == 0)
                    si = s;
            if (mi < st->n_months) {
                st->v[k][mi * slots + si] += m->value;
                st->total[k] += m->value;
            }
        }
    }
    for (guint k = 0; k < st->n_src; k++)    /* names die with @tot */
        st->src[k] = g_strdup(names->pdata[k]);
}

static void stack_free(struct stack *st)
{
    g_free(st->months);
    for (guint k = 0; k < st->n_src; k++)
        g_free(st->src[k]);
    g_free(st->v[0]);
    g_free(st->v[1]);
}

static char *title_pipeline(const struct rp_render *rr)
{
    g_autoptr(GPtrArray) src = rp_report_rows(rr->r, RP_MET_PIPELINE_CREATED, RP_GRP_SOURCE);
    const struct rp_mrow *best = NULL;
    double total, won;
    char a[32], b[32], w[32];
    for (guint i = 0; i < src->len; i++) {
        const struct rp_mrow *m = src->pdata[i];
        if (!best || m->value > best->value)
            best = m;
    }
    if (!best || !rp_report_value(rr->r, RP_MET_PIPELINE_CREATED, RP_GRP_ALL, "all", &total) ||
        total <= 0)
        return rp_tr_fmt(rr->tr, "chart_title.pipeline_none", "period",
                      rr->period_key, NULL);
    rp_render_money(rr, best->value, true, a, sizeof(a));
    rp_render_money(rr, total, true, b, sizeof(b));
    if (!rp_report_value(rr->r, RP_MET_REVENUE_WON, RP_GRP_ALL, "all", &won))
        won = 0;
    rp_render_money(rr, won, true, w, sizeof(w));
    return rp_tr_fmt(rr->tr, "chart_title.pipeline", "source", best->key,
                  "amount", a, "total", b, "won", w, "period", rr->period_key,
                  NULL);
}

/* Five strong, distinct colours and grey: no low-contrast yellow. */
static const uint32_t stack_colours[MAX_SOURCES + 1] = {
    RP_BLUE, RP_ORANGE, RP_SKY, RP_GREEN, RP_VERMILION, 0xAAAAAA};

static void draw_pipeline(struct rp_canvas *c, const struct rp_render *rr)
{
    double won = 0;
    char w[32];
    rp_report_value(rr->r, RP_MET_REVENUE_WON, RP_GRP_ALL, "all", &won);
    rp_render_money(rr, won, true, w, sizeof(w));
    g_autofree char *sub = rp_tr_fmt(rr->tr, "chart_sub.pipeline_revenue",
                                     "won", w, "period", rr->period_key, NULL);
    struct box b = frame(c, rr, "pipeline_revenue", sub);
    struct stack st;
    static const char *const panel[2] = {"axis.pipeline", "axis.revenue"};

    stack_load(&st, rr);
    guint slots = st.n_src + st.other;
    double legend_w = 150;
    double ph = (b.y1 - b.y0 - 20) / 2;
    for (int k = 0; k < 2; k++) {
        struct box p = {b.x0, b.y0 + k * (ph + 20), b.x1 - legend_w,
                        b.y0 + k * (ph + 20) + ph - (k ? 16 : 4)};
        double max = 0;
        for (guint mi = 0; mi < st.n_months; mi++) {
            double sum = 0;
            for (guint s = 0; s < slots; s++)
                sum += st.v[k][mi * slots + s];
            max = MAX(max, sum);
        }
        double top = y_axis(c, rr, &p, 0, max > 0 ? max * 1.05 : 1, fmt_money,
                            rp_tr(rr->tr, panel[k]));
        if (k == 1)
            x_labels(c, &p, st.months, (int)st.n_months);
        double slot = (p.x1 - p.x0) / MAX(st.n_months, 1);
        for (guint mi = 0; mi < st.n_months; mi++) {
            double y = p.y1;
            for (guint s = 0; s < slots; s++) {
                double h = st.v[k][mi * slots + s] / top * (p.y1 - p.y0);
                if (h <= 0)
                    continue;
                rect(c->cr, p.x0 + slot * (mi + 0.15), y - h, slot * 0.7, h,
                     stack_colours[s < st.n_src ? s : MAX_SOURCES]);
                y -= h;
            }
        }
    }
    /* the legend: sources in stacking order, largest first */
    double ly = b.y0 + 4;
    for (guint s = 0; s < slots; s++) {
        const char *name = s < st.n_src ? st.src[s] : rp_tr(rr->tr, "chart.other");
        rect(c->cr, b.x1 - legend_w + 14, ly + 3, 12, 12,
             stack_colours[s < st.n_src ? s : MAX_SOURCES]);
        rp_canvas_text(c, name, b.x1 - legend_w + 32, ly, legend_w - 32, 12, 0,
                     RP_INK);
        ly += 20;
    }
    if (slots == 0)
        rp_canvas_text(c, na(rr), (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, 0, 16,
                     RP_TX_CENTER | RP_TX_MIDDLE, RP_GREY);
    stack_free(&st);
}

/* ---- spend: cost per MQL and CAC by source -------------------------------- */

static char *title_spend(const struct rp_render *rr)
{
    double total, per_mql, cac;
    char a[32], b[32], c[32];

    if (!rp_report_value(rr->r, RP_MET_SPEND_AMOUNT, RP_GRP_ALL, "all",
                         &total))
        return rp_tr_fmt(rr->tr, "chart_title.spend_none", NULL);
    rp_render_money(rr, total, true, a, sizeof(a));
    if (rp_report_value(rr->r, RP_MET_SPEND_COST_PER_MQL, RP_GRP_ALL, "all",
                        &per_mql))
        rp_render_money(rr, per_mql, true, b, sizeof(b));
    else
        g_strlcpy(b, na(rr), sizeof(b));
    if (rp_report_value(rr->r, RP_MET_SPEND_CAC, RP_GRP_ALL, "all", &cac))
        rp_render_money(rr, cac, true, c, sizeof(c));
    else
        g_strlcpy(c, na(rr), sizeof(c));
    return rp_tr_fmt(rr->tr, "chart_title.spend", "total", a, "per_mql", b,
                     "cac", c, "period", rr->period_key, NULL);
}

/* Spend per source as bars, its cost per MQL and per customer beside. */
static void draw_spend(struct rp_canvas *c, const struct rp_render *rr)
{
    struct box b = frame(c, rr, "spend", rp_tr(rr->tr, "chart_sub.spend"));
    g_autoptr(GPtrArray) src = rp_report_rows(rr->r, RP_MET_SPEND_AMOUNT,
                                              RP_GRP_SOURCE);
    double label_w = 150, text_w = 340, max = 0;
    double x0 = b.x0 + label_w, x1 = b.x1 - text_w;
    char buf[64];

    if (!src->len) {
        rp_canvas_text(c, na(rr), (b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, 0,
                       16, RP_TX_CENTER | RP_TX_MIDDLE, RP_GREY);
        return;
    }
    for (guint i = 0; i < src->len; i++)
        max = MAX(max, ((struct rp_mrow *)src->pdata[i])->value);
    double row = MIN((b.y1 - b.y0) / src->len, 40);
    for (guint i = 0; i < src->len; i++) {
        const struct rp_mrow *m = src->pdata[i];
        double y = b.y0 + i * row + row / 2, bh = MIN(row * 0.6, 22);
        double per_mql, cac;
        char p[32], q[32];
        rp_canvas_text(c, m->key, x0 - 10, y, label_w - 10, 13,
                       RP_TX_RIGHT | RP_TX_MIDDLE, RP_INK);
        double wbar = max > 0 ? m->value / max * (x1 - x0) : 0;
        rect(c->cr, x0, y - bh / 2, MAX(wbar, 1), bh, RP_BLUE);
        rp_render_money_as(rr, m->value, max, buf, sizeof(buf));
        rp_canvas_text(c, buf, x0 + wbar + 6, y, 0, 12,
                       RP_TX_MIDDLE | RP_TX_BOLD, RP_INK);
        if (rp_report_value(rr->r, RP_MET_SPEND_COST_PER_MQL, RP_GRP_SOURCE,
                            m->key, &per_mql))
            rp_render_money(rr, per_mql, false, p, sizeof(p));
        else
            g_strlcpy(p, na(rr), sizeof(p));
        if (rp_report_value(rr->r, RP_MET_SPEND_CAC, RP_GRP_SOURCE, m->key,
                            &cac))
            rp_render_money(rr, cac, false, q, sizeof(q));
        else
            g_strlcpy(q, na(rr), sizeof(q));
        g_autofree char *t = rp_tr_fmt(rr->tr, "chart.spend_per", "per_mql",
                                       p, "cac", q, NULL);
        rp_canvas_text(c, t, x1 + 80, y, text_w - 80, 12, RP_TX_MIDDLE,
                       RP_GREY);
    }
}

/* ---- the table of charts -------------------------------------------------- */

/* The charts a pack template may name.  Adding a chart is one line here
 * and its title and draw functions above (and its labels). */
static const struct {
    const char *id;
    char *(*title)(const struct rp_render *rr);
    void (*draw)(struct rp_canvas *c, const struct rp_render *rr);
} charts[] = {
    {"funnel", title_funnel, draw_funnel},
    {"flow", title_flow, draw_flow},
    {"winrate", title_winrate, draw_winrate},
    {"velocity", title_velocity, draw_velocity},
    {"mql_volume", title_mql_volume, draw_mql_volume},
    {"sla_scorecard", title_scorecard, draw_scorecard},
    {"first_touch", title_first_touch, draw_first_touch},
    {"pipeline_revenue", title_pipeline, draw_pipeline},
    {"spend", title_spend, draw_spend},
};

const char *rp_chart_id(size_t i)
{
    return i < G_N_ELEMENTS(charts) ? charts[i].id : NULL;
}

static int find(const char *id)
{
    for (size_t i = 0; i < G_N_ELEMENTS(charts); i++)
        if (strcmp(charts[i].id, id) == 0)
            return (int)i;
    return -1;
}

bool rp_chart_has(const char *id)
{
    return find(id) >= 0;
}

char *rp_chart_title(const struct rp_render *rr, const char *id)
{
    int i = find(id);
    g_assert(i >= 0);
    return charts[i].title(rr);
}

void rp_chart_draw(const struct rp_render *rr, const char *id,
                   struct rp_canvas *c)
{
    int i = find(id);
    g_assert(i >= 0);
    charts[i].draw(c, rr);
}

struct job {
    const struct rp_render *rr;
    const char *id;
};

static void draw_job(struct rp_canvas *c, const void *data)
{
    const struct job *j = data;
    rp_chart_draw(j->rr, j->id, c);
}

int rp_chart_render(const struct rp_render *rr, const char *id,
                    cairo_surface_t *reuse, GString **svg,
                    cairo_surface_t **raster, struct rp_err *err)
{
    struct job j = {rr, id};
    g_autofree char *title = rp_chart_title(rr, id);
    return rp_canvas_render(draw_job, &j, RP_CHART_W, RP_CHART_H, reuse, id,
                            title, svg, raster, err);
}
