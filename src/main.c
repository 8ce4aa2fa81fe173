/* main.c - the revpack command line: options, printing, exit codes.
 *
 *   revpack check --data DIR [--profile NAME|PATH] [--encoding E]
 *                 [--allow-rejects] [--out DIR]
 *   revpack build --pack monthly-sla|quarterly-strategy --period P
 *                 --data DIR --out DIR [--profile NAME|PATH] [--as-of T]
 *                 [--lang en|zh] [--encoding E] [--allow-rejects] [--quiet]
 *   revpack --help | --version
 *
 * The work is done by build.c; only this file prints.  Exit codes follow
 * SPEC section 2.
 */
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "revpack/build.h"
#include "revpack/canvas.h"
#include "revpack/summary.h"
#include "revpack/templates.h"
#include "revpack/version.h"

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
    if (err->code == RP_EUSAGE && !err->loc.file)
        return usage_error("%s", err->msg);
    g_autofree char *msg = rp_err_format(err);
    fprintf(stderr, "%s\n", msg);
    return err->code ? (int)err->code : 1;
}

/* What every command reads from its options, plus the process facts. */
struct common_opts {
    char *data, *profile, *encoding, *out;
    gboolean allow_rejects;
    char *templates;            /* the default templates folder */
};

/* Labels the label file lacks: a warning, so a half-translated pack is
 * never silent. */
static void warn_missing_labels(const struct rp_tr *tr)
{
    g_autoptr(GPtrArray) miss = rp_tr_missing(tr);
    for (guint i = 0; i < miss->len; i++)
        fprintf(stderr, "revpack: warning: label '%s' missing from %s.ini\n",
                (const char *)g_ptr_array_index(miss, i), tr->lang);
}

static void print(FILE *fp, GString *text)
{
    fputs(text->str, fp);
    g_string_free(text, TRUE);
}

/* Parse a command's own @entries plus the options shared by every
 * command that reads a data folder (bound to @o). */
static int parse_opts(int argc, char **argv, const char *summary,
                      GOptionEntry *entries, struct common_opts *o)
{
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) gerr = NULL;
    GOptionEntry shared[] = {
        {"profile", 0, 0, G_OPTION_ARG_STRING, &o->profile,
         "SLA profile: default, cn, or a path to an INI file", "NAME|PATH"},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &o->encoding,
         "Input encoding: utf-8 (default), gb18030, gbk, utf-16", "E"},
        {"allow-rejects", 0, 0, G_OPTION_ARG_NONE, &o->allow_rejects,
         "Go on even if more than max_reject_share of a file is rejected",
         NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};

    g_option_context_set_summary(ctx, summary);
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_add_main_entries(ctx, shared, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr))
        return usage_error("%s", gerr->message);
    if (argc > 1)
        return usage_error("unexpected argument '%s'", argv[1]);
    return 0;
}

static void common_opts_release(struct common_opts *o)
{
    g_free(o->data);
    g_free(o->profile);
    g_free(o->encoding);
    g_free(o->out);
}

static struct rp_session_opts session_opts(const struct common_opts *o)
{
    return (struct rp_session_opts){o->templates, o->data, o->profile,
                                    o->encoding, o->allow_rejects};
}

static int cmd_check(int argc, char **argv, struct common_opts *o)
{
    GOptionEntry entries[] = {
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &o->data,
         "Folder of CSV exports (leads.csv, opportunities.csv, ...)", "DIR"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &o->out,
         "Write rejects.csv and metrics.csv (quality rows) here", "DIR"},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    struct rp_session s = {0};
    struct rp_err err = {0};
    struct rp_mtable t = {0};
    int rc = parse_opts(argc, argv,
                        "Validate a data folder and report its quality.",
                        entries, o);

    if (rc)
        return rc;
    if (!o->data)
        return usage_error("%s", "check needs --data DIR");
    struct rp_session_opts so = session_opts(o);
    rp_mtable_init(&t);
    if (rp_session_open(&s, &so, &err) < 0 ||
        rp_session_load(&s, &so, &err) < 0) {
        rc = report(&err);
        goto out;
    }
    rc = rp_build_check(&s, o->out, &t, &err) < 0 ? report(&err) : 0;
    print(stdout, rp_summary_quality(&t));
    print(stderr, rp_summary_rejects(s.model, MAX_LISTED_REJECTS));
out:
    rp_mtable_release(&t);
    rp_session_close(&s);
    return rc;
}

struct build_args {
    char *pack, *period, *as_of, *lang;
    gboolean quiet;
};

static int cmd_build(int argc, char **argv, struct common_opts *o,
                     const char *command_line)
{
    struct build_args a = {0};
    GOptionEntry entries[] = {
        {"pack", 0, 0, G_OPTION_ARG_STRING, &a.pack,
         "monthly-sla or quarterly-strategy", "PACK"},
        {"period", 0, 0, G_OPTION_ARG_STRING, &a.period,
         "2025-06 (monthly-sla) or 2025Q2 (quarterly-strategy)", "P"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &o->data,
         "Folder of CSV exports", "DIR"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &o->out,
         "Output folder; the pack goes to OUT/PACK-P/", "DIR"},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &a.as_of,
         "Report as of this instant if before the period's end", "T"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &a.lang, "en (default) or zh",
         "L"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a.quiet,
         "Print nothing but errors", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL}};
    struct rp_session s = {0};
    struct rp_build b = {0};
    struct rp_err err = {0};
    const char *cap = g_getenv("REVPACK_XLSX_MAX_ROWS");   /* tests */
    int rc = parse_opts(argc, argv, "Build a report pack into OUT/PACK-P/.",
                        entries, o);

    if (rc)
        goto out;
    if (!a.pack || !a.period || !o->data || !o->out) {
        rc = usage_error("%s", "build needs --pack, --period, --data and --out");
        goto out;
    }
    struct rp_session_opts so = session_opts(o);
    struct rp_build_opts bo = {
        .templates = o->templates, .pack = a.pack, .period = a.period,
        .out = o->out, .as_of = a.as_of, .lang = a.lang,
        .command_line = command_line,
        .xlsx_max_rows = cap ? (unsigned)atoi(cap) : 0};
    if (rp_session_open(&s, &so, &err) < 0 ||
        rp_build_init(&b, &s, &bo, &err) < 0 ||
        rp_session_load(&s, &so, &err) < 0 ||
        rp_build_run(&b, &s, &err) < 0) {
        rc = report(&err);
        goto out;
    }
    warn_missing_labels(b.tr);
    if (!a.quiet) {
        print(stdout, rp_summary_quality(&b.r.t));
        print(stderr, rp_summary_rejects(s.model, MAX_LISTED_REJECTS));
        print(stdout, rp_summary_build(&b.r, b.dir));
    }
out:
    rp_build_release(&b);
    rp_session_close(&s);
    g_free(a.pack);
    g_free(a.period);
    g_free(a.as_of);
    g_free(a.lang);
    return rc;
}

/* The command line as typed, shell-quoted, for the About sheet.
 * Returns: g_free(). */
static char *quote_command_line(int argc, char **argv)
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
    return g_string_free(cl, FALSE);
}

int main(int argc, char **argv)
{
    struct common_opts o = {0};
    int rc;

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
    g_autofree char *command_line = quote_command_line(argc, argv);
    o.templates = rp_templates_default();
    if (strcmp(argv[1], "check") == 0)
        rc = cmd_check(argc - 1, argv + 1, &o);
    else if (strcmp(argv[1], "build") == 0)
        rc = cmd_build(argc - 1, argv + 1, &o, command_line);
    else
        rc = usage_error("unknown command '%s'", argv[1]);
    common_opts_release(&o);
    g_free(o.templates);
    rp_canvas_shutdown();
    return rc;
}
