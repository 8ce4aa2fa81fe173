/* deck.c - the PDF deck with cairo's PDF surface.  Chart pages are the
 * charts themselves, scaled to the page (800x450 -> 960x540 pt, 16:9), so
 * the deck and charts/ cannot disagree; the title, KPI and data-quality
 * pages are drawn here.  The PDF's dates are as_of, so two runs give the
 * same bytes. */
#include "revpack/deck.h"

#include <cairo-pdf.h>
#include <string.h>

#include "revpack/chart.h"
#include "revpack/fmt.h"
#include "revpack/pack.h"

#define PAGE_W 960.0
#define PAGE_H 540.0
#define SCALE (PAGE_W / RP_CHART_W)

static void page_number(struct rp_canvas *c, int n, int total)
{
    char buf[32];
    g_snprintf(buf, sizeof(buf), "%d / %d", n, total);
    rp_canvas_text(c, buf, c->w - 24, c->h - 20, 0, 10, RP_TX_RIGHT, RP_GREY);
}

static void footer(struct rp_canvas *c, const struct rp_render *rr)
{
    g_autofree char *pack = rp_render_title(rr);
    g_autofree char *as_of = rp_render_as_of(rr);
    g_autofree char *foot = g_strdup_printf("%s \xc2\xb7 %s \xc2\xb7 revpack",
                                            pack, as_of);
    rp_canvas_text(c, foot, 24, c->h - 20, c->w - 120, 10, 0, RP_GREY);
}

static void page_title(struct rp_canvas *c, const struct rp_render *rr)
{
    const char *pack = rp_tr_group(rr->tr, "pack", rr->pack->name);
    g_autofree char *as_of = rp_render_as_of(rr);
    rp_canvas_rgb(c->cr, RP_BLUE);
    cairo_rectangle(c->cr, 0, 0, 16, c->h);
    cairo_fill(c->cr);
    rp_canvas_text(c, pack, 60, 170, c->w - 120, 34, RP_TX_BOLD | RP_TX_WRAP,
                 RP_INK);
    rp_canvas_text(c, rr->period_key, 60, 230, 0, 60, RP_TX_BOLD, RP_BLUE);
    rp_canvas_text(c, as_of, 60, 320, c->w - 120, 16, 0, RP_GREY);
    rp_canvas_text(c, rp_tr(rr->tr, "deck.subtitle"), 60, 350, c->w - 120, 16,
                 RP_TX_WRAP, RP_GREY);
}

/* One KPI: label, big value, context line. */
static void kpi(struct rp_canvas *c, double x, double y, double w,
                const char *label, const char *value, const char *sub)
{
    rp_canvas_rgb(c->cr, 0xF2F2F2);
    cairo_rectangle(c->cr, x, y, w - 12, 118);
    cairo_fill(c->cr);
    rp_canvas_text(c, label, x + 12, y + 10, w - 36, 13, RP_TX_BOLD, RP_GREY);
    rp_canvas_text(c, value, x + 12, y + 34, w - 36, 30, RP_TX_BOLD, 0x1F4E79);
    rp_canvas_text(c, sub, x + 12, y + 78, w - 36, 11.5, RP_TX_WRAP, RP_GREY);
}

static void page_kpis(struct rp_canvas *c, const struct rp_render *rr)
{
    struct rp_render_kpi k[RP_N_KPIS];

    rp_canvas_text(c, rp_tr(rr->tr, "deck.kpis"), 24, 20, c->w - 48, 24,
                 RP_TX_BOLD, RP_INK);
    rp_render_kpis(rr, k);
    double w = (c->w - 48 + 12) / RP_N_KPIS;
    for (int i = 0; i < RP_N_KPIS; i++)
        kpi(c, 24 + i * w, 70, w, k[i].label, k[i].text, k[i].sub);
    rp_render_kpis_release(k);
    rp_canvas_text(c, rp_tr(rr->tr, "section.changes"), 24, 222, c->w - 48, 17,
                 RP_TX_BOLD, RP_INK);
    const GPtrArray *story = rr->changes;
    double y = 252;
    for (guint i = 0; i < story->len; i++) {
        g_autofree char *line = g_strdup_printf("\xe2\x80\xa2  %s",
                                                (char *)story->pdata[i]);
        y += 12 + rp_canvas_text(c, line, 24, y, c->w - 48, 15, RP_TX_WRAP,
                               RP_INK);
    }
}

/* A quality.* figure of @rr's report: -1 when the row is absent (the file
 * is not in the data folder). */
static double quality(const struct rp_render *rr, enum rp_metric metric)
{
    double v;
    return rp_report_value(rr->r, metric, RP_GRP_ALL, "all", &v) ? v : -1;
}

static void page_quality(struct rp_canvas *c, const struct rp_render *rr)
{
    char a[32], b[32], p[32];
    double share = quality(rr, RP_MET_QUALITY_REJECT_SHARE_TOTAL);

    rp_fmt_count(quality(rr, RP_MET_QUALITY_ROWS_REJECTED_TOTAL), a,
                 sizeof(a));
    rp_fmt_count(quality(rr, RP_MET_QUALITY_ROWS_READ_TOTAL), b, sizeof(b));
    if (share < 0)
        g_strlcpy(p, rp_tr(rr->tr, "status.na"), sizeof(p));
    else
        rp_fmt_pct(share, share > 0 && share < 0.001 ? 2 : 1, p, sizeof(p));
    g_autofree char *title = rp_tr_fmt(rr->tr, "deck.quality", "rejected", a,
                                    "read", b, "share", p, NULL);
    rp_canvas_text(c, title, 24, 20, c->w - 48, 24, RP_TX_BOLD | RP_TX_WRAP,
                 RP_INK);
    static const char *const cols[] = {"col.file", "col.rows_read",
                                       "col.rows_used", "col.rows_rejected",
                                       "col.reject_share"};
    double xs[] = {24, 330, 470, 610, 760}, y = 100;
    for (int i = 0; i < 5; i++)
        rp_canvas_text(c, rp_tr(rr->tr, cols[i]), xs[i] + (i ? 120 : 0), y,
                     i ? 130 : 280, 13, RP_TX_BOLD | (i ? RP_TX_RIGHT : 0),
                     RP_INK);
    y += 28;
    for (int f = 0; f < RP_N_FILES; f++) {
        static const enum rp_metric parts[4] = {
            RP_MET_QUALITY_ROWS_READ_LEADS, RP_MET_QUALITY_ROWS_USED_LEADS,
            RP_MET_QUALITY_ROWS_REJECTED_LEADS,
            RP_MET_QUALITY_REJECT_SHARE_LEADS};
        g_autofree char *name = g_strdup_printf("%s.csv",
                                                rp_model_file_name(f));
        rp_canvas_text(c, name, xs[0], y, 280, 13, 0, RP_INK);
        if (quality(rr, parts[0] + f) < 0) {
            rp_canvas_text(c, rp_tr(rr->tr, "note.absent"), xs[1] + 120, y,
                           130, 13, RP_TX_RIGHT, RP_GREY);
        } else {
            for (int i = 0; i < 4; i++) {
                double v = quality(rr, parts[i] + f);
                if (i < 3)
                    rp_fmt_count(v, a, sizeof(a));
                else if (v >= 0)
                    rp_fmt_pct(v, 1, a, sizeof(a));
                else    /* a file with a header and no rows */
                    g_strlcpy(a, rp_tr(rr->tr, "status.na"), sizeof(a));
                rp_canvas_text(c, a, xs[1 + i] + 120, y, 130, 13, RP_TX_RIGHT,
                               RP_INK);
            }
        }
        y += 26;
    }
    y += 20;
    rp_canvas_text(c, rp_tr(rr->tr, "section.anomalies"), 24, y, 0, 15,
                 RP_TX_BOLD, RP_INK);
    y += 30;
    for (int k = 0; k < RP_N_ANOMALIES; k++) {
        rp_canvas_text(c, rp_tr_group(rr->tr, "anomaly", rp_model_anomaly_name(k)),
                       24, y, 400, 13, 0, RP_INK);
        rp_fmt_count(quality(rr, RP_MET_QUALITY_ANOMALIES_STAGE_ORDER + k), a,
                     sizeof(a));
        rp_canvas_text(c, a, xs[1] + 120, y, 130, 13, RP_TX_RIGHT, RP_INK);
        y += 24;
    }
    rp_canvas_text(c, rp_tr(rr->tr, "deck.quality_note"), 24, y + 16,
                 c->w - 48, 12, RP_TX_WRAP, RP_GREY);
}

/* The deck's own pages; any chart id is a page too (the chart scaled to
 * the page, its own footer naming pack, period and as_of). */
static const struct {
    const char *id;
    void (*draw)(struct rp_canvas *c, const struct rp_render *rr);
} pages[] = {
    {"title", page_title},
    {"kpis", page_kpis},
    {"quality", page_quality},
};

const char *rp_deck_page_id(size_t i)
{
    if (i < G_N_ELEMENTS(pages))
        return pages[i].id;
    return rp_chart_id(i - G_N_ELEMENTS(pages));
}

static void draw_page(cairo_t *cr, const struct rp_render *rr,
                      const char *id)
{
    struct rp_canvas c = {cr, PAGE_W, PAGE_H, NULL};

    for (size_t i = 0; i < G_N_ELEMENTS(pages); i++)
        if (strcmp(pages[i].id, id) == 0) {
            pages[i].draw(&c, rr);
            footer(&c, rr);
            return;
        }
    struct rp_canvas cc = {cr, RP_CHART_W, RP_CHART_H, NULL};
    cairo_save(cr);
    cairo_scale(cr, SCALE, SCALE);
    rp_chart_draw(rr, id, &cc);
    cairo_restore(cr);
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data,
                               unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

int rp_deck_render(const struct rp_render *rr, GByteArray **pdf,
                   struct rp_err *err)
{
    int total = (int)g_strv_length(rr->pack->pages), n = 0;
    char date[32];

    *pdf = NULL;
    if (total == 0)
        return 0;
    GByteArray *out = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, out,
                                                             PAGE_W, PAGE_H);
    g_autofree char *title = rp_render_title(rr);
    GDateTime *dt = g_date_time_new_from_unix_utc(rr->r->as_of);
    g_autofree char *iso = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
    g_date_time_unref(dt);
    g_strlcpy(date, iso, sizeof(date));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "revpack");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
    cairo_t *cr = cairo_create(s);

    for (char **id = rr->pack->pages; *id; id++) {
        struct rp_canvas c = {cr, PAGE_W, PAGE_H, NULL};
        n++;
        cairo_save(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        draw_page(cr, rr, *id);
        page_number(&c, n, total);
        cairo_restore(cr);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        g_byte_array_unref(out);
        return rp_err_set(err, RP_EIO, NULL, "cannot draw the deck: %s",
                          cairo_status_to_string(st));
    }
    *pdf = out;
    return 0;
}
