/* Unit tests for metrics_funnel.c (SPEC 4.1) on the pipeline model of
 * mfixture.h.  June 2025 cohort: L1 L2 L3 L5 L6 L7 (L4 is May's).
 *   L1 won (O1), L2 MQL, L3 SQL (no mql_at: reached by its later stage),
 *   L5 lead (mql_at after as_of), L6 opportunity (O2, by
 *   leads.opportunity_id), L7 lead (O3 created after as_of is ignored).
 *   lead 6, mql 4, sal 3, sql 3, opportunity 2, won 1. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

static void test_cohort(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;
    static const double want[RP_N_STAGES] = {6, 4, 3, 3, 2, 1};

    fx_report(&r, m, "2025-06");
    for (int s = 0; s < RP_N_STAGES; s++)
        fx_value(&r, RP_MET_FUNNEL_COUNT_LEAD + s, RP_GRP_ALL, "all", want[s]);
    for (int s = 0; s + 1 < RP_N_STAGES; s++)
        fx_ratio(&r, RP_MET_FUNNEL_CONV_LEAD_MQL + s, RP_GRP_ALL, "all",
                 want[s + 1], want[s]);
    fx_ratio(&r, RP_MET_FUNNEL_CONV_LEAD_WON, RP_GRP_ALL, "all", 1, 6);
    rp_report_release(&r);
    rp_model_free(m);
}

static void test_by_source(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;
    static const struct {
        const char *key;
        double n[RP_N_STAGES];
    } want[] = {
        {"(none)", {1, 1, 1, 1, 0, 0}},     /* L3 */
        {"Event", {3, 1, 1, 1, 1, 0}},      /* L5 L6 L7 */
        {"Website", {2, 2, 1, 1, 1, 1}},    /* L1 L2 */
    };

    fx_report(&r, m, "2025-06");
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++)
        for (int s = 0; s < RP_N_STAGES; s++)
            fx_value(&r, RP_MET_FUNNEL_COUNT_LEAD + s, RP_GRP_SOURCE,
                     want[i].key, want[i].n[s]);
    /* (none) never reached Opportunity: SQL -> opportunity is 0 of 1 */
    fx_ratio(&r, RP_MET_FUNNEL_CONV_SQL_OPPORTUNITY, RP_GRP_SOURCE, "(none)",
             0, 1);
    fx_ratio(&r, RP_MET_FUNNEL_CONV_OPPORTUNITY_WON, RP_GRP_SOURCE, "(none)",
             0, 0);
    fx_absent(&r, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_SOURCE, "Partner");
    g_autoptr(GPtrArray) keys = rp_report_rows(&r, RP_MET_FUNNEL_COUNT_LEAD,
                                               RP_GRP_SOURCE);
    assert_int_equal(keys->len, 3);         /* sorted bytewise */
    assert_string_equal(((struct rp_mrow *)keys->pdata[0])->key, "(none)");
    rp_report_release(&r);
    rp_model_free(m);
}

/* Trend: 12 months ending June; each cohort's stage at the report's
 * as_of.  May: L4 (MQL).  The data start on 05-30 (L4), so every month
 * that ends by then, 2024-07 to 2025-04, is n/a (SPEC 8.14), its target
 * kept; May is covered. */
static void test_trend(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    g_autoptr(GPtrArray) months = rp_report_rows(&r, RP_MET_FUNNEL_COUNT_LEAD,
                                                 RP_GRP_MONTH);
    assert_int_equal(months->len, 12);
    assert_string_equal(((struct rp_mrow *)months->pdata[0])->key, "2024-07");
    fx_value(&r, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_MONTH, "2025-06", 6);
    fx_value(&r, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_MONTH, "2025-05", 1);
    fx_value(&r, RP_MET_FUNNEL_COUNT_MQL, RP_GRP_MONTH, "2025-05", 1);
    fx_ratio(&r, RP_MET_FUNNEL_CONV_LEAD_MQL, RP_GRP_MONTH, "2025-05", 1, 1);
    fx_value(&r, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_MONTH, "2025-04", NAN);
    fx_value(&r, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_MONTH, "2024-07", NAN);
    const struct rp_mrow *m1 = rp_report_row(&r, RP_MET_SLA_M1, RP_GRP_MONTH,
                                             "2025-04");
    assert_true(m1->has == RP_M_TARGET && m1->target == 200);
    assert_int_equal(m1->status, RP_ST_NONE);
    fx_value(&r, RP_MET_VELOCITY_OPEN_OPPS, RP_GRP_MONTH, "2025-04", NAN);
    fx_value(&r, RP_MET_PIPELINE_CREATED, RP_GRP_MONTH, "2025-04", NAN);
    fx_value(&r, RP_MET_SLA_M1, RP_GRP_MONTH, "2025-05", 1);
    rp_report_release(&r);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cohort),
        cmocka_unit_test(test_by_source),
        cmocka_unit_test(test_trend),
    };
    return cmocka_run_group_tests_name("metrics_funnel", tests, fx_setup,
                                       fx_teardown);
}
