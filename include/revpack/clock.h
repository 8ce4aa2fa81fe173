/* clock.h - instants, time zones and the timestamp formats of SPEC 2 and 8.5.
 *
 * An instant is int64 seconds since the Unix epoch, UTC (fractional seconds
 * in the input are truncated).  A "local" value is the same count for the
 * wall-clock reading in the profile's zone, as if that zone were UTC.
 *
 * A struct rp_clock owns a GTimeZone and a per-day offset cache, so turning
 * a naive local timestamp into UTC costs a table look-up; it holds no global
 * state, so two readers on two threads each use their own clock.
 */
#ifndef REVPACK_CLOCK_H
#define REVPACK_CLOCK_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#define RP_TIME_NONE INT64_MIN

enum rp_date_order { RP_DATE_YMD, RP_DATE_MDY, RP_DATE_DMY };

struct rp_clock {
    GTimeZone *tz;
    bool utc;                 /* zone is UTC: skip all look-ups */
    enum rp_date_order order; /* how year-last slashed dates read */
    uint32_t *day_cache;      /* per local day: 0 unknown, 1 varies, else
                                 offset + RP_OFF_BIAS */
};

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (Howard Hinnant's algorithms).  The first is inline: every timestamp
 * read goes through it. */
static inline int64_t rp_clock_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}
void rp_clock_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* Floor division of an instant into days (works before 1970). */
int64_t rp_clock_day_of(int64_t secs);

/* Set up a clock for IANA zone @tzname.  Returns -1 if the zone is not
 * known to the system. */
int rp_clock_init(struct rp_clock *c, const char *tzname,
                  enum rp_date_order order);
void rp_clock_release(struct rp_clock *c);

/* UTC offset in seconds in force at instant @utc. */
int32_t rp_clock_offset_at(const struct rp_clock *c, int64_t utc);

/* Local wall-clock seconds -> UTC.  A local time skipped or repeated at a
 * DST change takes the offset in force before the change (SPEC 8.5). */
int64_t rp_clock_local_to_utc(struct rp_clock *c, int64_t local);

/* UTC -> local wall-clock seconds. */
int64_t rp_clock_utc_to_local(const struct rp_clock *c, int64_t utc);

/* Parse a timestamp (trimmed, NUL-terminated) into a UTC instant.  Forms:
 * YYYY-MM-DD, YYYY-MM-DD[ T]HH:MM[:SS[.fff]][offset], YYYY/M/D[ H:MM[:SS]],
 * M/D/YYYY or D/M/YYYY per the clock's date order [ h:mm[:ss][ AM|PM]];
 * offset Z, ±HH:MM, ±HHMM or ±HH, optionally after one space.  On error
 * returns -1 and a static reason. */
int rp_clock_parse(struct rp_clock *c, const char *s, int64_t *out,
                   const char **why);
/* The same for @s of @len bytes (a NUL at s[len]): no strlen per value. */
int rp_clock_parse_len(struct rp_clock *c, const char *s, size_t len,
                       int64_t *out, const char **why);

/* Is @t inside [@a, @b)?  RP_TIME_NONE never is. */
static inline bool rp_clock_in(int64_t t, int64_t a, int64_t b)
{
    return t != RP_TIME_NONE && t >= a && t < b;
}

/* Format an instant as local "YYYY-MM-DD HH:MM:SS" into buf (>= 20). */
void rp_clock_format(const struct rp_clock *c, int64_t utc, char *buf);

#endif
