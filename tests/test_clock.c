/* Unit tests for clock.c: timestamp forms, zones, DST edges.
 * Epochs worked out by hand: 2025-01-01T00:00Z = 1735689600; 2025-06-30 is
 * day 180 of 2025 -> 1751241600; 14:05 adds 50700 -> 1751292300. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>

#include "revpack/clock.h"

#define JUN30 1751241600LL
#define JUN30_1405 1751292300LL

static void ok(struct rp_clock *c, const char *s, int64_t want)
{
    int64_t t = 0;
    const char *why = NULL;
    if (rp_clock_parse(c, s, &t, &why) != 0)
        fail_msg("'%s' rejected: %s", s, why);
    if (t != want)
        fail_msg("'%s' gave %lld, want %lld (diff %lld s)", s, (long long)t,
                 (long long)want, (long long)(t - want));
}

static void bad(struct rp_clock *c, const char *s, const char *why_part)
{
    int64_t t = 0;
    const char *why = NULL;
    if (rp_clock_parse(c, s, &t, &why) == 0)
        fail_msg("'%s' accepted as %lld", s, (long long)t);
    if (!strstr(why, why_part))
        fail_msg("'%s': reason '%s' lacks '%s'", s, why, why_part);
}

static void test_civil(void **state)
{
    int y;
    unsigned m, d;
    (void)state;
    assert_int_equal(rp_clock_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(rp_clock_days_from_civil(2025, 1, 1) * 86400, 1735689600LL);
    assert_int_equal(rp_clock_days_from_civil(2025, 6, 30) * 86400, JUN30);
    rp_clock_civil_from_days(20269, &y, &m, &d); /* 2025-06-30 */
    assert_int_equal(y, 2025);
    assert_int_equal(m, 6);
    assert_int_equal(d, 30);
    assert_int_equal(rp_clock_day_of(-1), -1);
    assert_int_equal(rp_clock_day_of(86399), 0);
}

static void test_forms_utc(void **state)
{
    struct rp_clock c;
    (void)state;
    assert_int_equal(rp_clock_init(&c, "UTC", RP_DATE_YMD), 0);
    ok(&c, "2025-06-30", JUN30);
    ok(&c, "2025-06-30 14:05:00", JUN30_1405);
    ok(&c, "2025-06-30 14:05", JUN30_1405);
    ok(&c, "2025-06-30T14:05:00Z", JUN30_1405);
    ok(&c, "2025-06-30T14:05:00.123456Z", JUN30_1405);
    ok(&c, "2025-06-30T22:05:00+08:00", JUN30_1405);
    ok(&c, "2025-06-30T22:05:00+0800", JUN30_1405);
    ok(&c, "2025-06-30 22:05:00 +08", JUN30_1405);
    ok(&c, "2025-06-30 09:05:00-05:00", JUN30_1405);
    ok(&c, "2025/6/30 14:05", JUN30_1405);
    ok(&c, "2025/06/30", JUN30);
    /* Chinese CRMs (简道云): dots and 年月日, leading zeros optional */
    ok(&c, "2025.06.30", JUN30);
    ok(&c, "2025.6.30 14:05", JUN30_1405);
    ok(&c, "2025\xe5\xb9\xb4" "6\xe6\x9c\x88" "30\xe6\x97\xa5", JUN30);
    ok(&c, "2025\xe5\xb9\xb4" "06\xe6\x9c\x88" "30\xe6\x97\xa5 14:05:00",
       JUN30_1405);
    bad(&c, "2025\xe5\xb9\xb4" "6\xe6\x9c\x88", "expected a date");
    bad(&c, "2025.13.01", "no such date");
    ok(&c, "2024-02-29", rp_clock_days_from_civil(2024, 2, 29) * 86400);
    bad(&c, "6/30/2025", "date_order is ymd");
    /* German exports (Salesforce de, Excel de): day.month.year always */
    ok(&c, "30.06.2025", JUN30);
    ok(&c, "30.6.2025 14:05", JUN30_1405);
    bad(&c, "06.30.2025", "no such date");
    bad(&c, "2025-02-29", "no such date");
    bad(&c, "2025-13-01 10:00:00", "no such date");
    bad(&c, "2025-06-30 24:00:00", "time of day");
    bad(&c, "2025-06-30 14:05:00 PM", "expected a date");
    bad(&c, "2025-06-30T14:05:00+25:00", "UTC offset");
    bad(&c, "yesterday", "expected a date");
    bad(&c, "2025-06", "expected a date");
    bad(&c, "2025-6-30", "expected a date");
    rp_clock_release(&c);
}

static void test_date_order(void **state)
{
    struct rp_clock c;
    (void)state;
    assert_int_equal(rp_clock_init(&c, "UTC", RP_DATE_MDY), 0);
    ok(&c, "6/30/2025 2:05 PM", JUN30_1405);
    ok(&c, "6/30/2025 2:05:00 pm", JUN30_1405);
    ok(&c, "6/30/2025 12:00 AM", JUN30);
    ok(&c, "6/30/2025 12:30 PM", JUN30 + 45000);
    ok(&c, "6/30/2025", JUN30);
    ok(&c, "2025/6/30 14:05", JUN30_1405);  /* year-first whatever the order */
    bad(&c, "30/6/2025", "no such date");
    bad(&c, "6/30/2025 13:05 PM", "time of day");
    rp_clock_release(&c);
    assert_int_equal(rp_clock_init(&c, "UTC", RP_DATE_DMY), 0);
    ok(&c, "30/6/2025 14:05", JUN30_1405);
    ok(&c, "1/2/2025", rp_clock_days_from_civil(2025, 2, 1) * 86400);
    rp_clock_release(&c);
}

static void test_zones_dst(void **state)
{
    struct rp_clock c;
    (void)state;
    assert_int_equal(rp_clock_init(&c, "Mars/Base", RP_DATE_YMD), -1);
    assert_int_equal(rp_clock_init(&c, "Asia/Shanghai", RP_DATE_YMD), 0);
    ok(&c, "2025-06-30 22:05:00", JUN30_1405);
    ok(&c, "2025-06-30T14:05:00Z", JUN30_1405);   /* explicit offset wins */
    rp_clock_release(&c);

    assert_int_equal(rp_clock_init(&c, "America/New_York", RP_DATE_YMD), 0);
    /* 2025-03-09 = day 67 -> 1741478400.  02:30 does not exist; the
     * offset before the change (EST, -5) gives 07:30Z. */
    ok(&c, "2025-03-09 02:30:00", 1741478400LL + 27000);
    ok(&c, "2025-03-09 01:59:59", 1741478400LL + 6 * 3600 + 3599);
    ok(&c, "2025-03-09 03:00:00", 1741478400LL + 7 * 3600);   /* EDT */
    /* 2025-11-02 = day 305 -> 1762041600.  01:30 happens twice; the
     * earlier offset (EDT, -4) gives 05:30Z. */
    ok(&c, "2025-11-02 01:30:00", 1762041600LL + 19800);
    ok(&c, "2025-11-02 03:00:00", 1762041600LL + 8 * 3600);   /* EST */
    ok(&c, "2025-07-01 12:00:00", rp_clock_days_from_civil(2025, 7, 1) * 86400 +
                                      16 * 3600);
    /* same answers twice: the day cache must agree with the slow path */
    ok(&c, "2025-03-09 02:30:00", 1741478400LL + 27000);
    ok(&c, "2025-11-02 01:30:00", 1762041600LL + 19800);
    assert_int_equal(rp_clock_offset_at(&c, 1762041600LL + 19800), -4 * 3600);
    char buf[20];
    rp_clock_format(&c, 1762041600LL + 8 * 3600, buf);
    assert_string_equal(buf, "2025-11-02 03:00:00");
    /* the hand-written format against GLib's, every 7919 s for 3 years
     * around the zone's changes, and years on either side of 0 and 9999 */
    for (int64_t t = 1735689600LL; t < 1735689600LL + 3 * 366 * 86400LL;
         t += 7919) {
        GDateTime *dt = g_date_time_new_from_unix_utc(t);
        GDateTime *lt = g_date_time_to_timezone(dt, c.tz);
        char *want = g_date_time_format(lt, "%Y-%m-%d %H:%M:%S");
        rp_clock_format(&c, t, buf);
        assert_string_equal(buf, want);
        g_free(want);
        g_date_time_unref(lt);
        g_date_time_unref(dt);
    }
    rp_clock_release(&c);
    assert_int_equal(rp_clock_init(&c, "UTC", RP_DATE_YMD), 0);
    rp_clock_format(&c, rp_clock_days_from_civil(9999, 12, 31) * 86400 + 86399,
                    buf);
    assert_string_equal(buf, "9999-12-31 23:59:59");
    rp_clock_format(&c, rp_clock_days_from_civil(0, 1, 1) * 86400 + 3661, buf);
    assert_string_equal(buf, "0000-01-01 01:01:01");
    rp_clock_release(&c);
}

/* The fixed-position fast path ("YYYY-MM-DD HH:MM:SS") and the general
 * parser (the same reading as "YYYY-MM-DDTHH:MM:SS", "YYYY/MM/DD
 * HH:MM:SS" and "YYYY-MM-DD H:MM:SS") agree on every quarter hour of the
 * days around DST changes in four zones, and on bad dates and times; a
 * fresh clock (empty day cache) agrees with a used one. */
static void test_fast_path_agrees(void **state)
{
    static const char *const zones[] = {"America/New_York", "Europe/Berlin",
                                        "Australia/Sydney", "Asia/Shanghai",
                                        "UTC"};
    /* change days: US 2025-03-09, 2025-11-02; EU 2025-03-30, 2025-10-26;
     * AU 2025-04-06, 2025-10-05; and an ordinary day, a leap day */
    static const int days[][3] = {{2025, 3, 9},  {2025, 11, 2}, {2025, 3, 30},
                                  {2025, 10, 26}, {2025, 4, 6},  {2025, 10, 5},
                                  {2025, 6, 30},  {2024, 2, 29}};
    (void)state;
    for (size_t z = 0; z < G_N_ELEMENTS(zones); z++) {
        struct rp_clock c, fresh;
        assert_int_equal(rp_clock_init(&c, zones[z], RP_DATE_YMD), 0);
        for (size_t d = 0; d < G_N_ELEMENTS(days); d++) {
            int64_t day = rp_clock_days_from_civil(days[d][0],
                                                   (unsigned)days[d][1],
                                                   (unsigned)days[d][2]);
            for (int64_t q = -4; q < 4 * 24 + 4; q++) { /* 15 min steps */
                int y;
                unsigned m, dd;
                int64_t local = day * 86400 + q * 900 + 7;
                int64_t dn = local / 86400 - (local % 86400 < 0);
                int64_t sod = local - dn * 86400;
                rp_clock_civil_from_days(dn, &y, &m, &dd);
                int h = (int)(sod / 3600), mi = (int)(sod / 60 % 60),
                    se = (int)(sod % 60);
                char fast[32], forms[3][32];
                g_snprintf(fast, sizeof(fast), "%04d-%02u-%02u %02d:%02d:%02d",
                           y, m, dd, h, mi, se);
                g_snprintf(forms[0], 32, "%04d-%02u-%02uT%02d:%02d:%02d", y,
                           m, dd, h, mi, se);
                g_snprintf(forms[1], 32, "%04d/%02u/%02u %02d:%02d:%02d", y,
                           m, dd, h, mi, se);
                g_snprintf(forms[2], 32, "%04d-%02u-%02u %d:%02d:%02d", y, m,
                           dd, h, mi, se);
                int64_t a = 0, b = 0;
                const char *why = NULL;
                assert_int_equal(rp_clock_parse(&c, fast, &a, &why), 0);
                for (int f = 0; f < 3; f++) {
                    if (f == 2 && h >= 10)
                        continue;   /* "H:" is the fast form then */
                    assert_int_equal(rp_clock_parse(&c, forms[f], &b, &why),
                                     0);
                    if (a != b)
                        fail_msg("%s: '%s' %lld, '%s' %lld", zones[z], fast,
                                 (long long)a, forms[f], (long long)b);
                }
                assert_int_equal(rp_clock_init(&fresh, zones[z], RP_DATE_YMD),
                                 0);
                assert_int_equal(rp_clock_parse(&fresh, fast, &b, &why), 0);
                assert_true(a == b);
                rp_clock_release(&fresh);
            }
        }
        static const char *const wrong[][2] = {
            {"2025-02-29 10:00:00", "no such date"},
            {"2025-02-29T10:00:00", "no such date"},
            {"2025-06-30 24:00:00", "bad time of day"},
            {"2025-06-30T24:00:00", "bad time of day"},
            {"2025-06-30 12:60:00", "bad time of day"},
            {"2025-06-30T12:60:00", "bad time of day"},
        };
        for (size_t w = 0; w < G_N_ELEMENTS(wrong); w++)
            bad(&c, wrong[w][0], wrong[w][1]);
        rp_clock_release(&c);
    }
}

/* Every date of 1895-2105, and days 0 and 29-32 of months 0-13: the fast
 * path reads each as the general parser reads it with a 'T' (both read
 * the same instant, or both reject: an invalid date falls through to the
 * general parser, which says why), and the days it reads are the
 * calendar's.  By hand: 2000-02-29 is day
 * 11,016 (30 years, 7 leap days, 31 + 28 days), 1901-01-01 is -25,202
 * (69 years, 17 leap days), 2099-12-31 is 47,481. */
static void test_fast_path_days(void **state)
{
    (void)state;
    struct rp_clock c;
    unsigned read = 0;

    assert_int_equal(rp_clock_init(&c, "UTC", RP_DATE_YMD), 0);
    for (int y = 1895; y <= 2105; y++) {
        for (int m = 0; m <= 13; m++) {
            for (int d = 0; d <= 32; d++) {
                if (d > 1 && d < 28)
                    continue;
                char s[24], t[24];
                int64_t v = 0, w = 0;
                const char *why;
                g_snprintf(s, sizeof(s), "%04d-%02d-%02d 23:59:58", y, m, d);
                g_snprintf(t, sizeof(t), "%04d-%02d-%02dT23:59:58", y, m, d);
                int rs = rp_clock_parse(&c, s, &v, &why),
                    rt = rp_clock_parse(&c, t, &w, &why);
                if (rs != rt || (rs == 0 && v != w))
                    fail_msg("'%s' %d %lld, 'T' %d %lld", s, rs, (long long)v,
                             rt, (long long)w);
                if (rs == 0)
                    assert_int_equal(v, rp_clock_days_from_civil(
                                            y, (unsigned)m, (unsigned)d) *
                                                86400 + 86398);
                read += rs == 0;
            }
        }
    }
    /* a year: days 1 and 28 of 12 months, 29 and 30 of 11, 31 of 7;
     * and 29 February in the 51 leap years (1896-2104 less 1900, 2100) */
    assert_int_equal(read, 211 * (12 * 2 + 11 * 2 + 7) + 51);
    int64_t v;
    const char *why;
    assert_int_equal(rp_clock_parse(&c, "2000-02-29 00:00:00", &v, &why), 0);
    assert_int_equal(v, 11016LL * 86400);
    assert_int_equal(rp_clock_parse(&c, "1901-01-01 00:00:00", &v, &why), 0);
    assert_int_equal(v, -25202LL * 86400);
    assert_int_equal(rp_clock_parse(&c, "2099-12-31 00:00:00", &v, &why), 0);
    assert_int_equal(v, 47481LL * 86400);
    rp_clock_release(&c);
}

/* Every byte at every place of "2025-06-30 10:20:30": the fast path
 * reads a string only in its form, so a string it is given reads as the
 * general parser reads the same text with a 'T' between date and time
 * (both read, or both reject); between them, only ' ', 'T' and 't'. */
static void test_fast_path_bytes(void **state)
{
    (void)state;
    static const char base[] = "2025-06-30 10:20:30";
    struct rp_clock c;
    unsigned taken = 0;

    assert_int_equal(rp_clock_init(&c, "UTC", RP_DATE_YMD), 0);
    for (int at = 0; at < 19; at++) {
        for (int b = 1; b < 256; b++) {
            char s[20], t[20];
            int64_t v = 0, w = 0;
            const char *why;
            memcpy(s, base, sizeof(s));
            s[at] = (char)b;
            int rs = rp_clock_parse(&c, s, &v, &why);
            if (at == 10) {
                assert_int_equal(rs == 0, b == ' ' || b == 'T' || b == 't');
                continue;
            }
            memcpy(t, s, sizeof(t));
            t[10] = 'T';
            int rt = rp_clock_parse(&c, t, &w, &why);
            if (rs != rt || (rs == 0 && v != w))
                fail_msg("'%s' %d %lld, '%s' %d %lld", s, rs, (long long)v, t,
                         rt, (long long)w);
            taken += rs == 0;
        }
    }
    /* by hand: the digits that keep a real date and time (year 4 x 10,
     * month 1 + 8 of the months with a 30th, day 3 + 1, hour 3 + 10,
     * minute and second 6 + 10 each: 98) and the four separators */
    assert_int_equal(taken, 102);
    rp_clock_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil), cmocka_unit_test(test_forms_utc),
        cmocka_unit_test(test_date_order), cmocka_unit_test(test_zones_dst),
        cmocka_unit_test(test_fast_path_agrees),
        cmocka_unit_test(test_fast_path_bytes),
        cmocka_unit_test(test_fast_path_days),
    };
    return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
