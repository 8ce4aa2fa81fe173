/* test_err.c - the error context: set, copied, formatted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <string.h>

#include "revpack/err.h"

/* A copy names the file after its source is gone: the helper threads'
 * errors are copied out of tasks that are then freed. */
static void test_copy_outlives_source(void **state)
{
    (void)state;
    struct rp_err *from = g_new0(struct rp_err, 1);
    struct rp_err to;
    char path[] = "out/pack/charts/funnel.png";
    struct rp_loc loc = {path, 3, 7};

    assert_int_equal(rp_err_set(from, RP_EIO, &loc, "cannot write: %s",
                                "disk full"),
                     -1);
    assert_int_equal(rp_err_copy(&to, from), -1);
    memset(path, 'x', sizeof(path) - 1);    /* the caller's text changes */
    memset(from, 0x55, sizeof(*from));      /* and the source is reused */
    g_free(from);
    g_autofree char *s = rp_err_format(&to);
    assert_string_equal(s, "out/pack/charts/funnel.png:3:7: error: "
                           "cannot write: disk full");
    assert_int_equal(to.code, RP_EIO);
}

/* Without a location the copy has none either. */
static void test_copy_without_location(void **state)
{
    (void)state;
    struct rp_err from, to;

    rp_err_set(&from, RP_EUSAGE, NULL, "unknown --burst '%s'", "region");
    rp_err_copy(&to, &from);
    assert_null(to.loc.file);
    g_autofree char *s = rp_err_format(&to);
    assert_non_null(strstr(s, "unknown --burst 'region'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_outlives_source),
        cmocka_unit_test(test_copy_without_location),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
