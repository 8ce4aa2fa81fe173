/* period.c - report periods: calendar months and quarters in the
 * profile's zone, as half-open UTC ranges (SPEC 3). */
#include "revpack/period.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

/* "2025-06", "2025Q2", "2025-Q2" (q or Q), nothing more: no spaces, no
 * signs, no doubled letters. */
int rp_period_parse(const char *s, enum rp_period_kind *kind, int *year,
                    int *index)
{
    size_t len = strlen(s);

    for (int i = 0; i < 4; i++)
        if (!g_ascii_isdigit(s[i]))
            return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    if (len == 7 && s[4] == '-' && g_ascii_isdigit(s[5]) &&
        g_ascii_isdigit(s[6])) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return -1;
        *kind = RP_PERIOD_MONTH;
        *index = m;
    } else {
        const char *q = s + 4 + (s[4] == '-');
        if ((q[0] != 'Q' && q[0] != 'q') || q[1] < '1' || q[1] > '4' || q[2])
            return -1;
        *kind = RP_PERIOD_QUARTER;
        *index = q[1] - '0';
    }
    if (y < 1900 || y > 2199)
        return -1;
    *year = y;
    return 0;
}

static int64_t month_start(struct rp_clock *clock, int y, int m)
{
    while (m > 12) {
        m -= 12;
        y++;
    }
    return rp_clock_local_to_utc(
        clock, rp_clock_days_from_civil(y, (unsigned)m, 1) * 86400);
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
