/* Unit tests for stats.c.  Reference values from the closed forms:
 * Wilson(k, n) = (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n),
 * z = 1.96. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "revpack/stats.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Long arrays take the radix path: the same order as qsort on hours with
 * negatives, zeros, repeats, tiny and huge values and infinities; worked
 * small case by hand. */
static void test_sort(void **state)
{
    double small[] = {3.5, -1, 0, 2, -7.25};
    (void)state;
    rp_stats_sort(small, 5);
    assert_true(small[0] == -7.25 && small[1] == -1 && small[2] == 0 &&
                small[3] == 2 && small[4] == 3.5);
    for (size_t n = 1024; n <= 40000; n = n * 3 + 1) {
        double *v = malloc(n * sizeof(*v)), *w = malloc(n * sizeof(*w));
        srand((unsigned)n);
        for (size_t i = 0; i < n; i++) {
            switch (rand() % 8) {
            case 0: v[i] = -(rand() % 1000) / 7.0; break;
            case 1: v[i] = 0; break;
            case 2: v[i] = 24; break;                /* repeats */
            case 3: v[i] = 1e-300 * (rand() % 9); break;
            case 4: v[i] = 1e300 * (rand() % 9 - 4); break;
            case 5: v[i] = (rand() % 2 ? 1 : -1) * INFINITY; break;
            default: v[i] = rand() / 3600.0; break;
            }
            w[i] = v[i];
        }
        rp_stats_sort(v, n);
        qsort(w, n, sizeof(*w), cmp);
        for (size_t i = 0; i < n; i++)
            assert_true(v[i] == w[i]);
        free(v);
        free(w);
    }
}

static void test_wilson(void **state)
{
    double lo = -1, hi = -1;
    (void)state;
    /* 0/0: no interval at all */
    assert_int_equal(rp_stats_wilson(0, 0, &lo, &hi), -1);
    /* 3 of 4 is not 75% of anything: [0.30064, 0.95441] */
    assert_int_equal(rp_stats_wilson(3, 4, &lo, &hi), 0);
    assert_float_equal(lo, 0.3006360524426366, 1e-12);
    assert_float_equal(hi, 0.9544139373553637, 1e-12);
    /* 0 of 5: lower bound exactly 0, upper 3.8416 / 8.8416 */
    assert_int_equal(rp_stats_wilson(0, 5, &lo, &hi), 0);
    assert_true(lo == 0.0);
    assert_float_equal(hi, 0.43449149475208104, 1e-12);
    /* 5 of 5: upper bound exactly 1 */
    assert_int_equal(rp_stats_wilson(5, 5, &lo, &hi), 0);
    assert_float_equal(lo, 0.5655085052479191, 1e-12);
    assert_true(hi == 1.0);
    /* 1 of 1 */
    assert_int_equal(rp_stats_wilson(1, 1, &lo, &hi), 0);
    assert_float_equal(lo, 0.20654329147389294, 1e-12);
}

static void test_quantile(void **state)
{
    double one[] = {7};
    double v[] = {0, 0.5, 1, 2, 26};
    double even[] = {1, 2, 3, 4};
    double un[] = {26, 0.5, 2, 0, 1};
    (void)state;
    assert_float_equal(rp_stats_quantile(one, 1, 0.5), 7, 0);
    assert_float_equal(rp_stats_quantile(one, 1, 0.9), 7, 0);
    assert_float_equal(rp_stats_quantile(v, 5, 0.5), 1, 1e-12);
    /* rank 0.9 x 4 = 3.6: 2 + 0.6 x (26 - 2) = 16.4 */
    assert_float_equal(rp_stats_quantile(v, 5, 0.9), 16.4, 1e-12);
    assert_float_equal(rp_stats_quantile(even, 4, 0.5), 2.5, 1e-12);
    /* rank 2.7: 3 + 0.7 = 3.7 */
    assert_float_equal(rp_stats_quantile(even, 4, 0.9), 3.7, 1e-12);
    assert_float_equal(rp_stats_quantile(v, 5, 0), 0, 0);
    assert_float_equal(rp_stats_quantile(v, 5, 1), 26, 0);
    rp_stats_sort(un, 5);
    for (int i = 0; i < 5; i++)
        assert_float_equal(un[i], v[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_wilson),
        cmocka_unit_test(test_quantile),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
