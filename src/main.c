/* main.c - the revpack command line.
 *
 *   revpack check --data DIR [--profile NAME|PATH] [--encoding E]
 *                 [--allow-rejects] [--out DIR]
 *   revpack --help | --version
 *
 * Only this file prints.  Exit codes follow SPEC section 2.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "revpack/cli.h"
#include "revpack/mtable.h"
#include "revpack/output.h"
#include "revpack/quality.h"

#define MAX_LISTED_REJECTS 20

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
                rp_anomaly_name(a), m->n_anomalies[a]);
    fprintf(fp, "\n");
}

static void list_rejects(const struct rp_model *m)
{
    guint n = m->rejects->len;

    for (guint i = 0; i < n && i < MAX_LISTED_REJECTS; i++) {
        const struct rp_reject *r = g_ptr_array_index(m->rejects, i);
        if (r->col)
            fprintf(stderr, "%s.csv:%u:%u: warning: row rejected: %s\n",
                    rp_file_name(r->file), r->line, r->col, r->reason);
        else
            fprintf(stderr, "%s.csv:%u: warning: row rejected: %s\n",
                    rp_file_name(r->file), r->line, r->reason);
    }
    if (n > MAX_LISTED_REJECTS)
        fprintf(stderr, "... and %u more rejected rows (see rejects.csv)\n",
                n - MAX_LISTED_REJECTS);
}

static int parse_opts(int argc, char **argv, const char *summary,
                      GOptionEntry *entries)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) gerr = NULL;

    g_option_context_set_summary(ctx, summary);
    g_option_context_add_main_entries(ctx, entries, NULL);
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
        {"profile", 0, 0, G_OPTION_ARG_STRING, &o.profile,
         "SLA profile: default, cn, or a path to an INI file", "NAME|PATH"},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &o.encoding,
         "Input encoding: utf-8 (default), gb18030, gbk, utf-16", "E"},
        {"allow-rejects", 0, 0, G_OPTION_ARG_NONE, &o.allow_rejects,
         "Go on even if more than max_reject_share of a file is rejected",
         NULL},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &o.out,
         "Write rejects.csv and metrics.csv (quality rows) here", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    struct rp_session s;
    struct rp_err err = {0};
    int rc = parse_opts(argc, argv, "Validate a data folder and report its "
                                    "quality.",
                        entries);

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
    g_free(o.data);
    g_free(o.profile);
    g_free(o.encoding);
    g_free(o.out);
    return rc;
}

int main(int argc, char **argv)
{
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
    return usage_error("unknown command '%s'", argv[1]);
}
