/* main.c - the revpack command line.
 *
 *   revpack check --data DIR [--profile NAME|PATH] [--encoding E]
 *                 [--allow-rejects] [--out DIR]
 *   revpack build --pack monthly-sla|quarterly-strategy --period P
 *                 --data DIR --out DIR [--profile NAME|PATH] [--as-of T]
 *                 [--lang en|zh] [--encoding E] [--allow-rejects] [--quiet]
 *   revpack --help | --version
 *
 * Only this file prints.  Exit codes follow SPEC section 2.
 */
#include <gio/gio.h>
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "revpack/canvas.h"
#include "revpack/session.h"
#include "revpack/deck.h"
#include "revpack/html.h"
#include "revpack/tr.h"
#include "revpack/report.h"
#include "revpack/mtable.h"
#include "revpack/out.h"
#include "revpack/pack.h"
#include "revpack/quality.h"
#include "revpack/render.h"
#include "revpack/workbook.h"

#define MAX_LISTED_REJECTS 20

/* The command line as typed, shell-quoted, for the About sheet. */
static char *command_line;

static const char usage_text[] =
    "Usage:\n"
    "  revpack check --data DIR [--profile NAME|PATH] [--encoding E]\n"
    "                [--allow-rejects] [--out DIR]\n"
    "  revpack build --pack monthly-sla|quarterly-strategy --period P\n"
    "                --data DIR --out DIR [--profile NAME|PATH] [--as-of T]\n"
    "                [--lang en|zh] [--encoding E] [--allow-rejects]\n"
    "  revpack --help | --version\n"
    "\n"
    "check  validate a data folder of CRM exports and report its quality\n"
    "build  build a report pack into OUT/PACK-PERIOD/\n"
    "\n"
    "Run 'revpack COMMAND --help' for the options of a command.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "revpack: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (try 'revpack --help')\n");
    return RP_EUSAGE;
}

static int report(const struct rp_err *err)
{
    g_autofree char *msg = rp_err_format(err);
    fprintf(stderr, "%s\n", msg);
    return err->code ? (int)err->code : 1;
}

struct common_opts {
    char *data, *profile, *encoding, *out;
    gboolean allow_rejects;
};

static void print_quality(const struct rp_model *m, FILE *fp)
{
    static const char *const names[] = {"leads.csv", "opportunities.csv",
                                        "activities.csv", "spend.csv"};
    fprintf(fp, "%-20s %10s %10s %10s\n", "file", "read", "used", "rejected");
    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *fi = &m->files[f];
        if (!fi->present) {
            fprintf(fp, "%-20s %10s\n", names[f], "(absent)");
            continue;
        }
        fprintf(fp,
                "%-20s %10" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT
                " %10" G_GUINT64_FORMAT "\n",
                names[f], fi->rows_read, fi->rows_used, fi->rows_rejected);
    }
    fprintf(fp, "anomalies:");
    for (int a = 0; a < RP_N_ANOMALIES; a++)
        fprintf(fp, "%s %s %" G_GUINT64_FORMAT, a ? "," : "",
                rp_model_anomaly_name(a), m->n_anomalies[a]);
    fprintf(fp, "\n");
}

static void list_rejects(const struct rp_model *m)
{
    guint n = m->rejects->len;

    for (guint i = 0; i < n && i < MAX_LISTED_REJECTS; i++) {
        const struct rp_reject *r = g_ptr_array_index(m->rejects, i);
        if (r->col)
            fprintf(stderr, "%s.csv:%u:%u: warning: row rejected: %s\n",
                    rp_model_file_name(r->file), r->line, r->col, r->reason);
        else
            fprintf(stderr, "%s.csv:%u: warning: row rejected: %s\n",
                    rp_model_file_name(r->file), r->line, r->reason);
    }
    if (n > MAX_LISTED_REJECTS)
        fprintf(stderr, "... and %u more rejected rows (see rejects.csv)\n",
                n - MAX_LISTED_REJECTS);
}

/* The options every command that reads a data folder takes, bound to @o:
 * --profile, --encoding, --allow-rejects. */
static void shared_entries(struct common_opts *o, GOptionEntry e[4])
{
    const GOptionEntry shared[4] = {
        {"profile", 0, 0, G_OPTION_ARG_STRING, &o->profile,
         "SLA profile: default, cn, or a path to an INI file", "NAME|PATH"},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &o->encoding,
         "Input encoding: utf-8 (default), gb18030, gbk, utf-16", "E"},
        {"allow-rejects", 0, 0, G_OPTION_ARG_NONE, &o->allow_rejects,
         "Go on even if more than max_reject_share of a file is rejected",
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    memcpy(e, shared, sizeof(shared));
}

static void common_opts_release(struct common_opts *o)
{
    g_free(o->data);
    g_free(o->profile);
    g_free(o->encoding);
    g_free(o->out);
}

/* Parse a command's own @entries plus the shared ones bound to @o. */
static int parse_opts(int argc, char **argv, const char *summary,
                      GOptionEntry *entries, struct common_opts *o)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) gerr = NULL;
    GOptionEntry shared[4];

    shared_entries(o, shared);
    g_option_context_set_summary(ctx, summary);
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, shared, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr))
        return usage_error("%s", gerr->message);
    if (argc > 1)
        return usage_error("unexpected argument '%s'", argv[1]);
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    struct common_opts o = {0};
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &o.data,
         "Folder of CSV exports (leads.csv, opportunities.csv, ...)", "DIR"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &o.out,
         "Write rejects.csv and metrics.csv (quality rows) here", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    struct rp_session s;
    struct rp_err err = {0};
    int rc = parse_opts(argc, argv, "Validate a data folder and report its "
                                    "quality.",
                        entries, &o);

    if (rc)
        goto out;
    if (!o.data) {
        rc = usage_error("%s", "check needs --data DIR");
        goto out;
    }
    struct rp_session_opts so = {o.data, o.profile, o.encoding,
                                 o.allow_rejects};
    if (rp_session_open(&s, &so, &err) < 0) {
        rc = report(&err);
        goto out;
    }
    print_quality(s.model, stdout);
    list_rejects(s.model);
    if (o.out) {
        struct rp_mtable t;
        rp_mtable_init(&t);
        rp_quality_metrics(s.model, &t);
        g_autoptr(GString) metrics = rp_mtable_csv(&t);
        g_autoptr(GString) rejects = rp_quality_rejects_csv(s.model);
        rp_mtable_release(&t);
        if (rp_out_mkdir(o.out, &err) < 0 ||
            rp_out_write(o.out, "rejects.csv", rejects->str, rejects->len,
                         &err) < 0 ||
            rp_out_write(o.out, "metrics.csv", metrics->str, metrics->len,
                         &err) < 0)
            rc = report(&err);
    }
    rp_session_close(&s);
out:
    common_opts_release(&o);
    return rc;
}

struct build_opts {
    char *pack, *period, *as_of, *lang;
    gboolean quiet;
};

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
    g_autofree char *deck = g_build_filename(dir, "deck.pdf", NULL);
    g_autoptr(GPtrArray) svgs = g_ptr_array_new_with_free_func(free_gstring);
    if (rp_workbook_write(rr, xlsx, err) < 0 ||
        write_charts(dir, rr, svgs, err) < 0 ||
        rp_deck_write(rr, deck, err) < 0)
        return -1;
    if (rr->pack->html) {
        g_autoptr(GString) page = rp_html_page(rr, svgs, xlsx_name, err);
        if (!page ||
            rp_out_write(dir, "index.html", page->str, page->len, err) < 0)
            return -1;
    }
    return 0;
}

/* Labels the label file lacks: a warning, so a half-translated pack is
 * never silent. */
static void warn_missing_labels(const struct rp_tr *tr)
{
    g_autoptr(GPtrArray) miss = rp_tr_missing(tr);
    for (guint i = 0; i < miss->len; i++)
        fprintf(stderr, "revpack: warning: label '%s' missing from %s.ini\n",
                (const char *)g_ptr_array_index(miss, i), tr->lang);
}

static void print_build_summary(const struct rp_report *r, const char *dir)
{
    printf("wrote %s\n", dir);
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(r, s->metric, RP_GRP_ALL, "all");
        char v[64] = "n/a";
        if (m && (m->has & RP_M_VALUE))
            rp_mtable_number(s->is_count ? m->value
                                         : round(m->value * 1000) / 1000,
                             v, sizeof(v));
        printf("  %-7s %-10s %s\n", s->id, v,
               !m || m->status == RP_ST_NONE ? ""
               : m->status == RP_ST_PASS     ? "PASS"
                                             : "FAIL");
    }
    printf("  breaches: %u\n", r->breaches->len);
}

static int cmd_build(int argc, char **argv)
{
    struct common_opts o = {0};
    struct build_opts b = {0};
    GOptionEntry entries[] = {
        {"pack", 0, 0, G_OPTION_ARG_STRING, &b.pack,
         "monthly-sla or quarterly-strategy", "PACK"},
        {"period", 0, 0, G_OPTION_ARG_STRING, &b.period,
         "2025-06 (monthly-sla) or 2025Q2 (quarterly-strategy)", "P"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &o.data,
         "Folder of CSV exports", "DIR"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &o.out,
         "Output folder; the pack goes to OUT/PACK-P/", "DIR"},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &b.as_of,
         "Report as of this instant if before the period's end", "T"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &b.lang, "en (default) or zh",
         "L"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &b.quiet,
         "Print nothing but errors", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    struct rp_session s = {0};
    struct rp_err err = {0};
    struct rp_report r = {0}, prev = {0};
    enum rp_pack pack;
    enum rp_period_kind kind;
    struct rp_period period, prev_period;
    struct rp_pack_tmpl *tmpl = NULL;
    struct rp_tr *tr = NULL;
    GBytes *defs = NULL;
    int year, index, opened = 0, built = 0;
    int64_t as_of = RP_TIME_NONE;
    char *tmp = NULL, *final = NULL;
    int rc = parse_opts(argc, argv, "Build a report pack into OUT/PACK-P/.",
                        entries, &o);

    if (rc)
        goto out;
    if (!b.pack || !b.period || !o.data || !o.out) {
        rc = usage_error("%s", "build needs --pack, --period, --data and --out");
        goto out;
    }
    if (!(tmpl = rp_pack_load(b.pack, &err))) {
        rc = report(&err);
        goto out;
    }
    pack = tmpl->period == RP_PERIOD_MONTH ? RP_PACK_MONTHLY
                                           : RP_PACK_QUARTERLY;
    if (rp_period_parse(b.period, &kind, &year, &index) < 0 ||
        kind != tmpl->period) {
        g_autofree char *what = g_strdup_printf(
            "bad period '%s' for %s (want %s)", b.period, tmpl->name,
            pack == RP_PACK_MONTHLY ? "YYYY-MM" : "YYYYQn");
        rc = usage_error("%s", what);
        goto out;
    }
    if (b.lang && strcmp(b.lang, "en") != 0 && strcmp(b.lang, "zh") != 0) {
        rc = usage_error("unknown language '%s' (en or zh)", b.lang);
        goto out;
    }
    if (!(tr = rp_tr_load(b.lang ? b.lang : "en", &err))) {
        rc = report(&err);
        goto out;
    }
    struct rp_session_opts so = {o.data, o.profile, o.encoding,
                                 o.allow_rejects};
    if (rp_session_open(&s, &so, &err) < 0) {
        rc = report(&err);
        goto out;
    }
    opened = 1;
    if (b.as_of) {
        const char *why;
        if (rp_clock_parse(&s.clock, b.as_of, &as_of, &why) < 0) {
            rc = usage_error("bad --as-of: %s", why);
            goto out;
        }
    }
    rp_period_set(&period, &s.clock, kind, year, index);
    if (rp_report_build(&r, s.model, s.profile, &s.clock, pack, &period, as_of,
                        &err) < 0) {
        rc = report(&err);
        goto out;
    }
    built = 1;
    prev_period = rp_period_shift(&period, &s.clock, -1);
    if (rp_report_build(&prev, s.model, s.profile, &s.clock, pack,
                        &prev_period, as_of, &err) < 0) {
        rc = report(&err);
        goto out;
    }
    built = 2;
    char period_key[16];
    rp_period_key(&period, period_key);
    defs = g_resources_lookup_data("/revpack/DEFINITIONS.md", 0, NULL);
    struct rp_render rr = {
        .m = s.model, .prof = s.profile, .clock = &s.clock, .r = &r,
        .prev = &prev, .pack = tmpl, .tr = tr, .period_key = period_key,
        .command_line = command_line,
        .definitions = defs ? g_bytes_get_data(defs, NULL) : NULL};
    final = g_strdup_printf("%s/%s-%s", o.out, b.pack, period_key);
    tmp = rp_out_begin(final, &err);
    if (!tmp || write_pack(tmp, &s, &rr, &err) < 0 ||
        rp_out_commit(tmp, final, &err) < 0) {
        rp_out_abort(tmp);
        rc = report(&err);
        goto out;
    }
    warn_missing_labels(tr);
    if (!b.quiet) {
        print_quality(s.model, stdout);
        list_rejects(s.model);
        print_build_summary(&r, final);
    }
out:
    if (built)
        rp_report_release(&r);
    if (built > 1)
        rp_report_release(&prev);
    rp_pack_free(tmpl);
    rp_tr_free(tr);
    rp_canvas_shutdown();
    if (defs)
        g_bytes_unref(defs);
    if (opened)
        rp_session_close(&s);
    g_free(tmp);
    g_free(final);
    common_opts_release(&o);
    g_free(b.pack);
    g_free(b.period);
    g_free(b.as_of);
    g_free(b.lang);
    return rc;
}

static void free_command_line(void)
{
    g_free(command_line);
}

int main(int argc, char **argv)
{
    GString *cl = g_string_new("revpack");
    for (int i = 1; i < argc; i++) {
        g_autofree char *q = g_shell_quote(argv[i]);
        bool plain = *argv[i] != '\0';
        for (const char *c = argv[i]; *c; c++)
            plain &= g_ascii_isalnum(*c) || strchr("_./=:,+-@", *c);
        g_string_append_c(cl, ' ');
        g_string_append(cl, plain ? argv[i] : q);
    }
    command_line = g_string_free(cl, FALSE);
    atexit(free_command_line);
    if (argc < 2)
        return usage_error("%s", "no command given");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("revpack %s\n", RP_VERSION);
        return 0;
    }
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "build") == 0)
        return cmd_build(argc - 1, argv + 1);
    return usage_error("unknown command '%s'", argv[1]);
}
