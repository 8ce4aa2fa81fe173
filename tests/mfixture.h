/* mfixture.h - what the metric family tests share: instants in UTC, a
 * report on a model built in memory, and row checks.  Header-only, for
 * tests/test_metrics_*.c. */
#ifndef REVPACK_TEST_MFIXTURE_H
#define REVPACK_TEST_MFIXTURE_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "revpack/model_build.h"
#include "revpack/period.h"
#include "revpack/profile.h"
#include "revpack/report.h"

static struct rp_clock fx_clock;
static struct rp_profile *fx_prof;

static int fx_setup(void **state)
{
    (void)state;
    fx_prof = rp_profile_load(NULL, NULL);
    return fx_prof && rp_clock_init(&fx_clock, "UTC", RP_DATE_YMD) == 0 ? 0
                                                                       : -1;
}

static int fx_teardown(void **state)
{
    (void)state;
    rp_profile_free(fx_prof);
    rp_clock_release(&fx_clock);
    return 0;
}

/* An instant from any SPEC 2 form, in UTC. */
static int64_t T(const char *s)
{
    int64_t t;
    const char *why;
    if (rp_clock_parse(&fx_clock, s, &t, &why) < 0)
        fail_msg("bad instant '%s': %s", s, why);
    return t;
}

/* The report of monthly period @ym ("2025-06") or quarter ("2025Q2") at
 * its end. */
static inline void fx_report(struct rp_report *r, const struct rp_model *m,
                             const char *period)
{
    enum rp_period_kind kind;
    int year, index;
    struct rp_period p;
    struct rp_err err = {0};

    assert_int_equal(rp_period_parse(period, &kind, &year, &index), 0);
    rp_period_set(&p, &fx_clock, kind, year, index);
    assert_int_equal(rp_report_build(r, m, fx_prof, &fx_clock,
                                     kind == RP_PERIOD_MONTH
                                         ? RP_PACK_MONTHLY
                                         : RP_PACK_QUARTERLY,
                                     &p, RP_TIME_NONE, &err),
                     0);
}

/* Row (metric, group, key) exists, and its value is @v (NAN: n/a). */
static inline void fx_value_at(const struct rp_report *r, enum rp_metric metric,
                               enum rp_group group, const char *key, double v,
                               int line)
{
    const struct rp_mrow *row = rp_report_row(r, metric, group, key);
    char what[160];
    snprintf(what, sizeof(what), "%s %s %s (line %d)",
             rp_mtable_metric_name(metric), rp_mtable_group_name(group), key,
             line);
    if (!row)
        fail_msg("no row %s", what);
    if (isnan(v)) {
        if (row->has & RP_M_VALUE)
            fail_msg("%s: %.12g, want n/a", what, row->value);
        return;
    }
    if (!(row->has & RP_M_VALUE))
        fail_msg("%s: n/a, want %.12g", what, v);
    if (fabs(row->value - v) > 1e-9 * fmax(1, fabs(v)))
        fail_msg("%s: %.12g, want %.12g", what, row->value, v);
}
#define fx_value(r, m, g, k, v) fx_value_at((r), (m), (g), (k), (v), __LINE__)

/* A ratio row: numerator and denominator (and so the value, or n/a). */
static inline void fx_ratio_at(const struct rp_report *r, enum rp_metric metric,
                               enum rp_group group, const char *key, double num,
                               double den, int line)
{
    const struct rp_mrow *row = rp_report_row(r, metric, group, key);
    fx_value_at(r, metric, group, key, den ? num / den : NAN, line);
    if (row->num != num || row->den != den)
        fail_msg("%s %s: %g/%g, want %g/%g (line %d)",
                 rp_mtable_metric_name(metric), key, row->num, row->den, num,
                 den, line);
}
#define fx_ratio(r, m, g, k, n, d) fx_ratio_at((r), (m), (g), (k), (n), (d), \
                                               __LINE__)

#define fx_absent(r, m, g, k) assert_null(rp_report_row((r), (m), (g), (k)))

/* The pipeline model: leads, opportunities and spend around June 2025
 * (as_of 2025-07-01 00:00 UTC), worked by hand in each family's test.
 *
 *   lead created  source   stages              linked opportunity
 *   L1   06-02    Website  mql 06-03 sal 06-04 sql 06-05   O1 (lead_id)
 *   L2   06-05    Website  mql 06-06
 *   L3   06-07    -        sql 06-08 (no mql, sal: reached by later)
 *   L4   05-30    Website  mql 05-31
 *   L5   06-20    Event    mql 07-05 (after as_of: not reached)
 *   L6   06-25    Event                         O2 (leads.opportunity_id)
 *   L7   06-26    Event                         O3 (created after as_of)
 *
 *   opp created  source        outcome closed  amount  cycle
 *   O1   06-10   (L1) Website  won     06-20   1000.00 10 d
 *   O2   06-26   (L6) Event    lost    06-28   -
 *   O3   07-02   (L7) Event    open    -       -       ignored (8.3)
 *   O4   06-01   Partner       won     06-15   -       14 d
 *   O5   05-01   Partner       lost    05-31   -
 *   O6   06-01   Partner       won     07-02   2000.00 (open at as_of)
 *   O7   06-02   Partner       won     (none)  -       closed_without_date
 *   O8   06-15   Partner       open    -       500.00
 *
 *   spend: Website 2025-06 300.00, Event 2025-06 100.00, Website 2025-05 50
 */
static inline struct rp_model *fx_pipeline_model(void)
{
    struct rp_model *m = rp_model_build_new();
    struct lead {
        const char *id, *created, *source, *mql, *sal, *sql, *opp;
    } leads[] = {
        {"L1", "2025-06-02 09:00", "Website", "2025-06-03", "2025-06-04",
         "2025-06-05", NULL},
        {"L2", "2025-06-05", "Website", "2025-06-06", NULL, NULL, NULL},
        {"L3", "2025-06-07", NULL, NULL, NULL, "2025-06-08", NULL},
        {"L4", "2025-05-30", "Website", "2025-05-31", NULL, NULL, NULL},
        {"L5", "2025-06-20", "Event", "2025-07-05", NULL, NULL, NULL},
        {"L6", "2025-06-25", "Event", NULL, NULL, NULL, "O2"},
        {"L7", "2025-06-26", "Event", NULL, NULL, NULL, NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(leads); i++) {
        const struct lead *d = &leads[i];
        uint32_t k = rp_model_build_lead(m, d->id, T(d->created));
        struct rp_lead *l = RP_LEAD(m, k);
        l->source = rp_model_intern(m, d->source);
        l->mql_at = rp_model_build_at(m, d->mql ? T(d->mql) : RP_TIME_NONE);
        l->sal_at = rp_model_build_at(m, d->sal ? T(d->sal) : RP_TIME_NONE);
        l->sql_at = rp_model_build_at(m, d->sql ? T(d->sql) : RP_TIME_NONE);
        if (d->opp)
            rp_model_build_lead_opps(m, k, d->opp);
    }
    struct opp {
        const char *id, *created, *lead, *source;
        int outcome;
        const char *closed;
        double amount;
    } opps[] = {
        {"O1", "2025-06-10", "L1", NULL, RP_WON, "2025-06-20", 1000.0},
        {"O2", "2025-06-26", NULL, NULL, RP_LOST, "2025-06-28", NAN},
        {"O3", "2025-07-02", "L7", NULL, RP_OPEN, NULL, NAN},
        {"O4", "2025-06-01", NULL, "Partner", RP_WON, "2025-06-15",
         NAN},
        {"O5", "2025-05-01", NULL, "Partner", RP_LOST, "2025-05-31",
         NAN},
        {"O6", "2025-06-01", NULL, "Partner", RP_WON, "2025-07-02", 2000.0},
        {"O7", "2025-06-02", NULL, "Partner", RP_WON, NULL, NAN},
        {"O8", "2025-06-15", NULL, "Partner", RP_OPEN, NULL, 500.0},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(opps); i++) {
        const struct opp *d = &opps[i];
        uint32_t k = rp_model_build_opp(m, d->id, T(d->created), d->lead);
        struct rp_opp *o = RP_OPP(m, k);
        o->source = d->source;
        o->outcome = d->outcome;
        o->closed_at = d->closed ? T(d->closed) : RP_TIME_NONE;
        o->amount = d->amount;
    }
    rp_model_build_spend(m, "Website", 2025, 6, 300.0);
    rp_model_build_spend(m, "Event", 2025, 6, 100.0);
    rp_model_build_spend(m, "Website", 2025, 5, 50.0);
    rp_model_build_finish(m);
    return m;
}

#endif
