/* test_dlib.c - a shared library opened when first needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glib.h>
#include <string.h>
#include <zlib.h>

#include "revpack/dlib.h"

/* Every name found, in order: the pointers are zlib's own functions
 * (zlib is linked in: the one opened is the one already there). */
static void test_load(void **state)
{
    (void)state;
    static const char *const names[] = {"zlibVersion", "crc32"};
    void *fn[2] = {NULL, NULL};
    char *why = NULL;

    assert_int_equal(rp_dlib_load("libz.so.1", "zlib1g", names, fn, 2, &why),
                     0);
    assert_null(why);
    const char *(*version)(void) = (const char *(*)(void))fn[0];
    uLong (*crc)(uLong, const Bytef *, uInt) =
        (uLong(*)(uLong, const Bytef *, uInt))fn[1];
    assert_string_equal(version(), zlibVersion());
    assert_int_equal(crc(0, (const Bytef *)"revpack", 7),
                     crc32(0, (const Bytef *)"revpack", 7));
}

/* A library that is not there: its name and package in the message. */
static void test_missing_library(void **state)
{
    (void)state;
    static const char *const names[] = {"f"};
    void *fn[1];
    char *why = NULL;

    assert_int_equal(rp_dlib_load("libnot-there.so.9", "libnot-there9",
                                  names, fn, 1, &why),
                     -1);
    assert_non_null(why);
    assert_true(g_str_has_prefix(why, "cannot load libnot-there.so.9 "
                                      "(Debian package libnot-there9): "));
    g_free(why);
}

/* A function the library lacks (an older release): named. */
static void test_missing_function(void **state)
{
    (void)state;
    static const char *const names[] = {"zlibVersion", "no_such_function"};
    void *fn[2];
    char *why = NULL;

    assert_int_equal(rp_dlib_load("libz.so.1", "zlib1g", names, fn, 2, &why),
                     -1);
    assert_non_null(why);
    assert_true(g_str_has_prefix(why, "cannot find no_such_function in "
                                      "libz.so.1: "));
    g_free(why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),
        cmocka_unit_test(test_missing_library),
        cmocka_unit_test(test_missing_function),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
