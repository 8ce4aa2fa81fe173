/* report.c - the report of one period: runs the metric families over the
 * model (src/metrics.h), keeps their rows and breaches, answers look-ups
 * and writes breaches.csv. */
#include "revpack/report.h"

#include <math.h>
#include <string.h>

#include "metrics.h"
#include "revpack/csv.h"
#include "revpack/out.h"
#include "revpack/quality.h"

/* A breach's SLA code as one word: its four bytes, zeros after the
 * code (breach() copies it into a zeroed field). */
static uint32_t code_word(const struct rp_breach *b)
{
    uint32_t w;

    memcpy(&w, b->sla, sizeof(w));
    return w;
}

/* Move each breach of @v to its place @to[i], a cycle of places at a
 * time: the cycle's places listed first (@cyc: room for all), then each
 * breach moved from the last place back, the breach to move some places
 * ahead fetched while the others move.  (Followed one swap at a time,
 * each move waited on a breach no cache held: three quarters of the
 * sort's time.)  @to is left all its own indexes. */
static void permute(struct rp_breach *v, guint *to, guint n, guint *cyc)
{
    enum { AHEAD = 12 };

    for (guint i = 0; i < n; i++) {
        guint len = 0;
        for (guint p = i; to[p] != p;) {
            guint q = to[p];
            cyc[len++] = p;
            to[p] = p;
            p = q;
        }
        if (len < 2)
            continue;
        /* the breach at cyc[k] goes to cyc[k + 1], the last to cyc[0] */
        struct rp_breach last = v[cyc[len - 1]];
        for (guint k = len - 1; k > 0; k--) {
            if (k > AHEAD) {
                const char *ahead = (const char *)&v[cyc[k - 1 - AHEAD]];
                __builtin_prefetch(ahead);
                __builtin_prefetch(ahead + sizeof(*v) - 1);
            }
            v[cyc[k]] = v[cyc[k - 1]];
        }
        v[cyc[0]] = last;
    }
}

/* Breaches SLA by SLA (codes in byte order), within one in the order
 * they came (file order): a stable sort by a key of a few values, so a
 * count per code gives each breach its place, and the breaches are
 * moved there in place, a cycle of places at a time (a sorted copy was
 * 36 MB more at the peak of a 1 GB quarter).  (A merge sort comparing
 * codes was 0.2 s for the 1.2 M breaches of a quarter at 1 GB.) */
static void sort_breaches(GArray *b)
{
    enum { MAX_CODES = 32 };
    const char *code[MAX_CODES];
    uint32_t word[MAX_CODES];
    guint n_code = 0, count[MAX_CODES + 1] = {0};

    if (b->len < 2)
        return;                 /* (and an empty array has no data) */
    guint8 *of = g_new(guint8, b->len);

    for (guint i = 0; i < b->len; i++) {
        const struct rp_breach *x = &g_array_index(b, struct rp_breach, i);
        const uint32_t w = code_word(x);
        guint k = 0;
        while (k < n_code && word[k] != w)
            k++;
        if (k == n_code) {
            g_assert(n_code < MAX_CODES);
            code[n_code] = x->sla;
            word[n_code++] = w;
        }
        of[i] = (guint8)k;
    }
    guint rank[MAX_CODES];      /* a code's place in byte order */
    for (guint k = 0; k < n_code; k++) {
        rank[k] = 0;
        for (guint j = 0; j < n_code; j++)
            rank[k] += strcmp(code[j], code[k]) < 0;
    }
    for (guint i = 0; i < b->len; i++)
        count[rank[of[i]] + 1]++;
    for (guint k = 0; k < n_code; k++)
        count[k + 1] += count[k];
    guint *to = g_new(guint, b->len);
    for (guint i = 0; i < b->len; i++)
        to[i] = count[rank[of[i]]]++;
    g_free(of);
    guint *cyc = g_new(guint, b->len);
    permute((struct rp_breach *)(void *)b->data, to, b->len, cyc);
    g_free(cyc);
    g_free(to);
}

/* SPEC 8.14: a trend period (month or quarter row) that ends at or before
 * the earliest created_at of the used leads has no data: every figure of
 * it is n/a, its target stays.  A covered period without leads keeps its
 * 0.  Without leads no period is marked: there is no start to compare. */
static void before_data(const struct rp_mctx *c, struct rp_mtable *t)
{
    const int64_t first = c->m->first_created;

    if (first == RP_TIME_NONE)
        return;
    for (guint i = 0; i < t->rows->len; i++) {
        struct rp_mrow *row = g_ptr_array_index(t->rows, i);
        enum rp_period_kind kind;
        int year, index;
        struct rp_period p;
        if ((row->group != RP_GRP_MONTH && row->group != RP_GRP_QUARTER) ||
            rp_period_parse(row->key, &kind, &year, &index) < 0)
            continue;
        rp_period_set(&p, c->clock, kind, year, index);
        if (p.end <= first) {
            row->has &= RP_M_TARGET;
            row->status = RP_ST_NONE;
        }
    }
}

/* An export without a SAL date (HubSpot has none): whether a lead was
 * accepted by sales cannot be told, so the SAL count, the conversions
 * into and out of SAL and the flow times through it are n/a, not the
 * SQL figures passed off as SAL ones. */
static void no_sal(const struct rp_mctx *c, struct rp_mtable *t)
{
    if (rp_model_has_column(c->m, RP_LEADS, RP_L_SAL_AT))
        return;
    for (guint i = 0; i < t->rows->len; i++) {
        struct rp_mrow *row = g_ptr_array_index(t->rows, i);
        enum rp_metric k = row->metric;
        if (k == RP_MET_FUNNEL_COUNT_SAL || k == RP_MET_FUNNEL_CONV_MQL_SAL ||
            k == RP_MET_FUNNEL_CONV_SAL_SQL ||
            (k >= RP_MET_FLOW_MQL_SAL_N && k <= RP_MET_FLOW_SAL_SQL_MEAN_DAYS)) {
            row->has &= RP_M_TARGET;
            row->status = RP_ST_NONE;
        }
    }
}

static int check_fields(char **list, const char *key, struct rp_err *err)
{
    for (; list && *list; list++)
        if (rp_model_lead_col(*list) < 0)
            return rp_err_set(err, RP_EDATA, NULL,
                              "profile %s names '%s', which is not a "
                              "leads.csv column",
                              key, *list);
    return 0;
}

/* The metric families, in the order of their rows in the table. */
enum family {
    F_FUNNEL, F_FLOW, F_WINRATE, F_VELOCITY, F_SLA, F_CALCULATOR, F_REVENUE,
    F_QUALITY, N_FAMILIES
};

/* The order two threads take them in: the longest first (seconds each on
 * the 1 GB bench: SLA 0.165, flow 0.156, revenue 0.089, funnel 0.057,
 * velocity 0.037, calculator 0.029, win rate 0.003), so they end
 * together. */
static const enum family by_cost[N_FAMILIES] = {
    F_SLA, F_FLOW, F_REVENUE, F_FUNNEL, F_VELOCITY, F_CALCULATOR, F_WINRATE,
    F_QUALITY};

/* One family of one report, into a table (and breaches) of its own. */
struct part {
    const struct rp_mctx *c;
    enum family f;
    struct rp_mtable t;
    GArray *breaches;           /* F_SLA's, sorted (sort_breaches) */
    GStringChunk *details;      /* and their details */
};

struct parts {
    struct part *p;
    unsigned n;
    gint next;                  /* the next part to take */
};

static void run_part(struct part *p)
{
    const struct rp_mctx *c = p->c;

    switch (p->f) {
    case F_FUNNEL: rp_metrics_funnel(c, &p->t); break;
    case F_FLOW: rp_metrics_flow(c, &p->t); break;
    case F_WINRATE: rp_metrics_winrate(c, &p->t); break;
    case F_VELOCITY: rp_metrics_velocity(c, &p->t); break;
    case F_SLA:
        rp_metrics_sla(c, &p->t, p->breaches, p->details);
        if (!c->headline)
            sort_breaches(p->breaches);
        break;
    case F_CALCULATOR: rp_metrics_calculator(c, &p->t); break;
    case F_REVENUE: rp_metrics_revenue(c, &p->t); break;
    case F_QUALITY: rp_quality_metrics(c->m, &p->t); break;
    case N_FAMILIES: break;
    }
}

static gpointer take_parts(gpointer data)
{
    struct parts *w = data;

    for (;;) {
        guint k = (guint)g_atomic_int_add(&w->next, 1);
        if (k >= w->n)
            return NULL;
        run_part(&w->p[k]);
    }
}

static void mctx_init(struct rp_mctx *c, const struct rp_model *m,
                      const struct rp_profile *prof, struct rp_clock *clock,
                      enum rp_pack pack, const struct rp_period *period,
                      int64_t as_of)
{
    memset(c, 0, sizeof(*c));
    c->m = m;
    c->prof = prof;
    c->clock = clock;
    rp_calendar_init(&c->cal, clock, prof);
    c->pack = pack;
    c->period = *period;
    c->as_of = (as_of == RP_TIME_NONE || as_of > period->end) ? period->end
                                                               : as_of;
    c->n_trend = pack == RP_PACK_MONTHLY ? 12 : 8;
    G_STATIC_ASSERT(RP_METRICS_MAX_TREND >= 12);
    c->trend_group = pack == RP_PACK_MONTHLY ? RP_GRP_MONTH : RP_GRP_QUARTER;
    for (int i = 0; i < c->n_trend; i++)
        c->trend[i] = rp_period_shift(period, clock, i - (c->n_trend - 1));
}

int rp_report_build_many(struct rp_report_req *req, unsigned n,
                         const struct rp_model *m,
                         const struct rp_profile *prof,
                         struct rp_clock *clock, enum rp_pack pack,
                         int64_t as_of, bool beside, struct rp_err *err)
{
    g_assert(m->acts);          /* not given back (rp_model_drop) */
    struct rp_mctx *c = g_new(struct rp_mctx, n);
    struct parts w = {g_new0(struct part, (gsize)n * N_FAMILIES), 0, 0};

    for (unsigned i = 0; i < n; i++)
        memset(req[i].r, 0, sizeof(*req[i].r));
    if (check_fields(prof->required_fields, "required_fields", err) < 0 ||
        check_fields(prof->tag_fields, "tag_fields", err) < 0) {
        g_free(w.p);
        g_free(c);
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        mctx_init(&c[i], m, prof, clock, pack, &req[i].period, as_of);
        c[i].headline = req[i].scope == RP_REPORT_SLA;
    }
    for (unsigned k = 0; k < N_FAMILIES; k++) {
        for (unsigned i = 0; i < n; i++) {
            if (req[i].scope == RP_REPORT_SLA && by_cost[k] != F_SLA)
                continue;
            struct part *p = &w.p[w.n++];
            p->c = &c[i];
            p->f = by_cost[k];
            rp_mtable_init(&p->t);
            if (p->f == F_SLA) {
                p->breaches = g_array_new(FALSE, FALSE,
                                          sizeof(struct rp_breach));
                p->details = g_string_chunk_new(4096);
            }
        }
    }
    GThread *th = beside ? g_thread_new("revpack-metrics", take_parts, &w)
                         : NULL;
    take_parts(&w);
    if (th)
        g_thread_join(th);

    /* each report's tables joined in family order: the same rows in the
     * same order as one thread running the families one by one */
    for (unsigned i = 0; i < n; i++) {
        struct rp_report *r = req[i].r;
        r->pack = pack;
        r->period = req[i].period;
        r->as_of = c[i].as_of;
        rp_mtable_init(&r->t);
        for (unsigned f = 0; f < N_FAMILIES; f++) {
            for (unsigned k = 0; k < w.n; k++) {
                struct part *p = &w.p[k];
                if (p->c != &c[i] || p->f != (enum family)f)
                    continue;
                rp_mtable_append(&r->t, &p->t);
                if (p->breaches) {      /* the SLA family's, sorted */
                    r->breaches = p->breaches;
                    r->details = p->details;
                    p->breaches = NULL;
                    p->details = NULL;
                }
            }
        }
        if (!r->breaches) {
            r->breaches = g_array_new(FALSE, FALSE, sizeof(struct rp_breach));
            r->details = g_string_chunk_new(64);
        }
        before_data(&c[i], &r->t);
        no_sal(&c[i], &r->t);
    }
    for (unsigned k = 0; k < w.n; k++)
        rp_mtable_release(&w.p[k].t);
    g_free(w.p);
    g_free(c);
    return 0;
}

int rp_report_build(struct rp_report *r, const struct rp_model *m,
                    const struct rp_profile *prof, struct rp_clock *clock,
                    enum rp_pack pack, const struct rp_period *period,
                    int64_t as_of, struct rp_err *err)
{
    struct rp_report_req req = {r, *period, RP_REPORT_ALL};

    return rp_report_build_many(&req, 1, m, prof, clock, pack, as_of, false,
                                err);
}

void rp_report_release(struct rp_report *r)
{
    rp_mtable_release(&r->t);
    if (r->details)
        g_string_chunk_free(r->details);
    if (r->breaches)
        g_array_unref(r->breaches);
    r->breaches = NULL;
    r->details = NULL;
}

static char *put_time(char *p, const struct rp_clock *clock, int64_t t)
{
    if (t == RP_TIME_NONE)
        return p;
    rp_clock_format(clock, t, p);
    return p + strlen(p);
}

/* Each row is written in place into room made for it at once: a printf
 * and an append call per field were 3,100 instructions a row. */
bool rp_report_breaches_csv(void *ctx, GString *s)
{
    struct rp_breaches_csv *c = ctx;
    const struct rp_report *r = c->r;
    const struct rp_model *m = c->m;
    const struct rp_clock *clock = c->clock;
    guint i = c->next;

    if (i == 0)
        g_string_append(s, "sla,lead_id,owner,team,source,from_at,to_at,"
                           "elapsed_hours,attempts,reason,detail\n");
    for (; i < r->breaches->len && s->len < RP_OUT_PIECE; i++) {
        const struct rp_breach *b =
            &g_array_index(r->breaches, struct rp_breach, i);
        /* the row 16 breaches ahead, the id's text of the one 8 ahead
         * (its row asked for 8 breaches ago) */
        if (i + 16 < r->breaches->len)
            rp_model_prefetch_lead(m, b[16].lead);
        if (i + 8 < r->breaches->len)
            __builtin_prefetch(RP_LEAD(m, b[8].lead)->id);
        const struct rp_lead *l = RP_LEAD(m, b->lead);
        const char *text[] = {l->id, rp_model_text_key(m, l->owner),
                              rp_model_text_key(m, l->team),
                              rp_model_text_key(m, l->source), b->detail};
        size_t len[G_N_ELEMENTS(text)];
        /* the texts quoted at worst; the rest: the SLA, two times, the
         * hours and attempts (rp_mtable_hundredths: under 64 each) and
         * reason */
        size_t room = sizeof(b->sla) + 2 * 24 + 2 * 64 + strlen(b->reason) +
                      16;
        for (size_t k = 0; k < G_N_ELEMENTS(text); k++) {
            text[k] = text[k] ? text[k] : "";
            len[k] = strlen(text[k]);
            room += RP_CSV_FIELD_ROOM(len[k]);
        }
        gsize at = s->len;
        g_string_set_size(s, at + room);
        char *p = s->str + at;
        p = stpcpy(p, b->sla);
        *p++ = ',';
        for (size_t k = 0; k < 4; k++) {    /* id, owner, team, source */
            p = rp_csv_put_field(p, text[k], len[k]);
            *p++ = ',';
        }
        p = put_time(p, clock, b->from);
        *p++ = ',';
        p = put_time(p, clock, b->to);
        *p++ = ',';
        if (!isnan(b->hours)) {
            rp_mtable_hundredths(b->hours, p, 64);
            p += strlen(p);
        }
        *p++ = ',';
        if (b->attempts >= 0) {     /* a whole number: no decimals */
            rp_mtable_hundredths(b->attempts, p, 64);
            p += strlen(p);
        }
        *p++ = ',';
        p = stpcpy(p, b->reason);
        *p++ = ',';
        p = rp_csv_put_field(p, text[4], len[4]);
        *p++ = '\n';
        g_string_truncate(s, (gsize)(p - s->str));
    }
    c->next = i;
    return i < r->breaches->len;
}

const struct rp_mrow *rp_report_row(const struct rp_report *r,
                                    enum rp_metric metric,
                                    enum rp_group group, const char *key)
{
    return rp_mtable_find(&r->t, metric, group, key);
}

bool rp_report_value(const struct rp_report *r, enum rp_metric metric,
                     enum rp_group group, const char *key, double *v)
{
    const struct rp_mrow *row = rp_report_row(r, metric, group, key);
    if (!row || !(row->has & RP_M_VALUE))
        return false;
    *v = row->value;
    return true;
}

GPtrArray *rp_report_rows(const struct rp_report *r, enum rp_metric metric,
                          enum rp_group group)
{
    return rp_mtable_rows(&r->t, metric, group);
}

enum rp_group rp_report_trend_group(const struct rp_report *r)
{
    return r->pack == RP_PACK_MONTHLY ? RP_GRP_MONTH : RP_GRP_QUARTER;
}

bool rp_report_needed_mqls(const struct rp_report *r, double *v)
{
    if (!rp_report_value(r, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL,
                         "all", v))
        return false;
    *v *= rp_period_months(&r->period);
    return true;
}
