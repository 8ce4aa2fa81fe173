/* Unit tests for calendar.c: periods and business hours.
 * 2025-06-30 is a Monday (2025-01-01 was a Wednesday, +180 days). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "revpack/calendar.h"
#include "revpack/period.h"

#define DAY 86400LL
#define H 3600LL
#define JUN27 (1751241600LL - 3 * DAY) /* Friday */
#define JUN30 1751241600LL             /* Monday */

static struct rp_profile *prof;

static int setup(void **state)
{
    (void)state;
    prof = rp_profile_load(NULL, NULL);
    return prof ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rp_profile_free(prof);
    return 0;
}

static void test_periods(void **state)
{
    struct rp_clock c;
    struct rp_period p, q;
    enum rp_period_kind k;
    int y, i;
    char key[16];
    (void)state;

    assert_int_equal(rp_period_parse("2025-06", &k, &y, &i), 0);
    assert_int_equal(k, RP_PERIOD_MONTH);
    assert_int_equal(rp_period_parse("2025Q2", &k, &y, &i), 0);
    assert_int_equal(k, RP_PERIOD_QUARTER);
    assert_int_equal(i, 2);
    assert_int_equal(rp_period_parse("2025-Q3", &k, &y, &i), 0);
    assert_int_equal(rp_period_parse("2025Q5", &k, &y, &i), -1);
    assert_int_equal(rp_period_parse("2025-13", &k, &y, &i), -1);
    assert_int_equal(rp_period_parse("June", &k, &y, &i), -1);

    rp_clock_init(&c, "UTC", RP_DATE_YMD);
    rp_period_set(&p, &c, RP_PERIOD_MONTH, 2025, 6);
    assert_int_equal(p.start, 1748736000LL);   /* 2025-06-01 */
    assert_int_equal(p.end, 1751328000LL);     /* 2025-07-01 */
    rp_period_set(&p, &c, RP_PERIOD_QUARTER, 2025, 2);
    assert_int_equal(p.start, 1743465600LL);   /* 2025-04-01 */
    assert_int_equal(p.end, 1751328000LL);
    assert_int_equal(rp_period_months(&p), 3);
    rp_period_set(&p, &c, RP_PERIOD_MONTH, 2025, 1);
    q = rp_period_shift(&p, &c, -1);
    rp_period_key(&q, key);
    assert_string_equal(key, "2024-12");
    rp_period_set(&p, &c, RP_PERIOD_QUARTER, 2025, 1);
    q = rp_period_shift(&p, &c, -5);
    rp_period_key(&q, key);
    assert_string_equal(key, "2023Q4");
    rp_clock_release(&c);

    /* local months: Shanghai's June starts at 2025-05-31T16:00Z */
    rp_clock_init(&c, "Asia/Shanghai", RP_DATE_YMD);
    rp_period_set(&p, &c, RP_PERIOD_MONTH, 2025, 6);
    assert_int_equal(p.start, 1748736000LL - 8 * H);
    rp_clock_release(&c);
}

static void test_business_hours(void **state)
{
    struct rp_clock c;
    struct rp_calendar cal;
    (void)state;

    rp_clock_init(&c, "UTC", RP_DATE_YMD);
    rp_calendar_init(&cal, &c, prof);
    /* Fri 17:00 -> Mon 10:00: 1 h Friday + 1 h Monday */
    assert_float_equal(rp_calendar_hours(&cal, JUN27 + 17 * H, JUN30 + 10 * H),
                       2.0, 1e-9);
    /* same day, 10:00 -> 12:30 */
    assert_float_equal(rp_calendar_hours(&cal, JUN30 + 10 * H,
                                         JUN30 + 12 * H + 1800),
                       2.5, 1e-9);
    /* Saturday to Sunday night: nothing */
    assert_float_equal(rp_calendar_hours(&cal, JUN27 + DAY, JUN27 + 3 * DAY - 1),
                       0.0, 1e-9);
    /* before opening to after closing: the full 9 h */
    assert_float_equal(rp_calendar_hours(&cal, JUN30 + 2 * H, JUN30 + 22 * H),
                       9.0, 1e-9);
    /* a whole week Mon 00:00 -> next Mon 00:00: 5 x 9 h */
    assert_float_equal(rp_calendar_hours(&cal, JUN30, JUN30 + 7 * DAY), 45.0,
                       1e-9);
    /* b before a */
    assert_float_equal(rp_calendar_hours(&cal, JUN30 + 10 * H, JUN30), 0.0,
                       1e-9);

    /* with Monday 2025-06-30 a holiday: Fri 17:00 -> Tue 10:00 = 1 + 1 */
    int64_t hol = JUN30 / DAY;
    cal.holidays = &hol;
    cal.n_holidays = 1;
    assert_float_equal(rp_calendar_hours(&cal, JUN27 + 17 * H,
                                         JUN30 + DAY + 10 * H),
                       2.0, 1e-9);
    /* a make-up working Saturday (调休, extra_workdays) counts its full
     * 9 h: Fri 17:00 -> Mon 10:00 = 1 + 9 + 1 (Monday no holiday now) */
    int64_t sat = JUN27 / DAY + 1;
    cal.n_holidays = 0;
    cal.extra = &sat;
    cal.n_extra = 1;
    assert_float_equal(rp_calendar_hours(&cal, JUN27 + 17 * H, JUN30 + 10 * H),
                       11.0, 1e-9);
    /* and a make-up day wins over a holiday list that names it */
    cal.holidays = &sat;
    cal.n_holidays = 1;
    assert_float_equal(rp_calendar_hours(&cal, JUN27 + DAY, JUN27 + 2 * DAY),
                       9.0, 1e-9);
    rp_clock_release(&c);

    /* Shanghai: 09:00-18:00 local = 01:00-10:00 UTC; Monday 08:00 local
     * (00:00Z) -> 10:00 local (02:00Z) is one working hour */
    rp_clock_init(&c, "Asia/Shanghai", RP_DATE_YMD);
    rp_calendar_init(&cal, &c, prof);
    assert_float_equal(rp_calendar_hours(&cal, JUN30, JUN30 + 2 * H), 1.0,
                       1e-9);
    rp_clock_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_business_hours),
    };
    return cmocka_run_group_tests_name("calendar", tests, setup, teardown);
}
