/* model.c - CSV records -> typed model rows, rejects and anomalies.
 *
 * One table-driven converter serves all four files: each schema column
 * names its canonical header, type, whether it is required, and where the
 * value goes in the row struct.  A row is used or rejected whole, and a
 * rejected row is kept with its file, line, column, reason and raw fields,
 * so rows read = rows used + rows rejected for every file (SPEC 2).
 */
#include "revpack/model.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "revpack/clock.h"
#include "revpack/csv.h"
#include "revpack/mapping.h"
#include "revpack/pages.h"
#include "revpack/templates.h"

enum ctype {
    C_ID,      /* text, not interned: ids */
    C_KEY,     /* an id read only to find duplicates: not in the row, and
                  held only until its file is read */
    C_TEXT,    /* text, interned: low-cardinality values */
    C_CODE,    /* the same, kept as its number (rp_model_text) */
    C_UTEXT,   /* text, not interned: free text */
    C_SIDE,    /* the same, which few rows fill: kept beside the rows
                  (struct rp_row_text), not in them */
    C_ROLE,    /* a job title: only whether it names one of the profile's
                  ICP roles is kept, a bool */
    C_FLAG,    /* text whose presence alone matters, or that no figure
                  reads: not stored */
    C_REF,     /* a lead id referenced from another file: kept as written,
                  found when the model is linked (NOT_KEPT: found when its
                  chunk is read, kept only when it names no lead, as an
                  orphan) */
    C_TIME,    /* an instant, int64_t */
    C_AT,      /* an instant a lead or activity keeps: rp_at */
    C_MONEY, C_INT, C_BOOL, C_OUTCOME, C_MONTH
};

struct col {
    const char *name;
    enum ctype type;
    bool required;
    bool unique;     /* duplicate non-empty values reject the row */
    size_t off;
};

/* A column the row has no field for. */
#define NOT_KEPT SIZE_MAX

struct schema {
    enum rp_file file;
    const char *file_name;
    size_t row_size;
    size_t line_off;     /* where the row keeps its line number; NOT_KEPT:
                            an activity (rp_model_act_line) */
    const struct col *cols;
    unsigned n_cols;
};

#define L(f) offsetof(struct rp_lead, f)
/* Order = enum rp_lead_col: bit i of `present` is column i. */
static const struct col lead_cols[] = {
    {"lead_id", C_ID, true, true, L(id)},
    {"created_at", C_AT, true, false, L(created_at)},
    {"captured_at", C_AT, false, false, L(captured_at)},
    {"source", C_CODE, false, false, L(source)},
    /* campaign and company count only as filled in (tag_fields,
     * required_fields); a per-lead copy of company was 66 MB on 1 GB */
    {"campaign", C_FLAG, false, false, 0},
    {"company", C_FLAG, false, false, 0},
    {"industry", C_CODE, false, false, L(industry)},
    {"job_title", C_ROLE, false, false, L(icp_role)},
    {"phone", C_FLAG, false, false, 0},
    {"email", C_FLAG, false, false, 0},
    {"country", C_CODE, false, false, L(country)},
    {"region", C_CODE, false, false, L(region)},
    {"employees", C_INT, false, false, L(employees)},
    {"annual_revenue", C_MONEY, false, false, L(annual_revenue)},
    {"icp_fit", C_BOOL, false, false, L(icp_fit)},
    {"owner", C_CODE, false, false, L(owner)},
    {"team", C_CODE, false, false, L(team)},
    {"mql_at", C_AT, false, false, L(mql_at)},
    {"sal_at", C_AT, false, false, L(sal_at)},
    {"sql_at", C_AT, false, false, L(sql_at)},
    {"opportunity_id", C_SIDE, false, false, 0},
    {"recycled_at", C_AT, false, false, L(recycled_at)},
    {"recycle_reason", C_CODE, false, false, L(recycle_reason)},
    {"disqualified_at", C_AT, false, false, L(disqualified_at)},
    {"disqualify_reason", C_CODE, false, false, L(disqualify_reason)},
};
#undef L
G_STATIC_ASSERT(G_N_ELEMENTS(lead_cols) == RP_L_N_COLS);

#define O(f) offsetof(struct rp_opp, f)
static const struct col opp_cols[] = {
    {"opportunity_id", C_ID, true, true, O(id)},
    {"created_at", C_TIME, true, false, O(created_at)},
    {"lead_id", C_REF, false, false, O(lead_id)},
    {"source", C_TEXT, false, false, O(source)},
    {"stage", C_TEXT, false, false, O(stage)},
    {"outcome", C_OUTCOME, false, false, O(outcome)},
    {"amount", C_MONEY, false, false, O(amount)},
    {"closed_at", C_TIME, false, false, O(closed_at)},
    {"owner", C_TEXT, false, false, O(owner)},
    {"team", C_TEXT, false, false, O(team)},
    {"segment", C_TEXT, false, false, O(segment)},
    {"account", C_UTEXT, false, false, O(account)},
    {"currency", C_TEXT, false, false, O(currency)},
};
#undef O

#define A(f) offsetof(struct rp_activity, f)
static const struct col act_cols[] = {
    {"lead_id", C_REF, true, false, NOT_KEPT},
    {"occurred_at", C_AT, true, false, A(occurred_at)},
    {"activity_id", C_KEY, false, true, NOT_KEPT},
    /* no figure reads an activity's type or owner (SPEC 4.4 counts every
     * touch): 6.5 M activities were 104 MB of pointers */
    {"type", C_FLAG, false, false, 0},
    {"owner", C_FLAG, false, false, 0},
};
#undef A

#define S(f) offsetof(struct rp_spend, f)
static const struct col spend_cols[] = {
    {"month", C_MONTH, true, false, S(year)},
    {"source", C_TEXT, false, false, S(source)},
    {"amount", C_MONEY, true, false, S(amount)},
};
#undef S

static const struct schema schemas[RP_N_FILES] = {
    {RP_LEADS, "leads.csv", sizeof(struct rp_lead),
     offsetof(struct rp_lead, line), lead_cols, G_N_ELEMENTS(lead_cols)},
    {RP_OPPS, "opportunities.csv", sizeof(struct rp_opp),
     offsetof(struct rp_opp, line), opp_cols, G_N_ELEMENTS(opp_cols)},
    {RP_ACTS, "activities.csv", sizeof(struct rp_activity), NOT_KEPT,
     act_cols, G_N_ELEMENTS(act_cols)},
    {RP_SPEND, "spend.csv", sizeof(struct rp_spend),
     offsetof(struct rp_spend, line), spend_cols, G_N_ELEMENTS(spend_cols)},
};

#define MAX_COLS 32
#define MAX_ROW 256     /* bytes of the largest row struct */
#define SPARES 32       /* freed shards' buffers kept: two windows' */

/* The texts a shard has interned: open addressing on the id hash, so a
 * repeat costs one hash of a few words and one compare. */
struct texts {
    struct text_slot {
        uint64_t hash;
        const char *s;        /* the model's copy; NULL: empty slot */
        uint32_t code;        /* its number */
        uint32_t len;         /* strlen(s) */
    } *slot;
    uint32_t mask, n;
};

/* Texts of 16 bytes or fewer (most coded ones: a source, a country, an
 * owner) by their bytes, direct-mapped in front of a shard's table: a
 * look-up is a few loads and compares where intern() hashes, probes and
 * compares (105 instructions).  An entry's text is its length and the two
 * words short_key() reads, which hold every byte of a text that short. */
#define MEMO_BITS 9
struct memo {
    uint64_t w[2];
    struct text_slot t;       /* intern()'s answer; t.s NULL: empty entry */
};

/* Job titles already matched against the ICP roles (a slot's code: 1 a
 * role, 0 none), with copies of their own: titles repeat ("Sales
 * Manager"), and a match lower-cases the title and looks for each role in
 * it, which was 8% of a check's cycles.  At most ROLE_MEMO titles, the
 * first seen (the common ones come early): past that a title is matched
 * afresh.  Every spare keeps a memo, up to SPARES of them: 4,096 titles
 * are at most 0.3 MB each where a CRM's titles are all different. */
#ifndef ROLE_MEMO
#define ROLE_MEMO (1u << 12)
#endif
struct roles {
    struct texts t;
    GStringChunk *bytes;
};

/* Rows or items a shard appends to, inline: GArray's append was two
 * calls and a memcpy per row and per item (a tenth of the read's
 * instructions). */
struct vec {
    char *data;
    size_t n, cap, size;
};

static __attribute__((noinline)) void vec_grow(struct vec *v)
{
    v->cap = v->cap ? v->cap * 2 : 1024;
    v->data = g_realloc_n(v->data, v->cap, v->size);
}

/* The place of the element after the last: it counts once n is raised. */
static inline void *vec_next(struct vec *v)
{
    if (v->n == v->cap)
        vec_grow(v);
    return v->data + v->n * v->size;
}

/* What reading one file shares between its threads: read-only while the
 * chunks are read, but for the interned texts (under `lock`) and the
 * footer state (a file with a footer rule is read on one thread). */
struct loader {
    struct rp_model *m;
    const struct rp_mapping *mp;   /* how the file's headers read */
    const struct rp_map_schema *schema;
    struct rp_map_plan plan;
    const char *name;              /* the file's own name */
    uint32_t prev_line;            /* last line of the previous record */
    uint32_t footer_at;            /* first line of a report footer */
    uint32_t footer_last;          /* last line counted or rejected in it */
    const struct rp_profile *prof;
    struct rp_clock *clock;
    const struct schema *sc;
    GArray **rows;            /* the model's array */
    size_t max_field, max_record;
    struct rp_idindex *ids;   /* this file's unique ids -> index + 1 */
    /* a C_KEY file's unique ids, not kept: their fingerprints, and the
     * rows whose id may have been seen (see settle_repeats) */
    bool keyed;
    struct rp_fpset seen;
    GPtrArray *maybe;         /* char *: the ids of rows whose id may have
                                 been seen, in file order */
    guint rejects_from;       /* m->rejects' length as the file began */
    struct settle *settle;    /* the second read's, while it runs */
    int ucol;                 /* the schema column that is unique, or -1 */
    bool sized;               /* ids reserved for the file's guessed rows */
    /* while every unique id read so far (a row's rejected after its id
     * was read too: such a row is still named a repeat) is past the one
     * before (struct rp_idrun): no find, and a C_KEY id not even put in
     * `seen` (see recheck_ordered) */
    bool ordered;
    struct rp_idrun run;
    size_t guess;             /* the rows guessed from the first chunk */
    GArray *pending;          /* struct pending: rows to index once the
                                 table is made (ld->sized) */
    uint32_t broke_at;        /* C_KEY: the first line of the chunk the
                                 order broke in, if ids came before it
                                 (they are not in `seen`), else 0 */
    struct ahead *ahead;      /* the id tables made ahead, or NULL */
    GPtrArray *stage;         /* leads.csv: its stage-order anomalies, as
                                 its rows join (check_lead); else NULL */
    unsigned n_header;
    bool header_done;
    GMutex lock;              /* m's texts while threads intern */
    /* what on_record does per record, worked out once from the header:
     * the columns that have a field, and the row as it starts (every
     * column absent) */
    struct step {
        const struct col *col;
        unsigned c;           /* the schema column */
        int field;            /* its (first) field */
        bool plain;           /* the value is the field, trimmed: one
                                 field, no value map, no id list, no
                                 decimal comma */
    } steps[MAX_COLS];
    unsigned n_steps;
    _Alignas(max_align_t) char none[MAX_ROW];
    /* what freed shards leave to new ones (both on the reading thread):
     * row and item buffers already grown to a chunk's size and faulted
     * in, and the texts already interned */
    struct spare {
        struct vec rows, items;
        struct texts texts;
        struct memo *memo;
        struct roles roles;
    } spare[SPARES];
    unsigned n_spare;
};

/* A row whose id waits for its file's table. */
struct pending {
    uint64_t hash;
    uint32_t at;
};

/* A row or a rejected record of a shard, in file order. */
struct item {
    struct rp_reject *rej;    /* NULL: row `row` of the shard */
    const char *uid;          /* its unique id (a rejected record's if it
                                 was read before the record failed); NULL
                                 for a C_KEY id, which is not kept */
    uint64_t offset;          /* the record's text offset */
    uint64_t uhash;           /* rp_idindex_hash() of the id, on the thread */
    uint32_t ulen;            /* the id's length; 0: no id */
    uint32_t row;
    uint32_t line;
    uint32_t ufield;          /* the unique id's field, 1-based */
};

/* A row's unique id as read, hashed on the reading thread so the merge
 * only looks it up.  A C_KEY id's text is not kept (s NULL): the merge
 * reads it again in the rare case it needs it (note_maybe); a copy of each
 * activity's id was 6.5 M copies in a 1 GB folder. */
struct uid {
    const char *s;            /* the model's copy of a C_ID id, or NULL */
    uint32_t len;             /* 0: none read */
    uint64_t hash;
};

/* One chunk's records, read on one thread. */
struct shard {
    struct loader *ld;
    struct vec rows;          /* row structs */
    struct vec items;         /* struct item */
    GStringChunk *strings;    /* its ids and free texts (to the model) */
    struct texts texts;       /* interned texts seen, the model's copies */
    struct memo *memo;        /* 1 << MEMO_BITS short ones, in front */
    struct roles roles;
    GString *val;             /* a value joined or rewritten */
    uint64_t rows_read;
    int64_t cents[MAX_COLS];  /* money values of the row, as written */
    struct rp_currency cur[MAX_COLS];
    uint32_t has_money;       /* bit per schema column */
    uint32_t ref;             /* an activity's lead_id: its find in refs,
                                 index + 1 (0 none) */
    GArray *refs;             /* struct rp_idfind: the activities' lead
                                 ids, found when the chunk is read */
    GStringChunk *ref_texts;  /* their texts */
    const char *side;         /* the row's C_SIDE text */
    GArray *beside;           /* struct rp_row_text, `row` a shard row:
                                 C_SIDE texts, activities' unknown lead
                                 ids */
    struct rp_idrun run;      /* its rows' unique ids as read (a row
                                 rejected after its id, too) */
};

#define SHARD_BYTES ((sizeof(struct shard) + 63) / 64 * 64)

const char *rp_model_file_name(enum rp_file f)
{
    static const char *const names[] = {"leads", "opportunities",
                                        "activities", "spend"};
    return names[f];
}

const char *rp_model_anomaly_name(enum rp_anomaly a)
{
    static const char *const names[] = {"stage_order", "activity_unknown_lead",
                                        "opportunity_unknown_lead",
                                        "closed_without_date"};
    return names[a];
}

const char *rp_model_lead_col_name(int col)
{
    return lead_cols[col].name;
}

int rp_model_lead_col(const char *name)
{
    for (unsigned i = 0; i < RP_L_N_COLS; i++)
        if (strcmp(lead_cols[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Re-join a record's fields as one CSV line, for rejects.csv: a NUL is
 * shown as \0, invalid UTF-8 as U+FFFD. */
static char *join_raw(const struct rp_csv_record *rec)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < rec->n_fields; i++) {
        if (i)
            g_string_append_c(s, ',');
        if (memchr(rec->fields[i], '\0', rec->lens[i])) {
            GString *f = g_string_new(NULL);
            for (size_t k = 0; k < rec->lens[i]; k++)
                if (rec->fields[i][k])
                    g_string_append_c(f, rec->fields[i][k]);
                else
                    g_string_append(f, "\\0");
            rp_csv_append_field(s, f->str);
            g_string_free(f, TRUE);
        } else {
            rp_csv_append_field(s, rec->fields[i]);
        }
    }
    if (!g_utf8_validate(s->str, (gssize)s->len, NULL)) {
        char *v = g_utf8_make_valid(s->str, (gssize)s->len);
        g_string_free(s, TRUE);
        return v;
    }
    return g_string_free(s, FALSE);
}

/* Reject @rec; @u: its unique id, when that was read first (a duplicate
 * id is the reason then, found when the shard is merged). */
static void reject_uid(struct shard *sh, const struct rp_csv_record *rec,
                       unsigned col, char *reason, const struct uid *u,
                       unsigned ufield)
{
    struct rp_reject *r = g_new0(struct rp_reject, 1);
    struct item it = {r,      u->s,   rec->offset, u->hash,
                      u->len, 0,      rec->line,   ufield};

    r->file = sh->ld->sc->file;
    r->line = rec->line;
    r->col = col;
    r->reason = reason;
    r->raw = join_raw(rec);
    *(struct item *)vec_next(&sh->items) = it;
    sh->items.n++;
}

static void reject(struct shard *sh, const struct rp_csv_record *rec,
                   unsigned col, char *reason)
{
    static const struct uid none;

    reject_uid(sh, rec, col, reason, &none, 0);
}

static void texts_grow(struct texts *x)
{
    uint32_t mask = x->mask ? x->mask * 2 + 1 : 255;
    struct text_slot *slot = g_new0(struct text_slot, (gsize)mask + 1);

    for (uint32_t k = 0; x->slot && k <= x->mask; k++) {
        uint32_t at = (uint32_t)x->slot[k].hash & mask;
        if (!x->slot[k].s)
            continue;
        while (slot[at].s)
            at = (at + 1) & mask;
        slot[at] = x->slot[k];
    }
    g_free(x->slot);
    x->slot = slot;
    x->mask = mask;
}

/* The slot of @x that holds @v (@len bytes, rp_idindex_hash() @h), or the
 * empty one where it would go (its `s` NULL).  @x is at most half full. */
static struct text_slot *texts_slot(struct texts *x, uint64_t h,
                                    const char *v, size_t len)
{
    uint32_t at = (uint32_t)h & x->mask;

    for (; x->slot[at].s; at = (at + 1) & x->mask) {
        const struct text_slot *e = &x->slot[at];
        if (e->hash == h && e->len == len && rp_idindex_same(e->s, v, len))
            break;
    }
    return &x->slot[at];
}

/* @v (@len bytes, NUL after) as the model's one copy of it and its
 * number: looked up in the shard's own table first, so the lock is taken
 * once per distinct text. */
static const struct text_slot *intern(struct shard *sh, const char *v,
                                      size_t len)
{
    struct texts *x = &sh->texts;
    uint64_t h = rp_idindex_hash(v, len);

    if ((x->n + 1) * 2 > x->mask + 1)
        texts_grow(x);
    struct text_slot *e = texts_slot(x, h, v, len);
    if (e->s)
        return e;
    struct rp_model *m = sh->ld->m;
    g_mutex_lock(&sh->ld->lock);
    e->code = rp_model_intern(m, v);
    e->s = rp_model_text(m, e->code);
    g_mutex_unlock(&sh->ld->lock);
    e->hash = h;
    e->len = (uint32_t)len;
    x->n++;
    return e;
}

/* The words that hold every byte of @v (@len bytes, 1 to 16): its first
 * and last eight, overlapping, or rp_idindex_tail()'s one word. */
static inline void short_key(const char *v, size_t len, uint64_t w[2])
{
    if (len >= 8) {
        memcpy(&w[0], v, 8);
        memcpy(&w[1], v + len - 8, 8);
    } else {
        w[0] = rp_idindex_tail(v, len);
        w[1] = 0;
    }
}

/* intern() of @v (@len bytes, not empty), through the shard's memo of
 * short texts.  (transfer none) */
static inline const struct text_slot *intern_memo(struct shard *sh,
                                                  const char *v, size_t len)
{
    uint64_t w[2];

    if (len > 16)
        return intern(sh, v, len);
    short_key(v, len, w);
    struct memo *e = &sh->memo[((w[0] ^ w[1] * 0x9E3779B97F4A7C15ull ^ len) *
                                0xBF58476D1CE4E5B9ull) >>
                               (64 - MEMO_BITS)];
    if (e->t.s && e->t.len == len && e->w[0] == w[0] && e->w[1] == w[1])
        return &e->t;
    *e = (struct memo){{w[0], w[1]}, *intern(sh, v, len)};
    return &e->t;
}

/* The header's names as found, for messages: "a, b, c". */
static char *header_list(const struct rp_csv_record *rec)
{
    GString *g = g_string_new(NULL);

    for (unsigned i = 0; i < rec->n_fields && i < 40; i++) {
        size_t len = rec->lens[i];
        char *n = rp_value_trim(rec->fields[i], &len);
        g_string_append_printf(g, "%s%.*s", i ? ", " : "", (int)len, n);
    }
    if (rec->n_fields > 40)
        g_string_append_printf(g, " and %u more", rec->n_fields - 40);
    return g_string_free(g, FALSE);
}

/* @rec's header names, normalised for mappings.  (transfer full) */
static char **header_names(const struct rp_csv_record *rec)
{
    char **h = g_new0(char *, rec->n_fields + 1);

    for (unsigned i = 0; i < rec->n_fields; i++)
        h[i] = rp_mapping_norm(rec->fields[i], rec->lens[i]);
    return h;
}

static void plan_steps(struct loader *ld);

static int on_header(void *ctx, const struct rp_csv_record *rec,
                     struct rp_err *err)
{
    struct loader *ld = ctx;
    struct rp_loc loc = {ld->name, rec->line, 0};

    if (rec->flaw == RP_CSV_NUL)
        return rp_err_set(err, RP_EDATA, &loc,
                          "the header has NUL bytes: the file looks like "
                          "UTF-16 (Excel's \"Unicode text\") without a "
                          "byte-order mark; pass --encoding utf-16le");
    if (rec->flaw != RP_CSV_OK)
        return rp_err_set(err, RP_EDATA, &loc,
                          "the header line is not readable (%s)",
                          rec->flaw == RP_CSV_BOM
                              ? "a byte-order mark inside it"
                              : "longer than the field or record limit");

    g_auto(GStrv) names = header_names(rec);
    g_autofree char *why = NULL;
    if (rp_mapping_resolve(ld->mp, ld->sc->file, ld->schema, names,
                           rec->n_fields, &ld->plan, &why) < 0) {
        if (ld->mp->canonical)
            return rp_err_set(err, RP_EDATA, &loc, "%s", why);
        g_autofree char *found = header_list(rec);
        return rp_err_set(err, RP_EDATA, &loc,
                          "%s (mapping %s, %s; headers found: %s)", why,
                          ld->mp->id, ld->mp->path, found);
    }
    plan_steps(ld);
    ld->n_header = rec->n_fields;
    ld->header_done = true;
    ld->prev_line = rec->last_line;
    ld->m->files[ld->sc->file].delimiter = rec->delimiter;
    return 0;
}

/* Column @c's value in @rec as the mapping reads it: the field, or the
 * fields joined with '+'; through the column's value map; several ids
 * split by the mapping's separator become '\x1f'-separated; a decimal
 * comma becomes a point.  Sets *@len; empty is absent. */
static const char *column_value(struct shard *sh,
                                const struct rp_csv_record *rec, unsigned c,
                                size_t *len)
{
    const struct loader *ld = sh->ld;
    const struct rp_map_plan *p = &ld->plan;
    const struct rp_map_col *mc = &ld->mp->roles[ld->sc->file].cols[c];
    enum ctype type = ld->sc->cols[c].type;
    const char *v;
    int i = p->field[c][0];

    *len = rec->lens[i];
    v = rp_value_trim(rec->fields[i], len);
    if (ld->mp->canonical)
        return v;
    if (p->n[c] > 1) {
        bool any = false;
        g_string_truncate(sh->val, 0);
        for (unsigned k = 0; k < p->n[c]; k++) {
            size_t n = rec->lens[p->field[c][k]];
            char *f = rp_value_trim(rec->fields[p->field[c][k]], &n);
            any |= n > 0;
            if (k)
                g_string_append_c(sh->val, '+');
            g_string_append_len(sh->val, f, (gssize)n);
        }
        v = any ? sh->val->str : "";
        *len = any ? sh->val->len : 0;
    }
    if (*len && (mc->values || mc->other)) {
        const char *to = rp_mapping_value(mc, v);
        if (to != v) {          /* the map's own string, never sh->val */
            g_string_assign(sh->val, to);
            v = sh->val->str;
            *len = sh->val->len;
        }
    }
    if (*len && mc->multi && strchr(v, ld->mp->multi_sep)) {
        g_auto(GStrv) ids = g_strsplit_set(v, (char[]){ld->mp->multi_sep, 0},
                                           -1);
        g_string_truncate(sh->val, 0);
        for (char **id = ids; *id; id++) {
            g_strstrip(*id);
            if (!**id)
                continue;
            if (sh->val->len)
                g_string_append_c(sh->val, RP_MODEL_ID_SEP);
            g_string_append(sh->val, *id);
        }
        v = sh->val->str;
        *len = sh->val->len;
    }
    if (*len && ld->mp->decimal_comma && (type == C_MONEY || type == C_INT)) {
        g_autofree char *copy = g_strndup(v, *len);
        g_string_truncate(sh->val, 0);
        for (const char *q = copy; *q; q++) {
            if (*q == '.' || *q == ' ')
                continue;   /* thousands */
            if (g_str_has_prefix(q, "\xC2\xA0") ||
                g_str_has_prefix(q, "\xE2\x80\xAF")) {
                q += q[0] == '\xC2' ? 1 : 2;
                continue;   /* (narrow) no-break space */
            }
            g_string_append_c(sh->val, *q == ',' ? '.' : *q);
        }
        v = sh->val->str;
        *len = sh->val->len;
    }
    return v;
}

/* The value step @st reads in @rec, *@len its length.  An empty field, a
 * third of a lead's, is left as it is: no call to trim it. */
static inline __attribute__((always_inline)) const char *
step_value(struct shard *sh, const struct rp_csv_record *rec,
           const struct step *st, size_t *len)
{
    char *f = rec->fields[st->field];

    if (!st->plain)
        return column_value(sh, rec, st->c, len);
    *len = rec->lens[st->field];
    return *len ? rp_value_trim(f, len) : f;
}

static void set_none(const struct col *c, char *row)
{
    switch (c->type) {
    case C_TIME:
        *(int64_t *)(row + c->off) = RP_TIME_NONE;
        break;
    case C_AT:
        *(rp_at *)(row + c->off) = RP_AT_NONE;
        break;
    case C_MONEY:
        *(double *)(row + c->off) = NAN;
        break;
    case C_INT:
        *(int64_t *)(row + c->off) = RP_INT_NONE;
        break;
    case C_BOOL:
        *(int8_t *)(row + c->off) = -1;
        break;
    case C_OUTCOME:
        *(int32_t *)(row + c->off) = -1;
        break;
    case C_FLAG:
    case C_KEY:
    case C_SIDE:
        break;
    case C_ROLE:
        *(bool *)(row + c->off) = false;
        break;
    case C_CODE:
        *(uint32_t *)(row + c->off) = 0;
        break;
    default:
        if (c->off != NOT_KEPT)
            *(const char **)(row + c->off) = NULL;
        break;
    }
}

/* The loader's steps and starting row for the plan just resolved. */
static void plan_steps(struct loader *ld)
{
    const struct schema *sc = ld->sc;

    memset(ld->none, 0, sizeof(ld->none));
    ld->n_steps = 0;
    for (unsigned c = 0; c < sc->n_cols; c++) {
        const struct col *col = &sc->cols[c];
        const struct rp_map_col *mc = &ld->mp->roles[sc->file].cols[c];
        set_none(col, ld->none);
        if (!ld->plan.n[c])
            continue;
        ld->m->files[sc->file].columns |= 1u << c;
        /* a flag is its presence, and only a lead keeps which columns it
         * has: an activity's type and owner are not read at all (two of
         * its five steps) */
        if (col->type == C_FLAG && sc->file != RP_LEADS && !col->required &&
            !col->unique)
            continue;
        ld->steps[ld->n_steps++] = (struct step){
            col, c, ld->plan.field[c][0],
            ld->mp->canonical ||
                (ld->plan.n[c] == 1 && !mc->values && !mc->other &&
                 !mc->multi &&
                 !(ld->mp->decimal_comma &&
                   (col->type == C_MONEY || col->type == C_INT)))};
    }
}

/* Whether job title @v (@len bytes of valid UTF-8) contains one of @p's
 * ICP roles, which the profile holds lower-cased (SPEC 4.4:
 * case-insensitive). */
static bool names_role(const struct rp_profile *p, const char *v, size_t len)
{
    char buf[256];
    g_autofree char *own = rp_profile_down(v, len, buf, sizeof(buf));

    for (char **r = p->roles; *r; r++)
        if (strstr(own ? own : buf, *r))
            return true;
    return false;
}

/* names_role() of title @v (@len bytes), from the shard's memo when the
 * title was seen. */
static bool role_of(struct shard *sh, const char *v, size_t len)
{
    struct texts *x = &sh->roles.t;
    uint64_t h = rp_idindex_hash(v, len);

    if (x->n < ROLE_MEMO && (x->n + 1) * 2 > x->mask + 1)
        texts_grow(x);      /* at most half full: a probe ends */
    struct text_slot *e = texts_slot(x, h, v, len);
    if (e->s)
        return e->code;
    bool role = names_role(sh->ld->prof, v, len);
    if (x->n < ROLE_MEMO) {
        if (!sh->roles.bytes)
            sh->roles.bytes = g_string_chunk_new(16 << 10);
        *e = (struct text_slot){
            h, g_string_chunk_insert_len(sh->roles.bytes, v, (gssize)len),
            role, (uint32_t)len};
        x->n++;
    }
    return role;
}

/* An activity's lead id @v (@len bytes), to be found with the rest of its
 * chunk's by resolve_refs(): sh->ref is its find's index + 1.  The same id
 * as the row before (a lead's activities are often listed together) is
 * the same find. */
static void defer_ref(struct shard *sh, const char *v, size_t len)
{
    guint n = sh->refs->len;
    const struct rp_idfind *last =
        n ? &g_array_index(sh->refs, struct rp_idfind, n - 1) : NULL;

    if (!last || last->len != len || !rp_idindex_same(last->id, v, len)) {
        struct rp_idfind q = {
            g_string_chunk_insert_len(sh->ref_texts, v, (gssize)len),
            rp_idindex_hash(v, len), (uint32_t)len, 0};
        g_array_append_val(sh->refs, q);
        n++;
    }
    sh->ref = n;
}

/* Parse one non-empty value into the row.  Returns NULL or a reason. */
static const char *parse_value(struct shard *sh, const struct col *c,
                               char *row, const char *v, size_t len)
{
    const struct loader *ld = sh->ld;
    struct rp_model *m = ld->m;
    const char *why = NULL;

    switch (c->type) {
    case C_ID:
    case C_UTEXT:
        *(const char **)(row + c->off) = g_string_chunk_insert_len(
            sh->strings, v, (gssize)len);
        return NULL;
    case C_SIDE:
        sh->side = g_string_chunk_insert_len(sh->strings, v, (gssize)len);
        return NULL;
    case C_ROLE:
        *(bool *)(row + c->off) = role_of(sh, v, len);
        return NULL;
    case C_KEY:             /* hashed by on_record */
    case C_FLAG:
        return NULL;
    case C_TEXT:
        *(const char **)(row + c->off) = intern_memo(sh, v, len)->s;
        return NULL;
    case C_CODE:
        *(uint32_t *)(row + c->off) = intern_memo(sh, v, len)->code;
        return NULL;
    case C_REF:
        if (c->off == NOT_KEPT) {
            defer_ref(sh, v, len);
            return NULL;
        }
        /* an opportunity's: its text, found when the model is linked.
         * (Found here too, to share the lead's own copy, it was two or
         * three cache misses an opportunity, one find at a time: 40% of
         * opportunities.csv's read, 89 of its 175 CPU-ms at 1 GB.) */
        *(const char **)(row + c->off) = g_string_chunk_insert_len(
            sh->strings, v, (gssize)len);
        return NULL;
    case C_TIME:
        return rp_clock_parse_len(ld->clock, v, len, (int64_t *)(row + c->off),
                                  &why) < 0
                   ? why : NULL;
    case C_AT: {
        int64_t t;
        if (rp_clock_parse_len(ld->clock, v, len, &t, &why) < 0)
            return why;
        if (!rp_model_pack_at(m, t, (rp_at *)(row + c->off)))
            return "more than 16,777,216 distinct instants before "
                   "1932-06-25 or after 2068-01-19 in one data folder";
        return NULL;
    }
    case C_MONEY: {
        /* kept in the value's own currency until the row is complete: the
         * row's currency column may come later (convert_money) */
        unsigned k = (unsigned)(c - ld->sc->cols);
        if (rp_value_money_in(v, &sh->cents[k], &sh->cur[k],
                              ld->prof->symbols, &why) < 0)
            return why;
        sh->has_money |= 1u << k;
        return NULL;
    }
    case C_INT:
        return rp_value_int(v, (int64_t *)(row + c->off), &why) < 0 ? why
                                                                    : NULL;
    case C_BOOL: {
        int b;
        if (rp_value_bool(v, &b, &why) < 0)
            return why;
        *(int8_t *)(row + c->off) = (int8_t)b;
        return NULL;
    }
    case C_OUTCOME:
        if (g_ascii_strcasecmp(v, "won") == 0)
            *(int32_t *)(row + c->off) = RP_WON;
        else if (g_ascii_strcasecmp(v, "lost") == 0)
            *(int32_t *)(row + c->off) = RP_LOST;
        else if (g_ascii_strcasecmp(v, "open") == 0)
            *(int32_t *)(row + c->off) = RP_OPEN;
        else
            return "expected won, lost or open";
        return NULL;
    case C_MONTH: {
        int32_t *ym = (int32_t *)(row + c->off);
        int y, mo;
        if (rp_value_month(v, &y, &mo, &why) < 0)
            return why;
        ym[0] = y;
        ym[1] = mo;
        return NULL;
    }
    }
    return "unknown column type";
}

/* An opportunity without an outcome takes it from its stage. */
static void resolve_outcome(const struct rp_profile *prof, struct rp_opp *o)
{
    if (o->outcome >= 0)
        return;
    o->outcome = RP_OPEN;
    if (o->stage && rp_profile_list_has(prof->won_stages, o->stage))
        o->outcome = RP_WON;
    else if (o->stage && rp_profile_list_has(prof->lost_stages, o->stage))
        o->outcome = RP_LOST;
}

/* The row's money into the reporting currency (SPEC 2): the currency a
 * value names (symbol or code), else the row's currency column, else the
 * reporting currency; converted with [fx].  A value that contradicts the
 * currency column, or a currency without a rate, rejects the row.
 * Returns -1 when it did. */
static int convert_money(struct shard *sh, const struct rp_csv_record *rec,
                         char *row, const struct uid *u, unsigned ufield)
{
    const struct loader *ld = sh->ld;
    const struct schema *sc = ld->sc;
    const char *column = NULL;

    if (sc->file == RP_OPPS)
        column = ((struct rp_opp *)(void *)row)->currency;
    for (unsigned k = 0; k < sc->n_cols; k++) {
        if (!(sh->has_money & (1u << k)))
            continue;
        const struct col *c = &sc->cols[k];
        const char *code = sh->cur[k].code[0] ? sh->cur[k].code
                           : column           ? column
                                              : ld->prof->currency;
        double rate;
        unsigned at = (unsigned)ld->plan.field[k][0] + 1;
        if (sh->cur[k].code[0] && column &&
            g_ascii_strcasecmp(sh->cur[k].code, column) != 0) {
            reject_uid(sh, rec, at,
                   g_strdup_printf("%s is in %s but the currency column says "
                                   "%s",
                                   c->name, sh->cur[k].code, column),
                       u, ufield);
            return -1;
        }
        if (!rp_profile_rate(ld->prof, code, &rate)) {
            reject_uid(sh, rec, at,
                   g_strdup_printf("no [fx] rate for %s; reporting currency "
                                   "%s",
                                   code, ld->prof->currency),
                       u, ufield);
            return -1;
        }
        /* an exact product, not rounded (SPEC 2) */
        *(double *)(row + c->off) = (double)sh->cents[k] / 100.0 * rate;
    }
    return 0;
}

static char **cell_ids(const char *cell);

static int on_record(void *ctx, const struct rp_csv_record *rec,
                     struct rp_err *err)
{
    struct shard *sh = ctx;
    struct loader *ld = sh->ld;
    const struct schema *sc = ld->sc;
    char *row = vec_next(&sh->rows);  /* counted if it is used */
    uint32_t present = 0;
    struct uid u = {NULL, 0, 0};
    unsigned ufield = 0;

    (void)err;
    if (ld->mp->footer) {
        /* a report footer (Salesforce): its lines, and the blank ones
         * before it, are counted, never rows.  (Read on one thread.) */
        bool rest_empty = true, footer;
        for (unsigned i = 1; i < rec->n_fields && rest_empty; i++) {
            size_t n = rec->lens[i];
            rp_value_trim(rec->fields[i], &n);
            rest_empty = n == 0;
        }
        size_t n0 = rec->n_fields ? rec->lens[0] : 0;
        if (rec->n_fields)
            rp_value_trim(rec->fields[0], &n0);
        /* a footer line has one cell: "Grand Total (12 records)" */
        footer = rest_empty && rec->flaw == RP_CSV_OK &&
                 ((n0 == 0 && ld->footer_at) ||
                  (n0 && rp_mapping_is_footer(ld->mp, rec->fields[0])));
        struct rp_file_info *fi = &ld->m->files[sc->file];
        if (footer) {
            if (!ld->footer_at) {   /* from the line after the data */
                ld->footer_last = ld->prev_line;
                ld->footer_at = ld->prev_line + 1;
            }
            /* this line and the blank ones since the last counted */
            fi->trailer_lines += rec->last_line - ld->footer_last;
            ld->footer_last = rec->last_line;
            return 0;
        }
        if (ld->footer_at) {
            sh->rows_read++;
            ld->footer_last = rec->last_line;
            reject(sh, rec, 0,
                   g_strdup_printf("a row after the report footer that "
                                   "starts on line %u",
                                   ld->footer_at));
            return 0;
        }
        ld->prev_line = rec->last_line;
    }
    sh->rows_read++;
    switch (rec->flaw) {
    case RP_CSV_OK:
        break;
    case RP_CSV_LONG_FIELD:
        reject(sh, rec, rec->flaw_field,
               g_strdup_printf("field %u is longer than %zu bytes (the "
                               "field limit)",
                               rec->flaw_field, ld->max_field));
        return 0;
    case RP_CSV_LONG_RECORD:
        if (rec->lines_shifted)
            return RP_CSV_NEED_LINES;   /* its message names them */
        reject(sh, rec, 0,
               g_strdup_printf("record of lines %u-%u is longer than %zu "
                               "bytes (the record limit); read on from the "
                               "next line",
                               rec->line, rec->last_line, ld->max_record));
        return 0;
    case RP_CSV_NUL:
        reject(sh, rec, rec->flaw_field,
               g_strdup("NUL byte in the field (shown as \\0)"));
        return 0;
    case RP_CSV_BOM:
        reject(sh, rec, rec->flaw_field,
               g_strdup("byte-order mark inside the data (two files "
                        "joined?)"));
        return 0;
    }

    if (rec->n_fields < ld->n_header) {
        reject(sh, rec, 0, g_strdup_printf("row has %u fields, header has %u",
                                           rec->n_fields, ld->n_header));
        return 0;
    }
    for (unsigned i = ld->n_header; i < rec->n_fields; i++) {
        if (rec->lens[i]) {
            reject(sh, rec, i + 1,
                   g_strdup_printf("row has %u fields, header has %u",
                                   rec->n_fields, ld->n_header));
            return 0;
        }
    }
    for (unsigned i = 0; !rec->utf8 && i < rec->n_fields; i++) {
        if (!g_utf8_validate(rec->fields[i], (gssize)rec->lens[i], NULL)) {
            reject(sh, rec, i + 1, g_strdup("invalid UTF-8"));
            return 0;
        }
    }

    memcpy(row, ld->none, sc->row_size);
    sh->has_money = 0;
    sh->ref = 0;
    sh->side = NULL;
    for (unsigned s = 0; s < ld->n_steps; s++) {
        const struct step *st = &ld->steps[s];
        const struct col *col = st->col;
        /* the (first) field it reads: where a rejection points */
        int i = st->field;
        size_t len;
        const char *v = step_value(sh, rec, st, &len);
        if (!len) {
            if (col->required) {
                reject_uid(sh, rec, (unsigned)i + 1,
                           g_strdup_printf("missing %s", col->name), &u,
                           ufield);
                return 0;
            }
            continue;
        }
        const char *why = parse_value(sh, col, row, v, len);
        if (why) {
            reject_uid(sh, rec, (unsigned)i + 1,
                       g_strdup_printf("bad %s '%s': %s", col->name, v, why),
                       &u, ufield);
            return 0;
        }
        present |= 1u << st->c;
        if (col->unique) {  /* a duplicate is found in file order: merge */
            u.s = col->type == C_KEY ? NULL : *(const char **)(row + col->off);
            u.len = (uint32_t)len;
            u.hash = rp_idindex_hash(v, len);
            ufield = (unsigned)i + 1;
            rp_idrun_add(&sh->run, v, len);
        }
    }

    if (sh->has_money && convert_money(sh, rec, row, &u, ufield) < 0)
        return 0;

    switch (sc->file) {
    case RP_LEADS: {
        struct rp_lead *l = (struct rp_lead *)(void *)row;
        l->line = rec->line;
        l->present = present;
        if (sh->side) {
            struct rp_row_text o = {(uint32_t)sh->rows.n, sh->side};
            g_array_append_val(sh->beside, o);
        }
        break;
    }
    case RP_OPPS: {
        struct rp_opp *o = (struct rp_opp *)(void *)row;
        o->line = rec->line;
        o->lead = -1;
        resolve_outcome(ld->prof, o);
        break;
    }
    case RP_ACTS:
        /* lead_id (required) is a find, for resolve_refs() */
        ((struct rp_activity *)(void *)row)->lead = (int32_t)sh->ref - 1;
        break;
    case RP_SPEND:
        ((struct rp_spend *)(void *)row)->line = rec->line;
        break;
    default:
        break;
    }
    struct item *it = vec_next(&sh->items);
    *it = (struct item){NULL,  u.s, rec->offset, u.hash, u.len,
                        (uint32_t)sh->rows.n, rec->line,   ufield};
    sh->rows.n++;
    sh->items.n++;
    return 0;
}

/* The leads of a chunk's activities, found at once (a find per row
 * waited on memory: 5% of a 1 GB check's cycles).  Each row's lead, its
 * find's index until now, becomes the lead's index, or -1 with the id
 * kept beside the rows.  A touch on several contacts (an id list) counts
 * for the first known. */
static void resolve_refs(void *p)
{
    struct shard *sh = p;
    const struct rp_idindex *leads = &sh->ld->m->lead_by_id;
    struct rp_idfind *q = (struct rp_idfind *)(void *)sh->refs->data;

    if (!sh->refs->len)         /* not activities, or none read */
        return;
    rp_idindex_find_many(leads, q, sh->refs->len);
    for (guint k = 0; k < sh->refs->len; k++) {
        if (q[k].found)
            continue;
        if (strchr(q[k].id, RP_MODEL_ID_SEP)) {
            g_auto(GStrv) ids = cell_ids(q[k].id);
            for (char **id = ids; *id && !q[k].found; id++)
                q[k].found = rp_idindex_find(leads, *id);
        }
        if (!q[k].found)        /* the model's copy, kept beside */
            q[k].id = intern(sh, q[k].id, q[k].len)->s;
    }
    for (size_t j = 0; j < sh->rows.n; j++) {
        struct rp_activity *a =
            (struct rp_activity *)(void *)(sh->rows.data + j * sh->rows.size);
        const struct rp_idfind *f = &q[a->lead];
        a->lead = (int32_t)f->found - 1;        /* -1: no lead */
        if (!f->found) {
            struct rp_row_text o = {(uint32_t)j, f->id};
            g_array_append_val(sh->beside, o);
        }
    }
}

static void free_reject(gpointer p);

static void *shard_new(void *ctx)
{
    struct loader *ld = ctx;
    /* lines of its own: the threads write their shards' fields per
     * record, and a shard's last bytes shared a line with what was
     * allocated after it (another shard's, read by another thread) */
    struct shard *sh = g_aligned_alloc(1, SHARD_BYTES, 64);

    sh->ld = ld;
    if (ld->n_spare) {
        /* buffers used before: no page of them faulted in again (fresh
         * ones per chunk were a tenth of the threads' time, zeroing) */
        struct spare *sp = &ld->spare[--ld->n_spare];
        sh->rows = sp->rows;
        sh->items = sp->items;
        sh->texts = sp->texts;
        sh->memo = sp->memo;
        sh->roles = sp->roles;
    } else {
        sh->rows = (struct vec){.size = ld->sc->row_size};
        sh->items = (struct vec){.size = sizeof(struct item)};
        memset(&sh->texts, 0, sizeof(sh->texts));
        sh->memo = g_new0(struct memo, 1u << MEMO_BITS);
        memset(&sh->roles, 0, sizeof(sh->roles));
    }
    sh->strings = g_string_chunk_new(256 << 10);
    sh->beside = g_array_new(FALSE, FALSE, sizeof(struct rp_row_text));
    sh->refs = g_array_new(FALSE, FALSE, sizeof(struct rp_idfind));
    sh->ref_texts = g_string_chunk_new(64 << 10);
    sh->val = g_string_new(NULL);
    sh->rows_read = 0;
    sh->has_money = 0;
    sh->run.any = sh->run.broken = false;
    sh->run.dir = 0;
    return sh;
}

static void spare_free(struct spare *sp)
{
    g_free(sp->rows.data);
    g_free(sp->items.data);
    g_free(sp->texts.slot);
    g_free(sp->memo);
    g_free(sp->roles.t.slot);
    if (sp->roles.bytes)
        g_string_chunk_free(sp->roles.bytes);
}

static void shard_free(void *ctx, void *p)
{
    struct loader *ld = ctx;
    struct shard *sh = p;

    struct item *items = (struct item *)(void *)sh->items.data;
    for (size_t i = 0; i < sh->items.n; i++)
        if (items[i].rej)
            free_reject(items[i].rej);
    struct spare sp = {sh->rows, sh->items, sh->texts, sh->memo, sh->roles};
    sp.rows.n = sp.items.n = 0;
    if (ld->n_spare < SPARES)
        ld->spare[ld->n_spare++] = sp;
    else
        spare_free(&sp);
    g_array_unref(sh->beside);
    g_array_unref(sh->refs);
    g_string_chunk_free(sh->ref_texts);
    if (sh->strings)
        g_string_chunk_free(sh->strings);
    g_string_free(sh->val, TRUE);
    g_aligned_free(sh);
}

static int raw_of(void *ctx, const struct rp_csv_record *rec,
                  struct rp_err *err)
{
    (void)err;
    *(char **)ctx = join_raw(rec);
    return 0;
}

/* Why a row with unique id @id is rejected when a row was accepted with it
 * on line @first (SPEC 2).  Returns: g_free(). */
static char *duplicate_why(const struct loader *ld, const char *id,
                           uint32_t first)
{
    return g_strdup_printf("duplicate %s '%s' (first accepted on line %u)",
                           ld->sc->cols[ld->ucol].name, id, first);
}

/* The step that reads the unique column (a C_KEY file has one). */
static const struct step *key_step(const struct loader *ld)
{
    const struct step *st = NULL;

    for (unsigned s = 0; s < ld->n_steps; s++)
        if (ld->steps[s].c == (unsigned)ld->ucol)
            st = &ld->steps[s];
    g_assert(st);
    return st;
}

struct key_read {
    struct shard *sh;
    const struct step *st;    /* the C_KEY column's */
    char *id;
};

static int key_of(void *ctx, const struct rp_csv_record *rec,
                  struct rp_err *err)
{
    struct key_read *k = ctx;
    size_t len;
    const char *v = step_value(k->sh, rec, k->st, &len);

    (void)err;
    k->id = g_strndup(v, len);
    return 0;
}

/* A row of a C_KEY file whose id's fingerprint an earlier accepted row
 * has: its id, read again from @w (the row kept only its hash), may be a
 * repeat, settled by settle_repeats().  Returns -1 if the text cannot be
 * read again (@err). */
static int note_maybe(struct loader *ld, struct shard *sh,
                      const struct rp_csv_window *w, const struct item *it,
                      struct rp_err *err)
{
    struct key_read k = {sh, key_step(ld), NULL};

    if (rp_csv_reread(w, it->offset, it->line, key_of, &k, err) < 0)
        return -1;
    g_assert(k.id && strlen(k.id) == it->ulen);
    if (!ld->maybe)
        ld->maybe = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(ld->maybe, k.id);
    return 0;
}

/* Map the fresh pages of [@p, @p + @n) now, in a few calls, not in a fault
 * per page as they are first written: the rows copied into the model's
 * arrays are 0.3 GB of a 1 GB export, and their 75,000 faults were 0.08 s
 * of the system time of a monthly pack (135 -> 59 thousand faults).  The
 * page @p is in is left alone: written already, unless @p starts it. */
static void populate_write(char *p, size_t n)
{
    const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    uintptr_t a = ((uintptr_t)p + pg - 1) / pg * pg,
              e = ((uintptr_t)p + n + pg - 1) / pg * pg;
    if (e > a)
        rp_pages_populate((void *)a, e - a, true);
}

/* The rows of a file of @bytes whose rows are @per bytes each, guessed
 * for its id table (at least 32 bytes a row, so a guess cannot run away).
 * Seven eighths of the guess: a guess a little high must not double a
 * table the rows would not have filled (the 1 GB bench's 6.5 M activity
 * ids fit 8 M slots four fifths full; a guess 4% high would take 16 M). */
static size_t rows_guess(uint64_t bytes, uint64_t per)
{
    return (size_t)(bytes / MAX(per, 32) / 8 * 7);
}

/* The id tables of the files with an id column (leads, opportunities,
 * activities), made on a thread of their own as the reading starts, for
 * each file's reserve to take when it guesses its rows from its first
 * chunk (struct rp_idspare says why).  Each is the size a guess from the
 * file's first MiB gives; a loader whose own guess wants another size
 * makes its own. */
struct ahead {
    GThread *th;
    GMutex lock;
    GCond made;
    int done;                       /* files whose table is made (or not
                                       to be), in file order */
    bool stop;                      /* the load ends: make no more */
    unsigned late_ms;               /* rp_load_opts.tables_late_ms */
    char *path[RP_N_FILES];
    struct rp_idspare spare[RP_N_FILES];
};

/* The schema column that is unique (the file's id), or -1. */
static int unique_col(const struct schema *sc)
{
    int ucol = -1;

    for (unsigned c = 0; c < sc->n_cols; c++)
        if (sc->cols[c].unique)
            ucol = (int)c;
    return ucol;
}

/* Whether the first fields of the lines of @head (@n bytes of a file),
 * the header's aside, are in order (struct rp_idrun): a guess, for
 * ahead_bytes(), that the ids of a file that has them first are.  A
 * guess either way costs time, never a result: a set made for ids in
 * order is not used, and the set of ids out of order is made once it is
 * needed, on the thread that needs it. */
static bool firsts_in_order(const char *head, size_t n)
{
    struct rp_idrun run = {0};
    const char *p = memchr(head, '\n', n), *end = head + n, *nl;

    for (p = p ? p + 1 : end; p < end && (nl = memchr(p, '\n',
                                                      (size_t)(end - p)));
         p = nl + 1) {
        const char *a = p, *b;
        while (a < nl && (*a == ' ' || *a == '\t'))
            a++;
        if (a < nl && *a == '"') {
            a++;
            b = memchr(a, '"', (size_t)(nl - a));
            b = b ? b : nl;
        } else {
            for (b = a; b < nl && !strchr(",;\t\r", *b); b++)
                ;
        }
        rp_idrun_add(&run, a, (size_t)(b - a));
    }
    return run.any && !run.broken;
}

/* The table file @f's guess from its first MiB wants, in bytes, or 0:
 * none worth making ahead (no id column, a small file, no line ends). */
static size_t ahead_bytes(enum rp_file f, const char *path)
{
    enum { SAMPLE = 1 << 20 };
    const struct schema *sc = &schemas[f];
    int ucol = unique_col(sc);
    struct stat st;

    if (ucol < 0 || !path)
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    g_autofree char *head = g_malloc(SAMPLE);
    ssize_t n = fstat(fd, &st) == 0 ? pread(fd, head, SAMPLE, 0) : -1;
    close(fd);
    size_t lines = 0;
    for (const char *p = head; n > 0 && (p = memchr(p, '\n',
                                         (size_t)(head + n - p))); p++)
        lines++;
    /* NUL bytes: UTF-16, whose rows the loader counts in decoded bytes */
    if (n <= 0 || lines < 2 || (uint64_t)st.st_size <= (uint64_t)n ||
        memchr(head, '\0', (size_t)n))
        return 0;
    size_t rows = rows_guess((uint64_t)st.st_size, (uint64_t)n / lines);
    /* a C_KEY file's set is wanted only if its ids are not in order */
    size_t bytes = sc->cols[ucol].type != C_KEY ? rp_idindex_table_bytes(rows)
                   : firsts_in_order(head, (size_t)n)
                       ? 0
                       : rp_fpset_table_bytes(rows);
    return bytes >= (2u << 20) ? bytes : 0;
}

static gpointer ahead_thread(gpointer p)
{
    struct ahead *a = p;

    for (int f = 0; f < RP_N_FILES; f++) {
        g_mutex_lock(&a->lock);
        bool stop = a->stop;
        g_mutex_unlock(&a->lock);
        size_t bytes = stop ? 0 : ahead_bytes((enum rp_file)f, a->path[f]);
        if (a->late_ms && !stop)
            g_usleep((gulong)a->late_ms * 1000);
        struct rp_idspare sp = {NULL, 0};
        if (bytes)
            rp_idspare_make(&sp, bytes);
        g_mutex_lock(&a->lock);
        a->spare[f] = sp;
        a->done = f + 1;
        g_cond_broadcast(&a->made);
        g_mutex_unlock(&a->lock);
    }
    return NULL;
}

static struct ahead *ahead_start(char *const paths[RP_N_FILES],
                                 unsigned late_ms)
{
    struct ahead *a = g_new0(struct ahead, 1);

    a->late_ms = late_ms;
    g_mutex_init(&a->lock);
    g_cond_init(&a->made);
    for (int f = 0; f < RP_N_FILES; f++)
        a->path[f] = g_strdup(paths[f]);
    a->th = g_thread_new("revpack-tables", ahead_thread, a);
    return a;
}

/* Whether file @f's table is made (or is not to be). */
static bool ahead_ready(struct ahead *a, enum rp_file f)
{
    g_mutex_lock(&a->lock);
    bool ready = a->done > (int)f;
    g_mutex_unlock(&a->lock);
    return ready;
}

/* File @f's table made ahead (waited for), for a reserve to take. */
static struct rp_idspare *ahead_take(struct ahead *a, enum rp_file f)
{
    g_mutex_lock(&a->lock);
    while (a->done <= (int)f)
        g_cond_wait(&a->made, &a->lock);
    g_mutex_unlock(&a->lock);
    return &a->spare[f];
}

/* Wait for the thread; give back the tables no file took. */
static void ahead_end(struct ahead *a)
{
    if (!a)
        return;
    g_mutex_lock(&a->lock);
    a->stop = true;
    g_mutex_unlock(&a->lock);
    g_thread_join(a->th);
    for (int f = 0; f < RP_N_FILES; f++) {
        rp_idspare_free(&a->spare[f]);
        g_free(a->path[f]);
    }
    g_mutex_clear(&a->lock);
    g_cond_clear(&a->made);
    g_free(a);
}

static void check_lead(struct rp_model *m, const struct rp_lead *l,
                       GPtrArray *found);

/* The file's id table (or, for a C_KEY file whose ids are in order, none
 * yet), its size ld->guess, made ahead if it was; the ids that waited for
 * it added. */
static void size_ids(struct loader *ld, bool ordered)
{
    struct rp_idspare *sp =
        ld->ahead ? ahead_take(ld->ahead, ld->sc->file) : NULL;

    if (ld->keyed && !ordered)
        rp_fpset_reserve(&ld->seen, ld->guess, sp);
    else if (!ld->keyed)
        rp_idindex_reserve(ld->ids, ld->guess, sp);
    if (sp)     /* not the size its own guess wants: not held on to */
        rp_idspare_free(sp);
    for (guint k = 0; k < ld->pending->len; k++) {
        const struct pending *pd = &g_array_index(ld->pending, struct pending, k);
        rp_idindex_add_hashed(ld->ids, pd->at, pd->hash);
    }
    g_array_set_size(ld->pending, 0);
    ld->sized = true;
}

/* A shard's rows and rejects join the model in file order; this is where
 * a duplicate id is found: a row whose id an earlier row was accepted
 * with is rejected, naming that row's line (SPEC 2).  A C_KEY file's
 * repeats are only noted here, and settled once it is read. */
static int shard_end(void *ctx, void *p, const struct rp_csv_window *w,
                     unsigned shift, struct rp_err *err)
{
    struct loader *ld = ctx;
    struct shard *sh = p;
    struct rp_model *m = ld->m;
    struct rp_file_info *fi = &m->files[ld->sc->file];
    const size_t rs = ld->sc->row_size;
    const struct rp_row_text *side = (const struct rp_row_text *)(void *)
        sh->beside->data;
    GArray *beside = ld->sc->file == RP_LEADS ? m->lead_opp_ids : m->orphans;
    struct item *items = (struct item *)(void *)sh->items.data;
    GArray *to = *ld->rows;
    guint k = 0, used = to->len;

    /* room for every row at once, cut to those used at the end: no
     * append call per row */
    g_array_set_size(to, to->len + (guint)sh->rows.n);
    if (sh->rows.n)     /* else to->data may be NULL: no offset from it */
        populate_write(to->data + (size_t)used * rs, (size_t)sh->rows.n * rs);
    fi->rows_read += sh->rows_read;
    /* in order up to this chunk's last id: every id is new */
    const bool was = ld->ordered, had = ld->run.any;
    const bool ordered = ld->ordered = was && rp_idrun_join(&ld->run, &sh->run);
    if (!ld->guess && sh->items.n && ld->ucol >= 0) {
        /* the file's rows, guessed from its first chunk's: the index is
         * made its size at once, not doubled five times on the way */
        uint64_t per = items[sh->items.n - 1].offset / sh->items.n;
        ld->guess = MAX(rows_guess(fi->bytes, per), 1);
    }
    /* ids in order need only be added: while the table made ahead is
     * not ready (its pages are slow to clear in some hours), they wait
     * for it (pending) instead of the thread */
    if (!ld->sized && ld->guess &&
        (!ld->ahead || ld->keyed || !ordered ||
         ahead_ready(ld->ahead, ld->sc->file)))
        size_ids(ld, ordered);
    if (ld->keyed && was && !ordered) {
        /* the order breaks in this chunk: from here on each id goes into
         * the set; those before it are checked against it once the file
         * is read (recheck_ordered) */
        if (!ld->seen.n_t)
            rp_fpset_reserve(&ld->seen, MAX(ld->guess, sh->items.n), NULL);
        if (had)
            ld->broke_at = items[0].line + shift;
    }
    for (size_t i = 0; i < sh->items.n; i++) {
        struct item *it = &items[i];
        /* its lines, read from the chunk's start (csv.h), made the file's */
        it->line += shift;
        if (it->rej)
            it->rej->line = it->line;
        if (i + 8 < sh->items.n && it[8].ulen) {
            if (ld->keyed) {
                if (!ordered)
                    rp_fpset_prefetch(&ld->seen, it[8].uhash);
            } else
                rp_idindex_prefetch(ld->ids, it[8].uhash);
        }
        uint32_t first = 0;
        bool maybe = false;
        if (ld->keyed) {
            /* read after every column that can fail (activity_id: type
             * and owner are flags), so no rejected row has it */
            g_assert(!it->rej || !it->ulen);
            maybe = !ordered && it->ulen &&
                    rp_fpset_find_add(&ld->seen, it->uhash, true);
        } else if (it->uid && !ordered)
            first = rp_idindex_find_hashed(ld->ids, it->uid, it->ulen,
                                           it->uhash);
        if (first) {
            char *why = duplicate_why(
                ld, it->uid,
                *(const uint32_t *)(void *)(to->data + (size_t)(first - 1) * rs +
                                            ld->sc->line_off));
            if (!it->rej) {
                it->rej = g_new0(struct rp_reject, 1);
                it->rej->file = ld->sc->file;
                it->rej->line = it->line;
                if (rp_csv_reread(w, it->offset, it->line, raw_of,
                                  &it->rej->raw, err) < 0) {
                    g_free(why);
                    g_array_set_size(to, used);
                    shard_free(ctx, sh);
                    return -1;
                }
            }
            g_free(it->rej->reason);
            it->rej->reason = why;
            it->rej->col = it->ufield;
        }
        if (it->rej) {
            g_ptr_array_add(m->rejects, it->rej);
            it->rej = NULL;
            fi->rows_rejected++;
            continue;
        }
        uint32_t at = used++;
        memcpy(to->data + (size_t)at * rs, sh->rows.data + (size_t)it->row * rs,
               rs);
        if (ld->sc->line_off != NOT_KEPT)
            *(uint32_t *)(void *)(to->data + (size_t)at * rs +
                                  ld->sc->line_off) = it->line;
        if (ld->stage)
            check_lead(m, (const struct rp_lead *)(const void *)(
                              to->data + (size_t)at * rs),
                       ld->stage);
        if (ld->sc->line_off == NOT_KEPT)
            rp_model_note_act_line(m, at, it->line);
        if (maybe && note_maybe(ld, sh, w, it, err) < 0) {
            g_array_set_size(to, used);
            shard_free(ctx, sh);
            return -1;
        }
        if (!maybe && it->uid && !ld->keyed) {
            if (ld->sized) {
                rp_idindex_add_hashed(ld->ids, at, it->uhash);
            } else {
                struct pending pd = {it->uhash, at};
                g_array_append_val(ld->pending, pd);
            }
        }
        while (k < sh->beside->len && side[k].row < it->row)
            k++;            /* a rejected row's */
        if (k < sh->beside->len && side[k].row == it->row) {
            struct rp_row_text o = {at, side[k].text};
            g_array_append_val(beside, o);
        }
        fi->rows_used++;
    }
    g_array_set_size(to, used);     /* cut to the rows used */
    g_ptr_array_add(m->more_strings, sh->strings);
    sh->strings = NULL;
    shard_free(ctx, sh);
    return 0;
}

/* An anomaly found while linking, into @to (struct rp_anomaly_row *):
 * the two halves of the link each keep their own, joined in one order. */
static void add_anomaly(GPtrArray *to, enum rp_anomaly kind,
                        enum rp_file file, uint32_t line, const char *id,
                        char *detail)
{
    struct rp_anomaly_row *a = g_new0(struct rp_anomaly_row, 1);

    a->kind = kind;
    a->file = file;
    a->line = line;
    a->id = id;
    a->detail = detail;
    g_ptr_array_add(to, a);
}

static void free_reject(gpointer p)
{
    struct rp_reject *r = p;
    g_free(r->reason);
    g_free(r->raw);
    g_free(r);
}

static void free_anomaly(gpointer p)
{
    struct rp_anomaly_row *a = p;
    g_free(a->detail);
    g_free(a);
}

/* Pages [@p, @p + @n) given back to the kernel (zeros if read again). */
struct zap {
    char *p;
    size_t n;
};

static gpointer zap(gpointer p)
{
    const struct zap *z = p;

    if (z->n)
        madvise(z->p, z->n, MADV_DONTNEED);
    return NULL;
}

void rp_model_free(struct rp_model *m)
{
    if (!m)
        return;
    /* The pages of a large model's lead rows are given back on two
     * threads: the kernel frees each page as it is unmapped, and a 1 GB
     * pack's 0.23 GB of lead rows took 21 ms of the 37 its end took, the
     * other core idle.  An madvise() holds only the map it zaps (two
     * munmap() calls wait on each other): a thread of its own zaps two
     * thirds while this one zaps the rest and frees what else there is;
     * the rows are freed once both are done (freed before, their map
     * could be another's by the time the thread's madvise() came). */
    GThread *th = NULL;
    struct zap far = {NULL, 0}, near = {NULL, 0};
    const size_t rows =
        m->leads ? (size_t)m->leads->len * sizeof(struct rp_lead) : 0;
    if (rows >= ((size_t)64 << 20)) {
        /* whole pages inside the rows: never the allocator's own */
        const uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE),
                        b = ((uintptr_t)m->leads->data + pg - 1) / pg * pg,
                        e = ((uintptr_t)m->leads->data + rows) / pg * pg,
                        mid = (b + (e - b) / 3) / pg * pg;
        near = (struct zap){(char *)b, mid - b};
        far = (struct zap){(char *)mid, e - mid};
        th = g_thread_new("revpack-free", zap, &far);
        zap(&near);
    }
    for (int f = 0; f < RP_N_FILES; f++) {
        g_free(m->files[f].path);
        g_free(m->files[f].name);
        g_free(m->files[f].mapping);
        g_free(m->files[f].mapping_name);
        g_free(m->files[f].why);
        g_strfreev(m->files[f].other_ids);
        g_free(m->files[f].other_mapping);
    }
    if (m->opps)
        g_array_unref(m->opps);
    if (m->acts)
        g_array_unref(m->acts);
    if (m->orphans)
        g_array_unref(m->orphans);
    if (m->lead_opp_ids)
        g_array_unref(m->lead_opp_ids);
    if (m->act_lines)
        g_array_unref(m->act_lines);
    if (m->spend)
        g_array_unref(m->spend);
    rp_idindex_release(&m->lead_by_id);
    rp_idindex_release(&m->opp_by_id);
    g_free(m->lead_opp_start);
    g_free(m->lead_opp);
    g_free(m->lead_act_start);
    g_free(m->lead_act);
    if (m->rejects)
        g_ptr_array_unref(m->rejects);
    if (m->anomalies)
        g_ptr_array_unref(m->anomalies);
    if (m->notes)
        g_ptr_array_unref(m->notes);
    if (m->texts)
        g_ptr_array_unref(m->texts);
    if (m->text_of)
        g_hash_table_unref(m->text_of);
    if (m->strings)
        g_string_chunk_free(m->strings);
    if (m->more_strings)
        g_ptr_array_unref(m->more_strings);
    if (m->far)
        g_array_unref(m->far);
    if (m->far_of)
        g_hash_table_unref(m->far_of);
    g_mutex_clear(&m->far_lock);
    if (th)
        g_thread_join(th);
    if (m->leads)
        g_array_unref(m->leads);
    g_free(m);
}

/* The number of @m's line runs that start at or before @v: an activity
 * index, or with @by_line a line (runs ascend in both). */
static guint runs_upto(const struct rp_model *m, uint32_t v, bool by_line)
{
    const struct rp_line_run *r = (const struct rp_line_run *)(void *)
        m->act_lines->data;
    guint lo = 0, hi = m->act_lines->len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if ((by_line ? r[mid].line : r[mid].act) <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void rp_model_drop(struct rp_model *m, unsigned parts)
{
    if (parts & RP_MODEL_IDS) {
        rp_idindex_release(&m->lead_by_id);
        rp_idindex_release(&m->opp_by_id);
        m->ids_dropped = true;
    }
    if ((parts & RP_MODEL_ACTS) && m->acts) {
        g_array_unref(m->acts);
        g_array_unref(m->act_lines);
        g_free(m->lead_act_start);
        g_free(m->lead_act);
        m->acts = m->act_lines = NULL;
        m->lead_act_start = m->lead_act = NULL;
    }
}

/* An activity is 8 bytes, not 12 with its line: lines are kept only where
 * they jump (6.5 M activities, 26 MB). */
uint32_t rp_model_act_line(const struct rp_model *m, uint32_t i)
{
    const struct rp_line_run *r = (const struct rp_line_run *)(void *)
        m->act_lines->data;
    guint n = runs_upto(m, i, false);

    return n ? r[n - 1].line + (i - r[n - 1].act) : 0;
}

void rp_model_note_act_line(struct rp_model *m, uint32_t i, uint32_t line)
{
    guint n = m->act_lines->len;
    const struct rp_line_run *last =
        n ? &g_array_index(m->act_lines, struct rp_line_run, n - 1) : NULL;

    if (!last || last->line + (i - last->act) != line) {
        struct rp_line_run r = {i, line};
        g_array_append_val(m->act_lines, r);
    }
}

int64_t rp_model_far(const struct rp_model *m, rp_at a)
{
    GMutex *lock = (GMutex *)&m->far_lock;  /* the model itself is not const */
    int64_t t;

    g_mutex_lock(lock);
    t = g_array_index(m->far, int64_t, (guint)(a.v - INT32_MIN - 1));
    g_mutex_unlock(lock);
    return t;
}

bool rp_model_pack_far(struct rp_model *m, int64_t t, rp_at *out)
{
    gpointer at;
    bool ok = true;

    g_mutex_lock(&m->far_lock);
    if (g_hash_table_lookup_extended(m->far_of, &t, NULL, &at)) {
        out->v = INT32_MIN + (int32_t)GPOINTER_TO_UINT(at);
    } else if (m->far->len < RP_AT_FAR_MAX) {
        g_array_append_val(m->far, t);
        g_hash_table_insert(m->far_of, g_memdup2(&t, sizeof(t)),
                            GUINT_TO_POINTER(m->far->len));
        out->v = INT32_MIN + (int32_t)m->far->len;
    } else {
        ok = false;
    }
    g_mutex_unlock(&m->far_lock);
    return ok;
}

/* Lead @l, as it joins @m: its stage timestamps present must be
 * non-decreasing (SPEC 8.1), an anomaly into @found if not; and
 * m->first_created, the earliest created_at of the leads, which each
 * report's trend reads (SPEC 8.14), takes its own if earlier.  (A pass
 * over the leads for each report, the earliest created_at was 24 ms of
 * the 1 GB pack with one core idle; a pass in the link, the stage order
 * 29 ms of its 86 on the thread the others waited for.  A read's rows
 * are checked as they join, while in cache.) */
static void check_lead(struct rp_model *m, const struct rp_lead *l,
                       GPtrArray *found)
{
    int64_t t[3] = {rp_model_at(m, l->mql_at), rp_model_at(m, l->sal_at),
                    rp_model_at(m, l->sql_at)},
            last = RP_TIME_NONE, created = rp_model_at(m, l->created_at);

    if (m->first_created == RP_TIME_NONE || created < m->first_created)
        m->first_created = created;
    for (int k = 0; k < 3; k++) {
        if (t[k] == RP_TIME_NONE)
            continue;
        if (last != RP_TIME_NONE && t[k] < last) {
            add_anomaly(found, RP_AN_STAGE_ORDER, RP_LEADS, l->line, l->id,
                        g_strdup("mql_at, sal_at, sql_at out of order"));
            return;
        }
        last = t[k];
    }
}

/* check_lead() of every lead of @m, in order: a model made but not read
 * (a subset, a test's). */
static void check_leads(struct rp_model *m, GPtrArray *found)
{
    m->first_created = RP_TIME_NONE;
    for (guint i = 0; i < m->leads->len; i++)
        check_lead(m, RP_LEAD(m, i), found);
}

struct pair {
    uint32_t a, b;
};

/* CSR adjacency from pairs (a < n): a's b's are (*idx)[(*start)[a] ..
 * (*start)[a + 1]), ascending, each once.  A counting sort by a, then each
 * a's few b's sorted in place: linear, where sorting the pairs was
 * n log n (6.5 million activities on 1 GB of exports). */
static void build_csr(GArray *pairs, guint n, uint32_t **start, uint32_t **idx)
{
    uint32_t *st = g_new0(uint32_t, n + 1), *ix, *fill;
    guint k = 0;

    for (guint i = 0; i < pairs->len; i++)
        st[g_array_index(pairs, struct pair, i).a + 1]++;
    for (guint a = 0; a < n; a++)
        st[a + 1] += st[a];
    ix = g_new(uint32_t, pairs->len ? pairs->len : 1);
    fill = g_memdup2(st, sizeof(*st) * (n + 1));
    for (guint i = 0; i < pairs->len; i++) {
        const struct pair *p = &g_array_index(pairs, struct pair, i);
        ix[fill[p->a]++] = p->b;
    }
    g_free(fill);
    for (guint a = 0; a < n; a++) {
        uint32_t s = st[a], e = st[a + 1];
        for (uint32_t j = s + 1; j < e; j++) {   /* insertion: few, often
                                                    in order already */
            uint32_t v = ix[j], q = j;
            while (q > s && ix[q - 1] > v) {
                ix[q] = ix[q - 1];
                q--;
            }
            ix[q] = v;
        }
        st[a] = k;                               /* and each b once */
        for (uint32_t j = s; j < e; j++)
            if (j == s || ix[j] != ix[j - 1])
                ix[k++] = ix[j];
    }
    st[n] = k;
    *start = st;
    *idx = ix;
}

/* The ids of @cell each quoted, for a message: "'1', '2'".
 * Returns: g_free(). */
static char *quoted_ids(const char *cell)
{
    g_auto(GStrv) ids = cell_ids(cell);
    GString *quoted = g_string_new(NULL);

    for (char **id = ids; *id; id++)
        g_string_append_printf(quoted, "%s'%s'", quoted->len ? ", " : "",
                               *id);
    return g_string_free(quoted, FALSE);
}

/* Why an activity's lead_id @cell (one id, or several a mapping split)
 * names no lead: a pattern of its mapping (Salesforce WhoId 003... is a
 * contact), or not in leads.  Several ids are each quoted: "lead_id '1',
 * '2' is not in leads". */
static char *unknown_lead(const struct rp_file_info *fi, const char *cell)
{
    g_auto(GStrv) ids = cell_ids(cell);
    g_autofree char *quoted = quoted_ids(cell);
    g_autofree char *n = rp_mapping_norm(ids[0], strlen(ids[0]));

    for (char **p = fi->other_ids; p && *p; p++)
        if (g_pattern_match_simple(*p, n))
            return g_strdup_printf("lead_id %s names no lead: ids like "
                                   "%s are something else (mapping %s)",
                                   quoted, *p, fi->other_mapping);
    return g_strdup_printf("lead_id %s is not in leads", quoted);
}

/* The ids of a cell: one, or several a mapping split (RP_MODEL_ID_SEP).
 * Returns: (transfer full) g_strfreev(). */
static char **cell_ids(const char *cell)
{
    return g_strsplit(cell, (char[]){RP_MODEL_ID_SEP, 0}, -1);
}

/* The same without a copy for the usual cell of one id: @one set to
 * {@cell, NULL}; a cell of several is split into *@split (g_strfreev). */
static const char *const *ids_in(const char *cell, const char *one[2],
                                 char ***split)
{
    *split = NULL;
    if (strchr(cell, RP_MODEL_ID_SEP)) {
        *split = cell_ids(cell);
        return (const char *const *)*split;
    }
    one[0] = cell;
    one[1] = NULL;
    return one;
}

/* The finds of every id of many cells (a cell: one id, or several
 * RP_MODEL_ID_SEP apart), made at once by rp_idindex_find_many(): a find
 * one at a time waited on memory three times (a 1 GB check linked its
 * opportunities in 0.14-0.27 s).  Cell k's are q[end[k - 1] .. end[k]). */
struct cell_finds {
    GArray *q;                  /* struct rp_idfind */
    GArray *end;                /* uint32_t per cell */
    GPtrArray *splits;          /* the several ids' cells, split */
};

static void cell_finds_init(struct cell_finds *cf)
{
    cf->q = g_array_new(FALSE, FALSE, sizeof(struct rp_idfind));
    cf->end = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    cf->splits = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
}

/* Cell @cell's ids (NULL: none) as the next cell's. */
static void cell_finds_add(struct cell_finds *cf, const char *cell)
{
    const char *one[2];
    char **split = NULL;

    if (cell) {
        for (const char *const *id = ids_in(cell, one, &split); *id; id++) {
            size_t len = strlen(*id);
            struct rp_idfind f = {*id, rp_idindex_hash(*id, len),
                                  (uint32_t)len, 0};
            g_array_append_val(cf->q, f);
        }
        if (split)
            g_ptr_array_add(cf->splits, split);
    }
    uint32_t e = cf->q->len;
    g_array_append_val(cf->end, e);
}

/* The finds of cell @k, *@n of them. */
static const struct rp_idfind *cell_finds_of(const struct cell_finds *cf,
                                             guint k, guint *n)
{
    uint32_t from = k ? g_array_index(cf->end, uint32_t, k - 1) : 0;

    *n = g_array_index(cf->end, uint32_t, k) - from;
    return &g_array_index(cf->q, struct rp_idfind, from);
}

static void cell_finds_release(struct cell_finds *cf)
{
    g_array_unref(cf->q);
    g_array_unref(cf->end);
    g_ptr_array_unref(cf->splits);
}

/* Link opportunities to leads, into @found their anomalies.  An
 * opportunity naming several leads (HubSpot's Associated Contact IDs) is
 * linked to each; its originating lead is the first one known. */
static void link_opps(struct rp_model *m, GPtrArray *found)
{
    /* per opportunity, the first lead whose opportunity_id names it
     * (index + 1): an array, where a hash of every id named (known or
     * not) was looked up by the opportunities' own ids */
    uint32_t *first_naming = g_new0(uint32_t, m->opps->len + 1);
    GArray *pairs = g_array_new(FALSE, FALSE, sizeof(struct pair));
    struct cell_finds named, leads;

    cell_finds_init(&named);
    for (guint k = 0; k < m->lead_opp_ids->len; k++)
        cell_finds_add(&named, g_array_index(m->lead_opp_ids,
                                             struct rp_row_text, k).text);
    rp_idindex_find_many(&m->opp_by_id, (struct rp_idfind *)(void *)
                         named.q->data, named.q->len);
    for (guint k = 0; k < m->lead_opp_ids->len; k++) {
        const uint32_t i = g_array_index(m->lead_opp_ids, struct rp_row_text,
                                         k).row;
        guint n;
        const struct rp_idfind *f = cell_finds_of(&named, k, &n);
        for (guint j = 0; j < n; j++) {
            uint32_t oi = f[j].found;
            if (oi) {
                if (!first_naming[oi - 1])
                    first_naming[oi - 1] = i + 1;
                struct pair p = {i, oi - 1};
                g_array_append_val(pairs, p);
            }
        }
    }
    cell_finds_release(&named);
    cell_finds_init(&leads);
    for (guint i = 0; i < m->opps->len; i++)
        cell_finds_add(&leads, RP_OPP(m, i)->lead_id);
    rp_idindex_find_many(&m->lead_by_id, (struct rp_idfind *)(void *)
                         leads.q->data, leads.q->len);
    for (guint i = 0; i < m->opps->len; i++) {
        struct rp_opp *o = RP_OPP(m, i);
        uint32_t li = 0;            /* the lead, index + 1 */
        if (o->lead_id) {
            guint n;
            const struct rp_idfind *f = cell_finds_of(&leads, i, &n);
            for (guint j = 0; j < n; j++) {
                uint32_t x = f[j].found;
                if (!x)
                    continue;
                if (!li)
                    li = x;
                struct pair p = {x - 1, i};
                g_array_append_val(pairs, p);
            }
            if (!li) {          /* every id unknown */
                g_autofree char *quoted = quoted_ids(o->lead_id);
                add_anomaly(found, RP_AN_OPPORTUNITY_UNKNOWN_LEAD, RP_OPPS,
                            o->line, o->id,
                            g_strdup_printf("lead_id %s is not in leads",
                                            quoted));
            }
        }
        if (li)
            o->lead = (int32_t)li - 1;
        else if (first_naming[i] && o->lead < 0)
            o->lead = (int32_t)first_naming[i] - 1;
        if (o->outcome != RP_OPEN && o->closed_at == RP_TIME_NONE)
            add_anomaly(found, RP_AN_CLOSED_WITHOUT_DATE, RP_OPPS, o->line,
                        o->id,
                        g_strdup_printf("outcome %s but no closed_at",
                                        o->outcome == RP_WON ? "won" : "lost"));
    }
    cell_finds_release(&leads);
    build_csr(pairs, m->leads->len, &m->lead_opp_start, &m->lead_opp);
    g_array_unref(pairs);
    g_free(first_naming);
}

/* How many activities ahead link_acts() fetches, when it does, a lead's
 * count and place, and the slot it takes; how many places ahead
 * sort_dirty() fetches an activity. */
enum { AHEAD_COUNT = 24, AHEAD_SLOT = 12, AHEAD_SORT = 32 };

/* In a lead's fill: its places are not yet known to be in time order. */
#define DIRTY 0x80000000u

/* Each activity of @m into @ix, at its lead's places from @fill on
 * (@st: the first of each), in file order; a lead whose places may be out
 * of time order is marked DIRTY in @fill.  An activity is known to be in
 * order when no row with a lead before it is later (an export sorted by
 * time), or when its lead's one before it is the row before, no later
 * (one listed lead by lead); else its lead is marked, with no read of the
 * one before (from a list in no order, that read was a miss after the
 * misses for the lead's place and slot: two thirds of this loop's time).
 * @ahead (a constant where it is called, so each case is a loop of its
 * own): fetch what an activity some rows ahead needs. */
static inline __attribute__((always_inline)) void
place_acts(const struct rp_model *m, const uint32_t *st, uint32_t *fill,
           uint32_t *ix, bool ahead)
{
    const guint na = m->acts->len;
    int64_t latest = INT64_MIN, prev = INT64_MIN;

    for (guint i = 0; i < na; i++) {
        const struct rp_activity *a = RP_ACT(m, i);
        int32_t l;
        if (ahead && i + AHEAD_COUNT < na && (l = a[AHEAD_COUNT].lead) >= 0) {
            __builtin_prefetch(&st[l]);
            __builtin_prefetch(&fill[l], 1);
        }
        if (ahead && i + AHEAD_SLOT < na && (l = a[AHEAD_SLOT].lead) >= 0)
            __builtin_prefetch(&ix[fill[l] & ~DIRTY], 1);
        const int64_t at = rp_model_at(m, a->occurred_at), before = prev;
        prev = at;
        if (a->lead < 0)
            continue;
        const uint32_t f = fill[a->lead], q = f & ~DIRTY;
        fill[a->lead] = f + 1;      /* the mark stays */
        ix[q] = i;
        if (at >= latest)
            latest = at;
        else if (q > st[a->lead] && !(f & DIRTY) &&
                 (ix[q - 1] != i - 1 || before > at))
            fill[a->lead] |= DIRTY;
    }
}

struct at_row {
    int64_t at;
    uint32_t row;
};

static int at_row_cmp(const void *pa, const void *pb)
{
    const struct at_row *a = pa, *b = pb;

    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->row < b->row ? -1 : a->row > b->row;
}

/* The places of each lead place_acts() marked, sorted by time, then file
 * order (the rows, placed in file order, are ascending); the activities
 * fetched some places ahead, the places now being in lead order. */
static void sort_dirty(const struct rp_model *m, const uint32_t *st,
                       const uint32_t *fill, uint32_t *ix)
{
    const guint n = m->leads->len, placed = st[n];   /* ix's length */
    GArray *buf = g_array_new(FALSE, FALSE, sizeof(struct at_row));
    struct at_row few[16];      /* most leads': sorted by insertion */

    for (guint l = 0; l < n; l++) {
        if (!(fill[l] & DIRTY))
            continue;
        const uint32_t s = st[l], k = st[l + 1] - s;
        struct at_row *r = few;
        if (k > G_N_ELEMENTS(few)) {
            g_array_set_size(buf, k);
            r = (struct at_row *)(void *)buf->data;
        }
        for (uint32_t j = 0; j < k; j++) {
            if (s + j + AHEAD_SORT < placed)
                __builtin_prefetch(RP_ACT(m, ix[s + j + AHEAD_SORT]));
            r[j].row = ix[s + j];
            r[j].at = rp_model_at(m, RP_ACT(m, r[j].row)->occurred_at);
        }
        if (k > G_N_ELEMENTS(few)) {
            qsort(r, k, sizeof(*r), at_row_cmp);
        } else {
            for (uint32_t j = 1; j < k; j++) {
                struct at_row x = r[j];
                uint32_t q = j;
                for (; q > 0 && r[q - 1].at > x.at; q--)
                    r[q] = r[q - 1];
                r[q] = x;
            }
        }
        for (uint32_t j = 0; j < k; j++)
            ix[s + j] = r[j].row;
    }
    g_array_free(buf, TRUE);
}

/* Each lead's activities, in time order (then file order), into
 * m->lead_act; into @found those whose lead_id names no lead.  A counting
 * sort of the rows by lead: each row, taken in file order, goes after its
 * lead's earlier ones, and the leads that may be out of time order are
 * sorted then (place_acts, sort_dirty).  (From a list of (lead, activity)
 * pairs sorted apart and then by time, this was 0.26 s and 61 MB more on
 * the 6.5 M activities of 1 GB.) */
static void link_acts(struct rp_model *m, GPtrArray *found)
{
    const guint n = m->leads->len, na = m->acts->len;
    uint32_t *st = g_new0(uint32_t, n + 1), *ix, *fill;
    guint k = 0, jumps = 0, probe = MIN(na, 4096);
    GStringChunk *shown_ids = NULL;     /* to the model, if any */

    /* activities listed lead by lead (as the bench's generator writes
     * them) meet the leads' counts and places in order; listed by time,
     * as a CRM may export them, each activity's lead is a jump, and its
     * count and place were each a miss: then they are fetched some
     * activities ahead (grouped, the fetches ahead would cost 60 -> 80
     * ms).  1 GB, the bench's activities shuffled: placed and sorted in
     * one loop, 0.91-1.0 s; fetched ahead, 0.52-0.58 s; placed, then the
     * marked leads sorted (sort_dirty), 0.11-0.14 + 0.13 s.  Grouped:
     * 62-63 -> 41-45 ms, and 1-3 ms of sort. */
    for (guint i = 1; i < probe; i++) {
        int64_t d = (int64_t)RP_ACT(m, i)->lead - RP_ACT(m, i - 1)->lead;
        jumps += d > 64 || d < -64;
    }
    const bool ahead = jumps * 4 > probe;

    for (guint i = 0; i < na; i++) {
        const struct rp_activity *a = RP_ACT(m, i);
        if (ahead && i + AHEAD_COUNT < na && a[AHEAD_COUNT].lead >= 0)
            __builtin_prefetch(&st[a[AHEAD_COUNT].lead + 1], 1);
        if (a->lead >= 0) {
            st[a->lead + 1]++;
            continue;
        }
        const struct rp_row_text *o =
            &g_array_index(m->orphans, struct rp_row_text, k++);
        g_assert(o->row == i);
        const char *id = o->text;
        if (strchr(id, RP_MODEL_ID_SEP)) {  /* the ids as a reader sees them */
            g_auto(GStrv) ids = cell_ids(id);
            g_autofree char *shown = g_strjoinv(", ", ids);
            if (!shown_ids)
                shown_ids = g_string_chunk_new(4096);
            id = g_string_chunk_insert(shown_ids, shown);
        }
        add_anomaly(found, RP_AN_ACTIVITY_UNKNOWN_LEAD, RP_ACTS,
                    rp_model_act_line(m, i), id,
                    unknown_lead(&m->files[RP_ACTS], o->text));
    }
    if (shown_ids)
        g_ptr_array_add(m->more_strings, shown_ids);
    for (guint l = 0; l < n; l++)
        st[l + 1] += st[l];
    ix = g_new(uint32_t, st[n] ? st[n] : 1);
    g_assert(na < DIRTY);       /* the mark is the fill's top bit */
    fill = g_memdup2(st, sizeof(*st) * n);
    if (ahead)
        place_acts(m, st, fill, ix, true);
    else
        place_acts(m, st, fill, ix, false);
    sort_dirty(m, st, fill, ix);
    g_free(fill);
    m->lead_act_start = st;
    m->lead_act = ix;
}

struct half {
    struct rp_model *m;
    GPtrArray *found;
};

static gpointer opps_half(gpointer p)
{
    struct half *h = p;

    link_opps(h->m, h->found);
    return NULL;
}

/* Count stage-order anomalies and link; with @beside, the opportunities
 * on a thread of their own while this one checks the stage order and
 * links the activities (the two halves share nothing: 1 GB's link went
 * from 0.40 to 0.14 s).  @checked: the stage-order anomalies, found as a
 * read's leads joined (check_lead), taken from it; NULL: check them here.
 * The anomalies come in one order either way: stage order,
 * opportunities, activities. */
static void link_model(struct rp_model *m, bool beside, GPtrArray *checked)
{
    g_autoptr(GPtrArray) stage = checked ? g_ptr_array_ref(checked)
                                         : g_ptr_array_new();
    g_autoptr(GPtrArray) opps = g_ptr_array_new();
    g_autoptr(GPtrArray) acts = g_ptr_array_new();
    struct half h = {m, opps};
    GThread *th = beside ? g_thread_new("revpack-link", opps_half, &h) : NULL;

    if (!th)
        opps_half(&h);
    if (!checked)
        check_leads(m, stage);
    link_acts(m, acts);
    if (th)
        g_thread_join(th);
    GPtrArray *found[] = {stage, opps, acts};
    for (unsigned f = 0; f < G_N_ELEMENTS(found); f++) {
        for (guint i = 0; i < found[f]->len; i++) {
            struct rp_anomaly_row *a = g_ptr_array_index(found[f], i);
            g_ptr_array_add(m->anomalies, a);
            m->n_anomalies[a->kind]++;
        }
    }
    if (checked)    /* the model's now: out of @checked, not freed */
        g_free(g_ptr_array_steal(checked, NULL));
}

void rp_model_link(struct rp_model *m)
{
    link_model(m, false, NULL);
}

void rp_model_map_schema(struct rp_map_schema *v)
{
    memset(v, 0, sizeof(*v));
    for (int f = 0; f < RP_N_FILES; f++) {
        v->n[f] = schemas[f].n_cols;
        for (unsigned c = 0; c < schemas[f].n_cols; c++) {
            v->names[f][c] = schemas[f].cols[c].name;
            v->required[f][c] = schemas[f].cols[c].required;
        }
    }
}

/* --- repeats of an id that is not kept (activity_id) -------------------
 *
 * While the file is read, an accepted row's id leaves only a 32-bit
 * fingerprint (struct rp_fpset); a row whose id's fingerprint is already
 * there may repeat an earlier accepted id, or (rarely: see
 * rp_fpset_print) only share its fingerprint.  Such a row is accepted for
 * now and its id noted (loader.maybe).  Once the file is read, and only
 * if a row was noted, the file is read again for the noted ids' text
 * alone: in file order, the first accepted row with each id is its first;
 * an accepted row after it repeats it (it was noted: its fingerprint was
 * seen) and is taken out and rejected, naming the first's line as SPEC 2
 * says. */

/* A noted id: its text, and the line of its first accepted row (0: not
 * met yet in the second read). */
struct again {
    const char *id;
    uint32_t first;
};

struct settle {
    GArray *again;            /* struct again */
    struct rp_idindex by_id;  /* their texts -> index + 1 */
    const struct step *step;  /* where the id is read */
    GArray *gone;             /* uint32_t: the repeating rows */
    GPtrArray *dups;          /* their rejects, in file order */
};

/* Index + 1 of the activity read from @line, or 0: a rejected row's line,
 * a blank one, the header's. */
static uint32_t act_at_line(const struct rp_model *m, uint32_t line)
{
    const struct rp_line_run *r = (const struct rp_line_run *)(void *)
        m->act_lines->data;
    guint n = runs_upto(m, line, true);

    if (!n)
        return 0;
    uint32_t at = r[n - 1].act + (line - r[n - 1].line);
    uint32_t end = n < m->act_lines->len ? r[n].act : m->acts->len;
    return at < end ? at + 1 : 0;
}

static int skip_header(void *ctx, const struct rp_csv_record *rec,
                       struct rp_err *err)
{
    (void)ctx, (void)rec, (void)err;
    return 0;
}

/* The second read, on a reading thread: a record whose id is a noted
 * one, as its reject would be. */
static int again_record(void *ctx, const struct rp_csv_record *rec,
                        struct rp_err *err)
{
    struct shard *sh = ctx;
    const struct loader *ld = sh->ld;
    const struct settle *st = ld->settle;
    const struct step *k = st->step;

    (void)err;
    if (rec->flaw != RP_CSV_OK || rec->n_fields < ld->n_header)
        return 0;           /* rejected before its id was read */
    size_t len;
    const char *v = step_value(sh, rec, k, &len);
    uint32_t at = len ? rp_idindex_find_hashed(&st->by_id, v, len,
                                               rp_idindex_hash(v, len))
                      : 0;
    if (!at)
        return 0;
    struct item *it = vec_next(&sh->items);
    *it = (struct item){.rej = g_new0(struct rp_reject, 1), .row = at - 1,
                        .line = rec->line};
    it->rej->file = ld->sc->file;
    it->rej->line = rec->line;
    it->rej->col = (uint32_t)k->field + 1;
    it->rej->raw = join_raw(rec);
    sh->items.n++;
    return 0;
}

/* The second read's records, in file order. */
static int again_end(void *ctx, void *p, const struct rp_csv_window *w,
                     unsigned shift, struct rp_err *err)
{
    g_assert(shift == 0);       /* not asked for (settle_repeats) */
    struct loader *ld = ctx;
    struct settle *st = ld->settle;
    struct shard *sh = p;
    struct item *items = (struct item *)(void *)sh->items.data;

    (void)w, (void)err;
    for (size_t i = 0; i < sh->items.n; i++) {
        struct item *it = &items[i];
        struct again *g = &g_array_index(st->again, struct again, it->row);
        uint32_t act = act_at_line(ld->m, it->line);
        if (!act)
            continue;       /* a rejected row's */
        if (!g->first) {
            g->first = it->line;
            continue;
        }
        /* a later accepted row with the id: its fingerprint was seen, so
         * it was noted, and its id is a repeat */
        it->rej->reason = duplicate_why(ld, g->id, g->first);
        g_ptr_array_add(st->dups, it->rej);
        it->rej = NULL;
        act--;
        g_array_append_val(st->gone, act);
    }
    shard_free(ctx, sh);
    return 0;
}

/* Take activities @gone (ascending) out of @m, with their orphans, and
 * renumber the rest, their lines and orphans kept. */
static void take_out_acts(struct rp_model *m, const GArray *gone)
{
    GArray *runs = m->act_lines;
    const struct rp_line_run *r = (const struct rp_line_run *)(void *)
        runs->data;
    struct rp_row_text *orph = (struct rp_row_text *)(void *)
        m->orphans->data;
    const uint32_t *g = (const uint32_t *)(void *)gone->data;
    guint run = 0, out = 0, k = 0, ko = 0, gi = 0;

    m->act_lines = g_array_new(FALSE, FALSE, sizeof(struct rp_line_run));
    for (guint i = 0; i < m->acts->len; i++) {
        while (run + 1 < runs->len && r[run + 1].act <= i)
            run++;
        uint32_t line = r[run].line + (i - r[run].act);
        bool orphan = k < m->orphans->len && orph[k].row == i;
        k += orphan;
        if (gi < gone->len && g[gi] == i) {
            gi++;
            continue;
        }
        if (orphan) {
            orph[ko] = orph[k - 1];
            orph[ko++].row = out;
        }
        g_array_index(m->acts, struct rp_activity, out) =
            g_array_index(m->acts, struct rp_activity, i);
        rp_model_note_act_line(m, out++, line);
    }
    g_array_set_size(m->acts, out);
    g_array_set_size(m->orphans, ko);
    g_array_unref(runs);
}

/* Put @more's rejects (in line order) among @into's from @from on, which
 * are in line order too. */
static void merge_rejects(GPtrArray *into, guint from, GPtrArray *more)
{
    guint a = into->len, b = more->len, w = a + b;

    g_ptr_array_set_size(into, w);
    while (b) {
        const struct rp_reject *x = a > from ? into->pdata[a - 1] : NULL;
        const struct rp_reject *y = more->pdata[b - 1];
        into->pdata[--w] = x && x->line > y->line ? into->pdata[--a]
                                                   : more->pdata[--b];
    }
}

static int settle_repeats(struct loader *ld, const struct rp_csv_opts *copts,
                          const struct rp_csv_par *first, struct rp_err *err)
{
    struct rp_model *m = ld->m;
    struct rp_file_info *fi = &m->files[ld->sc->file];
    struct rp_csv_opts o = *copts;
    struct rp_csv_par par = {first->jobs, skip_header, shard_new,
                             again_record, again_end, shard_free, NULL, false};
    struct settle st = {0};
    char detected[sizeof(fi->encoding)];
    int rc;

    g_assert(ld->sc->file == RP_ACTS);  /* the one C_KEY file */
    o.detected = detected;      /* as found the first time */
    st.again = g_array_new(FALSE, FALSE, sizeof(struct again));
    rp_idindex_init(&st.by_id, st.again, offsetof(struct again, id));
    for (guint k = 0; k < ld->maybe->len; k++) {
        const char *id = g_ptr_array_index(ld->maybe, k);
        if (!rp_idindex_find(&st.by_id, id)) {
            struct again g = {id, 0};
            g_array_append_val(st.again, g);
            rp_idindex_add(&st.by_id, st.again->len - 1);
        }
    }
    st.step = key_step(ld);
    st.gone = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    st.dups = g_ptr_array_new();
    ld->settle = &st;
    rc = rp_csv_read_par(fi->path, fi->name, &o, &par, ld, err);
    ld->settle = NULL;
    if (rc == 0 && st.gone->len) {
        take_out_acts(m, st.gone);
        merge_rejects(m->rejects, ld->rejects_from, st.dups);
        fi->rows_used -= st.gone->len;
        fi->rows_rejected += st.gone->len;
    } else {
        for (guint k = 0; k < st.dups->len; k++)
            free_reject(st.dups->pdata[k]);
    }
    g_ptr_array_unref(st.dups);
    g_array_unref(st.gone);
    rp_idindex_release(&st.by_id);
    g_array_unref(st.again);
    return rc;
}

/* The read of a C_KEY file whose ids were in order up to line
 * ld->broke_at: the ids before it are not in `seen` (they needed no find),
 * the ids from it on are.  An id before it whose fingerprint is there may
 * repeat later: it is noted (loader.maybe) for settle_repeats(), as a
 * later row's is.  (A row rejected the first time may be noted too: its
 * value is not checked again here; settle_repeats() keeps only accepted
 * rows.)  On a reading thread: */
static int recheck_record(void *ctx, const struct rp_csv_record *rec,
                          struct rp_err *err)
{
    struct shard *sh = ctx;
    struct loader *ld = sh->ld;
    size_t len;

    (void)err;
    if (rec->line >= ld->broke_at || rec->flaw != RP_CSV_OK ||
        rec->n_fields < ld->n_header)
        return 0;
    const char *v = step_value(sh, rec, key_step(ld), &len);
    if (!len || !rp_fpset_find_add(&ld->seen, rp_idindex_hash(v, len), false))
        return 0;
    struct item *it = vec_next(&sh->items);
    *it = (struct item){.uid = g_string_chunk_insert_len(sh->strings, v,
                                                         (gssize)len),
                        .line = rec->line};
    sh->items.n++;
    return 0;
}

/* Its noted ids, in file order. */
static int recheck_end(void *ctx, void *p, const struct rp_csv_window *w,
                       unsigned shift, struct rp_err *err)
{
    g_assert(shift == 0);       /* not asked for (recheck_ordered) */
    struct loader *ld = ctx;
    struct shard *sh = p;
    struct item *items = (struct item *)(void *)sh->items.data;

    (void)w, (void)err;
    if (!ld->maybe && sh->items.n)
        ld->maybe = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < sh->items.n; i++)
        g_ptr_array_add(ld->maybe, g_strdup(items[i].uid));
    shard_free(ctx, sh);
    return 0;
}

static int recheck_ordered(struct loader *ld, const struct rp_csv_opts *copts,
                           const struct rp_csv_par *first, struct rp_err *err)
{
    struct rp_file_info *fi = &ld->m->files[ld->sc->file];
    struct rp_csv_opts o = *copts;
    struct rp_csv_par par = {first->jobs, skip_header, shard_new,
                             recheck_record, recheck_end, shard_free, NULL,
                             false};
    char detected[sizeof(fi->encoding)];

    o.detected = detected;      /* as found the first time */
    return rp_csv_read_par(fi->path, fi->name, &o, &par, ld, err);
}

static int load_file(struct rp_model *m, const struct rp_load_opts *opts,
                     const struct rp_profile *prof, struct rp_clock *clock,
                     enum rp_file f, const char *path,
                     const struct rp_mapping *mp,
                     const struct rp_map_schema *schema, GArray **rows,
                     struct rp_idindex *ids, struct ahead *ahead,
                     struct rp_csv_rider *const riders[RP_N_FILES],
                     GPtrArray *stage, struct rp_err *err)
{
    const struct schema *sc = &schemas[f];
    struct rp_csv_rider *later[RP_N_FILES];
    unsigned n_later = 0;
    struct rp_file_info *fi = &m->files[f];
    struct rp_csv_opts copts = {.encoding = opts->encoding ? opts->encoding
                                                           : mp->encoding};
    struct loader *ld = g_new0(struct loader, 1);
    struct rp_csv_par par = {opts->jobs, on_header, shard_new, on_record,
                             shard_end, shard_free, resolve_refs, true};
    struct stat st;
    enum rp_date_order order = clock->order;
    int rc;

    g_assert(sc->row_size <= MAX_ROW);
    fi->path = g_strdup(path);
    fi->name = g_path_get_basename(path);
    fi->mapping = g_strdup(mp->id);
    fi->mapping_name = g_strdup(mp->name);
    struct rp_loc loc = {fi->name, 0, 0};
    if (stat(fi->path, &st) < 0) {
        int e = errno;
        g_free(ld);
        if (e != ENOENT)    /* there, but not to be read: say why */
            return rp_err_set(err, RP_EIO, &loc, "cannot read '%s': %s",
                              fi->path, g_strerror(e));
        if (f == RP_LEADS || f == RP_OPPS)
            return rp_err_set(err, RP_ENOINPUT, &loc,
                              "required file missing from '%s'",
                              opts->data_dir);
        return 0;
    }
    fi->present = true;
    fi->bytes = (uint64_t)st.st_size;
    ld->m = m;
    ld->mp = mp;
    ld->stage = f == RP_LEADS ? stage : NULL;
    ld->schema = schema;
    ld->name = fi->name;
    ld->prof = prof;
    ld->clock = clock;
    ld->sc = sc;
    ld->rows = rows;
    ld->ids = ids;
    ld->ahead = ahead;
    ld->max_field = copts.max_field = opts->max_field ? opts->max_field
                                                      : RP_CSV_MAX_FIELD;
    ld->max_record = copts.max_record = opts->max_record ? opts->max_record
                                                         : RP_CSV_MAX_RECORD;
    copts.sha256 = opts->no_sha256 ? NULL : fi->sha256;
    for (int g = f + 1; g < RP_N_FILES; g++)
        if (riders[g])
            later[n_later++] = riders[g];
    later[n_later] = NULL;
    copts.riders = later;
    copts.hashed_ahead = riders[f];
    copts.detected = fi->encoding;
    copts.progress = opts->progress;
    copts.progress_ctx = opts->progress_ctx;
    ld->ucol = unique_col(sc);
    /* ids only this file's reading needs, and only to find repeats: a
     * fingerprint of each, 4 bytes, gone when the file is read */
    ld->keyed = ld->ucol >= 0 && sc->cols[ld->ucol].type == C_KEY;
    ld->ordered = true;
    ld->pending = g_array_new(FALSE, FALSE, sizeof(struct pending));
    ld->rejects_from = m->rejects->len;
    g_mutex_init(&ld->lock);
    if (mp->date_order >= 0)
        clock->order = (enum rp_date_order)mp->date_order;
    fi->footer_rule = mp->footer != NULL;
    if (mp->footer)
        par.jobs = 1;       /* the footer is found in file order */
    if (mp->roles[f].other_ids) {
        fi->other_ids = g_strdupv(mp->roles[f].other_ids);
        fi->other_mapping = g_strdup(mp->id);
    }
    rc = rp_csv_read_par(fi->path, fi->name, &copts, &par, ld, err);
    if (ld->pending->len)       /* the table came no sooner */
        size_ids(ld, true);
    g_array_unref(ld->pending);
    clock->order = order;
    {
        const char *e = fi->encoding[0] ? fi->encoding : copts.encoding;
        if (!e || g_ascii_strcasecmp(e, "auto") == 0 ||
            g_ascii_strcasecmp(e, "utf8") == 0)
            e = "UTF-8";
        for (size_t k = 0; k + 1 < sizeof(fi->encoding_used) && e[k]; k++)
            fi->encoding_used[k] = g_ascii_toupper(e[k]);
    }
    if (rc == 0 && !ld->header_done)
        rc = rp_err_set(err, RP_EDATA, &loc, "file is empty (no header line)");
    copts.sha256 = NULL;        /* a read again: hashed once, no progress */
    copts.riders = NULL;
    copts.hashed_ahead = NULL;
    copts.progress = NULL;
    if (rc == 0 && ld->broke_at)
        rc = recheck_ordered(ld, &copts, &par, err);
    rp_fpset_release(&ld->seen);
    if (rc == 0 && ld->maybe)
        rc = settle_repeats(ld, &copts, &par, err);
    if (ld->maybe)
        g_ptr_array_unref(ld->maybe);
    g_mutex_clear(&ld->lock);
    while (ld->n_spare)
        spare_free(&ld->spare[--ld->n_spare]);
    g_free(ld);
    /* the reading threads freed the shards' buffers into their malloc
     * arenas, which keep the pages (the 0.25 GB bench's monthly pack:
     * max RSS 147 -> 140 MB) */
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    return rc;
}

/* --- which file is which (SPEC 2, 7: mappings) --------------------------- */

struct head {
    char **names;       /* normalised header names */
    char *raw;          /* as written, for messages */
    char *why;          /* why it could not be read */
    unsigned n;
    bool done;
};

static int take_header(void *ctx, const struct rp_csv_record *rec,
                       struct rp_err *err)
{
    struct head *h = ctx;
    (void)err;
    h->names = header_names(rec);
    h->raw = header_list(rec);
    h->n = rec->n_fields;
    h->done = true;
    return -1;          /* enough: stop reading */
}

static void free_head(gpointer p)
{
    struct head *h = p;
    g_strfreev(h->names);
    g_free(h->raw);
    g_free(h->why);
    g_free(h);
}

/* @path's header read in @enc (NULL: auto), once per encoding: kept in
 * @cache.  (transfer none) done is false, with why, if unreadable. */
static const struct head *read_head(GHashTable *cache, const char *path,
                                    const char *name, const char *enc)
{
    struct head *h = g_hash_table_lookup(cache, enc ? enc : "");
    struct rp_csv_opts co = {.encoding = enc};
    struct rp_err e = {0};

    if (h)
        return h;
    h = g_new0(struct head, 1);
    if (rp_csv_read(path, name, &co, take_header, h, &e) < 0 && !h->done)
        h->why = rp_err_format(&e);
    g_hash_table_insert(cache, g_strdup(enc ? enc : ""), h);
    return h;
}

/* One mapping's reading of one file. */
struct cand {
    const struct rp_mapping *mp;
    enum rp_file role;
    double score;       /* signature share; canonical names 2 */
    unsigned found, total;
    bool named;         /* the file name matches the role's globs */
};

static bool better(const struct cand *a, const struct cand *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    return a->named && !b->named;
}

static char *describe(const struct cand *c)
{
    if (c->mp->canonical)
        return g_strdup_printf("canonical %s", rp_model_file_name(c->role));
    return g_strdup_printf("%s %s: %u of %u signature headers", c->mp->id,
                           rp_model_file_name(c->role), c->found, c->total);
}

static gint cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The mappings to try: --mapping's, or every templates/mappings/ file;
 * the canonical names always. */
static GPtrArray *load_mappings(const struct rp_load_opts *opts,
                                const struct rp_map_schema *schema,
                                struct rp_err *err)
{
    GPtrArray *all = g_ptr_array_new_with_free_func(
        (GDestroyNotify)rp_mapping_free);
    const char *arg = opts->mapping;

    g_ptr_array_add(all, rp_mapping_canonical(schema));
    if (arg && strcmp(arg, "canonical") == 0)
        return all;
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    if (arg) {
        char *p = opts->templates ? rp_templates_file(opts->templates,
                                                      "mappings", arg)
                                  : NULL;
        g_ptr_array_add(paths, p ? p : g_strdup(arg));
    } else if (opts->templates) {
        g_autofree char *dir = g_build_filename(opts->templates, "mappings",
                                                NULL);
        GDir *d = g_dir_open(dir, 0, NULL);
        const char *n;
        while (d && (n = g_dir_read_name(d)))
            if (g_str_has_suffix(n, ".ini"))
                g_ptr_array_add(paths, g_build_filename(dir, n, NULL));
        if (d)
            g_dir_close(d);
        g_ptr_array_sort(paths, cmp_names);
    }
    for (guint i = 0; i < paths->len; i++) {
        const char *p = paths->pdata[i];
        struct rp_mapping *mp;
        if (arg && !g_file_test(p, G_FILE_TEST_EXISTS)) {
            rp_err_set(err, RP_ENOINPUT, NULL,
                       "no mapping '%s' (neither templates/mappings/%s.ini "
                       "nor a file)",
                       arg, arg);
            goto fail;
        }
        if (!(mp = rp_mapping_load(p, schema, err)))
            goto fail;
        g_ptr_array_add(all, mp);
    }
    g_ptr_array_unref(paths);
    return all;
fail:
    g_ptr_array_unref(paths);
    g_ptr_array_unref(all);
    return NULL;
}

/* The data folder's CSV files, sorted: their names. */
static GPtrArray *list_files(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;

    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *low = g_ascii_strdown(n, -1);
        if (g_str_has_suffix(low, ".csv") || g_str_has_suffix(low, ".tsv") ||
            g_str_has_suffix(low, ".txt"))
            g_ptr_array_add(names, g_strdup(n));
    }
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(names, cmp_names);
    return names;
}

/* For each canonical file, the data folder's file that is read as it and
 * the mapping that reads it.  With only the canonical mapping this is
 * leads.csv etc. by name; else every CSV file is recognised by its
 * headers, a close call between two mappings is an error, and every
 * decision is a note. */
static int choose_files(struct rp_model *m, const struct rp_load_opts *opts,
                        GPtrArray *maps, const struct rp_map_schema *schema,
                        char **paths, const struct rp_mapping **chosen,
                        struct rp_err *err)
{
    g_autoptr(GPtrArray) names = list_files(opts->data_dir);
    struct cand best_of[RP_N_FILES] = {0};
    const char *file_of[RP_N_FILES] = {0};

    for (int f = 0; f < RP_N_FILES; f++) {
        paths[f] = g_build_filename(opts->data_dir, schemas[f].file_name,
                                    NULL);
        chosen[f] = maps->pdata[0];
    }
    if (maps->len == 1)
        return 0;       /* canonical names only */
    for (guint i = 0; i < names->len; i++) {
        const char *name = names->pdata[i];
        g_autofree char *path = g_build_filename(opts->data_dir, name, NULL);
        g_autoptr(GHashTable) heads = g_hash_table_new_full(
            g_str_hash, g_str_equal, g_free, free_head);
        g_autoptr(GArray) all = g_array_new(FALSE, FALSE, sizeof(struct cand));
        struct cand best = {0}, near = {0};
        g_autofree char *near_why = NULL;
        g_autofree char *low = g_ascii_strdown(name, -1);
        const struct head *h0;

        if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
            continue;   /* a canonical name is read (and refused) later */
        h0 = read_head(heads, path, name, opts->encoding);
        for (guint k = 0; k < maps->len; k++) {
            const struct rp_mapping *mp = maps->pdata[k];
            /* a mapping that names its encoding reads the header so */
            const struct head *h =
                !opts->encoding && mp->encoding &&
                        g_ascii_strcasecmp(mp->encoding, "auto") != 0
                    ? read_head(heads, path, name, mp->encoding)
                    : h0;
            if (!h->done)
                continue;
            for (int f = 0; f < RP_N_FILES; f++) {
                struct rp_map_plan plan;
                struct cand c = {mp, f, 0, 0, 0, false};
                if (!mp->roles[f].present)
                    continue;
                c.named = rp_mapping_file_matches(&mp->roles[f], low);
                if (mp->canonical && !c.named)
                    continue;
                char *why = NULL;
                int ok = rp_mapping_resolve(mp, f, schema, h->names, h->n,
                                            &plan, &why);
                c.found = plan.sig_found;
                c.total = plan.sig_total;
                if (ok < 0) {
                    /* the export it looks most like, and what is wrong */
                    if (!mp->canonical &&
                        (!near.mp || c.found * near.total >
                                         near.found * c.total)) {
                        near = c;
                        g_free(near_why);
                        near_why = why;
                    } else {
                        g_free(why);
                    }
                    continue;
                }
                c.score = mp->canonical ? 2.0
                                        : (double)plan.sig_found /
                                              (double)plan.sig_total;
                if (!mp->canonical && !plan.sig_found)
                    continue;
                if (!mp->canonical && !opts->mapping &&
                    plan.sig_found * 2 < plan.sig_total)
                    continue;   /* fewer than half: not this export */
                g_array_append_val(all, c);
                if (!best.mp || better(&c, &best))
                    best = c;
            }
        }
        if (!best.mp && !h0->done) {
            if (rp_model_is_canonical_name(low))
                continue;   /* read (and refused, with its line) later */
            /* a stray file does not stop the run: say so, go on */
            g_ptr_array_add(m->notes,
                            g_strdup_printf("ignored %s: its header cannot be "
                                            "read (%s)",
                                            name, h0->why));
            continue;
        }
        const char *found = h0->raw ? h0->raw : "";
        if (near.mp && near.found * 2 >= near.total &&
            (!best.mp || (!best.mp->canonical &&
                          near.found * best.total > best.found * near.total))) {
            g_autofree char *a = describe(&near);
            struct rp_loc loc = {name, 1, 0};
            return rp_err_set(err, RP_EDATA, &loc,
                              "looks like %s, but %s (mapping %s; headers "
                              "found: %s)",
                              a, near_why, near.mp->path, found);
        }
        if (!best.mp) {
            if (!rp_model_is_canonical_name(low))
                g_ptr_array_add(m->notes,
                                g_strdup_printf("ignored %s: no mapping "
                                                "recognises its headers",
                                                name));
            continue;
        }
        /* any other reading within 0.1 is a close call, unless only the
         * best one's file names fit */
        for (guint k = 0; !best.mp->canonical && k < all->len; k++) {
            const struct cand *c = &g_array_index(all, struct cand, k);
            if ((c->mp == best.mp && c->role == best.role) ||
                best.score - c->score >= 0.1 || (best.named && !c->named))
                continue;
            g_autofree char *a = describe(&best), *b = describe(c);
            struct rp_loc loc = {name, 1, 0};
            return rp_err_set(err, RP_EDATA, &loc,
                              "cannot tell which export this is: %s, or %s; "
                              "name one with --mapping",
                              a, b);
        }
        if (file_of[best.role]) {
            g_autofree char *a = describe(&best_of[best.role]),
                            *b = describe(&best);
            struct rp_loc loc = {opts->data_dir, 0, 0};
            return rp_err_set(err, RP_EDATA, &loc,
                              "two files read as %s: %s (%s) and %s (%s); "
                              "keep one",
                              rp_model_file_name(best.role),
                              file_of[best.role], a, name, b);
        }
        file_of[best.role] = name;  /* names outlives the loop */
        best_of[best.role] = best;
    }
    for (int f = 0; f < RP_N_FILES; f++) {
        if (!file_of[f])
            continue;
        g_free(paths[f]);
        paths[f] = g_build_filename(opts->data_dir, file_of[f], NULL);
        chosen[f] = best_of[f].mp;
        if (!best_of[f].mp->canonical) {
            m->files[f].why = describe(&best_of[f]);
            g_ptr_array_add(m->notes,
                            g_strdup_printf("read %s as %s: mapping %s, "
                                            "%u of %u signature headers",
                                            file_of[f], rp_model_file_name(f),
                                            best_of[f].mp->id,
                                            best_of[f].found,
                                            best_of[f].total));
        }
    }
    return 0;
}

struct rp_model *rp_model_new(void)
{
    struct rp_model *m = g_new0(struct rp_model, 1);

    m->strings = g_string_chunk_new(1 << 20);
    m->texts = g_ptr_array_new();
    g_ptr_array_add(m->texts, NULL);
    m->text_of = g_hash_table_new(g_str_hash, g_str_equal);
    m->far = g_array_new(FALSE, FALSE, sizeof(int64_t));
    m->far_of = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                      NULL);
    g_mutex_init(&m->far_lock);
    m->more_strings = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_string_chunk_free);
    m->leads = g_array_new(FALSE, FALSE, sizeof(struct rp_lead));
    m->opps = g_array_new(FALSE, FALSE, sizeof(struct rp_opp));
    m->acts = g_array_new(FALSE, FALSE, sizeof(struct rp_activity));
    m->orphans = g_array_new(FALSE, FALSE, sizeof(struct rp_row_text));
    m->lead_opp_ids = g_array_new(FALSE, FALSE, sizeof(struct rp_row_text));
    m->act_lines = g_array_new(FALSE, FALSE, sizeof(struct rp_line_run));
    m->spend = g_array_new(FALSE, FALSE, sizeof(struct rp_spend));
    rp_idindex_init(&m->lead_by_id, m->leads, offsetof(struct rp_lead, id));
    rp_idindex_init(&m->opp_by_id, m->opps, offsetof(struct rp_opp, id));
    m->rejects = g_ptr_array_new_with_free_func(free_reject);
    m->anomalies = g_ptr_array_new_with_free_func(free_anomaly);
    m->notes = g_ptr_array_new_with_free_func(g_free);
    m->first_created = RP_TIME_NONE;
    return m;
}

struct rp_model *rp_model_load(const struct rp_load_opts *opts,
                               const struct rp_profile *prof,
                               struct rp_clock *clock, struct rp_err *err)
{
    struct rp_model *m = rp_model_new();
    /* leads.csv's stage-order anomalies, found as its rows join */
    g_autoptr(GPtrArray) stage = g_ptr_array_new_with_free_func(free_anomaly);
    struct rp_idindex *ids[RP_N_FILES] = {&m->lead_by_id, &m->opp_by_id,
                                          NULL, NULL};
    GArray **rows[RP_N_FILES] = {&m->leads, &m->opps, &m->acts, &m->spend};
    struct rp_map_schema schema;
    GPtrArray *maps = NULL;
    char *paths[RP_N_FILES] = {0};
    const struct rp_mapping *chosen[RP_N_FILES];
    struct ahead *ahead = NULL;
    struct rp_csv_rider *riders[RP_N_FILES] = {0};
    struct stat st;

    rp_model_map_schema(&schema);
    if (stat(opts->data_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
        struct rp_loc loc = {opts->data_dir, 0, 0};
        rp_err_set(err, RP_ENOINPUT, &loc, "data folder not found");
        goto fail;
    }
    if (access(opts->data_dir, R_OK | X_OK) < 0) {
        struct rp_loc loc = {opts->data_dir, 0, 0};
        rp_err_set(err, RP_EIO, &loc, "cannot read the data folder: %s",
                   g_strerror(errno));
        goto fail;
    }
    if (!(maps = load_mappings(opts, &schema, err)) ||
        choose_files(m, opts, maps, &schema, paths, chosen, err) < 0)
        goto fail;
    if (opts->jobs != 1)
        ahead = ahead_start(paths, opts->tables_late_ms);
    /* each later file hashed beside the one read (csv.h, rp_csv_rider):
     * leads.csv's read hashes the others' bytes in the time of its own
     * (1 GB monthly, eight runs each in turns: CPU 3.71 -> 3.57 s, min
     * 1.98 -> 1.92 s; the SHA thread's share of the samples 14.7 -> 10.5%,
     * the second read of the later files included) */
    for (int f = 1; f < RP_N_FILES && !opts->no_sha256; f++)
        if (paths[f])
            riders[f] = rp_csv_rider_new(paths[f]);
    for (int f = 0; f < RP_N_FILES; f++)
        if (load_file(m, opts, prof, clock, f, paths[f], chosen[f], &schema,
                      rows[f], ids[f], ahead, riders, stage, err) < 0)
            goto fail;
    ahead_end(ahead);
    ahead = NULL;

    link_model(m, opts->jobs != 1, stage);

    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *fi = &m->files[f];
        struct rp_loc loc = {fi->name, 0, 0};
        if (!fi->present || !fi->rows_read || opts->allow_rejects)
            continue;
        double share = (double)fi->rows_rejected / (double)fi->rows_read;
        if (share > prof->max_reject_share) {
            rp_err_set(err, RP_EDATA, &loc,
                       "%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                       " rows rejected (%.1f%%, more than max_reject_share "
                       "%.1f%%); fix the export or pass --allow-rejects",
                       fi->rows_rejected, fi->rows_read, share * 100,
                       prof->max_reject_share * 100);
            goto fail;
        }
    }
    for (int f = 0; f < RP_N_FILES; f++) {
        g_free(paths[f]);
        rp_csv_rider_free(riders[f]);
    }
    g_ptr_array_unref(maps);
    return m;
fail:
    ahead_end(ahead);
    for (int f = 0; f < RP_N_FILES; f++) {
        g_free(paths[f]);
        rp_csv_rider_free(riders[f]);
    }
    if (maps)
        g_ptr_array_unref(maps);
    rp_model_free(m);
    return NULL;
}

bool rp_model_is_canonical_name(const char *name)
{
    for (int f = 0; f < RP_N_FILES; f++)
        if (g_ascii_strcasecmp(name, schemas[f].file_name) == 0)
            return true;
    return false;
}

const char *rp_model_source_name(const struct rp_model *m, enum rp_file f)
{
    return m->files[f].name ? m->files[f].name : schemas[f].file_name;
}

bool rp_model_has_column(const struct rp_model *m, enum rp_file f,
                         unsigned col)
{
    return m->files[f].present && (m->files[f].columns & (1u << col));
}

const char *const rp_model_stage_names[RP_N_STAGES] = {
    "lead", "mql", "sal", "sql", "opportunity", "won"};

uint32_t rp_model_intern(struct rp_model *m, const char *s)
{
    gpointer code;

    if (!s)
        return 0;
    if (g_hash_table_lookup_extended(m->text_of, s, NULL, &code))
        return GPOINTER_TO_UINT(code);
    char *k = g_string_chunk_insert(m->strings, s);  /* text_of dedupes */
    g_ptr_array_add(m->texts, k);
    g_hash_table_insert(m->text_of, k, GUINT_TO_POINTER(m->texts->len - 1));
    return m->texts->len - 1;
}

const char *rp_model_group_key(const char *s)
{
    return s && *s ? s : "(none)";
}

const char *rp_model_opp_source(const struct rp_model *m, const struct rp_opp *o)
{
    if (o->source)
        return o->source;
    if (o->lead >= 0)
        return rp_model_text(m, RP_LEAD(m, (guint)o->lead)->source);
    return NULL;
}

enum rp_stage rp_model_lead_stage(const struct rp_model *m, uint32_t i,
                            int64_t as_of)
{
    const struct rp_lead *l = RP_LEAD(m, i);
    enum rp_stage s = RP_STAGE_LEAD;

    if (rp_model_at(m, l->created_at) >= as_of)
        return RP_STAGE_NONE;
    for (uint32_t k = m->lead_opp_start[i]; k < m->lead_opp_start[i + 1]; k++) {
        const struct rp_opp *o = RP_OPP(m, m->lead_opp[k]);
        if (o->created_at >= as_of)
            continue;   /* SPEC 8.3: ignored entirely */
        if (o->outcome == RP_WON && o->closed_at != RP_TIME_NONE &&
            o->closed_at < as_of)
            return RP_STAGE_WON;
        s = RP_STAGE_OPPORTUNITY;
    }
    if (s == RP_STAGE_OPPORTUNITY)
        return s;
    int64_t sql = rp_model_at(m, l->sql_at), sal = rp_model_at(m, l->sal_at),
            mql = rp_model_at(m, l->mql_at);
    if (sql != RP_TIME_NONE && sql < as_of)
        return RP_STAGE_SQL;
    if (sal != RP_TIME_NONE && sal < as_of)
        return RP_STAGE_SAL;
    if (mql != RP_TIME_NONE && mql < as_of)
        return RP_STAGE_MQL;
    return RP_STAGE_LEAD;
}
