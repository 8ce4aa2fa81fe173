/* calendar.c - periods and business hours. */
#include "revpack/calendar.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

int rp_period_parse(const char *s, enum rp_period_kind *kind, int *year,
                    int *index)
{
    int y, i, n = 0;
    size_t len = strlen(s);

    if (sscanf(s, "%4d-%2d%n", &y, &i, &n) == 2 && (size_t)n == len &&
        len == 7 && i >= 1 && i <= 12) {
        *kind = RP_PERIOD_MONTH;
    } else if ((sscanf(s, "%4d%*[Qq]%1d%n", &y, &i, &n) == 2 ||
                sscanf(s, "%4d-%*[Qq]%1d%n", &y, &i, &n) == 2) &&
               (size_t)n == len && i >= 1 && i <= 4) {
        *kind = RP_PERIOD_QUARTER;
    } else {
        return -1;
    }
    if (y < 1900 || y > 2199)
        return -1;
    *year = y;
    *index = i;
    return 0;
}

static int64_t month_start(struct rp_clock *clock, int y, int m)
{
    while (m > 12) {
        m -= 12;
        y++;
    }
    return rp_clock_local_to_utc(
        clock, rp_days_from_civil(y, (unsigned)m, 1) * 86400);
}

void rp_period_set(struct rp_period *p, struct rp_clock *clock,
                   enum rp_period_kind kind, int year, int index)
{
    int m0 = kind == RP_PERIOD_MONTH ? index : (index - 1) * 3 + 1;

    p->kind = kind;
    p->year = year;
    p->index = index;
    p->start = month_start(clock, year, m0);
    p->end = month_start(clock, year, m0 + rp_period_months(p));
}

struct rp_period rp_period_shift(const struct rp_period *p,
                                 struct rp_clock *clock, int n)
{
    int per_year = p->kind == RP_PERIOD_MONTH ? 12 : 4;
    int k = p->year * per_year + (p->index - 1) + n;
    struct rp_period q;

    rp_period_set(&q, clock, p->kind, k / per_year, k % per_year + 1);
    return q;
}

void rp_period_key(const struct rp_period *p, char *buf)
{
    if (p->kind == RP_PERIOD_MONTH)
        sprintf(buf, "%04d-%02d", p->year, p->index);
    else
        sprintf(buf, "%04dQ%d", p->year, p->index);
}

int rp_period_months(const struct rp_period *p)
{
    return p->kind == RP_PERIOD_MONTH ? 1 : 3;
}

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

double rp_business_hours(const struct rp_calendar *cal, int64_t a, int64_t b)
{
    int64_t total = 0;

    if (b <= a)
        return 0;
    int64_t d0 = rp_day_of(rp_clock_utc_to_local(cal->clock, a));
    int64_t d1 = rp_day_of(rp_clock_utc_to_local(cal->clock, b));
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
