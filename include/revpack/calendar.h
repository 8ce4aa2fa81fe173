/* calendar.h - business hours (SPEC section 3).
 *
 * Business hours count the part of an interval inside the profile's
 * workdays and workhours, holidays excluded and make-up working days
 * (extra_workdays) included, each day's working window taken in local
 * time (DST-correct).
 */
#ifndef REVPACK_CALENDAR_H
#define REVPACK_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "revpack/clock.h"
#include "revpack/profile.h"

struct rp_calendar {
    struct rp_clock *clock;       /* not owned */
    unsigned workdays;            /* bit 0 = Monday */
    int work_start, work_end;     /* seconds after local midnight */
    const int64_t *holidays;      /* sorted local day numbers, not owned */
    unsigned n_holidays;
    const int64_t *extra;         /* make-up working days, sorted */
    unsigned n_extra;
};

void rp_calendar_init(struct rp_calendar *cal, struct rp_clock *clock,
                      const struct rp_profile *prof);

/* Hours of [a, b) inside working time; 0 if b <= a. */
double rp_calendar_hours(const struct rp_calendar *cal, int64_t a, int64_t b);

#endif
