/* stats.c - Wilson interval and quantiles. */
#include "revpack/stats.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#define Z95 1.96

int rp_stats_wilson(double k, double n, double *lo, double *hi)
{
    if (n <= 0)
        return -1;
    assert(k >= 0 && k <= n);
    double p = k / n, z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double center = (p + z2 / (2 * n)) / denom;
    double half = Z95 * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
    *lo = fmax(0.0, center - half);
    *hi = fmin(1.0, center + half);
    /* at k = 0 or k = n the bound is exactly 0 or 1; keep rounding noise
     * out of the reported figure */
    if (k == 0)
        *lo = 0;
    if (k == n)
        *hi = 1;
    return 0;
}

double rp_stats_quantile(const double *v, size_t n, double p)
{
    assert(n > 0 && p >= 0 && p <= 1);
    double rank = p * (double)(n - 1);
    size_t i = (size_t)floor(rank);
    double frac = rank - (double)i;
    if (i + 1 >= n)
        return v[n - 1];
    return v[i] + (v[i + 1] - v[i]) * frac;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void rp_stats_sort(double *v, size_t n)
{
    qsort(v, n, sizeof(*v), cmp_double);
}
