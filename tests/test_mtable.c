/* Unit tests for mtable.c: n/a stays empty, numbers print stably. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "revpack/mtable.h"

/* @fmt prints @v as @want. */
static void expect(void (*fmt)(double, char *, size_t), double v,
                   const char *want)
{
    char b[64];
    fmt(v, b, sizeof(b));
    assert_string_equal(b, want);
}

static void test_format(void **state)
{
    (void)state;
    expect(rp_mtable_number, 12, "12");
    expect(rp_mtable_number, 0.4125, "0.4125");
    expect(rp_mtable_number, -0.0, "0");
    expect(rp_mtable_number, 1234.5, "1234.5");
    expect(rp_mtable_number, 0.1 + 0.2, "0.3");
    expect(rp_mtable_number, 4.0 / 7.0, "0.571428571429");
}

/* Hundredths by hand print as rp_mtable_number prints the rounded value:
 * worked cases, then every hundredth in a band and random magnitudes. */
static void test_hundredths(void **state)
{
    char a[64], b[64];
    (void)state;
    expect(rp_mtable_hundredths, 12.0, "12");
    expect(rp_mtable_hundredths, 12.504, "12.5");
    expect(rp_mtable_hundredths, 0.046, "0.05");
    expect(rp_mtable_hundredths, -0.049, "-0.05");
    expect(rp_mtable_hundredths, -0.004, "0");
    expect(rp_mtable_hundredths, 1234567.891, "1234567.89");
    for (int i = -20000; i <= 20000; i++) {
        double v = i / 100.0 + 0.001;
        rp_mtable_hundredths(v, a, sizeof(a));
        rp_mtable_number(round(v * 100) / 100, b, sizeof(b));
        assert_string_equal(a, b);
    }
    srand(7);
    for (int i = 0; i < 200000; i++) {
        double v = (rand() / (double)RAND_MAX - 0.5) * pow(10, rand() % 12);
        rp_mtable_hundredths(v, a, sizeof(a));
        rp_mtable_number(round(v * 100) / 100, b, sizeof(b));
        assert_string_equal(a, b);
    }
}

static void test_csv(void **state)
{
    struct rp_mtable t;
    (void)state;
    rp_mtable_init(&t);
    rp_mtable_ratio(&t, RP_MET_FUNNEL_CONV_MQL_SAL, RP_GRP_SOURCE, "(none)", 0,
                    0);
    rp_mtable_ratio(&t, RP_MET_WINRATE, RP_GRP_SOURCE, "Trade Show, EMEA", 3,
                    4);
    rp_mtable_value(&t, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_ALL, "all", 381);
    GString *s = rp_mtable_csv(&t);
    assert_string_equal(
        s->str, "metric,group,key,value,numerator,denominator,target,status\n"
                "funnel.conv.mql_sal,source,(none),,0,0,,\n"
                "winrate,source,\"Trade Show, EMEA\",0.75,3,4,,\n"
                "funnel.count.lead,all,all,381,,,,\n");
    /* the index finds by all three keys, the key compared as a string */
    char key[] = "Trade Show, EMEA";
    const struct rp_mrow *r = rp_mtable_find(&t, RP_MET_WINRATE,
                                             RP_GRP_SOURCE, key);
    assert_non_null(r);
    assert_true(r->value == 0.75 && r->num == 3 && r->den == 4);
    assert_null(rp_mtable_find(&t, RP_MET_WINRATE, RP_GRP_ALL, "all"));
    assert_null(rp_mtable_find(&t, RP_MET_WINRATE_CI_LOW, RP_GRP_SOURCE,
                               key));
    assert_null(rp_mtable_find(&t, RP_MET_FUNNEL_COUNT_LEAD, RP_GRP_SOURCE,
                               "all"));
    /* n/a ratio keeps its parts and has no value */
    r = rp_mtable_find(&t, RP_MET_FUNNEL_CONV_MQL_SAL, RP_GRP_SOURCE,
                       "(none)");
    assert_int_equal(r->has, RP_M_NUM | RP_M_DEN);
    GPtrArray *src = rp_mtable_rows(&t, RP_MET_WINRATE, RP_GRP_SOURCE);
    assert_int_equal(src->len, 1);
    g_ptr_array_unref(src);
    g_string_free(s, TRUE);
    rp_mtable_release(&t);
}

static void test_names(void **state)
{
    (void)state;
    /* the enum and the text agree, and runs keep their indexing order */
    assert_string_equal(rp_mtable_metric_name(RP_MET_WINRATE), "winrate");
    assert_string_equal(rp_mtable_metric_name(RP_MET_FUNNEL_COUNT_LEAD + 4),
                        "funnel.count.opportunity");
    assert_string_equal(rp_mtable_metric_name(RP_MET_FUNNEL_CONV_LEAD_MQL + 3),
                        "funnel.conv.sql_opportunity");
    assert_string_equal(
        rp_mtable_metric_name(RP_MET_QUALITY_ROWS_REJECTED_LEADS + 2),
        "quality.rows_rejected.activities");
    assert_string_equal(rp_mtable_group_name(RP_GRP_SOURCE_MONTH),
                        "source_month");
    for (int m = 0; m < RP_N_METRICS; m++)
        for (int k = 0; k < m; k++)
            assert_true(strcmp(rp_mtable_metric_name(m),
                               rp_mtable_metric_name(k)) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_hundredths),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests_name("mtable", tests, NULL, NULL);
}
