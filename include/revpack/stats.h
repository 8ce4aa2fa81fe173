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

#endif
