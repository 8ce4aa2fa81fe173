/* Unit tests for the link (model.c, rp_model_link): each lead's
 * activities in time order, then file order; opportunities linked by
 * their lead_id, else by the first lead whose opportunity_id names them;
 * the link's anomalies in one order (stage order, opportunities,
 * activities), each in file order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

/* Lead @l's activities, as their indexes, into @out; returns how many. */
static unsigned acts_of(const struct rp_model *m, uint32_t l, uint32_t *out)
{
    unsigned n = 0;
    for (uint32_t k = m->lead_act_start[l]; k < m->lead_act_start[l + 1]; k++)
        out[n++] = m->lead_act[k];
    return n;
}

static void test_activities_by_time(void **state)
{
    (void)state;
    struct rp_model *m = rp_model_build_new();
    uint32_t got[8];

    /* activities first: the link does not care in which order the files
     * came; L1's come out of time order, two at the same 10:00 */
    rp_model_build_activity(m, "L1", T("2025-06-02 10:00"));    /* a0 */
    rp_model_build_activity(m, "L2", T("2025-06-02 09:00"));    /* a1 */
    rp_model_build_activity(m, "L1", T("2025-06-02 08:00"));    /* a2 */
    rp_model_build_activity(m, "X9", T("2025-06-02 08:00"));    /* a3 */
    rp_model_build_activity(m, "L1", T("2025-06-02 10:00"));    /* a4 */
    rp_model_build_activity(m, "L1", T("2025-06-02 09:00"));    /* a5 */
    rp_model_build_activity(m, "X8", T("2025-06-01 08:00"));    /* a6 */
    uint32_t l1 = rp_model_build_lead(m, "L1", T("2025-06-01 09:00"));
    uint32_t l2 = rp_model_build_lead(m, "L2", T("2025-06-01 09:00"));
    uint32_t l3 = rp_model_build_lead(m, "L3", T("2025-06-01 09:00"));
    rp_model_build_finish(m);

    /* 08:00 a2, 09:00 a5, then the two at 10:00 in file order: a0, a4 */
    assert_int_equal(acts_of(m, l1, got), 4);
    assert_int_equal(got[0], 2);
    assert_int_equal(got[1], 5);
    assert_int_equal(got[2], 0);
    assert_int_equal(got[3], 4);
    assert_int_equal(acts_of(m, l2, got), 1);
    assert_int_equal(got[0], 1);
    assert_int_equal(acts_of(m, l3, got), 0);
    /* the two unknown, in file order (lines 5 and 8: under a header) */
    assert_int_equal(m->n_anomalies[RP_AN_ACTIVITY_UNKNOWN_LEAD], 2);
    assert_int_equal(m->anomalies->len, 2);
    const struct rp_anomaly_row *a = g_ptr_array_index(m->anomalies, 0);
    assert_int_equal(a->kind, RP_AN_ACTIVITY_UNKNOWN_LEAD);
    assert_int_equal(a->line, 5);
    assert_string_equal(a->id, "X9");
    a = g_ptr_array_index(m->anomalies, 1);
    assert_int_equal(a->line, 8);
    assert_string_equal(a->id, "X8");
    rp_model_free(m);
}

static void test_opportunities(void **state)
{
    (void)state;
    struct rp_model *m = rp_model_build_new();
    char two[] = "L9\x1fL2";    /* an unknown and a known lead */

    uint32_t l1 = rp_model_build_lead(m, "L1", T("2025-06-01 09:00"));
    uint32_t l2 = rp_model_build_lead(m, "L2", T("2025-06-01 09:00"));
    uint32_t l3 = rp_model_build_lead(m, "L3", T("2025-06-01 09:00"));
    /* L1 and L3 both name O3: L1, the earlier row, is its lead */
    rp_model_build_lead_opps(m, l3, "O3\x1fO4");    /* added first, */
    rp_model_build_lead_opps(m, l1, "O3");           /* read in row order */
    RP_LEAD(m, l3)->mql_at = rp_model_build_at(m, T("2025-06-03 09:00"));
    RP_LEAD(m, l3)->sal_at = rp_model_build_at(m, T("2025-06-02 09:00"));     /* before mql_at */
    uint32_t o1 = rp_model_build_opp(m, "O1", T("2025-06-10"), "L2");
    uint32_t o2 = rp_model_build_opp(m, "O2", T("2025-06-10"), two);
    uint32_t o3 = rp_model_build_opp(m, "O3", T("2025-06-10"), NULL);
    uint32_t o4 = rp_model_build_opp(m, "O4", T("2025-06-10"), "L7");
    RP_OPP(m, o4)->outcome = RP_WON;        /* and no closed_at */
    uint32_t o5 = rp_model_build_opp(m, "O5", T("2025-06-10"), "L8");
    uint32_t o6 = rp_model_build_opp(m, "O6", T("2025-06-10"), "L8\x1fL9");
    rp_model_build_finish(m);

    assert_int_equal(RP_OPP(m, o1)->lead, l2);
    assert_int_equal(RP_OPP(m, o2)->lead, l2);  /* the first known */
    assert_int_equal(RP_OPP(m, o3)->lead, l1);  /* named by L1 first */
    /* O4's lead_id is unknown: L3, which names it, is its lead */
    assert_int_equal(RP_OPP(m, o4)->lead, l3);
    assert_int_equal(RP_OPP(m, o5)->lead, -1);
    assert_int_equal(RP_OPP(m, o6)->lead, -1);
    /* L2 has O1 and O2; L3 has O3 and O4, L1 O3 */
    assert_int_equal(m->lead_opp_start[l2 + 1] - m->lead_opp_start[l2], 2);
    assert_int_equal(m->lead_opp[m->lead_opp_start[l2]], o1);
    assert_int_equal(m->lead_opp[m->lead_opp_start[l2] + 1], o2);
    assert_int_equal(m->lead_opp_start[l3 + 1] - m->lead_opp_start[l3], 2);
    assert_int_equal(m->lead_opp[m->lead_opp_start[l3]], o3);
    assert_int_equal(m->lead_opp[m->lead_opp_start[l3] + 1], o4);
    assert_int_equal(m->lead_opp_start[l1 + 1] - m->lead_opp_start[l1], 1);

    /* stage order first, then the opportunities' in file order */
    static const struct {
        enum rp_anomaly kind;
        const char *id, *detail;
    } want[] = {
        {RP_AN_STAGE_ORDER, "L3", "mql_at, sal_at, sql_at out of order"},
        {RP_AN_OPPORTUNITY_UNKNOWN_LEAD, "O4", "lead_id 'L7' is not in leads"},
        {RP_AN_CLOSED_WITHOUT_DATE, "O4", "outcome won but no closed_at"},
        {RP_AN_OPPORTUNITY_UNKNOWN_LEAD, "O5", "lead_id 'L8' is not in leads"},
        {RP_AN_OPPORTUNITY_UNKNOWN_LEAD, "O6",
         "lead_id 'L8', 'L9' is not in leads"},
    };
    assert_int_equal(m->anomalies->len, G_N_ELEMENTS(want));
    for (unsigned i = 0; i < G_N_ELEMENTS(want); i++) {
        const struct rp_anomaly_row *a = g_ptr_array_index(m->anomalies, i);
        assert_int_equal(a->kind, want[i].kind);
        assert_string_equal(a->id, want[i].id);
        assert_string_equal(a->detail, want[i].detail);
    }
    assert_int_equal(m->n_anomalies[RP_AN_OPPORTUNITY_UNKNOWN_LEAD], 3);
    /* O2 names one known lead: no anomaly */
    rp_model_free(m);
}

/* rp_at: 4 bytes of seconds from 2000-01-01 UTC (1932-06-25 01:06:09 to
 * 2068-01-19 03:14:07), and an instant outside, in the far table, read
 * back the same; a far instant met again takes its first index. */
static void test_instants(void **state)
{
    (void)state;
    struct rp_model *m = rp_model_build_new();
    const int64_t lo = INT64_C(-1184021631), hi = INT64_C(3094168447);
    const int64_t near[] = {lo, lo + 1, INT64_C(946684800), 0, hi - 1, hi};
    const int64_t far[] = {lo - 1, hi + 1, T("0001-01-01"),
                           T("9999-12-31 23:59:59"), T("1900-01-01")};
    rp_at a, b;

    assert_true(rp_model_pack_at(m, RP_TIME_NONE, &a));
    assert_false(rp_at_known(a));
    assert_true(rp_model_at(m, a) == RP_TIME_NONE);
    assert_true(lo == T("1932-06-25 01:06:09") && hi == T("2068-01-19 03:14:07"));
    for (size_t i = 0; i < G_N_ELEMENTS(near); i++) {
        assert_true(rp_model_pack_at(m, near[i], &a));
        assert_true(rp_model_at(m, a) == near[i]);
    }
    assert_int_equal(m->far->len, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(far); i++) {
        assert_true(rp_model_pack_at(m, far[i], &a));
        assert_true(rp_at_known(a));
        assert_true(rp_model_at(m, a) == far[i]);
        assert_true(rp_model_pack_at(m, far[i], &b));
        assert_int_equal(a.v, b.v);
    }
    assert_int_equal(m->far->len, G_N_ELEMENTS(far));
    rp_model_free(m);
}

/* Far instants sort by time, not by where the far table keeps them: the
 * year 2999 comes first into the table, the year 1900 second. */
static void test_far_activities_by_time(void **state)
{
    (void)state;
    struct rp_model *m = rp_model_build_new();
    uint32_t got[4];

    rp_model_build_activity(m, "L1", T("2999-01-01 10:00"));    /* a0 */
    rp_model_build_activity(m, "L1", T("1900-01-01 10:00"));    /* a1 */
    rp_model_build_activity(m, "L1", T("2025-06-02 10:00"));    /* a2 */
    uint32_t l1 = rp_model_build_lead(m, "L1", T("1899-12-31"));
    rp_model_build_finish(m);

    assert_int_equal(acts_of(m, l1, got), 3);
    assert_int_equal(got[0], 1);
    assert_int_equal(got[1], 2);
    assert_int_equal(got[2], 0);
    assert_true(rp_model_at(m, RP_LEAD(m, l1)->created_at) == T("1899-12-31"));
    rp_model_free(m);
}

/* An activity's line is kept where lines jump: rows 0-1 on lines 2-3,
 * a rejected line 4 and a record over lines 5-6, rows 2-3 on 7-8, then
 * row 4 on line 11. */
static void test_act_lines(void **state)
{
    (void)state;
    struct rp_model *m = rp_model_build_new();
    static const uint32_t line[] = {2, 3, 7, 8, 11};

    assert_int_equal(rp_model_act_line(m, 0), 0);   /* none yet */
    for (uint32_t i = 0; i < G_N_ELEMENTS(line); i++)
        rp_model_note_act_line(m, i, line[i]);
    assert_int_equal(m->act_lines->len, 3);
    for (uint32_t i = 0; i < G_N_ELEMENTS(line); i++)
        assert_int_equal(rp_model_act_line(m, i), line[i]);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_activities_by_time),
        cmocka_unit_test(test_opportunities),
        cmocka_unit_test(test_instants),
        cmocka_unit_test(test_far_activities_by_time),
        cmocka_unit_test(test_act_lines),
    };
    return cmocka_run_group_tests_name("link", tests, fx_setup, fx_teardown);
}
