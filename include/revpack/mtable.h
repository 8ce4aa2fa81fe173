/* mtable.h - the tidy table of figures behind metrics.csv (SPEC 5.1).
 *
 * Every figure revpack reports is one row: metric, group, key, value,
 * numerator, denominator, target, status.  A part that is n/a is absent
 * (its flag clear) and is written as an empty field, never as 0.
 */
#ifndef REVPACK_MTABLE_H
#define REVPACK_MTABLE_H

#include <glib.h>
#include <stdbool.h>

enum rp_mstatus { RP_ST_NONE, RP_ST_PASS, RP_ST_FAIL };

enum {
    RP_M_VALUE = 1, RP_M_NUM = 2, RP_M_DEN = 4, RP_M_TARGET = 8
};

struct rp_mrow {
    char *metric, *group, *key;
    double value, num, den, target;
    unsigned has;               /* RP_M_* bits */
    enum rp_mstatus status;
};

struct rp_mtable {
    GPtrArray *rows;            /* struct rp_mrow *, in insertion order */
};

void rp_mtable_init(struct rp_mtable *t);
void rp_mtable_release(struct rp_mtable *t);

/* Append a row; @metric may be a printf format.  Returns: (transfer none)
 * the row, to fill its parts with the setters below. */
struct rp_mrow *rp_mtable_add(struct rp_mtable *t, const char *group,
                              const char *key, const char *metric, ...)
    __attribute__((format(printf, 4, 5)));

/* A count or amount: value only. */
struct rp_mrow *rp_mtable_value(struct rp_mtable *t, const char *metric,
                                const char *group, const char *key, double v);

/* A ratio num/den: value empty (n/a) when den is 0, parts always kept. */
struct rp_mrow *rp_mtable_ratio(struct rp_mtable *t, const char *metric,
                                const char *group, const char *key,
                                double num, double den);

/* An optional value: empty when @ok is false. */
struct rp_mrow *rp_mtable_maybe(struct rp_mtable *t, const char *metric,
                                const char *group, const char *key, bool ok,
                                double v);

/* Find a row; NULL if absent. */
const struct rp_mrow *rp_mtable_find(const struct rp_mtable *t,
                                     const char *metric, const char *group,
                                     const char *key);

/* Render as metrics.csv.  Returns: (transfer full) g_string_free(). */
GString *rp_mtable_csv(const struct rp_mtable *t);

/* Shortest round-tripping decimal for @v ("0.4125", "12", "1234.5"). */
void rp_format_number(double v, char *buf, size_t size);

#endif
