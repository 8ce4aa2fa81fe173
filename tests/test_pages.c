/* test_pages.c - fresh pages mapped at once, in steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "revpack/pages.h"

/* Pages of @p[0..@n) in memory. */
static size_t resident(void *p, size_t n)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE), count = 0;
    unsigned char vec[4096];

    assert_true(n / pg <= sizeof(vec));
    assert_int_equal(mincore(p, n, vec), 0);
    for (size_t i = 0; i < n / pg; i++)
        count += vec[i] & 1;
    return count;
}

/* Every page of a range over two steps and a part of a third (9 MiB and
 * a page) is mapped, for writing and for reading, and none past it: the
 * last step is cut at the range's end. */
static void test_populate_steps(void **state)
{
    (void)state;
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    size_t n = ((size_t)9 << 20) + pg, all = n + 64 * pg;
    for (int write = 0; write < 2; write++) {
        char *p = mmap(NULL, all, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        assert_true(p != MAP_FAILED);
        madvise(p, all, MADV_NOHUGEPAGE);   /* pages counted one by one */
        assert_int_equal(resident(p, all), 0);
        rp_pages_populate(p, n, write);
        assert_int_equal(resident(p, n), n / pg);
        assert_int_equal(resident(p + n, all - n), 0);
        for (size_t i = 0; i < n; i += pg)
            assert_int_equal(p[i], 0);      /* zeros, as a fault gives */
        munmap(p, all);
    }
}

/* Nothing to map is no call at all. */
static void test_populate_nothing(void **state)
{
    (void)state;
    rp_pages_populate(NULL, 0, true);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_populate_steps),
        cmocka_unit_test(test_populate_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
