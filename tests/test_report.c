/* Unit tests for rp_report_build_many (report.c): reports whose metric
 * families are shared between two threads are the same rows, in the same
 * order, with the same breaches, as rp_report_build's one by one; an
 * SLA-only report is the full report's nine SLA "all" rows and its
 * breaches; a model
 * that gave back its id indexes reports the same, and giving back its
 * activities keeps every count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mfixture.h"

static struct rp_period month(int year, int index)
{
    struct rp_period p;
    rp_period_set(&p, &fx_clock, RP_PERIOD_MONTH, year, index);
    return p;
}

static void same_row(const struct rp_mrow *a, const struct rp_mrow *b)
{
    assert_int_equal(a->metric, b->metric);
    assert_int_equal(a->group, b->group);
    assert_string_equal(a->key, b->key);
    assert_int_equal(a->has, b->has);
    assert_int_equal(a->status, b->status);
    /* bit for bit: the same sums in the same order */
    assert_memory_equal(&a->value, &b->value, sizeof(double));
    assert_memory_equal(&a->num, &b->num, sizeof(double));
    assert_memory_equal(&a->den, &b->den, sizeof(double));
    assert_memory_equal(&a->target, &b->target, sizeof(double));
}

static void same_breach(const struct rp_breach *a, const struct rp_breach *b)
{
    assert_string_equal(a->sla, b->sla);
    assert_int_equal(a->lead, b->lead);
    assert_int_equal(a->from, b->from);
    assert_int_equal(a->to, b->to);
    assert_string_equal(a->reason, b->reason);
    assert_true(a->attempts == b->attempts);
}

static void same_breaches(const struct rp_report *a, const struct rp_report *b)
{
    assert_int_equal(a->breaches->len, b->breaches->len);
    for (guint i = 0; i < a->breaches->len; i++)
        same_breach(&g_array_index(a->breaches, struct rp_breach, i),
                    &g_array_index(b->breaches, struct rp_breach, i));
}

/* Index of the first row of @metric in @r (fails if none). */
static guint first_row(const struct rp_report *r, enum rp_metric metric)
{
    for (guint i = 0; i < r->t.rows->len; i++)
        if (((const struct rp_mrow *)g_ptr_array_index(r->t.rows, i))
                ->metric == metric)
            return i;
    fail_msg("no %s row", rp_mtable_metric_name(metric));
    return 0;
}

/* The families' rows come in one order (metrics.csv's), whichever
 * thread ran which: funnel, flow, win rate, velocity, SLA, calculator,
 * revenue, quality. */
static void family_order(const struct rp_report *r)
{
    static const enum rp_metric first[] = {
        RP_MET_FUNNEL_COUNT_LEAD, RP_MET_FLOW_LEAD_MQL_N, RP_MET_WINRATE,
        RP_MET_VELOCITY, RP_MET_SLA_M1, RP_MET_CALC_AVG_DEAL,
        RP_MET_PIPELINE_CREATED, RP_MET_QUALITY_ROWS_READ_LEADS};
    assert_int_equal(first_row(r, first[0]), 0);
    for (size_t k = 1; k < G_N_ELEMENTS(first); k++)
        assert_true(first_row(r, first[k - 1]) < first_row(r, first[k]));
}

static void test_two_threads_as_one(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_err err = {0};
    struct rp_period june = month(2025, 6), july = month(2025, 7);
    struct rp_report one[2];

    assert_int_equal(rp_report_build(&one[0], m, fx_prof, &fx_clock,
                                     RP_PACK_MONTHLY, &june, RP_TIME_NONE,
                                     &err), 0);
    assert_int_equal(rp_report_build(&one[1], m, fx_prof, &fx_clock,
                                     RP_PACK_MONTHLY, &july, RP_TIME_NONE,
                                     &err), 0);
    assert_true(one[0].t.rows->len > 100);
    assert_true(one[0].breaches->len > 0);
    for (int beside = 0; beside < 2; beside++) {
        struct rp_report r[2];
        struct rp_report_req req[] = {{&r[0], june, RP_REPORT_ALL},
                                      {&r[1], july, RP_REPORT_ALL}};
        assert_int_equal(rp_report_build_many(req, 2, m, fx_prof, &fx_clock,
                                              RP_PACK_MONTHLY, RP_TIME_NONE,
                                              beside, &err), 0);
        for (int k = 0; k < 2; k++) {
            assert_int_equal(r[k].t.rows->len, one[k].t.rows->len);
            for (guint i = 0; i < r[k].t.rows->len; i++)
                same_row(g_ptr_array_index(r[k].t.rows, i),
                         g_ptr_array_index(one[k].t.rows, i));
            same_breaches(&r[k], &one[k]);
            assert_int_equal(r[k].as_of, one[k].as_of);
            family_order(&r[k]);
            rp_report_release(&r[k]);
        }
    }
    rp_report_release(&one[0]);
    rp_report_release(&one[1]);
    rp_model_free(m);
}

static gint by_text(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* An SLA-only report, the previous period's, is read for its nine "all"
 * rows and the leads it breached: those are the full report's, and it
 * has no rows per owner or team, no percentiles, histogram or trend. */
static void test_sla_only(void **state)
{
    (void)state;
    struct rp_model *m = fx_pipeline_model();
    struct rp_err err = {0};
    struct rp_period june = month(2025, 6);
    struct rp_report full, sla;
    struct rp_report_req req = {&sla, june, RP_REPORT_SLA};
    guint k = 0, more = 0;

    fx_report(&full, m, "2025-06");
    assert_int_equal(rp_report_build_many(&req, 1, m, fx_prof, &fx_clock,
                                          RP_PACK_MONTHLY, RP_TIME_NONE,
                                          true, &err), 0);
    /* the full report's nine "all" rows, in its order, and nothing else */
    for (guint i = 0; i < full.t.rows->len; i++) {
        const struct rp_mrow *row = g_ptr_array_index(full.t.rows, i);
        if (row->metric < RP_MET_SLA_M1 ||
            row->metric > RP_MET_SLA_S1_FIRST_TOUCH_HIST)
            continue;
        if (row->metric > RP_MET_SLA_S4 || row->group != RP_GRP_ALL) {
            more++;
            continue;
        }
        assert_true(k < sla.t.rows->len);
        same_row(g_ptr_array_index(sla.t.rows, k++), row);
    }
    assert_int_equal(k, 9);     /* M1-M5, S1-S4 */
    assert_true(more > 0);      /* the full report has rows it has not */
    assert_int_equal(sla.t.rows->len, 9);
    assert_null(rp_report_row(&sla, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_ALL,
                              "all"));
    /* the same breaches, in the order found (the full report sorts) */
    assert_int_equal(sla.breaches->len, full.breaches->len);
    assert_true(sla.breaches->len > 1);
    g_autofree bool *used = g_new0(bool, full.breaches->len);
    for (guint i = 0; i < sla.breaches->len; i++) {
        const struct rp_breach *a =
            &g_array_index(sla.breaches, struct rp_breach, i);
        guint j = 0;
        for (; j < full.breaches->len; j++) {
            const struct rp_breach *b =
                &g_array_index(full.breaches, struct rp_breach, j);
            if (!used[j] && strcmp(a->sla, b->sla) == 0 &&
                a->lead == b->lead && a->from == b->from && a->to == b->to &&
                a->attempts == b->attempts &&
                strcmp(a->reason, b->reason) == 0)
                break;
        }
        assert_true(j < full.breaches->len);
        used[j] = true;
    }
    /* sorted: SLA by SLA in the codes' byte order, within one in the
     * order found (the sort is stable) */
    g_autoptr(GPtrArray) codes = g_ptr_array_new();
    for (guint i = 0; i < sla.breaches->len; i++) {
        const char *c = g_array_index(sla.breaches, struct rp_breach, i).sla;
        guint k2 = 0;
        while (k2 < codes->len && strcmp(codes->pdata[k2], c) != 0)
            k2++;
        if (k2 == codes->len)
            g_ptr_array_add(codes, (gpointer)c);
    }
    assert_true(codes->len > 2);
    g_ptr_array_sort(codes, by_text);
    guint at = 0;
    for (guint c = 0; c < codes->len; c++) {
        for (guint i = 0; i < sla.breaches->len; i++) {
            const struct rp_breach *a =
                &g_array_index(sla.breaches, struct rp_breach, i);
            if (strcmp(a->sla, codes->pdata[c]) != 0)
                continue;
            const struct rp_breach *b =
                &g_array_index(full.breaches, struct rp_breach, at++);
            assert_string_equal(a->sla, b->sla);
            assert_int_equal(a->lead, b->lead);
            assert_true(a->from == b->from && a->to == b->to);
            assert_string_equal(a->reason, b->reason);
        }
    }
    assert_int_equal(at, full.breaches->len);
    rp_report_release(&full);
    rp_report_release(&sla);
    rp_model_free(m);
}

/* Two MQLs of June 2025, a Monday and a Tuesday: L1 touched an hour
 * later, L2 a week later (an S1 breach), and a touch on an unknown lead
 * (an anomaly). */
static struct rp_model *touched_model(void)
{
    struct rp_model *m = rp_model_build_new();
    uint32_t l1 = rp_model_build_lead(m, "L1", T("2025-06-02 09:00"));
    uint32_t l2 = rp_model_build_lead(m, "L2", T("2025-06-03 09:00"));

    RP_LEAD(m, l1)->mql_at = rp_model_build_at(m, T("2025-06-02 09:00"));
    RP_LEAD(m, l2)->mql_at = rp_model_build_at(m, T("2025-06-03 09:00"));
    rp_model_build_activity(m, "L1", T("2025-06-02 10:00"));
    rp_model_build_activity(m, "L2", T("2025-06-10 09:00"));
    rp_model_build_activity(m, "X9", T("2025-06-04 09:00"));
    rp_model_build_finish(m);
    return m;
}

static void test_drop(void **state)
{
    (void)state;
    struct rp_model *m = touched_model();
    struct rp_report before, after;

    fx_report(&before, m, "2025-06");
    const struct rp_mrow *s1 =
        rp_report_row(&before, RP_MET_SLA_S1, RP_GRP_ALL, "all");
    assert_non_null(s1);
    assert_true(s1->num == 1 && s1->den == 2);  /* read off the touches */
    guint late = 0;
    for (guint i = 0; i < before.breaches->len; i++) {
        const struct rp_breach *b =
            &g_array_index(before.breaches, struct rp_breach, i);
        if (strcmp(b->sla, "s1") == 0) {
            assert_string_equal(b->reason, "late_first_touch");
            assert_int_equal(b->lead, 1);
            late++;
        }
    }
    assert_int_equal(late, 1);

    /* the metrics never look a lead up by its id */
    assert_int_equal(rp_idindex_find(&m->lead_by_id, "L2"), 2);
    rp_model_drop(m, RP_MODEL_IDS);
    assert_true(m->ids_dropped);
    assert_int_equal(rp_idindex_find(&m->lead_by_id, "L2"), 0);
    fx_report(&after, m, "2025-06");
    assert_int_equal(after.t.rows->len, before.t.rows->len);
    for (guint i = 0; i < after.t.rows->len; i++)
        same_row(g_ptr_array_index(after.t.rows, i),
                 g_ptr_array_index(before.t.rows, i));
    same_breaches(&after, &before);

    /* what the pack's files read stays: leads, counts, anomalies */
    rp_model_drop(m, RP_MODEL_ACTS);
    assert_null(m->acts);
    assert_null(m->lead_act);
    assert_null(m->lead_act_start);
    assert_int_equal(m->leads->len, 2);
    assert_int_equal(m->files[RP_ACTS].rows_used, 3);
    assert_int_equal(m->n_anomalies[RP_AN_ACTIVITY_UNKNOWN_LEAD], 1);
    assert_int_equal(m->orphans->len, 1);
    rp_model_drop(m, RP_MODEL_ACTS | RP_MODEL_IDS);    /* again: nothing */
    rp_report_release(&before);
    rp_report_release(&after);
    rp_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_threads_as_one),
        cmocka_unit_test(test_sla_only),
        cmocka_unit_test(test_drop),
    };
    return cmocka_run_group_tests_name("report", tests, fx_setup,
                                       fx_teardown);
}
