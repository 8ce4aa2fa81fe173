/* Unit tests for mtable.c: n/a stays empty, numbers print stably. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "revpack/mtable.h"

static void test_format(void **state)
{
    char b[64];
    (void)state;
    rp_format_number(12, b, sizeof(b));
    assert_string_equal(b, "12");
    rp_format_number(0.4125, b, sizeof(b));
    assert_string_equal(b, "0.4125");
    rp_format_number(-0.0, b, sizeof(b));
    assert_string_equal(b, "0");
    rp_format_number(1234.5, b, sizeof(b));
    assert_string_equal(b, "1234.5");
    rp_format_number(0.1 + 0.2, b, sizeof(b));
    assert_string_equal(b, "0.3");
    rp_format_number(4.0 / 7.0, b, sizeof(b));
    assert_string_equal(b, "0.571428571429");
}

static void test_csv(void **state)
{
    struct rp_mtable t;
    (void)state;
    rp_mtable_init(&t);
    rp_mtable_ratio(&t, "funnel.conv.mql_sal", "source", "(none)", 0, 0);
    rp_mtable_ratio(&t, "winrate", "source", "Trade Show, EMEA", 3, 4);
    rp_mtable_value(&t, "funnel.count.lead", "all", "all", 381);
    GString *s = rp_mtable_csv(&t);
    assert_string_equal(
        s->str, "metric,group,key,value,numerator,denominator,target,status\n"
                "funnel.conv.mql_sal,source,(none),,0,0,,\n"
                "winrate,source,\"Trade Show, EMEA\",0.75,3,4,,\n"
                "funnel.count.lead,all,all,381,,,,\n");
    assert_non_null(rp_mtable_find(&t, "winrate", "source", "Trade Show, EMEA"));
    assert_null(rp_mtable_find(&t, "winrate", "all", "all"));
    g_string_free(s, TRUE);
    rp_mtable_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_csv),
    };
    return cmocka_run_group_tests_name("mtable", tests, NULL, NULL);
}
