/* Unit tests for sha256.c (two streams at once) and the read's riders
 * (csv.c): FIPS 180-4's examples, OpenSSL's digests of random bytes fed
 * in random pieces, and files hashed ahead beside another's read, taken
 * over by their own read, or hashed afresh when the file changed since.
 * On a CPU without the SHA extensions there is nothing to test: skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <openssl/evp.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "revpack/csv.h"
#include "revpack/sha256.h"

static char *hex(const unsigned char md[32])
{
    char *s = g_malloc(65);
    for (int i = 0; i < 32; i++)
        g_snprintf(s + 2 * i, 3, "%02x", md[i]);
    return s;
}

static char *ours(const void *p, size_t n)
{
    struct rp_sha256 c;
    unsigned char md[32];

    rp_sha256_init(&c);
    rp_sha256_update(&c, p, n);
    rp_sha256_final(&c, md);
    return hex(md);
}

static char *openssl(const void *p, size_t n)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;

    assert_true(EVP_Digest(p, n, md, &len, EVP_sha256(), NULL));
    assert_int_equal(len, 32);
    return hex(md);
}

static int need_fast(void **state)
{
    (void)state;
    if (!rp_sha256_fast())
        skip();
    return 0;
}

/* FIPS 180-4's examples (NIST's "SHA256.pdf"): one block, two blocks,
 * the empty message, a million a's fed 1,000 at a time */
static void test_examples(void **state)
{
    (void)state;
    g_autofree char *abc = ours("abc", 3);
    g_autofree char *two = ours(
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
    g_autofree char *none = ours("", 0);
    assert_string_equal(
        abc, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_string_equal(
        two, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    assert_string_equal(
        none, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    struct rp_sha256 c;
    unsigned char md[32], a[1000];
    memset(a, 'a', sizeof(a));
    rp_sha256_init(&c);
    for (int i = 0; i < 1000; i++)
        rp_sha256_update(&c, a, sizeof(a));
    rp_sha256_final(&c, md);
    g_autofree char *million = hex(md);
    assert_string_equal(
        million,
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Random bytes of 0 to 3,000 bytes, two streams fed in pieces of random
 * sizes, pairs of pieces by rp_sha256_update2 (each one's block begun or
 * not): the digests OpenSSL gives. */
static void test_random(void **state)
{
    (void)state;
    GRand *r = g_rand_new_with_seed(16);
    guchar *a = g_malloc(3000), *b = g_malloc(3000);

    for (int t = 0; t < 3000; t++) {
        size_t na = (size_t)g_rand_int_range(r, 0, 3000),
               nb = (size_t)g_rand_int_range(r, 0, 3000), at = 0, bt = 0;
        for (size_t i = 0; i < 3000; i++) {
            a[i] = (guchar)g_rand_int(r);
            b[i] = (guchar)g_rand_int(r);
        }
        struct rp_sha256 x, y;
        unsigned char mx[32], my[32];
        rp_sha256_init(&x);
        rp_sha256_init(&y);
        while (at < na || bt < nb) {
            size_t ka = (size_t)g_rand_int_range(r, 0, 300),
                   kb = (size_t)g_rand_int_range(r, 0, 300);
            ka = MIN(ka, na - at);  /* (MIN evaluates its arguments twice) */
            kb = MIN(kb, nb - bt);
            switch (g_rand_int_range(r, 0, 3)) {
            case 0:
                rp_sha256_update2(&x, a + at, ka, &y, b + bt, kb);
                break;
            case 1:     /* equal pieces, as a rider's */
                ka = kb = MIN(ka, kb);
                rp_sha256_update2(&x, a + at, ka, &y, b + bt, kb);
                break;
            default:
                rp_sha256_update(&x, a + at, ka);
                rp_sha256_update(&y, b + bt, kb);
            }
            at += ka;
            bt += kb;
        }
        rp_sha256_final(&x, mx);
        rp_sha256_final(&y, my);
        g_autofree char *hx = hex(mx), *hy = hex(my);
        g_autofree char *wx = openssl(a, na), *wy = openssl(b, nb);
        assert_string_equal(hx, wx);
        assert_string_equal(hy, wy);
    }
    g_free(a);
    g_free(b);
    g_rand_free(r);
}

/* ---- riders ---------------------------------------------------------- */

static int count(void *ctx, const struct rp_csv_record *rec,
                 struct rp_err *err)
{
    (void)rec;
    (void)err;
    (*(unsigned *)ctx)++;
    return 0;
}

/* A CSV file of @lines lines of about 60 bytes at @path (a new file
 * renamed over it, or with @in_place the file there cut and written);
 * its bytes.  Its size is the same for any @seed from 1 to 9. */
static GBytes *put_csv(const char *path, unsigned lines, unsigned seed,
                       bool in_place)
{
    GString *s = g_string_new("id,at,note\n");
    for (unsigned i = 0; i < lines; i++)
        g_string_append_printf(s, "X%u-%u,2025-06-%02u 09:00:00,a note of "
                                  "some length %u\n",
                               seed, i, i % 28 + 1, i * seed % 10);
    if (in_place) {
        FILE *f = fopen(path, "w");     /* the same inode, cut to 0 */
        assert_non_null(f);
        assert_int_equal(fwrite(s->str, 1, s->len, f), s->len);
        assert_int_equal(fclose(f), 0);
    } else {
        assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
    }
    return g_string_free_to_bytes(s);
}

static GBytes *write_csv(const char *path, unsigned lines, unsigned seed)
{
    return put_csv(path, lines, seed, false);
}

/* The parallel read's shards: a count each, added up in file order. */
static void *shard_new(void *ctx)
{
    (void)ctx;
    return g_new0(unsigned, 1);
}

static int shard_end(void *ctx, void *shard, const struct rp_csv_window *w,
                     unsigned shift, struct rp_err *err)
{
    (void)w;
    (void)shift;
    (void)err;
    *(unsigned *)ctx += *(unsigned *)shard;
    g_free(shard);
    return 0;
}

static void shard_free(void *ctx, void *shard)
{
    (void)ctx;
    g_free(shard);
}

/* Read @path with @riders beside it and its own rider @own, on @jobs
 * threads (1: rp_csv_read, the digest fed between rounds; 2: the
 * parallel read, the digest on a thread of its own); its SHA-256 and
 * records checked. */
static void read_jobs(const char *path, GBytes *bytes, unsigned lines,
                      struct rp_csv_rider *const *riders,
                      struct rp_csv_rider *own, unsigned jobs)
{
    char sha[65] = "";
    struct rp_csv_opts o = {.sha256 = sha, .window = 64 << 10,
                            .riders = riders, .hashed_ahead = own};
    struct rp_csv_par par = {jobs, count, shard_new, count, shard_end,
                             shard_free, NULL, false};
    struct rp_err err = {0};
    unsigned n = 0;
    gsize len;
    const void *p = g_bytes_get_data(bytes, &len);
    g_autofree char *want = openssl(p, len);

    if (jobs == 1)
        assert_int_equal(rp_csv_read(path, "t.csv", &o, count, &n, &err), 0);
    else
        assert_int_equal(rp_csv_read_par(path, "t.csv", &o, &par, &n, &err),
                         0);
    assert_int_equal(n, lines + 1);
    assert_string_equal(sha, want);
}

static void read_checked(const char *path, GBytes *bytes, unsigned lines,
                         struct rp_csv_rider *const *riders,
                         struct rp_csv_rider *own)
{
    read_jobs(path, bytes, lines, riders, own, 1);
}

/* A folder of its own for a test's files, and a path in it. */
static char *make_dir(void)
{
    g_autoptr(GError) e = NULL;
    char *dir = g_dir_make_tmp("revpack-sha-XXXXXX", &e);
    assert_non_null(dir);
    return dir;
}

static char *in_dir(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

static void remove_dir(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *n;

    while (d && (n = g_dir_read_name(d))) {
        g_autofree char *path = in_dir(dir, n);
        g_unlink(path);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
    g_free(dir);
}

/* Files A, B and C of @la, @lb and @lc lines in @dir; riders for B and
 * C, made before anything is read. */
struct abc {
    char *pa, *pb, *pc;
    GBytes *a, *b, *c;
    struct rp_csv_rider *rb, *rc;
};

static void abc_write(struct abc *x, const char *dir, unsigned la,
                      unsigned lb, unsigned lc)
{
    x->pa = in_dir(dir, "a.csv");
    x->pb = in_dir(dir, "b.csv");
    x->pc = in_dir(dir, "c.csv");
    x->a = write_csv(x->pa, la, 1);
    x->b = write_csv(x->pb, lb, 2);
    x->c = write_csv(x->pc, lc, 3);
    x->rb = rp_csv_rider_new(x->pb);
    x->rc = rp_csv_rider_new(x->pc);
    assert_non_null(x->rb);
    assert_non_null(x->rc);
}

static void abc_free(struct abc *x)
{
    rp_csv_rider_free(x->rb);
    rp_csv_rider_free(x->rc);
    g_free(x->pa);
    g_free(x->pb);
    g_free(x->pc);
    g_bytes_unref(x->a);
    g_bytes_unref(x->b);
    g_bytes_unref(x->c);
}

/* Files A (1 MB), B (0.4 MB) and C (2.5 MB) read in turn, B and C
 * riding on A's read: B wholly hashed ahead, C in part (its read goes on
 * from there), C riding on B's too. */
static void test_riders(void **state)
{
    (void)state;
    char *dir = make_dir();
    struct abc x;

    abc_write(&x, dir, 16000, 6000, 40000);
    struct rp_csv_rider *after_a[] = {x.rb, x.rc, NULL},
                        *after_b[] = {x.rc, NULL};
    read_checked(x.pa, x.a, 16000, after_a, NULL);
    read_checked(x.pb, x.b, 6000, after_b, x.rb);
    read_checked(x.pc, x.c, 40000, NULL, x.rc);
    abc_free(&x);
    remove_dir(dir);
}

/* B is replaced after its rider hashed it (a new file of the same size
 * renamed over it, as an export tool saves), C is written in place (the
 * same size: only its times tell), and D is cut to 50 lines in place
 * before its rider reads it (its first read comes short, which stops
 * it): each read hashes its file afresh, the bytes it reads. */
static void test_changed(void **state)
{
    (void)state;
    char *dir = make_dir();
    g_autofree char *pn = in_dir(dir, "new.csv"), *pd = in_dir(dir, "d.csv");
    struct abc x;

    abc_write(&x, dir, 4000, 1000, 1000);
    g_autoptr(GBytes) d = write_csv(pd, 6000, 4);
    struct rp_csv_rider *rd = rp_csv_rider_new(pd);
    struct rp_csv_rider *after_a[] = {x.rb, x.rc, rd, NULL};
    assert_non_null(rd);
    g_autoptr(GBytes) d2 = put_csv(pd, 50, 5, true);
    read_checked(x.pa, x.a, 4000, after_a, NULL);
    g_autoptr(GBytes) b2 = write_csv(pn, 1000, 7);
    assert_int_equal(g_rename(pn, x.pb), 0);
    g_usleep(20000);    /* a later modification time, on any clock */
    g_autoptr(GBytes) c2 = put_csv(x.pc, 1000, 9, true);
    read_checked(x.pb, b2, 1000, NULL, x.rb);
    read_checked(x.pc, c2, 1000, NULL, x.rc);
    read_checked(pd, d2, 50, NULL, rd);
    rp_csv_rider_free(rd);
    abc_free(&x);
    remove_dir(dir);
}

/* @path: byte-order mark @bom (@nb bytes), then @n bytes of @text; its
 * bytes. */
static GBytes *write_marked(const char *path, const char *bom, size_t nb,
                           const char *text, size_t n)
{
    GByteArray *file = g_byte_array_new();

    g_byte_array_append(file, (const guint8 *)bom, (guint)nb);
    g_byte_array_append(file, (const guint8 *)text, (guint)n);
    assert_true(g_file_set_contents(path, (const char *)file->data,
                                    (gssize)file->len, NULL));
    return g_byte_array_free_to_bytes(file);
}

/* On two threads: B (with a byte-order mark, which the read skips and the
 * digest does not) rides on A's read and is taken over in part by its
 * own, whose digest thread starts where the rider stopped. */
static void test_two_jobs(void **state)
{
    (void)state;
    char *dir = make_dir();
    g_autofree char *pa = in_dir(dir, "a.csv"), *pb = in_dir(dir, "b.csv");
    g_autoptr(GBytes) a = write_csv(pa, 8000, 1);
    g_autoptr(GBytes) plain = put_csv(pb, 30000, 2, false);
    gsize n;
    const char *text = g_bytes_get_data(plain, &n);
    g_autoptr(GBytes) b = write_marked(pb, "\xef\xbb\xbf", 3, text, n);
    struct rp_csv_rider *rb = rp_csv_rider_new(pb);
    struct rp_csv_rider *after_a[] = {rb, NULL};

    assert_non_null(rb);
    assert_true(g_bytes_get_size(b) > 2 * g_bytes_get_size(a));
    read_jobs(pa, a, 8000, after_a, NULL, 2);
    read_jobs(pb, b, 30000, NULL, rb, 2);
    rp_csv_rider_free(rb);
    remove_dir(dir);
}

/* A UTF-16 file (read with read() and converted, not mapped) hashed in
 * part ahead: its read hashes only the bytes after those. */
static void test_converted(void **state)
{
    (void)state;
    char *dir = make_dir();
    g_autofree char *pa = in_dir(dir, "a.csv"), *pu = in_dir(dir, "u.csv");
    g_autoptr(GBytes) a = write_csv(pa, 4000, 1);
    GString *s = g_string_new("id,note\n");
    for (unsigned i = 0; i < 30000; i++)
        g_string_append_printf(s, "U%u,线索 %u\n", i, i);
    gsize n16 = 0;
    g_autofree char *u16 = g_convert(s->str, (gssize)s->len, "UTF-16LE",
                                     "UTF-8", NULL, &n16, NULL);
    g_string_free(s, TRUE);
    g_autoptr(GBytes) u = write_marked(pu, "\xff\xfe", 2, u16, n16);
    struct rp_csv_rider *ru = rp_csv_rider_new(pu);
    struct rp_csv_rider *after_a[] = {ru, NULL};

    assert_non_null(ru);
    assert_true(g_bytes_get_size(u) > g_bytes_get_size(a));
    read_checked(pa, a, 4000, after_a, NULL);
    read_checked(pu, u, 30000, NULL, ru);
    rp_csv_rider_free(ru);
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_examples, need_fast),
        cmocka_unit_test_setup(test_random, need_fast),
        cmocka_unit_test_setup(test_riders, need_fast),
        cmocka_unit_test_setup(test_changed, need_fast),
        cmocka_unit_test_setup(test_two_jobs, need_fast),
        cmocka_unit_test_setup(test_converted, need_fast),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
