/* session.c - profile, clock and model, the set-up every command shares. */
#include "revpack/session.h"

#include <stdio.h>
#include <string.h>

#include "revpack/csv.h"
#include "revpack/templates.h"

char *rp_session_profile_path(const char *templates, const char *arg)
{
    const char *name = arg ? arg : "default";

    if (!strchr(name, '/') && !g_str_has_suffix(name, ".ini")) {
        g_autofree char *file = g_strconcat(name, ".ini", NULL);
        char *path = g_build_filename(templates, "sla", file, NULL);
        if (g_file_test(path, G_FILE_TEST_IS_REGULAR) || arg)
            return path;
        g_free(path);
        return NULL;    /* no templates at all: built-in defaults */
    }
    return g_strdup(name);
}

int rp_session_open(struct rp_session *s, const struct rp_session_opts *o,
                    struct rp_err *err)
{
    g_autofree char *ppath = rp_session_profile_path(o->templates, o->profile);

    memset(s, 0, sizeof(*s));
    if (o->encoding && !rp_csv_encoding_ok(o->encoding))
        return rp_err_set(err, RP_EUSAGE, NULL,
                          "unknown encoding '%s' (utf-8, gb18030, gbk, "
                          "utf-16, utf-16le, utf-16be)",
                          o->encoding);
    s->profile = rp_profile_load(ppath, err);
    if (!s->profile)
        return -1;
    /* the profile loader validated the zone already */
    if (rp_clock_init(&s->clock, s->profile->timezone,
                      s->profile->date_order) < 0) {
        rp_err_set(err, RP_EDATA, NULL, "unknown time zone '%s'",
                   s->profile->timezone);
        rp_session_close(s);
        return -1;
    }
    s->jobs = o->jobs ? o->jobs : g_get_num_processors();
    return 0;
}

struct progress {
    gint64 start;               /* of the read */
    gint64 file_start, last;    /* of this file's read; the last line */
    const char *name;
    bool shown;
};

/* "revpack: reading leads.csv: 412 MB, 1.9 M rows/s", rewritten in place
 * once the read has taken a second. */
static void show_progress(void *ctx, const char *name, uint64_t bytes,
                          uint64_t records)
{
    struct progress *p = ctx;
    gint64 now = g_get_monotonic_time();

    if (name != p->name) {      /* a new file: it began after the last */
        p->name = name;
        p->file_start = p->last ? p->last : p->start;
    }
    p->last = now;
    if (now - p->start < G_USEC_PER_SEC)
        return;
    double s = MAX((double)(now - p->file_start) / 1e6, 1e-3);
    fprintf(stderr, "\rrevpack: reading %s: %.0f MB, %.1f M rows/s\033[K",
            name, (double)bytes / 1e6, (double)records / 1e6 / s);
    fflush(stderr);
    p->shown = true;
}

int rp_session_load(struct rp_session *s, const struct rp_session_opts *o,
                    struct rp_err *err)
{
    struct progress pr = {.start = g_get_monotonic_time()};
    struct rp_load_opts lo = {
        .data_dir = o->data_dir,
        .templates = o->templates,
        .mapping = o->mapping,
        .encoding = o->encoding,
        .allow_rejects = o->allow_rejects,
        .no_sha256 = o->no_sha256,
        .max_field = (size_t)s->profile->max_field_bytes,
        .max_record = (size_t)s->profile->max_record_bytes,
        .jobs = o->jobs,
        .progress = o->progress ? show_progress : NULL,
        .progress_ctx = &pr,
    };

    g_assert(s->profile && !s->model);
    s->model = rp_model_load(&lo, s->profile, &s->clock, err);
    if (pr.shown)
        fputs("\r\033[K", stderr);     /* the line goes: the summary follows */
    return s->model ? 0 : -1;
}

void rp_session_close(struct rp_session *s)
{
    rp_model_free(s->model);
    if (s->clock.tz)
        rp_clock_release(&s->clock);
    rp_profile_free(s->profile);
    memset(s, 0, sizeof(*s));
}
