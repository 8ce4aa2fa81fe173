/* calendar.c - business hours (SPEC 3). */
#include "revpack/calendar.h"

#include <glib.h>
#include <stdbool.h>

void rp_calendar_init(struct rp_calendar *cal, struct rp_clock *clock,
                      const struct rp_profile *prof)
{
    cal->clock = clock;
    cal->workdays = prof->workdays;
    cal->work_start = prof->work_start;
    cal->work_end = prof->work_end;
    cal->holidays = (const int64_t *)(void *)prof->holidays->data;
    cal->n_holidays = prof->holidays->len;
}

static bool is_holiday(const struct rp_calendar *cal, int64_t day)
{
    unsigned lo = 0, hi = cal->n_holidays;

    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (cal->holidays[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < cal->n_holidays && cal->holidays[lo] == day;
}

double rp_calendar_hours(const struct rp_calendar *cal, int64_t a, int64_t b)
{
    int64_t total = 0;

    if (b <= a)
        return 0;
    int64_t d0 = rp_clock_day_of(rp_clock_utc_to_local(cal->clock, a));
    int64_t d1 = rp_clock_day_of(rp_clock_utc_to_local(cal->clock, b));
    for (int64_t d = d0; d <= d1; d++) {
        /* 1970-01-01 was a Thursday: weekday 3 with Monday = 0 */
        int wd = (int)(((d % 7) + 7 + 3) % 7);
        if (!(cal->workdays & (1u << wd)) || is_holiday(cal, d))
            continue;
        int64_t ws = rp_clock_local_to_utc(cal->clock, d * 86400 + cal->work_start);
        int64_t we = rp_clock_local_to_utc(cal->clock, d * 86400 + cal->work_end);
        int64_t lo = ws > a ? ws : a, hi = we < b ? we : b;
        if (hi > lo)
            total += hi - lo;
    }
    return (double)total / 3600.0;
}
