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
    cal->extra = (const int64_t *)(void *)prof->extra_workdays->data;
    cal->n_extra = prof->extra_workdays->len;
}

/* Is @day in the sorted list @days? */
static bool listed(const int64_t *days, unsigned n, int64_t day)
{
    unsigned lo = 0, hi = n;

    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (days[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && days[lo] == day;
}

/* A working day: a make-up day (extra_workdays, SPEC 3), or a workday of
 * the week that is no holiday. */
static bool working(const struct rp_calendar *cal, int64_t day)
{
    /* 1970-01-01 was a Thursday: weekday 3 with Monday = 0 */
    int wd = (int)(((day % 7) + 7 + 3) % 7);
    if (listed(cal->extra, cal->n_extra, day))
        return true;
    return (cal->workdays & (1u << wd)) &&
           !listed(cal->holidays, cal->n_holidays, day);
}

double rp_calendar_hours(const struct rp_calendar *cal, int64_t a, int64_t b)
{
    int64_t total = 0;

    if (b <= a)
        return 0;
    int64_t d0 = rp_clock_day_of(rp_clock_utc_to_local(cal->clock, a));
    int64_t d1 = rp_clock_day_of(rp_clock_utc_to_local(cal->clock, b));
    for (int64_t d = d0; d <= d1; d++) {
        if (!working(cal, d))
            continue;
        int64_t ws = rp_clock_local_to_utc(cal->clock, d * 86400 + cal->work_start);
        int64_t we = rp_clock_local_to_utc(cal->clock, d * 86400 + cal->work_end);
        int64_t lo = ws > a ? ws : a, hi = we < b ? we : b;
        if (hi > lo)
            total += hi - lo;
    }
    return (double)total / 3600.0;
}
