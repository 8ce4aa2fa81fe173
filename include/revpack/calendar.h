/* calendar.h - report periods and business hours (SPEC section 3).
 *
 * Periods are calendar months or quarters in the profile's zone, as
 * half-open UTC ranges [start, end).  Business hours count the part of an
 * interval inside the profile's workdays and workhours, holidays excluded,
 * each day's working window taken in local time (DST-correct).
 */
#ifndef REVPACK_CALENDAR_H
#define REVPACK_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "revpack/clock.h"
#include "revpack/profile.h"

enum rp_period_kind { RP_PERIOD_MONTH, RP_PERIOD_QUARTER };

struct rp_period {
    enum rp_period_kind kind;
    int year, index;        /* index: month 1..12 or quarter 1..4 */
    int64_t start, end;     /* UTC instants, half-open */
};

/* Parse "2025-06" or "2025Q2" (also "2025-Q2", lower-case q). */
int rp_period_parse(const char *s, enum rp_period_kind *kind, int *year,
                    int *index);

/* Fill @p->start/end for kind/year/index in @clock's zone. */
void rp_period_set(struct rp_period *p, struct rp_clock *clock,
                   enum rp_period_kind kind, int year, int index);

/* The period @n steps after @p (negative: before). */
struct rp_period rp_period_shift(const struct rp_period *p,
                                 struct rp_clock *clock, int n);

/* "2025-06" or "2025Q2" into buf (>= 8 bytes). */
void rp_period_key(const struct rp_period *p, char *buf);

/* Number of calendar months in the period (1 or 3). */
int rp_period_months(const struct rp_period *p);

struct rp_calendar {
    struct rp_clock *clock;       /* not owned */
    unsigned workdays;            /* bit 0 = Monday */
    int work_start, work_end;     /* seconds after local midnight */
    const int64_t *holidays;      /* sorted local day numbers, not owned */
    unsigned n_holidays;
};

void rp_calendar_init(struct rp_calendar *cal, struct rp_clock *clock,
                      const struct rp_profile *prof);

/* Hours of [a, b) inside working time; 0 if b <= a. */
double rp_business_hours(const struct rp_calendar *cal, int64_t a, int64_t b);

#endif
