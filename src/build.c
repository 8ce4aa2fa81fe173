/* build.c - the pipeline: session -> reports -> every file of the pack. */
#include "revpack/build.h"

#include <string.h>

#include "revpack/chart.h"
#include "revpack/csv.h"
#include "revpack/deck.h"
#include "revpack/fmt.h"
#include "revpack/html.h"
#include "revpack/mail.h"
#include "revpack/model_subset.h"
#include "revpack/smtp.h"
#include "revpack/out.h"
#include "revpack/quality.h"
#include "revpack/render.h"
#include "revpack/story.h"
#include "revpack/workbook.h"

/* What pack templates may name: each renderer's own table. */
static const struct rp_pack_known known = {
    rp_workbook_sheet_id, rp_chart_id, rp_deck_page_id};

/* A line of @us microseconds for @phase. */
static void timed_for(struct rp_build *b, const char *phase, gint64 us)
{
    struct rp_build_timing t = {phase, (double)us / 1e6, false};
    g_array_append_val(b->timings, t);
}

void rp_build_timed(struct rp_build *b, const char *phase, gint64 *since)
{
    gint64 now = g_get_monotonic_time();

    timed_for(b, phase, now - *since);
    *since = now;
}

static void free_message(gpointer p)
{
    struct rp_build_message *m = p;
    g_free(m->file);
    g_free(m->message_id);
    g_free(m->result);
    g_free(m->detail);
}

int rp_build_init(struct rp_build *b, const struct rp_session *s,
                  const struct rp_build_opts *o, struct rp_err *err)
{
    enum rp_period_kind kind;
    int year, index;

    memset(b, 0, sizeof(*b));
    b->o = o;
    b->as_of = RP_TIME_NONE;
    b->notes = g_ptr_array_new_with_free_func(g_free);
    b->timings = g_array_new(FALSE, FALSE, sizeof(struct rp_build_timing));
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
    b->mail_problems = g_ptr_array_new_with_free_func(g_free);
    b->messages = g_array_new(FALSE, TRUE, sizeof(struct rp_build_message));
    g_array_set_clear_func(b->messages, free_message);
    if (o->send && !o->mail)
        return rp_err_set(err, RP_EUSAGE, NULL, "--send needs --mail");
    if (o->send && (!s->profile->smtp_url || !*s->profile->smtp_url))
        return rp_err_set(err, RP_EUSAGE, NULL,
                          "--send needs [mail] smtp_url in the profile");
    if (o->mail) {
        if (!s->profile->mail_from || !*s->profile->mail_from)
            return rp_err_set(err, RP_EUSAGE, NULL,
                              "--mail needs [mail] from in the profile");
        if (!(b->recipients = rp_mail_recipients_load(o->mail,
                                                      b->mail_problems, err)))
            return -1;
    }
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

/* ---- the pack's files: drawn here, written by file tasks ------------- */

/* The sentences of change: made by the workbook's task, the first thing
 * it needs, while this thread draws the charts, which read none (made
 * here first, the other core idled the 15-20 ms they take at 1 GB); the
 * deck, the page and the mail wait for them. */
struct story {
    GMutex lock;
    GCond made;
    GPtrArray *changes;         /* NULL until made */
};

static void story_make(struct story *st, const struct rp_render *rr)
{
    GPtrArray *changes = rp_story_changes(rr);

    g_mutex_lock(&st->lock);
    st->changes = changes;
    g_cond_broadcast(&st->made);
    g_mutex_unlock(&st->lock);
}

/* Returns: (transfer none) the sentences, once made. */
static GPtrArray *story_wait(struct story *st)
{
    g_mutex_lock(&st->lock);
    while (!st->changes)
        g_cond_wait(&st->made, &st->lock);
    g_mutex_unlock(&st->lock);
    return st->changes;
}

/* Work for the helper threads while this one draws the charts and the
 * deck: the CSV files, the workbook, each chart's SVG and PNG (encoded
 * from pixels drawn here).  All cairo and pango work stays on this
 * thread: pango's font map is per thread, two threads drawing text were
 * slower than one, and cairo 1.16's font caches are not safe to share.
 * The tasks read only the report, the model, the labels and their own
 * pixels.  Each keeps its own error; the first in the order they were
 * handed over is the one reported, so a failing run says the same at any
 * --jobs. */
struct task {
    int (*run)(struct task *t, struct rp_err *err);
    const char *phase;          /* --timings: the tasks' time, by phase */
    const char *dir;            /* outlives the task */
    const struct rp_session *s;
    const struct rp_render *rr;
    const char *chart;          /* a chart's id, */
    cairo_surface_t *raster;    /* its pixels, */
    GString *svg;               /* and its SVG, kept for the page */
    GAsyncQueue *rasters;       /* where its pixels go once written */
    struct story *story;        /* the workbook's: to make first */
    gint64 took;                /* microseconds */
    int rc;
    struct rp_err err;
};

struct helpers {
    GAsyncQueue *queue;         /* tasks not yet begun; NULL: each task
                                   runs when handed over (--jobs 1) */
    GPtrArray *threads;         /* GThread * */
    GPtrArray *tasks;           /* struct task *, in order handed over */
    gint64 ran_here;            /* microseconds of tasks this thread took
                                   while drawing */
    GAsyncQueue *rasters;       /* cairo_surface_t *: charts' pixels
                                   written, to draw the next chart on */
};

/* Popped by a helper: it ends. */
static struct task stop;

static void run_task(struct task *t)
{
    gint64 t0 = g_get_monotonic_time();

    t->rc = t->run(t, &t->err);
    t->took = g_get_monotonic_time() - t0;
}

static gpointer helper(gpointer queue)
{
    struct task *t;

    while ((t = g_async_queue_pop(queue)) != &stop)
        run_task(t);
    return NULL;
}

static void free_task(gpointer p)
{
    struct task *t = p;
    if (t->raster)
        cairo_surface_destroy(t->raster);
    if (t->svg)
        g_string_free(t->svg, TRUE);
    g_free(t);
}

/* One helper fewer than the session's --jobs (none for --jobs 1): this
 * thread draws meanwhile, then takes what is left (helpers_finish). */
static void helpers_start(struct helpers *h, const struct rp_session *s)
{
    h->tasks = g_ptr_array_new_with_free_func(free_task);
    h->ran_here = 0;
    h->rasters = g_async_queue_new_full((GDestroyNotify)cairo_surface_destroy);
    h->queue = s->jobs > 1 ? g_async_queue_new() : NULL;
    h->threads = g_ptr_array_new();
    for (unsigned i = 1; h->queue && i < s->jobs; i++)
        g_ptr_array_add(h->threads,
                        g_thread_new("revpack-files", helper, h->queue));
}

static struct task *task_new(const char *phase,
                             int (*run)(struct task *, struct rp_err *),
                             const char *dir, const struct rp_session *s,
                             const struct rp_render *rr)
{
    struct task *t = g_new0(struct task, 1);
    *t = (struct task){.run = run, .phase = phase, .dir = dir, .s = s,
                       .rr = rr};
    return t;
}

static void hand_over(struct helpers *h, struct task *t)
{
    g_ptr_array_add(h->tasks, t);
    if (h->queue) {
        g_async_queue_push(h->queue, t);
    } else {
        run_task(t);
        h->ran_here += t->took;
    }
}

/* Run the tasks not yet begun beside the helpers, then end them; into
 * @b's timings the wait since @since, then the tasks' time by phase.
 * Returns: 0, or -1 with the first failed task's error.  The tasks stay,
 * for their SVGs. */
static int helpers_finish(struct helpers *h, struct rp_build *b,
                          gint64 *since, struct rp_err *err)
{
    int rc = 0;

    if (h->queue) {
        struct task *t;
        while ((t = g_async_queue_try_pop(h->queue)))
            run_task(t);
        for (guint i = 0; i < h->threads->len; i++)
            g_async_queue_push(h->queue, &stop);
        for (guint i = 0; i < h->threads->len; i++)
            g_thread_join(g_ptr_array_index(h->threads, i));
        g_async_queue_unref(h->queue);
        h->queue = NULL;
    }
    rp_build_timed(b, "file tasks (wait)", since);
    guint first = b->timings->len;  /* a line per phase, in first-seen order */
    for (guint i = 0; i < h->tasks->len; i++) {
        struct task *t = g_ptr_array_index(h->tasks, i);
        guint k = first;
        while (k < b->timings->len &&
               g_array_index(b->timings, struct rp_build_timing, k).phase !=
                   t->phase)
            k++;
        if (k == b->timings->len) {
            struct rp_build_timing tm = {t->phase, 0, true};
            g_array_append_val(b->timings, tm);
        }
        g_array_index(b->timings, struct rp_build_timing, k).seconds +=
            (double)t->took / 1e6;
        if (t->rc < 0 && rc == 0) {
            rp_err_copy(err, &t->err);
            rc = -1;
        }
    }
    g_ptr_array_unref(h->threads);
    g_async_queue_unref(h->rasters);
    return rc;
}

/* metrics.csv, breaches.csv (every breach) and rejects.csv (every
 * reject). */
static int csv_files(struct task *t, struct rp_err *err)
{
    g_autoptr(GString) metrics = rp_mtable_csv(&t->rr->r->t);
    struct rp_breaches_csv breaches = {t->rr->r, t->s->model, &t->s->clock,
                                       0};
    g_autoptr(GString) rejects = rp_quality_rejects_csv(t->s->model);

    if (rp_out_write(t->dir, "metrics.csv", metrics->str, metrics->len,
                     err) < 0 ||
        rp_out_write_pieces(t->dir, "breaches.csv", rp_report_breaches_csv,
                            &breaches, err) < 0 ||
        rp_out_write(t->dir, "rejects.csv", rejects->str, rejects->len,
                     err) < 0)
        return -1;
    return 0;
}

static char *workbook_name(const struct rp_render *rr)
{
    return g_strdup_printf("%s-%s.xlsx", rr->pack->name, rr->period_key);
}

static int workbook(struct task *t, struct rp_err *err)
{
    g_autofree char *name = workbook_name(t->rr);
    g_autofree char *path = g_build_filename(t->dir, name, NULL);
    struct rp_render rr = *t->rr;

    story_make(t->story, t->rr);
    rr.changes = t->story->changes;
    return rp_workbook_write(&rr, path, err);
}

/* charts/ID.svg, and ID.png encoded from the chart's pixels. */
static int chart_files(struct task *t, struct rp_err *err)
{
    g_autofree char *sn = g_strdup_printf("%s.svg", t->chart);
    g_autofree char *pn = g_strdup_printf("%s.png", t->chart);
    g_autoptr(GByteArray) png = g_byte_array_new();

    if (rp_canvas_png(t->raster, t->chart, png, err) < 0)
        return -1;
    g_async_queue_push(t->rasters, t->raster); /* no fonts: any thread */
    t->raster = NULL;
    if (rp_out_write(t->dir, sn, t->svg->str, t->svg->len, err) < 0 ||
        rp_out_write(t->dir, pn, (const char *)png->data, png->len, err) < 0)
        return -1;
    return 0;
}

/* Every chart of the pack template drawn here, its files handed to the
 * helpers. */
static int write_charts(const char *cdir, struct helpers *h,
                        const struct rp_session *s,
                        const struct rp_render *rr, struct rp_err *err)
{
    if (!*rr->pack->charts)
        return 0;
    if (rp_out_mkdir(cdir, err) < 0)
        return -1;
    for (char **id = rr->pack->charts; *id; id++) {
        GString *svg;
        cairo_surface_t *raster;
        if (rp_chart_render(rr, *id, g_async_queue_try_pop(h->rasters), &svg,
                            &raster, err) < 0)
            return -1;
        struct task *t = task_new("charts (png)", chart_files, cdir, s, rr);
        t->chart = *id;
        t->svg = svg;
        t->raster = raster;
        t->rasters = h->rasters;
        hand_over(h, t);
        /* the helpers are behind (on the workbook, say): take a task
         * here before drawing on, or every chart's pixels wait at once
         * (nine 1600x900 charts of a quarter: 52 MB) */
        struct task *x;
        while (h->queue && g_async_queue_length(h->queue) > 2 &&
               (x = g_async_queue_try_pop(h->queue))) {
            run_task(x);
            h->ran_here += x->took;     /* not the drawing's time */
        }
    }
    return 0;
}

/* Every file of the pack into @dir: the helpers write the CSV files, the
 * workbook and the charts' files while this thread lays out the charts
 * and draws the deck; then the page, which holds the charts' SVGs.  The
 * workbook's task makes the sentences of change, into @rr once made
 * and into *@changes (transfer full) once it has ended. */
static int write_pack(const char *dir, struct rp_build *b,
                      const struct rp_session *s, struct rp_render *rr,
                      GPtrArray **changes, gint64 *since, struct rp_err *err)
{
    gint64 t = *since;
    g_autofree char *cdir = g_build_filename(dir, "charts", NULL);
    g_autoptr(GByteArray) pdf = NULL;
    struct rp_err mine = {0};
    struct helpers h;
    struct story story = {0};
    int rc = -1;

    g_assert(!rr->changes);
    g_mutex_init(&story.lock);
    g_cond_init(&story.made);
    helpers_start(&h, s);
    struct task *wb = task_new("workbook", workbook, dir, s, rr);
    wb->story = &story;
    hand_over(&h, wb);
    hand_over(&h, task_new("csv files", csv_files, dir, s, rr));
    if (write_charts(cdir, &h, s, rr, &mine) < 0)
        goto out;
    /* the tasks this thread took between charts, a line of their own:
     * the lines without an indent add up to the total */
    t += h.ran_here;
    rp_build_timed(b, "charts", &t);
    timed_for(b, "file tasks (here)", h.ran_here);
    rr->changes = story_wait(&story);
    if (rp_deck_render(rr, &pdf, &mine) < 0 ||
        (pdf && rp_out_write(dir, "deck.pdf", (const char *)pdf->data,
                             pdf->len, &mine) < 0))
        goto out;
    if (pdf)
        rp_build_timed(b, "deck", &t);
    rc = 0;
out:
    /* the tasks' error first: a task is handed over before any later
     * step here fails, at any --jobs */
    if (helpers_finish(&h, b, &t, err) < 0)
        rc = -1;
    else if (rc < 0)
        rp_err_copy(err, &mine);
    /* the workbook's task has ended */
    rr->changes = *changes = story_wait(&story);
    g_mutex_clear(&story.lock);
    g_cond_clear(&story.made);
    if (rc == 0 && rr->pack->html) {
        g_autoptr(GPtrArray) svgs = g_ptr_array_new();
        for (guint i = 0; i < h.tasks->len; i++) {
            struct task *x = g_ptr_array_index(h.tasks, i);
            if (x->svg)
                g_ptr_array_add(svgs, x->svg);
        }
        g_autofree char *xlsx = workbook_name(rr);
        g_autoptr(GString) page = rp_html_page(rr, svgs, xlsx, err);
        if (!page ||
            rp_out_write(dir, "index.html", page->str, page->len, err) < 0)
            rc = -1;
        else
            rp_build_timed(b, "page", &t);
    }
    g_ptr_array_unref(h.tasks);
    *since = t;
    return rc;
}

static void free_part(gpointer p)
{
    struct rp_build_part *x = p;
    g_free(x->key);
    g_free(x->safe);
    g_free(x->xlsx);
}

/* mail/NN-KEY.eml for every recipient of @key ("*": the whole pack),
 * with @xlsx (relative to @dir) attached. */
static int write_messages(const char *dir, struct rp_build *b,
                          const struct rp_render *rr, const char *key,
                          const char *xlsx, struct rp_err *err)
{
    g_autofree char *mdir = g_build_filename(dir, "mail", NULL);
    g_autofree char *path = g_build_filename(dir, xlsx, NULL);
    g_autofree char *data = NULL;
    gsize len = 0;

    for (guint i = 0; b->recipients && i < b->recipients->len; i++) {
        const struct rp_recipient *to =
            &g_array_index(b->recipients, struct rp_recipient, i);
        if (strcmp(to->key, key) != 0)
            continue;
        if (!data && !g_file_get_contents(path, &data, &len, NULL))
            return rp_err_set(err, RP_EIO, NULL, "cannot read back '%s'",
                              path);
        g_autoptr(GBytes) x = g_bytes_new_static(data, len);
        g_autofree char *base = g_path_get_basename(xlsx);
        struct rp_mail_in in = {rr, rr->prof->mail_from, to, base, x};
        struct rp_build_message bm = {0};
        g_autoptr(GBytes) msg = rp_mail_compose(&in, &bm.message_id, err);
        if (!msg)
            return -1;
        g_autofree char *safe = strcmp(key, "*") == 0 ? g_strdup("all")
                                                      : rp_out_safe_name(key);
        g_autofree char *name = g_strdup_printf("%02u-%s.eml", i + 1, safe);
        gsize n;
        const char *bytes = g_bytes_get_data(msg, &n);
        if (rp_out_mkdir(mdir, err) < 0 ||
            rp_out_write(mdir, name, bytes, n, err) < 0) {
            g_free(bm.message_id);
            return -1;
        }
        bm.file = g_build_filename("mail", name, NULL);
        bm.recipient = i;
        g_array_append_val(b->messages, bm);
    }
    return 0;
}

/* Messages in the recipients file's order. */
static gint by_recipient(gconstpointer x, gconstpointer y)
{
    const struct rp_build_message *a = x, *b = y;
    return (a->recipient > b->recipient) - (a->recipient < b->recipient);
}

/* Recipients whose key has no sub-pack get no message, and a line. */
static void check_recipients(struct rp_build *b)
{
    for (guint i = 0; b->recipients && i < b->recipients->len; i++) {
        const struct rp_recipient *to =
            &g_array_index(b->recipients, struct rp_recipient, i);
        bool found = strcmp(to->key, "*") == 0;
        for (guint k = 0; !found && b->parts && k < b->parts->len; k++)
            found = strcmp(g_array_index(b->parts, struct rp_build_part, k)
                               .key,
                           to->key) == 0;
        if (found)
            continue;
        g_autofree char *base = g_path_get_basename(b->o->mail);
        g_ptr_array_add(
            b->mail_problems,
            b->parts ? g_strdup_printf("%s:%u: note: no data for %s '%s': no "
                                       "message for %s",
                                       base, to->line, b->o->burst, to->key,
                                       to->email)
                     : g_strdup_printf("%s:%u: note: key '%s' needs --burst: "
                                       "no message for %s",
                                       base, to->line, to->key, to->email));
    }
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
        /* equal ignoring case and Unicode form: one folder on macOS */
        g_autofree char *nfc = g_utf8_normalize(p.safe, -1, G_NORMALIZE_NFC);
        char *fold = g_utf8_casefold(nfc ? nfc : p.safe, -1);
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

/* The period's report on @m into @r and into @prev the previous period's
 * SLA figures and breaches (what the comparisons read): for the whole and
 * for every burst key.  Their metric families are shared with a second
 * thread when there is a second core.  On failure neither is left to
 * release. */
static int build_reports(const struct rp_build *b, const struct rp_session *s,
                         const struct rp_model *m, struct rp_report *r,
                         struct rp_report *prev, struct rp_err *err)
{
    struct rp_clock *clock = (struct rp_clock *)&s->clock;
    struct rp_report_req req[] = {
        {r, b->period, RP_REPORT_ALL},
        {prev, rp_period_shift(&b->period, clock, -1), RP_REPORT_SLA},
    };

    return rp_report_build_many(req, G_N_ELEMENTS(req), m, s->profile, clock,
                                b->pack, b->as_of, s->jobs > 1, err);
}

/* by-KIND/KEY/: the key's workbook and metrics.csv, computed by the same
 * code on the key's share of the model. */
static int write_burst(const char *dir, struct rp_build *b,
                       const struct rp_session *s, const struct rp_render *whole,
                       struct rp_err *err)
{
    enum rp_by by = (enum rp_by)rp_model_subset_by(b->o->burst);
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
        if (build_reports(b, s, sub, &r, &prev, err) < 0) {
            rp_model_free(sub);
            return -1;
        }
        struct rp_render rr = *whole;
        rr.m = sub;
        rr.r = &r;
        rr.prev = &prev;
        rr.scope = scope;
        rr.scope_note = note;
        g_autoptr(GPtrArray) changes = rp_story_changes(&rr);
        rr.changes = changes;
        g_autoptr(GString) metrics = rp_mtable_csv(&r.t);
        g_autofree char *xlsx = g_build_filename(dir, p->xlsx, NULL);
        if (rp_out_mkdir(sub_dir, err) == 0 &&
            rp_out_write(sub_dir, "metrics.csv", metrics->str,
                         metrics->len, err) == 0 &&
            rp_workbook_write(&rr, xlsx, err) == 0 &&
            write_messages(dir, b, &rr, p->key, p->xlsx, err) == 0)
            rc = 0;
        rp_report_release(&prev);
        rp_report_release(&r);
        rp_model_free(sub);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* sent.csv of an earlier run: the Message-ID of each delivery. */
struct sent_load {
    GHashTable *set;
    int col[2];         /* message_id, result */
    bool header;
};

static int on_sent(void *ctx, const struct rp_csv_record *rec,
                   struct rp_err *err)
{
    struct sent_load *l = ctx;
    (void)err;
    if (!l->header) {
        l->col[0] = rp_csv_column(rec, "message_id");
        l->col[1] = rp_csv_column(rec, "result");
        l->header = true;
        return 0;
    }
    for (int c = 0; c < 2; c++)
        if (l->col[c] < 0 || (unsigned)l->col[c] >= rec->n_fields)
            return 0;
    /* the Message-ID alone: it hashes the recipient, and the address
     * column may carry the CSV formula guard ('-ops@...) */
    if (strcmp(rec->fields[l->col[1]], "sent") == 0)
        g_hash_table_add(l->set, g_strdup(rec->fields[l->col[0]]));
    return 0;
}

static void load_sent(struct rp_build *b, const char *final)
{
    g_autofree char *path = g_build_filename(final, "mail", "sent.csv", NULL);
    struct sent_load l = {0};
    struct rp_csv_opts o = {.encoding = "utf-8"};
    struct rp_err ignored = {0};

    b->delivered = l.set = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                 g_free, NULL);
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
        rp_csv_read(path, "sent.csv", &o, on_sent, &l, &ignored);
}

int rp_build_send(struct rp_build *b, const struct rp_session *s,
                  struct rp_err *err)
{
    const struct rp_profile *p = s->profile;
    struct rp_smtp conn = {p->smtp_url, p->smtp_user, b->o->smtp_password};
    g_autofree char *from = rp_mail_address_of(p->mail_from);
    g_autoptr(GString) csv = g_string_new("file,to,message_id,result,detail\n");
    guint failed = 0;
    const char *why = rp_smtp_unavailable();

    /* no message is tried: none would go, and a retry could not help */
    if (why)
        return rp_err_set(err, RP_ECANTCREAT, NULL, "%s", why);
    if (!from)      /* the messages were composed: [mail] from is one */
        return rp_err_set(err, RP_EDATA, NULL,
                          "[mail] from '%s' is not one address",
                          p->mail_from ? p->mail_from : "");

    for (guint i = 0; i < b->messages->len; i++) {
        struct rp_build_message *m =
            &g_array_index(b->messages, struct rp_build_message, i);
        const struct rp_recipient *to =
            &g_array_index(b->recipients, struct rp_recipient, m->recipient);
        if (b->delivered &&
            g_hash_table_contains(b->delivered, m->message_id)) {
            m->result = g_strdup("sent before");
        } else {
            g_autofree char *path = g_build_filename(b->dir, m->file, NULL);
            g_autofree char *data = NULL;
            gsize len = 0;
            g_autoptr(GPtrArray) rcpts = g_ptr_array_new();
            g_ptr_array_add(rcpts, to->email);
            for (char **c = to->cc; *c; c++)
                g_ptr_array_add(rcpts, *c);
            g_ptr_array_add(rcpts, NULL);
            if (!g_file_get_contents(path, &data, &len, NULL))
                m->detail = g_strdup_printf("cannot read %s", m->file);
            else if (rp_smtp_send(&conn, from,
                                  (const char *const *)rcpts->pdata, data,
                                  len, &m->detail) == 0)
                m->result = g_strdup("sent");
            if (!m->result) {
                m->result = g_strdup("failed");
                failed++;
            }
        }
        rp_csv_append_field(csv, m->file);
        g_string_append_c(csv, ',');
        rp_csv_append_field(csv, to->email);
        g_string_append_c(csv, ',');
        rp_csv_append_field(csv, m->message_id);
        g_string_append_printf(csv, ",%s,",
                               strcmp(m->result, "failed") ? "sent"
                                                           : "failed");
        rp_csv_append_field(csv, m->detail ? m->detail
                                 : strcmp(m->result, "sent before") == 0
                                     ? "in an earlier run"
                                     : "");
        g_string_append_c(csv, '\n');
    }
    g_autofree char *mdir = g_build_filename(b->dir, "mail", NULL);
    if (rp_out_mkdir(mdir, err) < 0 ||
        rp_out_write(mdir, "sent.csv", csv->str, csv->len, err) < 0)
        return -1;
    if (failed)
        return rp_err_set(err, RP_ETEMPFAIL, NULL,
                          "%u of %u messages could not be sent; mail/sent.csv "
                          "says which; run again with --send to retry them",
                          failed, b->messages->len);
    return 0;
}

static gpointer drop_acts(gpointer m)
{
    rp_model_drop(m, RP_MODEL_ACTS);
    return NULL;
}

int rp_build_run(struct rp_build *b, const struct rp_session *s,
                 struct rp_err *err)
{
    const struct rp_build_opts *o = b->o;
    char *tmp = NULL;

    gint64 t = g_get_monotonic_time();
    g_assert(s->model && !b->dir);
    /* the session's last build gives back what it will not read (a
     * burst's key models read both) */
    bool drop = o->last && !o->burst;
    if (drop)
        rp_model_drop(s->model, RP_MODEL_IDS);
    if (build_reports(b, s, s->model, &b->r, &b->prev, err) < 0)
        return -1;
    /* the activities are given back beside the pack's files, which read
     * neither them nor their index (one after the other, the other core
     * idled the 5-6 ms the drop takes at 1 GB) */
    GThread *dropper = drop ? g_thread_new("revpack-drop", drop_acts,
                                           s->model)
                            : NULL;
    struct rp_render rr = {
        .m = s->model, .prof = s->profile, .clock = &s->clock, .r = &b->r,
        .prev = &b->prev, .pack = b->tmpl, .tr = b->tr,
        .period_key = b->period_key, .command_line = o->command_line,
        .templates = o->templates};
    rp_build_timed(b, "metrics", &t);
    g_autofree char *final =
        g_strdup_printf("%s/%s-%s", o->out, b->tmpl->name, b->period_key);
    if (o->send && !o->resend)
        load_sent(b, final);    /* before this run replaces the folder */
    tmp = rp_out_begin(final, b->notes, err);
    g_autofree char *xlsx_name = workbook_name(&rr);
    g_autoptr(GPtrArray) changes = NULL;    /* rr's, made by write_pack */
    bool ok = tmp && write_pack(tmp, b, s, &rr, &changes, &t, err) == 0;
    if (dropper)
        g_thread_join(dropper);
    ok = ok && write_messages(tmp, b, &rr, "*", xlsx_name, err) == 0 &&
         (!o->burst || write_burst(tmp, b, s, &rr, err) == 0);
    if (ok && (o->burst || o->mail))
        rp_build_timed(b, o->burst ? "burst and mail" : "mail", &t);
    ok = ok && rp_out_commit(tmp, final, err) == 0;
    if (ok)
        rp_build_timed(b, "commit", &t);
    if (!ok) {
        rp_out_abort(tmp);
        g_free(tmp);
        return -1;
    }
    g_free(tmp);
    b->dir = g_steal_pointer(&final);
    g_array_sort(b->messages, by_recipient);
    check_recipients(b);
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
    rp_mail_recipients_free(b->recipients);
    if (b->mail_problems)
        g_ptr_array_unref(b->mail_problems);
    if (b->messages)
        g_array_unref(b->messages);
    if (b->delivered)
        g_hash_table_unref(b->delivered);
    if (b->notes)
        g_ptr_array_unref(b->notes);
    if (b->timings)
        g_array_unref(b->timings);
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
