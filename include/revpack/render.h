/* render.h - what every renderer (workbook, charts, deck, page) reads:
 * the report of the period, the one before it for comparisons, the
 * labels, the pack template and the facts of the run.  Renderers only
 * read.  Every figure comes from the report's table (rp_report_row), so
 * the workbook, the charts and metrics.csv cannot disagree; lists come
 * from the report's breaches and the model's rejects and anomalies. */
#ifndef REVPACK_RENDER_H
#define REVPACK_RENDER_H

#include <glib.h>
#include <stdbool.h>

#include "revpack/clock.h"
#include "revpack/tr.h"
#include "revpack/report.h"
#include "revpack/model.h"
#include "revpack/pack.h"
#include "revpack/profile.h"

struct rp_render {
    const struct rp_model *m;
    const struct rp_profile *prof;
    const struct rp_clock *clock;
    const struct rp_report *r;      /* the period */
    const struct rp_report *prev;   /* the period before, or NULL */
    const struct rp_pack_tmpl *pack;
    struct rp_tr *tr;
    const char *period_key;         /* "2026-10" */
    const char *command_line;       /* as typed, shell-quoted */
    const char *templates;          /* the templates folder */
    const char *scope;              /* a burst sub-pack: "Team EMEA" */
    const char *scope_note;         /* its share of the whole, a sentence */
    /* what changed versus the period before, three sentences
     * (rp_story_changes()), worded once for the workbook, the page, the
     * deck and the messages */
    const GPtrArray *changes;
};

/* The SLAs of SPEC 4.4, in scorecard order. */
/* Whom an SLA counts (SPEC 4.4), so no sentence reads a count against
 * the wrong total. */
enum rp_render_pop {
    RP_POP_MQLS,            /* the period's MQLs (M1-M3, S1, S2, S4) */
    RP_POP_LEADS,           /* leads created in the period (M4, M5) */
    RP_POP_OPEN             /* leads at MQL/SAL/SQL at as_of (S3) */
};

struct rp_render_sla {
    const char *id;         /* "m1" */
    enum rp_metric metric;  /* RP_MET_SLA_M1 */
    bool marketing;
    bool is_count;          /* M1: value is a count, target a count */
    enum rp_render_pop pop;
};
extern const struct rp_render_sla rp_render_slas[9];
/* The SLA with id @id ("s1"), or NULL. */
const struct rp_render_sla *rp_render_sla_of(const char *id);
/* The same, @last when @id is its own: a report's breaches come SLA by
 * SLA, so a pass over them looks one up only when the rule changes. */
const struct rp_render_sla *rp_render_sla_again(
    const struct rp_render_sla *last, const char *id);


/* The rule an SLA holds the team to, in words from the label file
 * ("Touched within 24 h, for 90% of MQLs").  Returns: g_free(). */
char *rp_render_sla_rule(const struct rp_render *rr, const struct rp_render_sla *s);
/* Its short name ("First touch within 24 h").  Returns: g_free(). */
char *rp_render_sla_name(const struct rp_render *rr, const struct rp_render_sla *s);
/* The SLA's status word: PASS, FAIL or n/a.  Returns: (transfer none). */
const char *rp_render_status_word(const struct rp_render *rr,
                           const struct rp_mrow *row);
/* Why a figure is n/a, for an SLA row with no value: what the export
 * lacks (the activities file, a column), else the label file's reason.
 * Returns: (transfer full) g_free(). */
char *rp_render_sla_na_reason(const struct rp_render *rr,
                             const struct rp_render_sla *s);

/* SLAs measured (a value) and passing, of one side (@marketing true or
 * false) or both (NULL). */
void rp_render_sla_tally(const struct rp_render *rr, const bool *marketing,
                         int *passing, int *measured);
/* The failing SLA furthest behind: the largest shortfall as a share of
 * its target, 1 - value / target (M1 alike); the first in scorecard
 * order on a tie; NULL when none fails. */
const struct rp_render_sla *rp_render_sla_worst(const struct rp_render *rr);

/* Breaches per SLA (in rp_render_slas order) for one key. */
struct rp_render_breaches {
    const char *key;        /* (transfer none) team, owner or "all" */
    unsigned n[9];
    unsigned total;
};
/* Breach counts of the report in one pass over its breaches: in all
 * (one entry, "all", none when there is no breach), by team and by owner
 * (the breached lead's; "(none)" when empty), each sorted by key: one
 * count serves the totals and every group.  rp_render_counts_clear()
 * gives them back. */
struct rp_render_counts {
    GArray *all, *team, *owner;     /* struct rp_render_breaches */
};
void rp_render_breach_counts(const struct rp_render *rr,
                             struct rp_render_counts *out);
void rp_render_counts_clear(struct rp_render_counts *c);
/* @key's counts in @counts.team or .owner (sorted by key), or NULL. */
const struct rp_render_breaches *rp_render_breaches_find(const GArray *counts,
                                                         const char *key);

/* Owner -> the team of most of the owner's leads (ties: first by name),
 * keys as rp_model_group_key gives them.  Returns: (transfer full)
 * g_hash_table_unref(); strings borrowed from the model. */
GHashTable *rp_render_owner_teams(const struct rp_render *rr);

/* "Monthly SLA review 2026-10" and "As of 2026-10-31 23:59:59 (UTC)".
 * Returns: g_free(). */
char *rp_render_title(const struct rp_render *rr);
char *rp_render_as_of(const struct rp_render *rr);

/* The six KPI tiles of Summary, deck and page, computed once: MQLs (vs
 * SLA and need), win rate, velocity, pipeline created, revenue won, median
 * days from lead to won. */
enum rp_render_kpi_kind { RP_KPI_COUNT, RP_KPI_PCT, RP_KPI_MONEY, RP_KPI_DAYS };
#define RP_N_KPIS 6
struct rp_render_kpi {
    const char *label;          /* (transfer none) */
    enum rp_render_kpi_kind kind;
    bool ok;                    /* false: n/a */
    double value;
    char text[48];              /* as shown, money compact ("$1.2M") */
    char full[48];              /* as shown, money in full */
    char *sub;                  /* the context line (owned) */
};
void rp_render_kpis(const struct rp_render *rr, struct rp_render_kpi k[RP_N_KPIS]);
void rp_render_kpis_release(struct rp_render_kpi k[RP_N_KPIS]);

/* Money of the data's currency, compact ("$1.2M") or full. */
void rp_render_money(const struct rp_render *rr, double v, bool compact,
                     char *buf, size_t size);
/* Compact money in the unit @ref would take, so a set of values read in
 * one unit ("$0.3万" beside "$1.7万", never "$2,704"). */
void rp_render_money_as(const struct rp_render *rr, double v, double ref,
                        char *buf, size_t size);

#endif
