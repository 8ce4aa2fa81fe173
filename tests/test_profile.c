/* Unit tests for profile.c: the shipped profiles and every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib.h>

#include "revpack/profile.h"

static char *write_tmp(const char *text)
{
    char *path = g_build_filename(g_get_tmp_dir(), "rp-test-profile-XXXXXX.ini",
                                  NULL);
    int fd = g_mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Load @text; expect an error at @line whose message contains @part. */
static void expect_error(const char *text, unsigned line, const char *part)
{
    g_autofree char *path = write_tmp(text);
    struct rp_err err = {0};
    struct rp_profile *p = rp_profile_load(path, &err);
    unlink(path);
    if (p)
        fail_msg("profile accepted: %s", text);
    assert_int_equal(err.code, RP_EDATA);
    if (err.loc.line != line || !strstr(err.msg, part))
        fail_msg("got line %u '%s', want line %u '%s'", err.loc.line, err.msg,
                 line, part);
    assert_string_equal(err.loc.file, path);
}

static void test_default_matches_builtin(void **state)
{
    struct rp_err err = {0};
    struct rp_profile *b = rp_profile_load(NULL, &err);
    struct rp_profile *f = rp_profile_load("templates/sla/default.ini", &err);
    (void)state;
    assert_non_null(b);
    if (!f)
        fail_msg("%s", err.msg);
    g_autoptr(GPtrArray) db = rp_profile_describe(b);
    g_autoptr(GPtrArray) df = rp_profile_describe(f);
    /* the file spells every key; describe() gives the values in force */
    assert_int_equal(db->len, df->len);
    for (guint i = 0; i < db->len; i++)
        assert_string_equal(g_ptr_array_index(db, i), g_ptr_array_index(df, i));
    assert_true(f->has_icp);
    assert_float_equal(f->mql_per_month, 200, 0);
    assert_float_equal(f->icp_min, 0.9, 1e-12);
    assert_int_equal(f->workdays, 0x1f);
    assert_int_equal(f->work_start, 9 * 3600);
    assert_int_equal(f->work_end, 18 * 3600);
    assert_int_equal(f->min_attempts, 6);
    assert_int_equal(f->min_annual_revenue, 500000000LL); /* cents */
    assert_int_equal(f->revenue_goal_per_month, 100000000LL);
    assert_string_equal(f->required_fields[2], "phone");
    assert_string_equal(f->roles[2], "vice president");
    assert_null(f->industries[0]);
    assert_false(f->first_touch_business);
    assert_true(rp_profile_list_has(f->won_stages, "Closed Won"));
    assert_true(rp_profile_list_has(f->marketing_sources, "Trade Show"));
    rp_profile_free(b);
    rp_profile_free(f);
}

static void test_cn(void **state)
{
    struct rp_err err = {0};
    struct rp_profile *p = rp_profile_load("templates/sla/cn.ini", &err);
    (void)state;
    if (!p)
        fail_msg("%s", err.msg);
    assert_string_equal(p->timezone, "Asia/Shanghai");
    assert_float_equal(p->mql_per_month, 300, 0);
    assert_float_equal(p->icp_min, 0.85, 1e-12);
    assert_float_equal(p->completeness_min, 0.90, 1e-12);
    assert_float_equal(p->intake_hours, 2, 0);
    assert_float_equal(p->first_touch_hours, 4, 0);
    assert_true(p->first_touch_business);
    assert_int_equal(p->min_attempts, 8);
    assert_float_equal(p->status_days, 7, 0);
    assert_true(p->holidays->len > 10);
    rp_profile_free(p);
}

static void test_missing_keys_default(void **state)
{
    g_autofree char *path = write_tmp("[sales]\nmin_attempts = 3\n");
    struct rp_err err = {0};
    struct rp_profile *p = rp_profile_load(path, &err);
    (void)state;
    unlink(path);
    assert_non_null(p);
    assert_int_equal(p->min_attempts, 3);
    assert_float_equal(p->first_touch_hours, 24, 0);
    assert_false(p->has_icp);      /* no [icp] section: no ICP rules */
    rp_profile_free(p);
}

/* Make-up working days with no holidays named: a profile for a calendar
 * of weekends only, and one Saturday worked (2026-02-28). */
static void test_extra_workdays_alone(void **state)
{
    g_autofree char *path =
        write_tmp("[calendar]\nextra_workdays = 2026-02-28\n");
    struct rp_err err = {0};
    struct rp_profile *p = rp_profile_load(path, &err);
    (void)state;
    unlink(path);
    assert_non_null(p);
    assert_int_equal(p->holidays->len, 0);
    assert_int_equal(p->extra_workdays->len, 1);
    rp_profile_free(p);
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("[marketing]\nicp_min = 1.5\n", 2, "icp_min");
    expect_error("[calendar]\n\ntimezone = Mars/Base\n", 3, "time zone");
    expect_error("[calendar]\nworkhours = 9-5pm\n", 2, "HH:MM-HH:MM");
    expect_error("[calendar]\nworkhours = 18:00-09:00\n", 2, "end after");
    expect_error("[calendar]\nworkdays = Mon,Funday\n", 2, "day names");
    expect_error("[calendar]\nholidays = 2025-13-01\n", 2, "YYYY-MM-DD");
    expect_error("[calendar]\ndate_order = ydm\n", 2, "mdy, dmy or ymd");
    expect_error("[sales]\nfirst_touch_clock = wall\n", 2, "clock or business");
    expect_error("[sales]\nmin_attempts = many\n", 2, "whole number");
    expect_error("[sales]\nicp_min = 0.5\n", 2, "unknown key 'icp_min'");
    expect_error("# x\n[bogus]\nk = v\n", 2, "unknown section [bogus]");
    expect_error("[pipeline]\nrevenue_goal_per_month = lots\n", 2, "amount");
    expect_error("[money]\ncurrency = dollars\n", 2, "ISO 4217");
    expect_error("[money]\nsymbols = $USD\n", 2, "SYMBOL=CODE");
    expect_error("[fx]\nCNY = -1\n", 2, "positive decimal");
    expect_error("[fx]\nyuan = 0.14\n", 2, "three-letter");
    expect_error("[mail]\nfrom = not an address\n", 2, "address");
    expect_error("[mail]\nsmtp_url = http://x\n", 2, "smtp://");
    expect_error("[calendar]\nholidays = 2026-02-28\n"
                 "extra_workdays = 2026-02-28\n",
                 3, "both holidays and extra_workdays");
}

/* SPEC 7.1's new sections: the reporting currency, its symbols, [fx]
 * rates (a rate of the reporting currency itself is 1), [mail]. */
static void test_money(void **state)
{
    (void)state;
    char path[] = "/tmp/rp-test-money-XXXXXX";
    int fd = g_mkstemp(path);
    const char text[] = "[money]\ncurrency = usd\n"
                        "[fx]\nCNY = 0.14 ; yuan\neur = 1.08\n"
                        "[mail]\nfrom = RevOps <revops@example.com>\n"
                        "smtp_url = smtp://127.0.0.1:2525\n";
    struct rp_err err = {0};
    double r;
    assert_true(write(fd, text, sizeof(text) - 1) == sizeof(text) - 1);
    close(fd);
    struct rp_profile *p = rp_profile_load(path, &err);
    unlink(path);
    assert_non_null(p);
    assert_string_equal(p->currency, "USD");
    assert_true(rp_profile_rate(p, "CNY", &r) && r == 0.14);
    assert_true(rp_profile_rate(p, "EUR", &r) && r == 1.08);
    assert_true(rp_profile_rate(p, "usd", &r) && r == 1);
    assert_false(rp_profile_rate(p, "GBP", &r));
    assert_string_equal(p->mail_from, "RevOps <revops@example.com>");
    assert_int_equal(p->symbols->len, 18);  /* the SPEC's nine */
    rp_profile_free(p);
    /* cn.ini reports in yuan and lists the make-up days */
    p = rp_profile_load("templates/sla/cn.ini", &err);
    assert_non_null(p);
    assert_string_equal(p->currency, "CNY");
    assert_true(rp_profile_rate(p, "USD", &r) && r > 6);
    assert_int_equal(p->extra_workdays->len, 11);
    rp_profile_free(p);
}

/* Lists match in any case, ASCII or not, short or long: the ASCII fold on
 * the stack reads as g_utf8_strdown() does. */
static void test_list_case(void **state)
{
    (void)state;
    g_autofree char *long_ascii = g_strnfill(300, 'a');
    g_autofree char *long_upper = g_strnfill(300, 'A');
    char *const list[] = {"closed won", "ärzte", long_ascii, NULL};
    char buf[8];

    assert_true(rp_profile_list_has(list, "Closed Won"));
    assert_true(rp_profile_list_has(list, "CLOSED WON"));
    assert_false(rp_profile_list_has(list, "Closed Wo"));
    assert_true(rp_profile_list_has(list, "ÄRZTE"));
    assert_true(rp_profile_list_has(list, long_upper));
    assert_false(rp_profile_list_has(NULL, "x"));
    /* into the buffer when ASCII that fits, else a new string */
    assert_null(rp_profile_down("AbC", 3, buf, sizeof(buf)));
    assert_string_equal(buf, "abc");
    char *low = rp_profile_down("ABCDEFGH", 8, buf, sizeof(buf));
    assert_string_equal(low, "abcdefgh");
    g_free(low);
    low = rp_profile_down("Ä@Z[", 5, buf, sizeof(buf));
    assert_string_equal(low, "ä@z[");
    g_free(low);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_matches_builtin),
        cmocka_unit_test(test_cn),
        cmocka_unit_test(test_missing_keys_default),
        cmocka_unit_test(test_extra_workdays_alone),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_list_case),
    };
    return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
