/* Unit tests for the burst and mail helpers: folder names made safe
 * (out.c), addresses (mail.c), the recipients file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib.h>

#include "revpack/mail.h"
#include "revpack/out.h"
#include "revpack/smtp.h"

static void safe(const char *key, const char *want)
{
    g_autofree char *got = rp_out_safe_name(key);
    if (strcmp(got, want) != 0)
        fail_msg("'%s' -> '%s', want '%s'", key, got, want);
}

static void test_safe_names(void **state)
{
    (void)state;
    safe("EMEA", "EMEA");
    safe("North America", "North America");
    safe("销售一部", "销售一部");
    safe("../x", "_._x");
    safe("..", "__");
    safe(".hidden", "_hidden");
    safe("a/b", "a_b");
    safe("a\\b", "a_b");
    safe("CON", "_CON");
    safe("con.txt", "_con.txt");
    safe("COM1", "_COM1");
    safe("COM10", "COM10");
    safe("tab\there", "tab_here");
    safe("trailing. ", "trailing__");
    safe("\xe2\x80\xae" "evil", "_evil");  /* U+202E, right-to-left */
    safe("", "_");
    /* 100 'x': cut at 80 bytes; 30 three-byte characters: at 78 */
    char longk[101];
    memset(longk, 'x', 100);
    longk[100] = 0;
    g_autofree char *l = rp_out_safe_name(longk);
    assert_int_equal(strlen(l), 80);
    GString *cjk = g_string_new(NULL);
    for (int i = 0; i < 30; i++)
        g_string_append(cjk, "\xe5\x8d\x8e");
    g_autofree char *c = rp_out_safe_name(cjk->str);
    assert_int_equal(strlen(c), 78);
    assert_true(g_utf8_validate(c, -1, NULL));
    g_string_free(cjk, TRUE);
}

static void test_addresses(void **state)
{
    (void)state;
    assert_true(rp_mail_address_ok("greta.lind@example.com"));
    assert_true(rp_mail_address_ok("a+tag@sub.example.cn"));
    assert_true(rp_mail_address_ok("root@localhost"));
    assert_false(rp_mail_address_ok("not-an-address"));
    assert_false(rp_mail_address_ok("@example.com"));
    assert_false(rp_mail_address_ok("a@"));
    assert_false(rp_mail_address_ok("a@example"));
    assert_false(rp_mail_address_ok("a..b@example.com"));
    assert_false(rp_mail_address_ok(".a@example.com"));
    assert_false(rp_mail_address_ok("a b@example.com"));
    assert_false(rp_mail_address_ok("a@-example.com"));
    assert_false(rp_mail_address_ok("a@example..com"));
    assert_false(rp_mail_address_ok("a@example.com."));
    g_autofree char *x = rp_mail_address_of("RevOps <revops@example.com>");
    assert_string_equal(x, "revops@example.com");
    g_autofree char *y = rp_mail_address_of("a@example.com, b@example.com");
    assert_null(y);
    /* libcurl, opened on first use, is there (make installs it) */
    assert_null(rp_smtp_unavailable());
    /* STARTTLS may be skipped only for this machine, by address */
    assert_true(rp_smtp_is_loopback("smtp://127.0.0.1:2525"));
    assert_true(rp_smtp_is_loopback("smtp://127.8.9.10"));
    assert_true(rp_smtp_is_loopback("smtp://[::1]:25"));
    assert_true(rp_smtp_is_loopback("smtp://localhost:25"));
    assert_false(rp_smtp_is_loopback("smtp://127.mail.example.com:587"));
    assert_false(rp_smtp_is_loopback("smtp://smtp.example.com:587"));
    assert_false(rp_smtp_is_loopback("smtp://10.0.0.1"));
}

static void test_recipients(void **state)
{
    static const char csv[] = "Email,Key,Name, CC \n"
                              "cmo@example.com,*,Wei Chen,\" cro@example.com "
                              ", ,x@example.com\"\n"
                              "bad,EMEA,Greta\n"
                              "zhang@example.cn,,No Key\n"
                              "x@example.com,APAC,\n";
    char path[] = "/tmp/rp-test-rcpt-XXXXXX";
    int fd = g_mkstemp(path);
    struct rp_err err = {0};
    (void)state;
    assert_true(write(fd, csv, sizeof(csv) - 1) == (ssize_t)sizeof(csv) - 1);
    close(fd);
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func(g_free);
    GArray *r = rp_mail_recipients_load(path, problems, &err);
    unlink(path);
    assert_non_null(r);
    assert_int_equal(r->len, 2);
    struct rp_recipient *a = &g_array_index(r, struct rp_recipient, 0);
    assert_string_equal(a->key, "*");
    assert_string_equal(a->email, "cmo@example.com");
    /* the cc list trimmed, empty entries dropped */
    assert_int_equal(g_strv_length(a->cc), 2);
    assert_string_equal(a->cc[0], "cro@example.com");
    assert_string_equal(a->cc[1], "x@example.com");
    assert_null(g_array_index(r, struct rp_recipient, 1).cc[0]);
    assert_int_equal(a->line, 2);
    assert_int_equal(g_array_index(r, struct rp_recipient, 1).line, 5);
    assert_int_equal(problems->len, 2);
    g_autofree char *base = g_path_get_basename(path);
    g_autofree char *p0 = g_strdup_printf(
        "%s:3:1: warning: row left out: bad email address 'bad'", base);
    assert_string_equal(problems->pdata[0], p0);
    g_autofree char *p1 = g_strdup_printf(
        "%s:4:2: warning: row left out: no key", base);
    assert_string_equal(problems->pdata[1], p1);
    rp_mail_recipients_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_names),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_recipients),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
