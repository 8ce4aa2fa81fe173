/* period.h - report periods (SPEC 3): calendar months or quarters in the
 * profile's zone, as half-open UTC ranges [start, end). */
#ifndef REVPACK_PERIOD_H
#define REVPACK_PERIOD_H

#include <stdint.h>

#include "revpack/clock.h"

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

#endif
