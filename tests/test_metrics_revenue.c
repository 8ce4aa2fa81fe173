/* Unit tests for metrics_revenue.c (SPEC 4.6) on the pipeline model of
 * mfixture.h, June 2025.
 *   pipeline created (with an amount, created in June): O1 1000 Website,
 *     O6 2000 + O8 500 Partner = 3500
 *   revenue won (won in the closed set, with an amount): O1 1000, all of
 *     it from a marketing source (website): share 1
 *   spend June: Website 300, Event 100 = 400; June MQLs L1, L2 (Website)
 *     = 2, customers won O1 (Website), O4 (Partner) = 2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

static void test_pipeline_revenue(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_ALL, "all", 3500);
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_SOURCE, "Partner", 2500);
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_SOURCE, "Website", 1000);
    fx_value(&r, RP_MET_REVENUE_WON, RP_GRP_ALL, "all", 1000);
    fx_value(&r, RP_MET_REVENUE_WON, RP_GRP_SOURCE, "Partner", 0);
    fx_ratio(&r, RP_MET_REVENUE_MARKETING_SHARE, RP_GRP_ALL, "all", 1000,
             1000);
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_MONTH, "2025-06", 3500);
    fx_value(&r, RP_MET_REVENUE_WON, RP_GRP_MONTH, "2025-06", 1000);
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_MONTH, "2025-05", 0);
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_SOURCE_MONTH,
             "Partner|2025-06", 2500);
    fx_value(&r, RP_MET_REVENUE_WON, RP_GRP_SOURCE_MONTH, "Website|2025-06",
             1000);
    g_autoptr(GPtrArray) months = rp_report_rows(&r, RP_MET_PIPELINE_CREATED,
                                                 RP_GRP_MONTH);
    assert_int_equal(months->len, 12);      /* every month gets a row */
    rp_report_release(&r);
    rp_model_free(m);
}

static void test_spend(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_value(&r, RP_MET_SPEND_AMOUNT, RP_GRP_ALL, "all", 400);
    fx_ratio(&r, RP_MET_SPEND_COST_PER_MQL, RP_GRP_ALL, "all", 400, 2);
    fx_ratio(&r, RP_MET_SPEND_CAC, RP_GRP_ALL, "all", 400, 2);
    fx_ratio(&r, RP_MET_SPEND_COST_PER_MQL, RP_GRP_SOURCE, "Website", 300, 2);
    fx_ratio(&r, RP_MET_SPEND_CAC, RP_GRP_SOURCE, "Website", 300, 1);
    /* Event spent but made no June MQL and won nothing: n/a, not 0 */
    fx_ratio(&r, RP_MET_SPEND_COST_PER_MQL, RP_GRP_SOURCE, "Event", 100, 0);
    fx_ratio(&r, RP_MET_SPEND_CAC, RP_GRP_SOURCE, "Event", 100, 0);
    /* Partner won a customer but spent nothing in June: no row */
    fx_absent(&r, RP_MET_SPEND_AMOUNT, RP_GRP_SOURCE, "Partner");
    rp_report_release(&r);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipeline_revenue),
        cmocka_unit_test(test_spend),
    };
    return cmocka_run_group_tests_name("metrics_revenue", tests, fx_setup,
                                       fx_teardown);
}
