/* Unit tests for metrics_winrate.c (SPEC 4.2) on the pipeline model of
 * mfixture.h.  June's closed set: O1 won (Website, via L1), O2 lost
 * (Event, via L6's opportunity_id), O4 won (Partner).  Not in it: O5
 * (closed in May), O6 (closed after as_of), O7 (no closed_at, 8.2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"
#include "revpack/stats.h"

static void test_winrate(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;
    double lo, hi;

    fx_report(&r, m, "2025-06");
    fx_ratio(&r, RP_MET_WINRATE, RP_GRP_ALL, "all", 2, 3);
    assert_int_equal(rp_stats_wilson(2, 3, &lo, &hi), 0);
    fx_value(&r, RP_MET_WINRATE_CI_LOW, RP_GRP_ALL, "all", lo);
    fx_value(&r, RP_MET_WINRATE_CI_HIGH, RP_GRP_ALL, "all", hi);
    assert_true(lo > 0.2 && lo < 0.21 && hi > 0.93 && hi < 0.94);
    /* won amount: O1's 1,000.00; O4 has none, so the mean is of one */
    fx_value(&r, RP_MET_WINRATE_WON_AMOUNT, RP_GRP_ALL, "all", 1000);
    fx_ratio(&r, RP_MET_WINRATE_AVG_DEAL, RP_GRP_ALL, "all", 1000, 1);
    rp_report_release(&r);
    rp_model_free(m);
}

static void test_by_source(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_ratio(&r, RP_MET_WINRATE, RP_GRP_SOURCE, "Event", 0, 1);
    fx_ratio(&r, RP_MET_WINRATE, RP_GRP_SOURCE, "Partner", 1, 1);
    fx_ratio(&r, RP_MET_WINRATE, RP_GRP_SOURCE, "Website", 1, 1);
    /* Partner won without an amount: 0 won, average n/a, never 0 */
    fx_value(&r, RP_MET_WINRATE_WON_AMOUNT, RP_GRP_SOURCE, "Partner", 0);
    fx_ratio(&r, RP_MET_WINRATE_AVG_DEAL, RP_GRP_SOURCE, "Partner", 0, 0);
    fx_ratio(&r, RP_MET_WINRATE_AVG_DEAL, RP_GRP_SOURCE, "Website", 1000, 1);
    fx_absent(&r, RP_MET_WINRATE, RP_GRP_SOURCE, "(none)");
    rp_report_release(&r);
    rp_model_free(m);
}

/* May: only O5 (lost) closed, so 0 of 1; July: O6 closed after as_of
 * of June's report but inside July's period. */
static void test_other_periods(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-05");
    fx_ratio(&r, RP_MET_WINRATE, RP_GRP_ALL, "all", 0, 1);
    fx_value(&r, RP_MET_WINRATE_WON_AMOUNT, RP_GRP_ALL, "all", 0);
    rp_report_release(&r);
    fx_report(&r, m, "2025-07");
    fx_ratio(&r, RP_MET_WINRATE, RP_GRP_ALL, "all", 1, 1);
    fx_value(&r, RP_MET_WINRATE_WON_AMOUNT, RP_GRP_ALL, "all", 2000);
    rp_report_release(&r);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_winrate),
        cmocka_unit_test(test_by_source),
        cmocka_unit_test(test_other_periods),
    };
    return cmocka_run_group_tests_name("metrics_winrate", tests, fx_setup,
                                       fx_teardown);
}
