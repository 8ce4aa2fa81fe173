/* Unit tests for metrics_sla.c (SPEC 4.4, 8.9-8.11) on a model made by
 * hand, June 2025, as_of 07-01 00:00 UTC, the built-in default profile
 * (first touch 24 clock hours, 6 attempts, status 7 days, recycle 48 h,
 * intake 4 h, required company/job_title/phone, tags source/campaign).
 *
 *   lead  owner team created   captured  mql         touches        other
 *   A1    Ann   T1   06-02 08  06-02 05  06-02 09    06-02 20 (11h)  recycled 06-03 09 "bad fit"
 *   A2    Ann   T1   06-03 08  06-03 03  06-03 09    06-05 09, 06-06  disqualified 06-20
 *   A3    Bo    T2   06-30 11  06-30 12  06-30 12    -               (pending: 12 h)
 *   A4    Bo    T2   06-10 08  -         06-10 09    -               recycled 06-15, no reason
 *   A5    Bo    T2   05-01     -         05-01       -               (S3 only: stale)
 *
 *   M1 4 period MQLs (A1-A4) of 200: FAIL
 *   M2 A1 icp_fit yes, A2 no, A3 A4 unknown and no size: 1 of 4
 *   M3 only A1 has company, job_title and phone: 1 of 4
 *   M4 created in June with captured_at: A1 3 h met, A2 5 h late, A3
 *      captured after created (negative) met: 2 of 3 (A4 not measurable)
 *   M5 created in June: A1 has source and campaign: 1 of 4
 *   S1 A1 met (11 h), A2 late (48 h), A4 untouched past 24 h, A3 pending
 *      and left out: 1 of 3
 *   S2 A2 disqualified with 2 attempts in [mql, disqualified]: 0 of 1
 *   S3 at MQL-SQL at as_of, not recycled or disqualified: A3 (touched
 *      12 h ago: met), A5 (61 days: stale): 1 of 2
 *   S4 A1 recycled in 24 h with a reason, A4 after 5 days without: 1 of 2
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

static struct rp_model *sla_model(void)
{
    struct rp_model *m = rp_model_build_new();
    struct rp_lead *l;
    uint32_t k;

    k = rp_model_build_lead(m, "A1", T("2025-06-02 08:00"));
    l = RP_LEAD(m, k);
    l->owner = rp_model_intern(m, "Ann"), l->team = rp_model_intern(m, "T1");
    l->source = rp_model_intern(m, "Website");
    /* job title "CEO", campaign "Spring", company "Acme", a phone */
    l->icp_role = true;
    l->present = 1u << RP_L_JOB_TITLE | 1u << RP_L_CAMPAIGN |
                 1u << RP_L_COMPANY | 1u << RP_L_PHONE;
    l->captured_at = rp_model_build_at(m, T("2025-06-02 05:00"));
    l->mql_at = rp_model_build_at(m, T("2025-06-02 09:00"));
    l->icp_fit = 1;
    l->recycled_at = rp_model_build_at(m, T("2025-06-03 09:00"));
    l->recycle_reason = rp_model_intern(m, "bad fit");

    k = rp_model_build_lead(m, "A2", T("2025-06-03 08:00"));
    l = RP_LEAD(m, k);
    l->owner = rp_model_intern(m, "Ann"), l->team = rp_model_intern(m, "T1");
    l->present = 1u << RP_L_COMPANY;        /* "Beta" */
    l->captured_at = rp_model_build_at(m, T("2025-06-03 03:00"));
    l->mql_at = rp_model_build_at(m, T("2025-06-03 09:00"));
    l->icp_fit = 0;
    l->disqualified_at = rp_model_build_at(m, T("2025-06-20"));

    k = rp_model_build_lead(m, "A3", T("2025-06-30 11:00"));
    l = RP_LEAD(m, k);
    l->owner = rp_model_intern(m, "Bo"), l->team = rp_model_intern(m, "T2");
    l->captured_at = rp_model_build_at(m, T("2025-06-30 12:00"));
    l->mql_at = rp_model_build_at(m, T("2025-06-30 12:00"));

    k = rp_model_build_lead(m, "A4", T("2025-06-10 08:00"));
    l = RP_LEAD(m, k);
    l->owner = rp_model_intern(m, "Bo"), l->team = rp_model_intern(m, "T2");
    l->mql_at = rp_model_build_at(m, T("2025-06-10 09:00"));
    l->recycled_at = rp_model_build_at(m, T("2025-06-15 09:00"));

    k = rp_model_build_lead(m, "A5", T("2025-05-01"));
    l = RP_LEAD(m, k);
    l->owner = rp_model_intern(m, "Bo"), l->team = rp_model_intern(m, "T2");
    l->mql_at = rp_model_build_at(m, T("2025-05-01"));

    rp_model_build_activity(m, "A1", T("2025-06-02 20:00"));
    rp_model_build_activity(m, "A2", T("2025-06-06 09:00"));   /* out of */
    rp_model_build_activity(m, "A2", T("2025-06-05 09:00"));   /* order */
    rp_model_build_activity(m, "A1", T("2025-07-03"));  /* after as_of */
    rp_model_build_finish(m);
    return m;
}

static void test_marketing(void **state)
{
    (void)state;
    struct rp_model *m = sla_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    const struct rp_mrow *m1 = rp_report_row(&r, RP_MET_SLA_M1, RP_GRP_ALL,
                                             "all");
    assert_true(m1->value == 4 && m1->num == 4 && m1->target == 200);
    assert_false(m1->has & RP_M_DEN);
    assert_int_equal(m1->status, RP_ST_FAIL);
    fx_ratio(&r, RP_MET_SLA_M2, RP_GRP_ALL, "all", 1, 4);
    fx_ratio(&r, RP_MET_SLA_M3, RP_GRP_ALL, "all", 1, 4);
    fx_ratio(&r, RP_MET_SLA_M4, RP_GRP_ALL, "all", 2, 3);
    fx_ratio(&r, RP_MET_SLA_M5, RP_GRP_ALL, "all", 1, 4);
    /* May trend: A5 is May's MQL */
    fx_value(&r, RP_MET_SLA_M1, RP_GRP_MONTH, "2025-05", 1);
    rp_report_release(&r);
    rp_model_free(m);
}

static void test_sales(void **state)
{
    (void)state;
    struct rp_model *m = sla_model();
    struct rp_report r;

    fx_report(&r, m, "2025-06");
    fx_ratio(&r, RP_MET_SLA_S1, RP_GRP_ALL, "all", 1, 3);
    fx_ratio(&r, RP_MET_SLA_S2, RP_GRP_ALL, "all", 0, 1);
    fx_ratio(&r, RP_MET_SLA_S3, RP_GRP_ALL, "all", 1, 2);
    fx_ratio(&r, RP_MET_SLA_S4, RP_GRP_ALL, "all", 1, 2);
    const struct rp_mrow *s1 = rp_report_row(&r, RP_MET_SLA_S1, RP_GRP_ALL,
                                             "all");
    assert_true(s1->target == 0.9 && s1->status == RP_ST_FAIL);
    /* per owner and team; Bo's only touchable MQL is pending or
     * untouched: 0 of 1 */
    fx_ratio(&r, RP_MET_SLA_S1, RP_GRP_OWNER, "Ann", 1, 2);
    fx_ratio(&r, RP_MET_SLA_S1, RP_GRP_OWNER, "Bo", 0, 1);
    fx_ratio(&r, RP_MET_SLA_S2, RP_GRP_TEAM, "T1", 0, 1);
    fx_absent(&r, RP_MET_SLA_S2, RP_GRP_TEAM, "T2");
    /* first-touch hours of touched MQLs: 11 and 48 */
    fx_value(&r, RP_MET_SLA_S1_FIRST_TOUCH_MEDIAN, RP_GRP_ALL, "all", 29.5);
    fx_value(&r, RP_MET_SLA_S1_FIRST_TOUCH_P90, RP_GRP_ALL, "all",
             11 + 0.9 * 37);
    fx_value(&r, RP_MET_SLA_S1_FIRST_TOUCH_HIST, RP_GRP_HOURS, "6-12", 1);
    fx_value(&r, RP_MET_SLA_S1_FIRST_TOUCH_HIST, RP_GRP_HOURS, "36-48", 1);
    rp_report_release(&r);
    rp_model_free(m);
}

/* Every breach, SLA by SLA, file order within one. */
static void test_breaches(void **state)
{
    (void)state;
    struct rp_model *m = sla_model();
    struct rp_report r;
    static const char *const want[][3] = {
        {"m2", "A2", "icp_fit_no"},     {"m2", "A3", "not_icp_fit"},
        {"m2", "A4", "not_icp_fit"},    {"m3", "A2", "missing_fields"},
        {"m3", "A3", "missing_fields"}, {"m3", "A4", "missing_fields"},
        {"m4", "A2", "slow_intake"},    {"m5", "A2", "missing_tags"},
        {"m5", "A3", "missing_tags"},   {"m5", "A4", "missing_tags"},
        {"s1", "A2", "late_first_touch"}, {"s1", "A4", "no_first_touch"},
        {"s2", "A2", "too_few_attempts"}, {"s3", "A5", "stale_status"},
        {"s4", "A4", "late_recycle"},
    };

    fx_report(&r, m, "2025-06");
    assert_int_equal(r.breaches->len, G_N_ELEMENTS(want));
    for (guint i = 0; i < r.breaches->len; i++) {
        const struct rp_breach *b =
            &g_array_index(r.breaches, struct rp_breach, i);
        assert_string_equal(b->sla, want[i][0]);
        assert_string_equal(RP_LEAD(m, b->lead)->id, want[i][1]);
        assert_string_equal(b->reason, want[i][2]);
    }
    const struct rp_breach *s2 = &g_array_index(r.breaches,
                                                struct rp_breach, 12);
    assert_int_equal(s2->attempts, 2);
    rp_report_release(&r);
    rp_model_free(m);
}

/* Without activities.csv S1-S3 are n/a (no value, no status), S4 is
 * still computed. */
static void test_no_activities(void **state)
{
    (void)state;
    struct rp_model *m = sla_model();
    struct rp_report r;

    m->files[RP_ACTS].present = false;
    fx_report(&r, m, "2025-06");
    for (int s = RP_MET_SLA_S1; s <= RP_MET_SLA_S3; s++) {
        const struct rp_mrow *row = rp_report_row(&r, s, RP_GRP_ALL, "all");
        assert_non_null(row);
        assert_false(row->has & (RP_M_VALUE | RP_M_NUM | RP_M_DEN));
        assert_int_equal(row->status, RP_ST_NONE);
    }
    fx_ratio(&r, RP_MET_SLA_S4, RP_GRP_ALL, "all", 1, 2);
    rp_report_release(&r);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marketing),
        cmocka_unit_test(test_sales),
        cmocka_unit_test(test_breaches),
        cmocka_unit_test(test_no_activities),
    };
    return cmocka_run_group_tests_name("metrics_sla", tests, fx_setup,
                                       fx_teardown);
}
