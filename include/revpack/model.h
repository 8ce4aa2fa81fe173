/* model.h - the typed, validated data of one data folder.
 *
 * Built once by rp_model_load(); the metrics read it and never change it.
 * Every string lives in the model's GStringChunk (repeated values such as
 * source, owner and team interned once) and dies with the model.  Empty
 * text is NULL (a lead's text number 0: rp_model_text()); absent instants
 * are RP_TIME_NONE (a lead's and an activity's are 4-byte rp_at, read
 * with rp_model_at()).  Money is in the
 * profile's reporting currency (SPEC 2, converted with [fx]), as a
 * double of whole units; absent money is NAN.
 */
#ifndef REVPACK_MODEL_H
#define REVPACK_MODEL_H

#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "revpack/idindex.h"
#include "revpack/clock.h"
#include "revpack/err.h"
#include "revpack/profile.h"
#include "revpack/value.h"

/* Between the ids of a cell that holds several (a mapping's multi). */
#define RP_MODEL_ID_SEP '\x1f'

enum rp_file { RP_LEADS, RP_OPPS, RP_ACTS, RP_SPEND, RP_N_FILES };

enum rp_outcome { RP_OPEN = 0, RP_WON = 1, RP_LOST = 2 };

/* Stages, in order (SPEC 4). */
enum rp_stage {
    RP_STAGE_NONE = -1,     /* not created before as_of */
    RP_STAGE_LEAD, RP_STAGE_MQL, RP_STAGE_SAL, RP_STAGE_SQL,
    RP_STAGE_OPPORTUNITY, RP_STAGE_WON, RP_N_STAGES
};

enum rp_anomaly {
    RP_AN_STAGE_ORDER,
    RP_AN_ACTIVITY_UNKNOWN_LEAD,
    RP_AN_OPPORTUNITY_UNKNOWN_LEAD,
    RP_AN_CLOSED_WITHOUT_DATE,
    RP_N_ANOMALIES
};

/* Lead columns, in SPEC order; a lead's `present` has bit (1 << column)
 * set for each non-empty field, so required_fields and tag_fields can name
 * any column. */
enum rp_lead_col {
    RP_L_LEAD_ID, RP_L_CREATED_AT, RP_L_CAPTURED_AT, RP_L_SOURCE,
    RP_L_CAMPAIGN, RP_L_COMPANY, RP_L_INDUSTRY, RP_L_JOB_TITLE, RP_L_PHONE,
    RP_L_EMAIL, RP_L_COUNTRY, RP_L_REGION, RP_L_EMPLOYEES,
    RP_L_ANNUAL_REVENUE, RP_L_ICP_FIT, RP_L_OWNER, RP_L_TEAM, RP_L_MQL_AT,
    RP_L_SAL_AT, RP_L_SQL_AT, RP_L_OPPORTUNITY_ID, RP_L_RECYCLED_AT,
    RP_L_RECYCLE_REASON, RP_L_DISQUALIFIED_AT, RP_L_DISQUALIFY_REASON,
    RP_L_N_COLS
};

/* An instant as a lead or an activity keeps it, in 4 bytes: seconds from
 * RP_AT_BASE (2000-01-01 00:00:00 UTC), which reach from 1932-01 to
 * 2068-01.  SPEC 2 reads years 1 to 9999: an instant outside that span is
 * kept in its model's `far` table and the field holds its index there.
 * A struct, so that no code compares or subtracts one by mistake: read it
 * with rp_model_at(), write it with rp_model_pack_at().  Seven per lead
 * in 8 bytes each were 66 MB of 1 GB's 2.4 M leads. */
typedef struct {
    int32_t v;
} rp_at;

#define RP_AT_BASE INT64_C(946684800)
#define RP_AT_NONE ((rp_at){INT32_MIN})
#define RP_AT_FAR_MAX (1u << 24)   /* distinct far instants a model holds */
#define RP_AT_NEAR_MIN (INT32_MIN + 1 + (int32_t)RP_AT_FAR_MAX)

static inline bool rp_at_known(rp_at a)
{
    return a.v != INT32_MIN;
}

/* 96 bytes (2.4 M leads are 226 MB): the repeated texts are numbers
 * into the model's `texts`, 4 bytes where a pointer takes 8; instants
 * are rp_at.  Campaign, company, phone and email are `present` bits
 * only; job_title is read only for the ICP role rule, and kept as its
 * result (icp_role); opportunity_id, which few leads have, is kept
 * beside the leads (rp_model.lead_opp_ids). */
struct rp_lead {
    const char *id;
    int64_t employees;       /* RP_INT_NONE if unknown */
    double annual_revenue;   /* reporting currency; NAN if unknown */
    rp_at created_at, captured_at, mql_at, sal_at, sql_at, recycled_at,
        disqualified_at;
    uint32_t source, industry, country, region, owner, team, recycle_reason,
        disqualify_reason;   /* rp_model_text(); 0: empty */
    uint32_t line;           /* in leads.csv */
    uint32_t present;        /* bit per enum rp_lead_col */
    int8_t icp_fit;          /* 1 fit, 0 not, -1 unknown */
    bool icp_role;           /* job_title contains one of the profile's
                                [icp] roles (SPEC 4.4) */
};

struct rp_opp {
    const char *id, *lead_id, *source, *stage, *owner, *team, *segment,
        *account, *currency;
    int64_t created_at, closed_at;
    double amount;           /* reporting currency; NAN if absent */
    int32_t outcome;         /* enum rp_outcome, after stage mapping */
    int32_t lead;            /* originating lead (SPEC 8.8), -1 if none */
    uint32_t line;
};

/* 8 bytes: 6.5 M activities are 52 MB.  The activity_id is read only to
 * find duplicates (SPEC 2) and dropped once the file is read; type and
 * owner are read and checked, not kept; lead_id is kept only when it names
 * no lead (rp_model.orphans). */
struct rp_activity {
    rp_at occurred_at;
    int32_t lead;            /* index into leads, -1 if unknown */
};                           /* line: rp_model_act_line() */

/* From activity `act` on, activity i was read from line `line` + (i -
 * act), up to the next run: rows follow lines but where a row was
 * rejected, a record spanned lines or a line was blank. */
struct rp_line_run {
    uint32_t act, line;
};

/* A cell kept beside its file's rows, which few rows fill: @row's
 * index in its array, the cell as written. */
struct rp_row_text {
    uint32_t row;
    const char *text;
};

struct rp_spend {
    const char *source;
    int32_t year, month;
    double amount;           /* reporting currency */
    uint32_t line;
};

struct rp_reject {
    enum rp_file file;
    uint32_t line, col;      /* col 0 = the whole row */
    char *reason;
    char *raw;               /* the row's fields, re-joined as CSV */
};

struct rp_anomaly_row {
    enum rp_anomaly kind;
    enum rp_file file;
    uint32_t line;
    const char *id;
    char *detail;
};

struct rp_file_info {
    bool present;
    char *path;
    uint64_t bytes;
    uint64_t rows_read, rows_used, rows_rejected;
    char delimiter;
    char sha256[65];         /* hex digest of the file's bytes as read */
    char encoding[16];       /* "" (UTF-8 or as named), else what the
                                bytes said: "GB18030", "UTF-16" */
    char *name;              /* the file's own name ("deals.csv") */
    char *mapping;           /* the mapping's id: "canonical", "hubspot" */
    char *mapping_name;      /* as a person reads it: "HubSpot (UI export)" */
    char *why;               /* why that mapping: "14 of 16 signature
                                headers"; NULL for canonical names */
    uint32_t columns;        /* bit per schema column found in the header */
    uint64_t trailer_lines;  /* report footer lines skipped (Salesforce) */
    bool footer_rule;        /* its mapping looks for a report footer */
    char **other_ids;        /* lead_id patterns that are not leads, and */
    char *other_mapping;     /* the mapping that says so */
    char encoding_used[16];  /* "UTF-8", "GB18030", "UTF-16LE"... */
};

struct rp_model {
    struct rp_file_info files[RP_N_FILES];
    GArray *leads, *opps, *acts, *spend;     /* of the structs above */
    GArray *orphans;         /* struct rp_row_text: activities whose
                                lead_id names no lead, in order */
    GArray *lead_opp_ids;    /* struct rp_row_text: leads' opportunity_id
                                cells, in lead order */
    GArray *act_lines;       /* struct rp_line_run, in activity order */
    struct rp_idindex lead_by_id, opp_by_id; /* id -> index + 1 */
    /* lead -> linked opportunities (either direction), CSR form */
    uint32_t *lead_opp_start;                /* n_leads + 1 entries */
    uint32_t *lead_opp;
    /* lead -> its activities sorted by time, CSR form */
    uint32_t *lead_act_start;
    uint32_t *lead_act;
    GPtrArray *rejects;                      /* struct rp_reject * */
    GPtrArray *anomalies;                    /* struct rp_anomaly_row * */
    GPtrArray *notes;        /* char *: what loading decided, for stderr */
    uint64_t n_anomalies[RP_N_ANOMALIES];
    int64_t first_created;   /* the earliest created_at of the leads, set
                                as they are read (or linked, for a model
                                not read); RP_TIME_NONE without leads */
    GStringChunk *strings;   /* interned texts */
    GPtrArray *texts;        /* text number -> interned text; [0] NULL.
                                A subset shares its model's. */
    GHashTable *text_of;     /* interned text -> its number */
    GPtrArray *more_strings; /* GStringChunk *: ids and free texts, one per
                                chunk of a file read */
    /* the instants rp_at holds by index (see there): int64_t, each once */
    GArray *far;             /* a subset shares its model's, and adds
                                none */
    GHashTable *far_of;      /* instant -> index + 1 */
    GMutex far_lock;         /* reading threads add while others read */
    bool ids_dropped;        /* rp_model_drop(RP_MODEL_IDS) */
};

struct rp_load_opts {
    const char *data_dir;
    const char *templates;      /* for templates/mappings/ */
    const char *mapping;        /* NULL: recognise each file by its
                                   headers; "canonical": the canonical
                                   names only; else a NAME or PATH */
    const char *encoding;       /* NULL = auto */
    size_t max_field, max_record; /* bytes; 0 = the CSV reader's limits */
    bool allow_rejects;
    bool no_sha256;             /* leave each file's sha256 empty: for a
                                   run that shows none (check), the hash
                                   is a tenth of the read's CPU */
    unsigned jobs;              /* threads reading a file; 0 = cores */
    void (*progress)(void *ctx, const char *name, uint64_t bytes,
                     uint64_t records);
    void *progress_ctx;         /* for the progress line */
    unsigned tables_late_ms;    /* tests: each file's id table, made on a
                                   thread of its own, is this late */
};

/* Read and validate every file in @opts->data_dir.  Row errors become
 * rejects; a structural error, a missing required file or a reject share
 * above the profile's max_reject_share (unless allowed) fails the load.
 * Returns: (transfer full) free with rp_model_free(), or NULL with @err. */
struct rp_model *rp_model_load(const struct rp_load_opts *opts,
                               const struct rp_profile *prof,
                               struct rp_clock *clock, struct rp_err *err);
void rp_model_free(struct rp_model *m);

/* An empty model, files absent (model_build.c fills one for tests).
 * Returns: (transfer full) rp_model_free(). */
struct rp_model *rp_model_new(void);
/* Once every row is in: count stage-order anomalies and link
 * opportunities and activities to leads (SPEC 8.1, 8.8). */
void rp_model_link(struct rp_model *m);

/* The name of the file that was read as @f: "leads.csv", or a vendor
 * export's own name. */
const char *rp_model_source_name(const struct rp_model *m, enum rp_file f);
/* Whether the file read as @f had a header for lead/opp/... column @col
 * (its index in the canonical schema, e.g. RP_L_SAL_AT). */
bool rp_model_has_column(const struct rp_model *m, enum rp_file f,
                         unsigned col);
/* The canonical columns of every file, as mappings are checked against
 * them (mapping.h). */
struct rp_map_schema;
void rp_model_map_schema(struct rp_map_schema *out);
/* Whether @name is one of leads.csv ... spend.csv (any case). */
bool rp_model_is_canonical_name(const char *name);
/* "leads" etc.: the canonical file name without .csv. */
const char *rp_model_file_name(enum rp_file f);
/* "stage_order" etc. */
const char *rp_model_anomaly_name(enum rp_anomaly a);
/* A lead column's canonical name ("recycled_at"). */
const char *rp_model_lead_col_name(int col);
/* Lead column by canonical name, -1 if none. */
int rp_model_lead_col(const char *name);

/* "lead", "mql", ... "won": stage codes, as label keys use them. */
extern const char *const rp_model_stage_names[RP_N_STAGES];

/* Furthest stage lead @i reached by @as_of (SPEC 4 and 8.2-8.3). */
enum rp_stage rp_model_lead_stage(const struct rp_model *m, uint32_t i,
                                  int64_t as_of);

/* The slow paths of the two below: an instant in @m's far table. */
int64_t rp_model_far(const struct rp_model *m, rp_at a);
bool rp_model_pack_far(struct rp_model *m, int64_t t, rp_at *out);

/* Instant @a of a lead or activity of @m; RP_TIME_NONE if absent. */
static inline int64_t rp_model_at(const struct rp_model *m, rp_at a)
{
    if (G_LIKELY(a.v >= RP_AT_NEAR_MIN))
        return RP_AT_BASE + a.v;
    return a.v == INT32_MIN ? RP_TIME_NONE : rp_model_far(m, a);
}

/* Instant @t (RP_TIME_NONE: absent) as a lead or activity of @m keeps it.
 * Safe on several threads at once.  False only when @m already holds
 * RP_AT_FAR_MAX distinct instants outside rp_at's span. */
static inline bool rp_model_pack_at(struct rp_model *m, int64_t t, rp_at *out)
{
    if (t == RP_TIME_NONE) {
        *out = RP_AT_NONE;
        return true;
    }
    if (G_LIKELY(t >= RP_AT_BASE + RP_AT_NEAR_MIN &&
                 t <= RP_AT_BASE + INT32_MAX)) {
        out->v = (int32_t)(t - RP_AT_BASE);
        return true;
    }
    return rp_model_pack_far(m, t, out);
}

/* Parts of a model that can be given back once nothing will read them,
 * as a build that is its session's last does (without a burst, whose key
 * models read both).  RP_MODEL_IDS: the id -> row indexes, read only
 * while loading and by rp_model_subset_new() (2.4 M leads: 32 MB).
 * RP_MODEL_ACTS: the activities, their lines and the lead -> activities
 * index, read only by the metrics and rp_model_subset_new() (12 bytes an
 * activity and 4 a lead: 88 MB of the 1 GB bench, while the charts are
 * drawn).  m->acts is NULL after; the orphans, the anomalies and every
 * count stay. */
enum { RP_MODEL_IDS = 1, RP_MODEL_ACTS = 2 };
void rp_model_drop(struct rp_model *m, unsigned parts);

/* The line of activities.csv activity @i was read from. */
uint32_t rp_model_act_line(const struct rp_model *m, uint32_t i);
/* Activity @i, the latest added, was read from line @line. */
void rp_model_note_act_line(struct rp_model *m, uint32_t i, uint32_t line);

/* Text number @t of @m (a lead's source, owner, ...): NULL for 0. */
static inline const char *rp_model_text(const struct rp_model *m, uint32_t t)
{
    return (const char *)g_ptr_array_index(m->texts, t);
}

/* The number of text @s in @m, interning it if new; 0 for NULL. */
uint32_t rp_model_intern(struct rp_model *m, const char *s);

/* Group key of a text value (SPEC 8.8): as written, empty = "(none)". */
const char *rp_model_group_key(const char *s);

/* Group key of text number @t of @m (a lead's source, owner, team...). */
static inline const char *rp_model_text_key(const struct rp_model *m,
                                            uint32_t t)
{
    return rp_model_group_key(rp_model_text(m, t));
}

/* Source of an opportunity: its own, else its originating lead's; NULL
 * when neither has one. */
const char *rp_model_opp_source(const struct rp_model *m,
                                const struct rp_opp *o);

#define RP_LEAD(m, i) (&g_array_index((m)->leads, struct rp_lead, (i)))
#define RP_OPP(m, i) (&g_array_index((m)->opps, struct rp_opp, (i)))
#define RP_ACT(m, i) (&g_array_index((m)->acts, struct rp_activity, (i)))
#define RP_SPEND(m, i) (&g_array_index((m)->spend, struct rp_spend, (i)))

/* Start loading lead @i's row (the two cache lines it may span): a pass
 * over breaches, whose leads lie far apart in a table far larger than the
 * cache, asks for the row of one some breaches ahead.  always_inline: see
 * rp_idindex_prefetch(). */
static inline __attribute__((always_inline)) void
rp_model_prefetch_lead(const struct rp_model *m, uint32_t i)
{
    const char *l = (const char *)RP_LEAD(m, i);

    __builtin_prefetch(l);
    __builtin_prefetch(l + sizeof(struct rp_lead) - 1);
}

#endif
