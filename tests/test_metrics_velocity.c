/* Unit tests for metrics_velocity.c (SPEC 4.3) on the pipeline model of
 * mfixture.h, June 2025, as_of 07-01, window W = [04-02, 07-01).
 *   N     = open at as_of: O6 (closes after as_of), O8 = 2
 *           (O3 created after as_of; O7 won without closed_at: neither)
 *   win   = won / closed in W: O1, O4 won; O2, O5 lost = 2 / 4
 *   deal  = mean won amount: O1 only = 1000
 *   cycle = (10 + 14) / 2 = 12 days
 *   velocity = 2 x 0.5 x 1000 / 12 = 83.333... a day */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

static void test_velocity(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_ALL, "all", 2 * 0.5 * 1000 / 12.0);
    fx_value(&r, RP_MET_VELOCITY_OPEN_OPPS, RP_GRP_ALL, "all", 2);
    fx_ratio(&r, RP_MET_VELOCITY_WIN_RATE, RP_GRP_ALL, "all", 2, 4);
    fx_ratio(&r, RP_MET_VELOCITY_AVG_DEAL, RP_GRP_ALL, "all", 1000, 1);
    fx_ratio(&r, RP_MET_VELOCITY_CYCLE_DAYS, RP_GRP_ALL, "all", 24, 2);
    /* segment: all empty, so one "(none)" row equal to the total */
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_SEGMENT, "(none)",
             2 * 0.5 * 1000 / 12.0);
    rp_report_release(&r);
    rp_model_free(m);
}

/* Each part within the group: Website has no open deal (0 a day, a real
 * 0), Event and Partner have no won amount (n/a). */
static void test_by_source(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_SOURCE, "Website", 0);
    fx_ratio(&r, RP_MET_VELOCITY_CYCLE_DAYS, RP_GRP_SOURCE, "Website", 10, 1);
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_SOURCE, "Event", NAN);
    fx_ratio(&r, RP_MET_VELOCITY_WIN_RATE, RP_GRP_SOURCE, "Event", 0, 1);
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_SOURCE, "Partner", NAN);
    fx_value(&r, RP_MET_VELOCITY_OPEN_OPPS, RP_GRP_SOURCE, "Partner", 2);
    fx_ratio(&r, RP_MET_VELOCITY_WIN_RATE, RP_GRP_SOURCE, "Partner", 1, 2);
    rp_report_release(&r);
    rp_model_free(m);
}

/* Trend: at each month's end.  At 06-01 00:00 nothing is open (O4, O6
 * are created at that very instant, not before) and only O5 closed in
 * its window: n/a. */
static void test_trend(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_MONTH, "2025-06",
             2 * 0.5 * 1000 / 12.0);
    fx_value(&r, RP_MET_VELOCITY, RP_GRP_MONTH, "2025-05", NAN);
    fx_value(&r, RP_MET_VELOCITY_OPEN_OPPS, RP_GRP_MONTH, "2025-05", 0);
    fx_ratio(&r, RP_MET_VELOCITY_WIN_RATE, RP_GRP_MONTH, "2025-05", 0, 1);
    rp_report_release(&r);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_velocity),
        cmocka_unit_test(test_by_source),
        cmocka_unit_test(test_trend),
    };
    return cmocka_run_group_tests_name("metrics_velocity", tests, fx_setup,
                                       fx_teardown);
}
