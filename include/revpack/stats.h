/* stats.h - the few statistics the metrics need. */
#ifndef REVPACK_STATS_H
#define REVPACK_STATS_H

#include <stddef.h>

/* 95% Wilson score interval of k successes in n trials (z = 1.96),
 * clamped to [0, 1].  Returns -1 when n is 0 (n/a). */
int rp_stats_wilson(double k, double n, double *lo, double *hi);

/* Quantile @p (0..1) of @v (sorted ascending, n > 0) with linear
 * interpolation between closest ranks: rank = p * (n - 1), as Excel's
 * PERCENTILE.INC and numpy's default. */
double rp_stats_quantile(const double *v, size_t n, double p);

/* Sort doubles ascending in place. */
void rp_stats_sort(double *v, size_t n);

/* A list of values appended to inline (a GArray's append was a call and
 * a copy per value: 7% of the metrics' instructions).  All zeros is an
 * empty list. */
struct rp_values {
    double *v;
    size_t n, cap;
};
void rp_values_grow(struct rp_values *a);
static inline void rp_values_add(struct rp_values *a, double x)
{
    if (a->n == a->cap)
        rp_values_grow(a);
    a->v[a->n++] = x;
}
void rp_values_free(struct rp_values *a);

#endif
