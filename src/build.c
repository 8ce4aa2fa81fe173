/* build.c - the pipeline: session -> reports -> every file of the pack. */
#include "revpack/build.h"

#include <string.h>

#include "revpack/chart.h"
#include "revpack/deck.h"
#include "revpack/fmt.h"
#include "revpack/html.h"
#include "revpack/model_subset.h"
#include "revpack/out.h"
#include "revpack/quality.h"
#include "revpack/render.h"
#include "revpack/workbook.h"

/* What pack templates may name: each renderer's own table. */
static const struct rp_pack_known known = {
    rp_workbook_sheet_id, rp_chart_id, rp_deck_page_id};

int rp_build_init(struct rp_build *b, const struct rp_session *s,
                  const struct rp_build_opts *o, struct rp_err *err)
{
    enum rp_period_kind kind;
    int year, index;

    memset(b, 0, sizeof(*b));
    b->o = o;
    b->as_of = RP_TIME_NONE;
    b->notes = g_ptr_array_new_with_free_func(g_free);
    if (!(b->tmpl = rp_pack_load(o->templates, o->pack, &known, err)))
        return -1;
    b->pack = b->tmpl->period == RP_PERIOD_MONTH ? RP_PACK_MONTHLY
                                                 : RP_PACK_QUARTERLY;
    if (rp_period_parse(o->period, &kind, &year, &index) < 0 ||
        kind != b->tmpl->period)
        return rp_err_set(err, RP_EUSAGE, NULL,
                          "bad period '%s' for %s (want %s)", o->period,
                          b->tmpl->name,
                          b->pack == RP_PACK_MONTHLY ? "YYYY-MM" : "YYYYQn");
    if (o->burst && rp_model_subset_by(o->burst) < 0)
        return rp_err_set(err, RP_EUSAGE, NULL,
                          "unknown --burst '%s' (team, owner or source)",
                          o->burst);
    if (o->lang && strcmp(o->lang, "en") != 0 && strcmp(o->lang, "zh") != 0)
        return rp_err_set(err, RP_EUSAGE, NULL,
                          "unknown language '%s' (en or zh)", o->lang);
    if (!(b->tr = rp_tr_load(o->templates, o->lang, err)))
        return -1;
    /* the clock is the session's; parsing only reads its zone's table */
    struct rp_clock *clock = (struct rp_clock *)&s->clock;
    if (o->as_of) {
        const char *why;
        if (rp_clock_parse(clock, o->as_of, &b->as_of, &why) < 0)
            return rp_err_set(err, RP_EUSAGE, NULL, "bad --as-of '%s': %s",
                              o->as_of, why);
    }
    rp_period_set(&b->period, clock, kind, year, index);
    rp_period_key(&b->period, b->period_key);
    return 0;
}

/* charts/NAME.svg and NAME.png for every chart of the pack template;
 * the SVGs are kept in @svgs for the page. */
static int write_charts(const char *dir, const struct rp_render *rr,
                        GPtrArray *svgs, struct rp_err *err)
{
    g_autofree char *cdir = g_build_filename(dir, "charts", NULL);
    if (!*rr->pack->charts)
        return 0;
    if (rp_out_mkdir(cdir, err) < 0)
        return -1;
    for (char **id = rr->pack->charts; *id; id++) {
        GString *svg;
        GByteArray *png;
        if (rp_chart_render(rr, *id, &svg, &png, err) < 0)
            return -1;
        g_ptr_array_add(svgs, svg);
        g_autofree char *sn = g_strdup_printf("%s.svg", *id);
        g_autofree char *pn = g_strdup_printf("%s.png", *id);
        int rc = rp_out_write(cdir, sn, svg->str, svg->len, err);
        if (rc == 0)
            rc = rp_out_write(cdir, pn, (const char *)png->data, png->len, err);
        g_byte_array_unref(png);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static void free_gstring(gpointer s)
{
    g_string_free(s, TRUE);
}

/* Write every file of the pack into @dir. */
static int write_pack(const char *dir, const struct rp_session *s,
                      const struct rp_render *rr, struct rp_err *err)
{
    const struct rp_report *r = rr->r;
    g_autoptr(GString) metrics = rp_mtable_csv(&r->t);
    g_autoptr(GString) breaches =
        rp_report_breaches_csv(r, s->model, &s->clock);
    g_autoptr(GString) rejects = rp_quality_rejects_csv(s->model);
    g_autofree char *xlsx_name =
        g_strdup_printf("%s-%s.xlsx", rr->pack->name, rr->period_key);
    g_autofree char *xlsx = g_build_filename(dir, xlsx_name, NULL);

    if (rp_out_write(dir, "metrics.csv", metrics->str, metrics->len, err) < 0 ||
        rp_out_write(dir, "breaches.csv", breaches->str, breaches->len,
                     err) < 0 ||
        rp_out_write(dir, "rejects.csv", rejects->str, rejects->len, err) < 0)
        return -1;
    g_autoptr(GPtrArray) svgs = g_ptr_array_new_with_free_func(free_gstring);
    g_autoptr(GByteArray) pdf = NULL;
    if (rp_workbook_write(rr, xlsx, err) < 0 ||
        write_charts(dir, rr, svgs, err) < 0 ||
        rp_deck_render(rr, &pdf, err) < 0 ||
        (pdf && rp_out_write(dir, "deck.pdf", (const char *)pdf->data,
                             pdf->len, err) < 0))
        return -1;
    if (rr->pack->html) {
        g_autoptr(GString) page = rp_html_page(rr, svgs, xlsx_name, err);
        if (!page ||
            rp_out_write(dir, "index.html", page->str, page->len, err) < 0)
            return -1;
    }
    return 0;
}

static void free_part(gpointer p)
{
    struct rp_build_part *x = p;
    g_free(x->key);
    g_free(x->safe);
    g_free(x->xlsx);
}

/* Every key's folder name; two that clash (ignoring case: macOS and
 * Windows folders do) are an error before anything is written. */
static int burst_parts(struct rp_build *b, const struct rp_model *m,
                       enum rp_by by, struct rp_err *err)
{
    g_autoptr(GPtrArray) keys = rp_model_subset_keys(m, by);
    g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash,
                                                        g_str_equal, g_free,
                                                        NULL);
    b->parts = g_array_new(FALSE, TRUE, sizeof(struct rp_build_part));
    g_array_set_clear_func(b->parts, free_part);
    for (guint i = 0; i < keys->len; i++) {
        struct rp_build_part p = {0};
        p.key = g_strdup(keys->pdata[i]);
        p.safe = rp_out_safe_name(p.key);
        char *fold = g_utf8_casefold(p.safe, -1);
        const char *other = g_hash_table_lookup(taken, fold);
        if (other) {
            rp_err_set(err, RP_EDATA, NULL,
                       "%s '%s' and '%s' would both be written to the "
                       "folder '%s': rename one in the data",
                       rp_model_subset_by_name(by), other, p.key, p.safe);
            g_free(fold);
            free_part(&p);
            return -1;
        }
        g_hash_table_insert(taken, fold, keys->pdata[i]);
        g_array_append_val(b->parts, p);
    }
    return 0;
}

/* by-KIND/KEY/: the key's workbook and metrics.csv, computed by the same
 * code on the key's share of the model. */
static int write_burst(const char *dir, struct rp_build *b,
                       const struct rp_session *s, const struct rp_render *whole,
                       struct rp_err *err)
{
    enum rp_by by = (enum rp_by)rp_model_subset_by(b->o->burst);
    struct rp_clock *clock = (struct rp_clock *)&s->clock;
    struct rp_period prev_period = rp_period_shift(&b->period, clock, -1);
    g_autofree char *kind = g_strdup_printf("by-%s", b->o->burst);
    double total = s->model->leads->len;

    if (burst_parts(b, s->model, by, err) < 0)
        return -1;
    for (guint i = 0; i < b->parts->len; i++) {
        struct rp_build_part *p = &g_array_index(b->parts, struct rp_build_part,
                                                 i);
        struct rp_model *sub = rp_model_subset_new(s->model, by, p->key);
        struct rp_report r, prev;
        char n[32], t[32], share[32];
        int rc = -1;

        p->leads = sub->leads->len;
        rp_fmt_count((double)p->leads, n, sizeof(n));
        rp_fmt_count(total, t, sizeof(t));
        rp_fmt_pct(total > 0 ? (double)p->leads / total : 0, 1, share,
                   sizeof(share));
        g_autofree char *label_key = g_strdup_printf("burst.%s", b->o->burst);
        g_autofree char *scope = rp_tr_fmt(b->tr, label_key, "key", p->key,
                                           NULL);
        g_autofree char *note = rp_tr_fmt(b->tr, "burst.share", "scope", scope,
                                          "n", n, "total", t, "share", share,
                                          NULL);
        g_autofree char *sub_dir = g_build_filename(dir, kind, p->safe, NULL);
        g_autofree char *name = g_strdup_printf("%s-%s-%s.xlsx",
                                                b->tmpl->name, b->period_key,
                                                p->safe);
        p->xlsx = g_build_filename(kind, p->safe, name, NULL);
        if (rp_report_build(&r, sub, s->profile, clock, b->pack, &b->period,
                            b->as_of, err) < 0) {
            rp_model_free(sub);
            return -1;
        }
        if (rp_report_build(&prev, sub, s->profile, clock, b->pack,
                            &prev_period, b->as_of, err) == 0) {
            struct rp_render rr = *whole;
            rr.m = sub;
            rr.r = &r;
            rr.prev = &prev;
            rr.scope = scope;
            rr.scope_note = note;
            g_autoptr(GString) metrics = rp_mtable_csv(&r.t);
            g_autofree char *xlsx = g_build_filename(dir, p->xlsx, NULL);
            if (rp_out_mkdir(sub_dir, err) == 0 &&
                rp_out_write(sub_dir, "metrics.csv", metrics->str,
                             metrics->len, err) == 0 &&
                rp_workbook_write(&rr, xlsx, err) == 0)
                rc = 0;
            rp_report_release(&prev);
        }
        rp_report_release(&r);
        rp_model_free(sub);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int rp_build_run(struct rp_build *b, const struct rp_session *s,
                 struct rp_err *err)
{
    const struct rp_build_opts *o = b->o;
    struct rp_clock *clock = (struct rp_clock *)&s->clock;
    struct rp_period prev_period = rp_period_shift(&b->period, clock, -1);
    char *tmp = NULL;

    g_assert(s->model && !b->dir);
    if (rp_report_build(&b->r, s->model, s->profile, clock, b->pack,
                        &b->period, b->as_of, err) < 0 ||
        rp_report_build(&b->prev, s->model, s->profile, clock, b->pack,
                        &prev_period, b->as_of, err) < 0)
        return -1;
    struct rp_render rr = {
        .m = s->model, .prof = s->profile, .clock = &s->clock, .r = &b->r,
        .prev = &b->prev, .pack = b->tmpl, .tr = b->tr,
        .period_key = b->period_key, .command_line = o->command_line,
        .templates = o->templates, .xlsx_max_rows = o->xlsx_max_rows};
    g_autofree char *final =
        g_strdup_printf("%s/%s-%s", o->out, b->tmpl->name, b->period_key);
    tmp = rp_out_begin(final, b->notes, err);
    if (!tmp || write_pack(tmp, s, &rr, err) < 0 ||
        (o->burst && write_burst(tmp, b, s, &rr, err) < 0) ||
        rp_out_commit(tmp, final, err) < 0) {
        rp_out_abort(tmp);
        g_free(tmp);
        return -1;
    }
    g_free(tmp);
    b->dir = g_steal_pointer(&final);
    return 0;
}

void rp_build_release(struct rp_build *b)
{
    rp_report_release(&b->r);
    rp_report_release(&b->prev);
    rp_pack_free(b->tmpl);
    rp_tr_free(b->tr);
    g_free(b->dir);
    if (b->parts)
        g_array_unref(b->parts);
    if (b->notes)
        g_ptr_array_unref(b->notes);
    memset(b, 0, sizeof(*b));
}

int rp_build_check(const struct rp_session *s, const char *out,
                   struct rp_mtable *t, struct rp_err *err)
{
    rp_quality_metrics(s->model, t);
    if (!out)
        return 0;
    g_autoptr(GString) metrics = rp_mtable_csv(t);
    g_autoptr(GString) rejects = rp_quality_rejects_csv(s->model);
    if (rp_out_mkdir(out, err) < 0 ||
        rp_out_write(out, "rejects.csv", rejects->str, rejects->len, err) < 0 ||
        rp_out_write(out, "metrics.csv", metrics->str, metrics->len, err) < 0)
        return -1;
    return 0;
}
