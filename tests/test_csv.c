/* Unit tests for csv.c: records, their physical lines, delimiters,
 * encodings and structural errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <csv.h>
#include <glib.h>
#include <unistd.h>

#include "revpack/csv.h"

#include "csvrec.h"

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

/* Each record's text as written and what the reader said of it. */
struct said {
    GPtrArray *text;            /* char *: the field as read */
    GArray *utf8, *ascii;       /* gboolean, per record */
};

static int note_utf8(void *ctx, const struct rp_csv_record *rec,
                     struct rp_err *err)
{
    struct said *s = ctx;
    gboolean u = rec->utf8, a = rec->ascii;
    (void)err;
    assert_int_equal(rec->n_fields, 1);
    g_ptr_array_add(s->text, g_strndup(rec->fields[0], rec->lens[0]));
    g_array_append_val(s->utf8, u);
    g_array_append_val(s->ascii, a);
    return 0;
}

/* A record is UTF-8 exactly when g_utf8_validate() says so: every lead
 * byte followed by every second byte, three- and four-byte sequences at
 * the edges of their ranges (overlong forms, surrogates, past U+10FFFF),
 * cut sequences at a record's end, after 0 to 8 ASCII bytes (where the
 * reader skips ASCII a word at a time). */
static void test_utf8_agrees(void **state)
{
    (void)state;
    static const unsigned char edge[] = {0x41, 0x7F, 0x80, 0x8F, 0x90,
                                         0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    GString *csv = g_string_new(NULL);
    GPtrArray *want = g_ptr_array_new_with_free_func(g_free);
    unsigned k = 0;

#define ADD(...)                                                            \
    do {                                                                    \
        const unsigned char by_[] = {__VA_ARGS__};                          \
        GString *f = g_string_new(NULL);                                    \
        g_string_append_len(f, "abcdefghijklmnopqrst", k++ % 21);            \
        g_string_append_len(f, (const char *)by_, sizeof(by_));             \
        g_ptr_array_add(want, g_string_free(f, FALSE));                     \
    } while (0)
    for (unsigned a = 0x80; a <= 0xFF; a++) {
        ADD(a);                 /* alone at the end: cut, or invalid */
        ADD(a, 'z');
        for (unsigned b = 0x20; b <= 0xFF; b++)
            if (b != ',' && b != '"')
                ADD(a, b, 'z');
    }
    for (unsigned a = 0xE0; a <= 0xEF; a++)
        for (size_t i = 0; i < sizeof(edge); i++)
            for (size_t j = 0; j < sizeof(edge); j++) {
                ADD(a, edge[i], edge[j], 'z');
                ADD(a, edge[i], edge[j]);
                /* after a run of three-byte characters (CJK) */
                ADD(0xE5, 0x90, 0x8D, 0xE7, 0xA7, 0xB0, a, edge[i], edge[j],
                    'z');
                ADD(0xEF, 0xBC, 0x8C, a, edge[i], edge[j]);
            }
    for (unsigned a = 0xF0; a <= 0xF7; a++)
        for (size_t i = 0; i < sizeof(edge); i++)
            for (size_t j = 0; j < sizeof(edge); j++) {
                ADD(a, edge[i], edge[j], 0x80, 'z');
                ADD(a, edge[i], 0x80, edge[j], 'z');
                ADD(a, edge[i], 0x80, edge[j]);
            }
    ADD(0xE5, 0x90, 0x8D, 0xE7, 0xA7, 0xB0, ' ', 'z', 0xE5, 0x90);
#undef ADD
    for (guint i = 0; i < want->len; i++)
        g_string_append_printf(csv, "%s\n", (char *)want->pdata[i]);

    g_autofree char *path = tmp_file(csv->str, csv->len);
    struct said got = {g_ptr_array_new_with_free_func(g_free),
                       g_array_new(FALSE, FALSE, sizeof(gboolean)),
                       g_array_new(FALSE, FALSE, sizeof(gboolean))};
    struct rp_csv_opts o = {.encoding = "utf-8"};
    struct rp_err err = {0};
    assert_int_equal(rp_csv_read(path, "t.csv", &o, note_utf8, &got, &err),
                     0);
    unlink(path);
    assert_int_equal(got.text->len, want->len);
    guint bad = 0;
    for (guint i = 0; i < want->len; i++) {
        const char *w = want->pdata[i];
        assert_string_equal(got.text->pdata[i], w);
        gboolean valid = g_utf8_validate(w, -1, NULL), ascii = TRUE;
        for (const char *p = w; *p; p++)
            ascii &= !(*p & 0x80);
        if (g_array_index(got.utf8, gboolean, i) != valid)
            fail_msg("record %u: utf8 %d, g_utf8_validate %d", i + 1,
                     g_array_index(got.utf8, gboolean, i), valid);
        if (valid)      /* (ascii is for valid records) */
            assert_int_equal(g_array_index(got.ascii, gboolean, i), ascii);
        bad += !valid;
    }
    assert_true(bad > 20000 && bad < want->len - 1000);    /* both kinds */
    g_ptr_array_unref(got.text);
    g_array_unref(got.utf8);
    g_array_unref(got.ascii);
    g_ptr_array_unref(want);
    g_string_free(csv, TRUE);
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

/* ---- the tokenizer against libcsv, and threads against one reading ---- */

/* Records as libcsv (non-strict, CSV_APPEND_NULL) reads @d, each
 * "|f1|f2"; *@open: the data ends inside a quoted field. */
static GPtrArray *libcsv_records(const char *d, size_t n, char delim,
                                 bool *open)
{
    struct csv_parser p;
    GPtrArray *rows = gstrings_new();

    assert_int_equal(csv_init(&p, CSV_APPEND_NULL), 0);
    csv_set_delim(&p, (unsigned char)delim);
    g_ptr_array_add(rows, g_string_new(""));
    assert_int_equal(csv_parse(&p, d, n, lib_field, lib_row, rows), n);
    *open = p.pstate == 2 && p.quoted;  /* FIELD_BEGUN, quoted */
    csv_fini(&p, lib_field, lib_row, rows);
    csv_free(&p);
    /* the last entry is the row being built: empty */
    GString *last = g_ptr_array_steal_index(rows, rows->len - 1);
    assert_int_equal(last->len, 0);
    g_string_free(last, TRUE);
    return rows;
}

/* @d (a header line, then records) reads as libcsv reads it. */
static void agrees(const GString *d, char delim, int round)
{
    bool open;
    GPtrArray *want = libcsv_records(d->str, d->len, delim, &open);
    g_autofree char *path = tmp_file(d->str, d->len);
    GPtrArray *got = gstrings_new();
    struct rp_csv_opts o = {.delimiter = delim};
    struct rp_err err = {0};
    int rc = rp_csv_read(path, "t.csv", &o, fields_only, got, &err);
    unlink(path);
    if (open) {
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err.msg, "unterminated"));
        /* every record before the open one agrees */
        assert_true(got->len < want->len);
    } else {
        assert_int_equal(rc, 0);
        if (got->len != want->len)
            fail_msg("round %d: %u records, libcsv %u", round, got->len,
                     want->len);
    }
    for (guint i = 0; i < got->len && i < want->len; i++) {
        GString *a = got->pdata[i], *b = want->pdata[i];
        if (strcmp(a->str, b->str) != 0)
            fail_msg("round %d record %u: '%s', libcsv '%s'", round, i,
                     a->str, b->str);
    }
    g_ptr_array_unref(got);
    g_ptr_array_unref(want);
}

/* Random text over the bytes that matter (quotes, delimiters, spaces,
 * tabs, CR, LF) reads as libcsv reads it. */
static void test_libcsv_agrees(void **state)
{
    static const char alphabet[] = "ab \t,\"\r\n;x";
    GRand *rnd = g_rand_new_with_seed(20261123);
    (void)state;
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)g_rand_int_range(rnd, 1, 200);
        char delim = round % 3 == 0 ? '\t' : round % 3 == 1 ? ',' : ';';
        GString *d = g_string_new("h\n");   /* no BOM, a plain header */
        for (size_t i = 0; i < n; i++)
            g_string_append_c(d, alphabet[g_rand_int_range(rnd, 0, 10)]);
        agrees(d, delim, round);
        g_string_free(d, TRUE);
    }
    g_rand_free(rnd);
}

/* CRLF lines of every length around the fast path's 64-byte blocks: the
 * CR is the last byte of one block and the LF the first of the next on
 * some of them (counted from the record's first byte). */
static void test_crlf_blocks(void **state)
{
    (void)state;
    for (int len = 1; len < 200; len++) {
        GString *d = g_string_new("h\r\n");
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < len; i++)
                g_string_append_c(d, i % 7 == 6 ? ',' : (char)('a' + i % 26));
            g_string_append(d, "\r\n");
        }
        agrees(d, ',', len);
        g_string_free(d, TRUE);
    }
}

/* Records of many fields on long lines, as exports write them: words,
 * quoted fields holding delimiters (across the fast path's 64-byte
 * blocks), and now and then what the fast path must hand on: a doubled
 * quote, a quote in an unquoted field, text after a closing quote, a
 * quoted newline, a CR, a non-ASCII byte. */
static void test_libcsv_agrees_long_lines(void **state)
{
    static const char *const odd[] = {
        "\"a\"\"b\"", "5\" screen", "\"x\"y", "\"two\nlines\"", "a\rb",
        "caf\xc3\xa9", " \"spaced\" ", "\"\"", "\"", "\t", "  "};
    GRand *rnd = g_rand_new_with_seed(20261124);
    (void)state;
    for (int round = 0; round < 2000; round++) {
        char delim = round % 3 == 0 ? '\t' : round % 3 == 1 ? ',' : ';';
        GString *d = g_string_new("h\n");
        int records = g_rand_int_range(rnd, 1, 6);
        /* now and then lines of up to 10 KB that the fast path reads,
         * past the arena it starts with */
        bool wide = round % 25 == 0;
        for (int r = 0; r < records; r++) {
            int fields = g_rand_int_range(rnd, 1, wide ? 800 : 40);
            for (int f = 0; f < fields; f++) {
                if (f)
                    g_string_append_c(d, delim);
                int kind = g_rand_int_range(rnd, wide ? 1 : 0, 20);
                int len = g_rand_int_range(rnd, 0, 24);
                if (kind == 0) {
                    g_string_append(d, odd[g_rand_int_range(
                                           rnd, 0, G_N_ELEMENTS(odd))]);
                } else if (kind < 6) {
                    g_string_append_c(d, '"');
                    for (int i = 0; i < len; i++)
                        g_string_append_c(d, "ab ,;\t"[g_rand_int_range(rnd, 0, 6)]);
                    g_string_append_c(d, '"');
                } else {
                    for (int i = 0; i < len; i++)
                        g_string_append_c(d, "abcdefgh "[g_rand_int_range(rnd, 0, 9)]);
                }
            }
            g_string_append(d, g_rand_int_range(rnd, 0, 4) ? "\n" : "\r\n");
        }
        agrees(d, delim, round);
        g_string_free(d, TRUE);
    }
    g_rand_free(rnd);
}

/* Read @d serially and with 1 and 2 threads, the lines of the chunks
 * counted first and shifted once known, in windows of @window bytes
 * (chunks of an eighth of that): the same records, lines and flaws. */
static void same_every_way(const GString *d, size_t window, size_t max_record)
{
    g_autofree char *path = tmp_file(d->str, d->len);
    GPtrArray *one = g_ptr_array_new_with_free_func(g_free);
    struct rp_csv_opts o = {.window = window, .max_record = max_record};
    struct rp_err err = {0};

    assert_int_equal(rp_csv_read(path, "t.csv", &o, full, one, &err), 0);
    for (unsigned k = 0; k < 3; k++) {
        GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
        struct rp_csv_par par = par_of(k);
        assert_int_equal(rp_csv_read_par(path, "t.csv", &o, &par, got, &err),
                         0);
        if (got->len != one->len)
            fail_msg("reading %u: %u records, serially %u", k, got->len,
                     one->len);
        for (guint i = 0; i < got->len; i++)
            assert_string_equal(got->pdata[i], one->pdata[i]);
        g_ptr_array_unref(got);
    }
    unlink(path);
    g_ptr_array_unref(one);
}

/* Chunk starts are guesses at line starts: a quoted newline at a chunk's
 * or window's edge, a BOM, CRLF and lone CR lines, blank lines, an
 * over-long record, and a file smaller than one chunk all read as one
 * serial reading does. */
static void test_threads_agree(void **state)
{
    GRand *rnd = g_rand_new_with_seed(7);
    (void)state;
    for (int variant = 0; variant < 4; variant++) {
        GString *d = g_string_new(variant == 1 ? "\xef\xbb\xbf" : "");
        const char *eol = variant == 2 ? "\r\n" : variant == 3 ? "\r" : "\n";
        g_string_append_printf(d, "id,text,n%s", eol);
        for (int i = 0; i < 3000; i++) {
            int k = g_rand_int_range(rnd, 0, 12);
            if (k == 0)     /* a quoted field over several lines */
                g_string_append_printf(d, "%d,\"a%sb,%s\"\"c\"\"\",%d%s", i,
                                       eol, eol, i, eol);
            else if (k == 1)
                g_string_append(d, eol);        /* blank line */
            else if (k == 2)    /* longer than max_record (600) */
                g_string_append_printf(d, "%d,\"%0*d%s%0*d\",x%s", i, 400, 0,
                                       eol, 400, 0, eol);
            else
                g_string_append_printf(d, "  %d , plain %d,%d%s", i, k, i,
                                       eol);
        }
        /* windows of 4 KiB: hundreds of windows and chunks */
        same_every_way(d, 4096, 600);
        same_every_way(d, 1u << 20, 600);
        g_string_free(d, TRUE);
    }
    GString *tiny = g_string_new("a,b\n1,\"x\ny\"\n");
    same_every_way(tiny, 0, 0);
    g_string_assign(tiny, "a,b\n1,2");    /* no newline at the end */
    same_every_way(tiny, 0, 0);
    g_string_free(tiny, TRUE);
    g_rand_free(rnd);
}

/* A shard's end that fails (at the shard holding record "9000,"): the
 * read stops with its error, and what was handed on before it is every
 * record before that shard, in order, whether the shard was ended after
 * its round or while the other thread still read (finish: the thread
 * reading record 9100, a little later, is made slow; 11 of 20 runs took
 * that path, counted with a debug build), with 2 jobs in windows of
 * 4 KiB. */
static int failing_end(void *ctx, void *shard, const struct rp_csv_window *w,
                       unsigned shift, struct rp_err *err)
{
    GPtrArray *sh = shard;

    for (guint i = 0; i < sh->len; i++) {
        if (strstr(sh->pdata[i], "|9000|")) {
            g_ptr_array_unref(sh);
            return rp_err_set(err, RP_EDATA, NULL, "shard refused");
        }
    }
    return shard_end(ctx, shard, w, shift, err);
}

/* full(), slow on record "9100,": the thread that reads it ends its
 * round last, so the other one ends the shards before it early. */
static int slow_full(void *ctx, const struct rp_csv_record *rec,
                     struct rp_err *err)
{
    if (rec->n_fields && strcmp(rec->fields[0], "9100") == 0)
        g_usleep(3000);
    return full(ctx, rec, err);
}

static void test_shard_end_fails(void **state)
{
    GString *d = g_string_new("id,text\n");
    (void)state;
    for (int i = 0; i < 20000; i++)
        g_string_append_printf(d, "%d,some text %d\n", i, i);
    g_autofree char *path = tmp_file(d->str, d->len);
    struct rp_csv_opts o = {.window = 4096};

    for (int run = 0; run < 20; run++) {
        GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
        struct rp_csv_par par = {2, slow_full, shard_new, slow_full,
                                 failing_end, shard_free, NULL, false};
        struct rp_err err = {0};
        assert_int_equal(rp_csv_read_par(path, "t.csv", &o, &par, got, &err),
                         -1);
        assert_string_equal(err.msg, "shard refused");
        /* the header, then records 0 ... k - 1, where record k starts the
         * failing shard: k <= 9000, and a shard is at most a window of
         * 4 KiB, at most 216 records of 19 bytes or more here */
        if (got->len > 9001 || got->len < 9001 - 216)
            fail_msg("%u records handed on", got->len - 1);
        for (guint i = 1; i < got->len; i++) {
            char want[32];
            g_snprintf(want, sizeof(want), "|%u|", i - 1);
            if (!strstr(got->pdata[i], want))
                fail_msg("record %u is '%s'", i, (char *)got->pdata[i]);
        }
        g_ptr_array_unref(got);
    }
    unlink(path);
    g_string_free(d, TRUE);
}

/* A quote that never closes, far into a file read in small windows: each
 * reading names its line as a serial one does, the lines of the chunk it
 * is in counted first or shifted (that chunk is read again once its
 * first line is known). */
static void test_unterminated_threads(void **state)
{
    GString *d = g_string_new("id,text\n");
    (void)state;
    for (int i = 0; i < 6000; i++)
        g_string_append_printf(d, i % 7 ? "%d,text %d\n"
                                        : "%d,\"two\nlines %d\"\n", i, i);
    g_string_append(d, "6000,\"never closed\n6001,x\n");
    g_autofree char *path = tmp_file(d->str, d->len);
    struct rp_csv_opts o = {.window = 4096};
    struct rp_err serial = {0};
    GPtrArray *one = g_ptr_array_new_with_free_func(g_free);

    assert_int_equal(rp_csv_read(path, "t.csv", &o, full, one, &serial), -1);
    /* the header, 6000 records of 6000 + 858 lines, then line 6860 */
    assert_int_equal(serial.loc.line, 6860);
    for (unsigned k = 0; k < 3; k++) {
        GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
        struct rp_csv_par par = par_of(k);
        struct rp_err err = {0};
        assert_int_equal(rp_csv_read_par(path, "t.csv", &o, &par, got, &err),
                         -1);
        assert_int_equal(err.code, RP_EDATA);
        assert_int_equal(err.loc.line, 6860);
        assert_string_equal(err.msg, serial.msg);
        g_ptr_array_unref(got);
    }
    unlink(path);
    g_ptr_array_unref(one);
    g_string_free(d, TRUE);
}

/* A header line past the record limit, whose end the reader never
 * reaches, stops the read, naming the file and line. */
static void test_header_too_long(void **state)
{
    GString *d = g_string_new(NULL);
    (void)state;
    for (int i = 0; i < 300; i++)
        g_string_append_c(d, 'h');
    g_string_append(d, "\n1\n");
    g_autofree char *path = tmp_file(d->str, d->len);
    GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
    struct rp_csv_opts o = {.window = 64, .max_record = 100};
    struct rp_csv_par par = par_of(2);
    struct rp_err err = {0};

    assert_int_equal(rp_csv_read_par(path, "t.csv", &o, &par, got, &err), -1);
    unlink(path);
    assert_int_equal(err.code, RP_EDATA);
    assert_string_equal(err.loc.file, "t.csv");
    assert_int_equal(err.loc.line, 1);
    assert_string_equal(err.msg, "header too long");
    g_ptr_array_unref(got);
    g_string_free(d, TRUE);
}

/* Every reading of @d (GB18030, @o) fails at @line with the @records
 * before it handed on, the header first and the last one's lines @last:
 * serial, and with 1 and 2 jobs. */
static void decode_fails_at(const GString *d, struct rp_csv_opts *o,
                            unsigned line, unsigned records, const char *last)
{
    g_autofree char *path = tmp_file(d->str, d->len);

    for (unsigned k = 0; k <= 3; k++) {     /* serial, then par_of() */
        GPtrArray *got = g_ptr_array_new_with_free_func(g_free);
        struct rp_csv_par par = par_of(k ? k - 1 : 0);
        struct rp_err err = {0};
        int rc = k ? rp_csv_read_par(path, "t.csv", o, &par, got, &err)
                   : rp_csv_read(path, "t.csv", o, full, got, &err);
        assert_int_equal(rc, -1);
        assert_int_equal(err.code, RP_EDATA);
        assert_string_equal(err.msg, "bytes that are not valid GB18030");
        assert_int_equal(err.loc.line, line);
        assert_int_equal(got->len, records);
        assert_true(g_str_has_prefix(got->pdata[0], "1-1 "));
        assert_true(g_str_has_prefix(got->pdata[got->len - 1], last));
        g_ptr_array_unref(got);
    }
    unlink(path);
}

/* Bytes that cannot be decoded in text read ahead (here a sequence cut
 * short by the end of the file, found by the read after the first window)
 * are an error after every record before them, at their own line,
 * whoever reads. */
static void test_decode_error_ahead(void **state)
{
    GString *d = g_string_new("a,b\n");
    struct rp_csv_opts o = {.encoding = "gb18030", .window = 64};
    (void)state;

    for (int i = 2; i <= 30; i++)
        g_string_append_printf(d, "%d,x\n", i);
    g_string_append(d, "31,\x81");
    decode_fails_at(d, &o, 31, 30, "30-30 ");
    g_string_free(d, TRUE);
}

/* The same where the window read ahead is the one after an over-long
 * record's (read again to fill the window: the threads handed on none of
 * the records before it), and where a CRLF is cut between two reads
 * (4 MiB): the line is the file's, the CR and LF one line end (it was
 * one line further on). */
static void test_decode_error_ahead_edges(void **state)
{
    enum { READ = 4 << 20 };
    struct rp_csv_opts o = {.encoding = "gb18030", .window = 64,
                            .max_record = 100};
    GString *d = g_string_new("a,b\n");
    (void)state;

    for (int i = 2; i <= 30; i++)
        g_string_append_printf(d, "%d,x\n", i);
    g_string_append(d, "31,");
    for (int i = 0; i < READ; i++)
        g_string_append_c(d, 'z');
    g_string_append(d, "\n32,\x81");
    /* the header, 29 rows and line 31 as an over-long record */
    decode_fails_at(d, &o, 32, 31, "31-31 ");

    g_string_assign(d, "a,b\r\n");
    unsigned lines = 1;
    while (d->len + 32 < READ)
        g_string_append_printf(d, "%u,x\r\n", ++lines % 10000);
    while (d->len < READ - 2)           /* a row whose CR is byte READ - 1 */
        g_string_append_c(d, 'y');
    g_string_append(d, ",\r\n");
    lines++;
    g_assert(d->str[READ - 1] == '\r' && d->str[READ] == '\n');
    g_string_append(d, "1,\x81\r\n");
    struct rp_csv_opts wide = {.encoding = "gb18030", .window = 64};
    /* the last row's end is in the read that fails: it is not handed on */
    g_autofree char *last = g_strdup_printf("%u-%u ", lines - 1, lines - 1);
    decode_fails_at(d, &wide, lines + 1, lines - 1, last);
    g_string_free(d, TRUE);
}

/* A field written for breaches.csv and the others: as it is when it
 * can be, quoted with quotes doubled when it holds a comma, quote or line
 * break, and behind a ' when a spreadsheet would run it (OWASP). */
static void test_append_field(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Ben Carter", "Ben Carter"},
        {"", ""},
        {"Acme, Inc.", "\"Acme, Inc.\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\r", "\"cr\r\""},
        {"=1+1", "\"'=1+1\""},
        {"+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""},
        {"-5", "\"'-5\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {"\tx", "\"'\tx\""},
        {"=a,\"b\"", "\"'=a,\"\"b\"\"\""},
        {"a=b", "a=b"},
        {"王芳", "王芳"},
    };
    g_autoptr(GString) s = g_string_new("x,");

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_string_truncate(s, 2);
        rp_csv_append_field(s, cases[i][0]);
        assert_string_equal(s->str + 2, cases[i][1]);
        assert_int_equal(s->len, 2 + strlen(cases[i][1]));
        /* the room it promises is enough: every byte a quote, and a ' */
        char buf[64];
        size_t n = strlen(cases[i][0]);
        assert_true(RP_CSV_FIELD_ROOM(n) <= sizeof(buf));
        char *end = rp_csv_put_field(buf, cases[i][0], n);
        assert_true((size_t)(end - buf) <= RP_CSV_FIELD_ROOM(n));
        assert_memory_equal(buf, cases[i][1], strlen(cases[i][1]));
    }
    char quotes[] = "\"\"\"";
    char buf[RP_CSV_FIELD_ROOM(sizeof(quotes) - 1)];
    char *end = rp_csv_put_field(buf, quotes, sizeof(quotes) - 1);
    assert_int_equal(end - buf, (long)sizeof(buf));     /* worst case */
    g_string_truncate(s, 2);
    rp_csv_append_field(s, NULL);
    assert_string_equal(s->str, "x,");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_lines),
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_block_boundary),
        cmocka_unit_test(test_unterminated),
        cmocka_unit_test(test_unterminated_threads),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_utf8_agrees),
        cmocka_unit_test(test_flaws),
        cmocka_unit_test(test_cr_lines),
        cmocka_unit_test(test_libcsv_agrees),
        cmocka_unit_test(test_libcsv_agrees_long_lines),
        cmocka_unit_test(test_crlf_blocks),
        cmocka_unit_test(test_threads_agree),
        cmocka_unit_test(test_shard_end_fails),
        cmocka_unit_test(test_header_too_long),
        cmocka_unit_test(test_decode_error_ahead),
        cmocka_unit_test(test_decode_error_ahead_edges),
        cmocka_unit_test(test_append_field),
    };
    return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
