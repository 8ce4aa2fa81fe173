/* Unit tests for metrics_calculator.c (SPEC 4.5) on the pipeline model of
 * mfixture.h, as_of 2025-07-01, window the 365 days before it.
 *   deal       = mean won amount closed in the window: O1 = 1000
 *   mql_to_won = L1 (won) of L1, L2, L4 (mql_at in the window; L5's is
 *                after as_of) = 1/3
 *   needed     = ceil(1,000,000 / (1000 x 1/3)) = 3000, target 200 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

static void test_calculator(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;
    double v;

    fx_report(&r, m, "2025-06");
    fx_ratio(&r, RP_MET_CALC_AVG_DEAL, RP_GRP_ALL, "all", 1000, 1);
    fx_ratio(&r, RP_MET_CALC_MQL_TO_WON, RP_GRP_ALL, "all", 1, 3);
    fx_value(&r, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL, "all", 3000);
    const struct rp_mrow *row = rp_report_row(
        &r, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL, "all");
    assert_true((row->has & RP_M_TARGET) && row->target == 200);
    /* per period: the monthly figure times the period's months */
    assert_true(rp_report_needed_mqls(&r, &v) && v == 3000);
    rp_report_release(&r);
    fx_report(&r, m, "2025Q2");
    assert_true(rp_report_needed_mqls(&r, &v) && v == 9000);
    rp_report_release(&r);
    rp_model_free(m);
}

/* Before any deal was won there is no need to state: n/a, not 0. */
static void test_nothing_won(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;
    double v;

    fx_report(&r, m, "2025-05");
    fx_ratio(&r, RP_MET_CALC_AVG_DEAL, RP_GRP_ALL, "all", 0, 0);
    fx_value(&r, RP_MET_CALC_MQLS_NEEDED_PER_MONTH, RP_GRP_ALL, "all", NAN);
    assert_false(rp_report_needed_mqls(&r, &v));
    rp_report_release(&r);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_calculator),
        cmocka_unit_test(test_nothing_won),
    };
    return cmocka_run_group_tests_name("metrics_calculator", tests, fx_setup,
                                       fx_teardown);
}
