/* Unit tests for value.c: money, integers, booleans, months. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "revpack/value.h"

static void money_ok(const char *s, int64_t want, const char *cur)
{
    int64_t v = 0;
    struct rp_currency c;
    const char *why = NULL;
    if (rp_value_money(s, &v, &c, &why) != 0)
        fail_msg("'%s' rejected: %s", s, why);
    if (v != want)
        fail_msg("'%s' gave %lld, want %lld", s, (long long)v, (long long)want);
    assert_string_equal(c.code, cur);
}

static void money_bad(const char *s, const char *why_part)
{
    int64_t v;
    const char *why = NULL;
    if (rp_value_money(s, &v, NULL, &why) == 0)
        fail_msg("'%s' accepted as %lld", s, (long long)v);
    assert_non_null(strstr(why, why_part));
}

static void test_money(void **state)
{
    (void)state;
    money_ok("$1,234.50", 123450, "USD");
    money_ok("\xc2\xa5" "12,000", 1200000, "CNY");      /* ¥12,000 */
    money_ok("1234.5 USD", 123450, "USD");
    money_ok("-$5", -500, "USD");
    money_ok("$-5", -500, "USD");
    money_ok("12.5\xe2\x82\xac", 1250, "EUR");         /* 12.5€ */
    money_ok("12000\xe5\x85\x83", 1200000, "CNY");     /* 12000元 */
    money_ok("RMB 300", 30000, "CNY");
    money_ok("US$ 1,000,000", 100000000, "USD");
    money_ok("1,234,567.891", 123456789, "");           /* .891 -> .89 */
    money_ok("0.005", 1, "");                           /* half away from 0 */
    money_ok("-0.005", -1, "");
    money_ok(".5", 50, "");
    money_ok("+7", 700, "");
    money_bad("12,34", "group by three");
    money_bad("1,2345", "group by three");
    money_bad("1234,567", "group by three");
    money_bad("$$5", "no digits");
    money_bad("5 USD EUR", "unexpected");
    money_bad("--5", "no digits");
    money_bad("5-", "misplaced");
    money_bad("1 234", "unexpected");
    money_bad("abc", "no digits");
}

static void test_int(void **state)
{
    int64_t v;
    const char *why;
    (void)state;
    assert_int_equal(rp_value_int("1,200", &v, &why), 0);
    assert_int_equal(v, 1200);
    assert_int_equal(rp_value_int("50", &v, &why), 0);
    assert_int_equal(v, 50);
    assert_int_equal(rp_value_int("-5", &v, &why), -1);
    assert_int_equal(rp_value_int("1,20", &v, &why), -1);
    assert_non_null(strstr(why, "group by three"));
    assert_int_equal(rp_value_int("about 50", &v, &why), -1);
    assert_int_equal(rp_value_int("99999999999999999999", &v, &why), -1);
    assert_non_null(strstr(why, "too large"));
}

static void test_bool(void **state)
{
    static const char *const yes[] = {"Yes", "TRUE", "y", "1", "\xe6\x98\xaf"};
    static const char *const no[] = {"No", "false", "N", "0", "\xe5\x90\xa6"};
    int b;
    const char *why;
    (void)state;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(rp_value_bool(yes[i], &b, &why), 0);
        assert_int_equal(b, 1);
        assert_int_equal(rp_value_bool(no[i], &b, &why), 0);
        assert_int_equal(b, 0);
    }
    assert_int_equal(rp_value_bool("maybe", &b, &why), -1);
    assert_int_equal(rp_value_bool("yess", &b, &why), -1);
}

static void test_month(void **state)
{
    int y, m;
    const char *why;
    (void)state;
    assert_int_equal(rp_value_month("2025-06", &y, &m, &why), 0);
    assert_int_equal(y, 2025);
    assert_int_equal(m, 6);
    assert_int_equal(rp_value_month("2025-13", &y, &m, &why), -1);
    assert_int_equal(rp_value_month("2025-6", &y, &m, &why), -1);
    assert_int_equal(rp_value_month("2025/06", &y, &m, &why), -1);
}

static void test_trim(void **state)
{
    char s[] = " \t ab c \r\n";
    size_t n = strlen(s);
    (void)state;
    char *t = rp_value_trim(s, &n);
    assert_string_equal(t, "ab c");
    assert_int_equal(n, 4);
    /* trimming the same field again, with its length as read, gives the
     * same value (the first trim left a NUL inside that length) */
    char f[] = "email ";
    size_t k = strlen(f), k2 = k;
    rp_value_trim(f, &k);
    char *u = rp_value_trim(f, &k2);
    assert_string_equal(u, "email");
    assert_int_equal(k2, 5);
}

/* A profile's own symbols: the longest that matches names the currency
 * ("HK$" before "$"), a symbol of the table before a code after the
 * number, and the built-in symbols are not looked at. */
static void test_money_symbols(void **state)
{
    (void)state;
    static const char *const pairs[] = {"$", "USD", "HK$", "HKD", "A$", "AUD",
                                        "\xe2\x82\xac", "EUR"};
    GPtrArray *t = g_ptr_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++)
        g_ptr_array_add(t, (char *)pairs[i]);
    static const struct {
        const char *s;
        int64_t cents;
        const char *code;
    } ok[] = {{"HK$1,000.50", 100050, "HKD"}, {"A$ 7", 700, "AUD"},
              {"-$5", -500, "USD"},           {"12\xe2\x82\xac", 1200, "EUR"},
              {"300 GBP", 30000, "GBP"},      {"42", 4200, ""}};
    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++) {
        int64_t v = 0;
        struct rp_currency c;
        const char *why = NULL;
        if (rp_value_money_in(ok[i].s, &v, &c, t, &why) != 0)
            fail_msg("'%s' rejected: %s", ok[i].s, why);
        assert_int_equal(v, ok[i].cents);
        assert_string_equal(c.code, ok[i].code);
    }
    int64_t v;
    struct rp_currency c;
    const char *why = NULL;
    /* ¥ is built in, not in this table */
    assert_int_equal(rp_value_money_in("\xc2\xa5" "5", &v, &c, t, &why), -1);
    g_ptr_array_unref(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money), cmocka_unit_test(test_int),
        cmocka_unit_test(test_bool), cmocka_unit_test(test_month),
        cmocka_unit_test(test_trim), cmocka_unit_test(test_money_symbols),
    };
    return cmocka_run_group_tests_name("value", tests, NULL, NULL);
}
