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

#include "revpack/metric_names.h"

enum rp_mstatus { RP_ST_NONE, RP_ST_PASS, RP_ST_FAIL };

enum {
    RP_M_VALUE = 1, RP_M_NUM = 2, RP_M_DEN = 4, RP_M_TARGET = 8
};

struct rp_mrow {
    enum rp_metric metric;
    enum rp_group group;
    const char *key;            /* (transfer none) lives in the table */
    double value, num, den, target;
    unsigned has;               /* RP_M_* bits */
    enum rp_mstatus status;
};

/* Rows in insertion order (the order of metrics.csv), indexed by
 * (metric, group, key). */
struct rp_mtable {
    GPtrArray *rows;            /* struct rp_mrow * */
    GHashTable *index;          /* row -> row, hashed on its three keys */
    GStringChunk *keys;
};

void rp_mtable_init(struct rp_mtable *t);
void rp_mtable_release(struct rp_mtable *t);

/* Append an empty row.  A (metric, group, key) already in the table is a
 * programming error (asserted).  Returns: (transfer none) the row, to
 * fill its parts. */
struct rp_mrow *rp_mtable_add(struct rp_mtable *t, enum rp_metric metric,
                              enum rp_group group, const char *key);

/* Append a copy of each row of @from, in its order. */
void rp_mtable_append(struct rp_mtable *t, const struct rp_mtable *from);

/* A count or amount: value only. */
struct rp_mrow *rp_mtable_value(struct rp_mtable *t, enum rp_metric metric,
                                enum rp_group group, const char *key,
                                double v);

/* A ratio num/den: value empty (n/a) when den is 0, parts always kept. */
struct rp_mrow *rp_mtable_ratio(struct rp_mtable *t, enum rp_metric metric,
                                enum rp_group group, const char *key,
                                double num, double den);

/* An optional value: empty when @ok is false. */
struct rp_mrow *rp_mtable_maybe(struct rp_mtable *t, enum rp_metric metric,
                                enum rp_group group, const char *key,
                                bool ok, double v);

/* The row of (metric, group, key), in constant time; NULL if absent. */
const struct rp_mrow *rp_mtable_find(const struct rp_mtable *t,
                                     enum rp_metric metric,
                                     enum rp_group group, const char *key);

/* Rows of @metric in @group, in table order.  Returns: (transfer
 * container) g_ptr_array_unref(). */
GPtrArray *rp_mtable_rows(const struct rp_mtable *t, enum rp_metric metric,
                          enum rp_group group);

/* The names metrics.csv writes for a metric and a group.  (transfer
 * none) */
const char *rp_mtable_metric_name(enum rp_metric metric);
const char *rp_mtable_group_name(enum rp_group group);

/* Render as metrics.csv.  Returns: (transfer full) g_string_free(). */
GString *rp_mtable_csv(const struct rp_mtable *t);

/* Shortest round-tripping decimal for @v ("0.4125", "12", "1234.5"). */
void rp_mtable_number(double v, char *buf, size_t size);
/* @v rounded to two decimals, printed as rp_mtable_number() prints the
 * rounded value ("12.5", "3", "-0.05"), without printf for |v| < 1e9. */
void rp_mtable_hundredths(double v, char *buf, size_t size);

#endif
