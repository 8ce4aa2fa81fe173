/* main.c - the revpack command line: options, printing, exit codes.
 *
 *   revpack check --data DIR [--profile NAME|PATH] [--encoding E]
 *                 [--mapping NAME|PATH] [--allow-rejects] [--out DIR]
 *   revpack build --pack monthly-sla|quarterly-strategy --period P
 *                 --data DIR --out DIR [--profile NAME|PATH] [--as-of T]
 *                 [--lang en|zh] [--encoding E] [--mapping NAME|PATH]
 *                 [--allow-rejects] [--quiet]
 *   revpack --help | --version
 *
 * The work is done by build.c; only this file prints.  Exit codes follow
 * SPEC section 2.
 */
#include <glib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "revpack/build.h"
#include "revpack/canvas.h"
#include "revpack/out.h"
#include "revpack/summary.h"
#include "revpack/templates.h"
#include "revpack/version.h"

#define MAX_LISTED_REJECTS 20

static const char usage_text[] =
    "Usage:\n"
    "  revpack check --data DIR [--profile NAME|PATH] [--encoding E]\n"
    "                [--mapping NAME|PATH] [--allow-rejects] [--out DIR]\n"
    "  revpack build --pack monthly-sla|quarterly-strategy --period P\n"
    "                --data DIR --out DIR [--profile NAME|PATH] [--as-of T]\n"
    "                [--lang en|zh] [--encoding E] [--mapping NAME|PATH]\n"
    "                [--allow-rejects]\n"
    "  revpack --help | --version\n"
    "\n"
    "check  validate a data folder of CRM exports and report its quality\n"
    "build  build a report pack into OUT/PACK-PERIOD/\n"
    "\n"
    "Run 'revpack COMMAND --help' for the options of a command.\n";

/* Write @text to @fp made harmless for a terminal (rp_summary_safe). */
static void put_text(FILE *fp, const char *text)
{
    g_autofree char *safe = rp_summary_safe(text);
    fputs(safe, fp);
}

static int usage_error(const char *fmt, const char *arg)
{
    g_autofree char *what = g_strdup_printf(fmt, arg);
    g_autofree char *line = g_strdup_printf(
        "revpack: %s (try 'revpack --help')\n", what);
    put_text(stderr, line);
    return RP_EUSAGE;
}

static int report(const struct rp_err *err)
{
    if (err->code == RP_EUSAGE && !err->loc.file)
        return usage_error("%s", err->msg);
    g_autofree char *msg = rp_err_format(err);
    put_text(stderr, msg);
    fputc('\n', stderr);
    return err->code ? (int)err->code : 1;
}

/* Everything the command line can say; each command takes its part. */
struct args {
    char *data, *profile, *encoding, *mapping, *out, *pack, *period, *as_of,
        *lang, *burst, *mail;
    gboolean allow_rejects, quiet, send, resend, timings;
    gint jobs;
    char *templates;            /* the default templates folder */
    char *command_line;         /* as typed, shell-quoted */
};

static void args_release(struct args *a)
{
    char **strings[] = {&a->data,  &a->profile, &a->encoding, &a->out,
                        &a->pack,  &a->period,  &a->as_of,    &a->lang,
                        &a->mapping, &a->burst, &a->mail, &a->templates,
                        &a->command_line};
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_clear_pointer(strings[i], g_free);
}

/* Parse the options named in @names (comma-separated long names) of a
 * command into @a. */
static int parse(int argc, char **argv, struct args *a, const char *summary,
                 const char *names)
{
    const GOptionEntry all[] = {
        {"pack", 0, 0, G_OPTION_ARG_STRING, &a->pack,
         "monthly-sla or quarterly-strategy", "PACK"},
        {"period", 0, 0, G_OPTION_ARG_STRING, &a->period,
         "2025-06 (monthly-sla) or 2025Q2 (quarterly-strategy)", "P"},
        {"data", 0, 0, G_OPTION_ARG_FILENAME, &a->data,
         "Folder of CSV exports (leads.csv, opportunities.csv, ...)", "DIR"},
        {"out", 0, 0, G_OPTION_ARG_FILENAME, &a->out,
         "build: the pack goes to OUT/PACK-P/; check: rejects.csv and "
         "metrics.csv (quality rows) go here", "DIR"},
        {"profile", 0, 0, G_OPTION_ARG_STRING, &a->profile,
         "SLA profile: default, cn, or a path to an INI file", "NAME|PATH"},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &a->as_of,
         "Report as of this instant if before the period's end", "T"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &a->lang, "en (default) or zh",
         "L"},
        {"encoding", 0, 0, G_OPTION_ARG_STRING, &a->encoding,
         "Input encoding: auto (default: UTF-8, or what the bytes say), "
         "utf-8 (strictly), gb18030, gbk, utf-16", "E"},
        {"mapping", 0, 0, G_OPTION_ARG_STRING, &a->mapping,
         "How to read vendor exports: a mapping name (hubspot, "
         "salesforce-report, ...) or file; canonical: only leads.csv ... "
         "(default: recognise each file by its headers)", "NAME|PATH"},
        {"burst", 0, 0, G_OPTION_ARG_STRING, &a->burst,
         "Also one workbook and metrics.csv per team, owner or source, in "
         "by-KIND/KEY/", "team|owner|source"},
        {"mail", 0, 0, G_OPTION_ARG_FILENAME, &a->mail,
         "Write mail/NN-KEY.eml for each row (key,name,email[,cc]; key * "
         "= the whole pack)", "RECIPIENTS.csv"},
        {"send", 0, 0, G_OPTION_ARG_NONE, &a->send,
         "Also deliver the messages over SMTP ([mail] smtp_url, user; "
         "password from REVPACK_SMTP_PASSWORD)", NULL},
        {"resend", 0, 0, G_OPTION_ARG_NONE, &a->resend,
         "With --send: send again what mail/sent.csv says was delivered",
         NULL},
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &a->jobs,
         "Threads that read a file (default: the number of cores)", "N"},
        {"timings", 0, 0, G_OPTION_ARG_NONE, &a->timings,
         "Print the wall time of each phase on stderr", NULL},
        {"allow-rejects", 0, 0, G_OPTION_ARG_NONE, &a->allow_rejects,
         "Go on even if more than max_reject_share of a file is rejected",
         NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a->quiet,
         "Print nothing but errors", NULL},
    };
    GOptionEntry mine[G_N_ELEMENTS(all) + 1] = {{0}};
    g_auto(GStrv) want = g_strsplit(names, ",", -1);
    g_autoptr(GOptionContext) ctx = g_option_context_new(NULL);
    g_autoptr(GError) gerr = NULL;
    size_t n = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (g_strv_contains((const char *const *)want, all[i].long_name))
            mine[n++] = all[i];
    g_option_context_set_summary(ctx, summary);
    g_option_context_add_main_entries(ctx, mine, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr))
        return usage_error("%s", gerr->message);
    if (argc > 1)
        return usage_error("unexpected argument '%s'", argv[1]);
    if (a->jobs < 0 || a->jobs > 64)
        return usage_error("%s", "--jobs takes 1 to 64 (0: the cores)");
    return 0;
}

static void print(FILE *fp, GString *text)
{
    put_text(fp, text->str);
    g_string_free(text, TRUE);
}

static struct rp_session_opts session_opts(const struct args *a)
{
    return (struct rp_session_opts){
        .templates = a->templates,
        .data_dir = a->data,
        .profile = a->profile,
        .encoding = a->encoding,
        .mapping = a->mapping,
        .allow_rejects = a->allow_rejects,
        .jobs = (unsigned)a->jobs,
        .progress = !a->quiet && isatty(STDERR_FILENO),
    };
}

static int cmd_check(int argc, char **argv, struct args *a)
{
    struct rp_session s = {0};
    struct rp_err err = {0};
    struct rp_mtable t = {0};
    int rc = parse(argc, argv, a,
                   "Validate a data folder and report its quality.",
                   "data,out,profile,encoding,mapping,allow-rejects,jobs");

    if (rc)
        return rc;
    if (!a->data)
        return usage_error("%s", "check needs --data DIR");
    struct rp_session_opts so = session_opts(a);
    so.no_sha256 = true;        /* nothing check writes shows it */
    rp_mtable_init(&t);
    if (rp_session_open(&s, &so, &err) < 0 ||
        rp_session_load(&s, &so, &err) < 0) {
        rc = report(&err);
        goto out;
    }
    print(stderr, rp_summary_load_notes(s.model));
    rc = rp_build_check(&s, a->out, &t, &err) < 0 ? report(&err) : 0;
    print(stdout, rp_summary_quality(&t));
    print(stderr, rp_summary_rejects(s.model, MAX_LISTED_REJECTS));
out:
    rp_mtable_release(&t);
    rp_session_close(&s);
    return rc;
}

static int cmd_build(int argc, char **argv, struct args *a)
{
    struct rp_session s = {0};
    struct rp_build b = {0};
    struct rp_err err = {0};
    int rc = parse(argc, argv, a, "Build a report pack into OUT/PACK-P/.",
                   "pack,period,data,out,profile,as-of,lang,encoding,"
                   "mapping,burst,mail,send,resend,timings,allow-rejects,"
                   "quiet,jobs");

    if (rc)
        return rc;
    if (!a->pack || !a->period || !a->data || !a->out)
        return usage_error("%s",
                           "build needs --pack, --period, --data and --out");
    struct rp_session_opts so = session_opts(a);
    struct rp_build_opts bo = {
        .templates = a->templates, .pack = a->pack, .period = a->period,
        .out = a->out, .as_of = a->as_of, .lang = a->lang,
        .command_line = a->command_line, .burst = a->burst, .mail = a->mail,
        .send = a->send, .resend = a->resend,
        .last = true,
        .smtp_password = g_getenv("REVPACK_SMTP_PASSWORD")};
    gint64 t = g_get_monotonic_time(), start = t;
    if (rp_session_open(&s, &so, &err) < 0 ||
        rp_build_init(&b, &s, &bo, &err) < 0 ||
        (rp_canvas_warm(s.jobs), rp_session_load(&s, &so, &err) < 0) ||
        (rp_build_timed(&b, "read and validate", &t),
         rp_build_run(&b, &s, &err) < 0)) {
        rc = report(&err);
        goto out;
    }
    t = g_get_monotonic_time();     /* rp_build_run timed its own phases */
    print(stderr, rp_summary_missing_labels(b.tr));
    print(stderr, rp_summary_lines(b.mail_problems, ""));
    if (!a->quiet)
        print(stderr, rp_summary_load_notes(s.model));
    print(stderr, rp_summary_lines(b.notes, "revpack: note: "));
    if (!a->quiet) {
        print(stdout, rp_summary_quality(&b.r.t));
        print(stderr, rp_summary_rejects(s.model, MAX_LISTED_REJECTS));
        print(stdout, rp_summary_build(&b.r, b.dir));
        print(stdout, rp_summary_parts(b.parts));
    }
    /* the pack is whole on disk: now, and only now, deliver it */
    struct rp_err serr = {0};
    int sent = a->send ? rp_build_send(&b, &s, &serr) : 0;
    if (!a->quiet || sent < 0)
        print(stdout, rp_summary_mail(&b));
    if (sent < 0)
        rc = report(&serr);
    if (a->timings) {
        rp_build_timed(&b, a->send ? "send" : "print", &t);
        print(stderr, rp_summary_timings(b.timings, start));
    }
out:
    rp_build_release(&b);
    rp_session_close(&s);
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

/* SIGINT and SIGTERM: remove the pack being written, exit 130 / 143.
 * The signals are blocked in every thread and taken here, so the removal
 * runs as ordinary code, not in a handler. */
static gpointer on_signals(gpointer data)
{
    const sigset_t *set = data;
    int sig = 0;

    if (sigwait(set, &sig) != 0)
        return NULL;
    unsigned n = rp_out_abandon_all();
    if (n) {
        static const char msg[] = "revpack: stopped; the partial pack was "
                                  "removed\n";
        if (write(2, msg, sizeof(msg) - 1) < 0)
            _exit(128 + sig);
    }
    _exit(128 + sig);
}

int main(int argc, char **argv)
{
    static sigset_t signals;
    struct args a = {0};
    int rc;

#ifdef __GLIBC__
    /* a block of 1 MB or more is mapped on its own, and unmapped when
     * freed: glibc raises its threshold as large blocks are freed, and
     * then keeps their pages in the heap, resident, under holes (the
     * 0.25 GB bench's quarterly pack: max RSS 155 -> 141 MB) */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    g_thread_unref(g_thread_new("signals", on_signals, &signals));

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
    a.command_line = quote_command_line(argc, argv);
    a.templates = rp_templates_default();
    if (strcmp(argv[1], "check") == 0)
        rc = cmd_check(argc - 1, argv + 1, &a);
    else if (strcmp(argv[1], "build") == 0)
        rc = cmd_build(argc - 1, argv + 1, &a);
    else
        rc = usage_error("unknown command '%s'", argv[1]);
    args_release(&a);
    rp_canvas_shutdown();
    return rc;
}
