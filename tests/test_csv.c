/* Unit tests for csv.c: records, their physical lines, delimiters,
 * encodings and structural errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <glib.h>
#include <unistd.h>

#include "revpack/csv.h"

/* Each record as "LINE|f1|f2|...", fields' newlines shown as \n. */
static int collect(void *ctx, const struct rp_csv_record *rec,
                   struct rp_err *err)
{
    GString *s = g_string_new(NULL);
    (void)err;
    g_string_append_printf(s, "%u", rec->line);
    for (unsigned i = 0; i < rec->n_fields; i++) {
        g_string_append_c(s, '|');
        for (const char *p = rec->fields[i]; *p; p++) {
            if (*p == '\n')
                g_string_append(s, "\\n");
            else
                g_string_append_c(s, *p);
        }
        assert_int_equal(strlen(rec->fields[i]), rec->lens[i]);
    }
    g_ptr_array_add(ctx, g_string_free(s, FALSE));
    return 0;
}

static char *tmp_file(const char *data, size_t len)
{
    char *path = g_build_filename(g_get_tmp_dir(), "rp-test-csv-XXXXXX", NULL);
    int fd = g_mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, data, len) == (ssize_t)len);
    close(fd);
    return path;
}

/* Read @data; compare with the NULL-terminated expected records. */
static void expect(const char *data, size_t len, const char *enc,
                   const char *const *want)
{
    g_autofree char *path = tmp_file(data, len);
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    struct rp_csv_opts o = {.encoding = enc};
    struct rp_err err = {0};
    int rc = rp_csv_read(path, "t.csv", &o, collect, got, &err);
    unlink(path);
    if (rc != 0)
        fail_msg("read failed: %s", err.msg);
    for (guint i = 0; i < got->len || want[i]; i++) {
        if (!want[i] || i >= got->len)
            fail_msg("record %u: got '%s', want '%s'", i,
                     i < got->len ? (char *)got->pdata[i] : "(none)",
                     want[i] ? want[i] : "(none)");
        assert_string_equal(got->pdata[i], want[i]);
    }
    g_ptr_array_unref(got);
}

#define EXPECT(data, ...)                                                      \
    do {                                                                       \
        static const char *const w[] = {__VA_ARGS__, NULL};                    \
        expect(data, sizeof(data) - 1, NULL, w);                               \
    } while (0)

static void test_basic_lines(void **state)
{
    (void)state;
    EXPECT("a,b\n1,2\n", "1|a|b", "2|1|2");
    /* a quoted newline: the next record starts two lines later */
    EXPECT("a,b\n1,\"x\ny\"\n2,z\r\n", "1|a|b", "2|1|x\\ny", "4|2|z");
    /* CRLF everywhere, and no final newline */
    EXPECT("a,b\r\n1,2\r\n3,4", "1|a|b", "2|1|2", "3|3|4");
    /* blank lines are not records but still count as lines */
    EXPECT("a,b\n\n1,2\n\n\n3,4\n", "1|a|b", "3|1|2", "6|3|4");
    /* doubled quotes, delimiters inside quotes */
    EXPECT("a\n\"say \"\"hi\"\", ok\"\n", "1|a", "2|say \"hi\", ok");
    /* a record spanning three lines */
    EXPECT("a,b\n\"1\n2\n3\",x\n4,y\n", "1|a|b", "2|1\\n2\\n3|x", "5|4|y");
    /* spaces around unquoted fields are trimmed by the tokenizer */
    EXPECT("a , b\n 1 ,2 \n", "1|a|b", "2|1|2");
    /* UTF-8 BOM at the start */
    EXPECT("\xef\xbb\xbf" "a,b\n1,2\n", "1|a|b", "2|1|2");
    /* empty fields kept */
    EXPECT("a,b,c\n,,\n", "1|a|b|c", "2|||");
}

static void test_delimiters(void **state)
{
    (void)state;
    EXPECT("a;b;c\n1;2,5;3\n", "1|a|b|c", "2|1|2,5|3");
    EXPECT("a\tb\n1 x\t2\n", "1|a|b", "2|1 x|2");
    /* a comma header wins ties and counts only outside quotes */
    EXPECT("\"a;b;c\",d\n1,2\n", "1|a;b;c|d", "2|1|2");
}

static void test_block_boundary(void **state)
{
    /* 150,000 records cross several 1 MiB blocks; a quoted newline in
     * each fifth record keeps the line count honest */
    GString *s = g_string_new("id,text\n");
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    struct rp_err err = {0};
    struct rp_csv_opts o = {0};
    unsigned line = 2, want_last = 0;
    (void)state;
    for (unsigned i = 0; i < 150000; i++) {
        want_last = line;
        if (i % 5 == 0) {
            g_string_append_printf(s, "%u,\"two\nlines\"\n", i);
            line += 2;
        } else {
            g_string_append_printf(s, "%u,one line of text\n", i);
            line += 1;
        }
    }
    g_autofree char *path = tmp_file(s->str, s->len);
    assert_int_equal(rp_csv_read(path, "t.csv", &o, collect, got, &err), 0);
    unlink(path);
    assert_int_equal(got->len, 150001);
    g_autofree char *last = g_strdup_printf("%u|149999|one line of text",
                                            want_last);
    assert_string_equal(got->pdata[150000], last);
    assert_string_equal(got->pdata[1], "2|0|two\\nlines");
    assert_string_equal(got->pdata[2], "4|1|one line of text");
    g_ptr_array_unref(got);
    g_string_free(s, TRUE);
}

static void test_unterminated(void **state)
{
    static const char data[] = "a,b\n1,2\n3,\"oops\n4,5\n";
    g_autofree char *path = tmp_file(data, sizeof(data) - 1);
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    struct rp_err err = {0};
    struct rp_csv_opts o = {0};
    (void)state;
    assert_int_equal(rp_csv_read(path, "leads.csv", &o, collect, got, &err), -1);
    unlink(path);
    assert_int_equal(err.code, RP_EDATA);
    assert_int_equal(err.loc.line, 3);
    assert_int_equal(err.loc.col, 2);
    assert_string_equal(err.loc.file, "leads.csv");
    assert_non_null(strstr(err.msg, "unterminated quoted field"));
    g_ptr_array_unref(got);
}

static void test_missing_file(void **state)
{
    struct rp_err err = {0};
    struct rp_csv_opts o = {0};
    (void)state;
    assert_int_equal(rp_csv_read("/nonexistent/x.csv", "x.csv", &o, collect,
                                 NULL, &err),
                     -1);
    assert_int_equal(err.code, RP_ENOINPUT);
}

static void test_encodings(void **state)
{
    /* 名称,团队 / 张伟,华东 */
    static const char utf8[] = "\xe5\x90\x8d\xe7\xa7\xb0,\xe5\x9b\xa2\xe9\x98\x9f\n"
                               "\xe5\xbc\xa0\xe4\xbc\x9f,\xe5\x8d\x8e\xe4\xb8\x9c\n";
    static const char *const want[] = {
        "1|\xe5\x90\x8d\xe7\xa7\xb0|\xe5\x9b\xa2\xe9\x98\x9f",
        "2|\xe5\xbc\xa0\xe4\xbc\x9f|\xe5\x8d\x8e\xe4\xb8\x9c", NULL};
    gsize n;
    (void)state;
    g_autofree char *gb = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, &n,
                                    NULL);
    assert_non_null(gb);
    /* 张 is D5 C5 in GBK/GB18030 */
    assert_true(memchr(gb, 0xd5, n) != NULL);
    expect(gb, n, "gb18030", want);
    expect(gb, n, "GBK", want);

    g_autofree char *u16 = g_convert(utf8, -1, "UTF-16LE", "UTF-8", NULL, &n,
                                     NULL);
    char *bom = g_malloc(n + 2);
    bom[0] = (char)0xff;
    bom[1] = (char)0xfe;
    memcpy(bom + 2, u16, n);
    expect(bom, n + 2, "utf-16", want);
    expect(u16, n, "utf-16le", want);
    g_free(bom);

    /* a byte that is not GB18030 is a structural error with its line */
    static const char badgb[] = "a,b\n1,2\n\x81\x20,x\n";
    g_autofree char *path = tmp_file(badgb, sizeof(badgb) - 1);
    struct rp_err err = {0};
    struct rp_csv_opts o = {.encoding = "gb18030"};
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    assert_int_equal(rp_csv_read(path, "t.csv", &o, collect, got, &err), -1);
    unlink(path);
    assert_int_equal(err.code, RP_EDATA);
    assert_int_equal(err.loc.line, 3);
    g_ptr_array_unref(got);
    assert_false(rp_csv_encoding_ok("latin-9"));
    assert_true(rp_csv_encoding_ok("UTF-16"));
}

/* No encoding named: GB18030 bytes are recognised, also when a character
 * straddles the end of the 4 MiB window the reader looks at; UTF-8 that
 * has a character across that edge stays UTF-8. */
static void test_sniff(void **state)
{
    static const char utf8[] = "\xe5\x90\x8d,\xe5\x9b\xa2\n"
                               "\xe5\xbc\xa0,x\n";
    gsize n;
    char det[16] = "";
    (void)state;
    g_autofree char *gb = g_convert(utf8, -1, "GB18030", "UTF-8", NULL, &n,
                                    NULL);
    static const char *const want[] = {"1|\xe5\x90\x8d|\xe5\x9b\xa2",
                                       "2|\xe5\xbc\xa0|x", NULL};
    expect(gb, n, NULL, want);

    for (int utf = 0; utf < 2; utf++) {
        /* "a\n" then lines of 'x' so that the 2-byte (GB) or 3-byte
         * (UTF-8) character starts one byte before the 4 MiB mark */
        const char *ch = utf ? "\xe5\xbc\xa0" : "\xd5\xc5";
        size_t chn = strlen(ch), at = (4u << 20) - 1;
        GString *big = g_string_new("a\n");
        while (big->len < at) {
            size_t k = MIN(at - big->len, (size_t)99);
            for (size_t i = 0; i + 1 < k; i++)
                g_string_append_c(big, 'x');
            g_string_append_c(big, '\n');
        }
        g_string_truncate(big, at - 1);
        g_string_append_c(big, '\n');
        g_string_append_len(big, ch, chn);
        g_string_append(big, "\n");
        g_autofree char *path = tmp_file(big->str, big->len);
        struct rp_csv_opts o = {.detected = det};
        struct rp_err err = {0};
        GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
        det[0] = 0;
        assert_int_equal(rp_csv_read(path, "t.csv", &o, collect, got, &err),
                         0);
        unlink(path);
        assert_string_equal(det, utf ? "" : "GB18030");
        /* the last record is 张 in UTF-8 either way */
        const char *last = got->pdata[got->len - 1];
        assert_non_null(strstr(last, "|\xe5\xbc\xa0"));
        g_ptr_array_unref(got);
        g_string_free(big, TRUE);
    }
}

/* Record flaws: a long field is emptied and named, a NUL or an inner BOM
 * flags its field, a long record arrives with no fields and its lines,
 * and reading goes on. */
static int flaws(void *ctx, const struct rp_csv_record *rec,
                 struct rp_err *err)
{
    (void)err;
    g_ptr_array_add(ctx, g_strdup_printf("%u-%u flaw %d field %u n %u",
                                         rec->line, rec->last_line, rec->flaw,
                                         rec->flaw_field, rec->n_fields));
    return 0;
}

static void test_flaws(void **state)
{
    (void)state;
    GString *d = g_string_new("a,b\n");
    g_string_append(d, "1,");
    for (int i = 0; i < 40; i++)
        g_string_append_c(d, 'x');            /* field over 32 bytes */
    g_string_append(d, "\n2,\"long\nrecord ");
    for (int i = 0; i < 200; i++)
        g_string_append_c(d, 'y');            /* record over 128 bytes */
    g_string_append(d, "\nstill\n3,ok\n");
    g_string_append_len(d, "4,n\0l\n", 6);
    g_string_append(d, "\xef\xbb\xbf" "5,b\n");
    g_autofree char *path = tmp_file(d->str, d->len);
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    struct rp_csv_opts o = {.max_field = 32, .max_record = 128};
    struct rp_err err = {0};
    assert_int_equal(rp_csv_read(path, "t.csv", &o, flaws, got, &err), 0);
    unlink(path);
    static const char *const want[] = {
        "1-1 flaw 0 field 0 n 2",       /* the header */
        "2-2 flaw 1 field 2 n 2",       /* long field, emptied */
        "3-4 flaw 2 field 0 n 0",       /* long record, lines 3-4 */
        "5-5 flaw 0 field 0 n 1",       /* "still": read on, a new line */
        "6-6 flaw 0 field 0 n 2",
        "7-7 flaw 3 field 2 n 2",       /* NUL */
        "8-8 flaw 4 field 1 n 2",       /* BOM inside */
    };
    assert_int_equal(got->len, G_N_ELEMENTS(want));
    for (guint i = 0; i < got->len; i++)
        assert_string_equal(got->pdata[i], want[i]);
    g_ptr_array_unref(got);
    g_string_free(d, TRUE);
}

/* A lone CR ends a line like LF and CRLF, also across a block edge. */
static void test_cr_lines(void **state)
{
    (void)state;
    EXPECT("a,b\r1,2\r3,4\r", "1|a|b", "2|1|2", "3|3|4");
    EXPECT("a,b\r\n1,2\r\n", "1|a|b", "2|1|2");
    /* 1 MiB blocks: put a CRLF across the edge */
    GString *d = g_string_new("a\n");
    while (d->len < (1u << 20) - 1)
        g_string_append_c(d, 'x');
    g_string_append(d, "\r\nz\n");
    g_autofree char *path = tmp_file(d->str, d->len);
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    struct rp_csv_opts o = {0};
    struct rp_err err = {0};
    o.max_field = 2u << 20;
    assert_int_equal(rp_csv_read(path, "t.csv", &o, collect, got, &err), 0);
    unlink(path);
    assert_int_equal(got->len, 3);
    assert_string_equal(got->pdata[2], "3|z");
    g_ptr_array_unref(got);
    g_string_free(d, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_lines),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_block_boundary),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_flaws),
        cmocka_unit_test(test_cr_lines),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
