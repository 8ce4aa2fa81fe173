/* Unit tests for idindex.c: ids found by content, never by prefix; misses
 * are misses; growth keeps every id; the first of a repeated id wins; an
 * index of hashes finds repeats without the ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "revpack/idindex.h"

struct row {
    int pad;
    const char *id;
};

static GArray *rows_of(GStringChunk *sc, int n, const char *fmt)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct row));
    char buf[32];
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof(buf), fmt, i);
        struct row r = {i, g_string_chunk_insert(sc, buf)};
        g_array_append_val(rows, r);
    }
    return rows;
}

static void test_find(void **state)
{
    GStringChunk *sc = g_string_chunk_new(4096);
    /* 300,000 ids: the table grows from 1,024 slots several times, the
     * last tables (2 and 4 MiB) in huge pages */
    GArray *rows = rows_of(sc, 300000, "L%07d");
    struct rp_idindex x;
    char buf[32];
    (void)state;

    rp_idindex_init(&x, rows, offsetof(struct row, id));
    assert_int_equal(rp_idindex_find(&x, "L0000000"), 0);   /* empty */
    for (guint i = 0; i < rows->len; i++)
        rp_idindex_add(&x, i);
    assert_int_equal(x.n, 300000);
    assert_true((x.mask + 1) * sizeof(*x.slot) >= (2u << 20));
    assert_true((x.mask + 1) * 4 >= 5 * x.n);          /* 4/5 full at most */
    for (int i = 0; i < 300000; i += 7) {
        snprintf(buf, sizeof(buf), "L%07d", i);
        assert_int_equal(rp_idindex_find(&x, buf), i + 1);
    }
    assert_int_equal(rp_idindex_find(&x, "L0300000"), 0);
    assert_int_equal(rp_idindex_find(&x, "L000000"), 0);    /* a prefix */
    assert_int_equal(rp_idindex_find(&x, "L00000001"), 0);  /* longer */
    assert_int_equal(rp_idindex_find(&x, ""), 0);
    /* the length given, not the NUL: "L0000042" inside a longer text */
    const char *text = "L0000042,L0000043";
    assert_int_equal(rp_idindex_find_hashed(&x, text, 8,
                                            rp_idindex_hash(text, 8)),
                     43);
    rp_idindex_release(&x);
    g_array_unref(rows);
    g_string_chunk_free(sc);
}

/* Finds at once give what finds one by one give: ids known and not, a
 * prefix, text longer than the id, fewer finds than the prefetch looks
 * ahead, and an index with no table yet. */
static void test_find_many(void **state)
{
    GStringChunk *sc = g_string_chunk_new(4096);
    GArray *rows = rows_of(sc, 5000, "L%07d");
    struct rp_idindex x;
    const char *text = "L0004999,L0000001";
    const char *ids[] = {"L0000000", "L0005000", "L0004999", "L000499",
                         "", "L0000001", "L0000001", "L00000010"};
    struct rp_idfind q[40];
    const uint32_t want[] = {1, 0, 5000, 0, 0, 2, 2, 0};
    (void)state;

    rp_idindex_init(&x, rows, offsetof(struct row, id));
    for (unsigned i = 0; i < G_N_ELEMENTS(q); i++) {
        const char *id = ids[i % G_N_ELEMENTS(ids)];
        q[i] = (struct rp_idfind){id, rp_idindex_hash(id, strlen(id)),
                                  (uint32_t)strlen(id), 99};
    }
    rp_idindex_find_many(&x, q, G_N_ELEMENTS(q));   /* no table yet */
    for (unsigned i = 0; i < G_N_ELEMENTS(q); i++)
        assert_int_equal(q[i].found, 0);
    for (guint i = 0; i < rows->len; i++)
        rp_idindex_add(&x, i);
    rp_idindex_find_many(&x, q, G_N_ELEMENTS(q));
    for (unsigned i = 0; i < G_N_ELEMENTS(q); i++)
        assert_int_equal(q[i].found, want[i % G_N_ELEMENTS(ids)]);
    /* three finds, fewer than any look-ahead; an id inside longer text */
    q[0] = (struct rp_idfind){text, rp_idindex_hash(text, 8), 8, 0};
    q[1] = (struct rp_idfind){text + 9, rp_idindex_hash(text + 9, 8), 8, 0};
    q[2] = (struct rp_idfind){text, rp_idindex_hash(text, 17), 17, 7};
    rp_idindex_find_many(&x, q, 3);
    assert_int_equal(q[0].found, 5000);
    assert_int_equal(q[1].found, 2);
    assert_int_equal(q[2].found, 0);
    rp_idindex_find_many(&x, q, 0);
    rp_idindex_release(&x);
    g_array_unref(rows);
    g_string_chunk_free(sc);
}

/* Bytes compared in words: every length up to three words, a difference
 * at every place (first, last, in the overlap of the last word) found. */
static void test_same(void **state)
{
    char a[32], b[32];
    (void)state;

    for (size_t n = 0; n <= 24; n++) {
        for (size_t i = 0; i < n; i++)
            a[i] = b[i] = (char)('A' + i);
        assert_true(rp_idindex_same(a, b, n));
        for (size_t at = 0; at < n; at++) {
            b[at] ^= 0x20;
            assert_false(rp_idindex_same(a, b, n));
            assert_false(rp_idindex_same(b, a, n));
            b[at] ^= 0x20;
        }
    }
    assert_true(rp_idindex_same("L0000042,", "L0000042;", 8));
}

static void test_repeat_and_hash(void **state)
{
    GStringChunk *sc = g_string_chunk_new(4096);
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(struct row));
    const char *ids[] = {"a", "b", "a", "A", "a\x1f" "b"};
    struct rp_idindex x;
    (void)state;

    for (int i = 0; i < 5; i++) {
        struct row r = {i, g_string_chunk_insert(sc, ids[i])};
        g_array_append_val(rows, r);
    }
    rp_idindex_init(&x, rows, offsetof(struct row, id));
    for (guint i = 0; i < rows->len; i++)
        rp_idindex_add(&x, i);
    assert_int_equal(rp_idindex_find(&x, "a"), 1);    /* the first */
    assert_int_equal(rp_idindex_find(&x, "A"), 4);    /* case counts */
    assert_int_equal(rp_idindex_find(&x, "a\x1f" "b"), 5);
    assert_int_equal(rp_idindex_find(&x, "c"), 0);
    rp_idindex_release(&x);
    rp_idindex_release(&x);                           /* twice is safe */
    /* the same bytes hash the same; the length counts */
    assert_true(rp_idindex_hash("L0000001", 8) ==
                rp_idindex_hash("L0000001x", 8));
    assert_true(rp_idindex_hash("A", 1) != rp_idindex_hash("A\0", 2));
    assert_true(rp_idindex_hash("L0000001", 8) !=
                rp_idindex_hash("L0000002", 8));
    g_array_unref(rows);
    g_string_chunk_free(sc);
}

/* Room reserved at once holds what it was reserved for without
 * growing; ids added before are kept; reserving less does nothing. */
static void test_reserve(void **state)
{
    GStringChunk *sc = g_string_chunk_new(4096);
    GArray *rows = rows_of(sc, 100000, "A%06d");
    struct rp_idindex x;
    char buf[32];
    (void)state;

    rp_idindex_init(&x, rows, offsetof(struct row, id));
    for (guint i = 0; i < 10; i++)
        rp_idindex_add(&x, i);
    rp_idindex_reserve(&x, 100000, NULL);
    /* 100,000 at most 4/5 full: 131,072 slots, the least power of two */
    assert_int_equal(x.mask + 1, 131072);
    for (guint i = 10; i < rows->len; i++)
        rp_idindex_add(&x, i);
    assert_int_equal(x.mask + 1, 131072);              /* no growth */
    rp_idindex_reserve(&x, 10, NULL);
    assert_int_equal(x.mask + 1, 131072);              /* never shrinks */
    for (int i = 0; i < 100000; i += 3) {
        snprintf(buf, sizeof(buf), "A%06d", i);
        assert_int_equal(rp_idindex_find(&x, buf), i + 1);
    }
    rp_idindex_add(&x, 0);      /* past what was reserved: it grows */
    for (guint i = 0; i < 5000; i++)
        rp_idindex_add(&x, i);
    assert_int_equal(x.mask + 1, 262144);
    /* a table of 2 MiB is a map on a huge page's boundary, of zeros */
    assert_int_equal((uintptr_t)x.slot % (2u << 20), 0);
    rp_idindex_release(&x);
    rp_idindex_reserve(&x, 0, NULL);                   /* from empty */
    assert_int_equal(x.mask + 1, 1024);
    rp_idindex_release(&x);
    g_array_unref(rows);
    g_string_chunk_free(sc);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* rp_fpset: every id added is found again, after growing table by table
 * or in one reserved table; of 400,000 ids not added at most one is
 * "maybe" (a find compares 32 + log2(slots) bits: a table of 2^19 slots
 * placing a fingerprint by its own bits gave 53); a find without add adds
 * nothing; A908187 and A1542646, two ids, share a fingerprint and a slot
 * of a 1,024-slot table (the data of e2e "fingerprints shared"); and no
 * two of 800,000 ids share an rp_idindex_hash(). */
static int find_add(struct rp_fpset *s, const char *id, bool add)
{
    return rp_fpset_find_add(s, rp_idindex_hash(id, strlen(id)), add);
}

static void test_fpset(void **state)
{
    enum { N = 400000 };
    struct rp_fpset s = {0};
    char buf[32];
    unsigned maybe = 0;
    (void)state;

    for (int pass = 0; pass < 2; pass++) {
        if (pass)
            rp_fpset_reserve(&s, N, NULL);
        for (int i = 0; i < N; i++) {
            snprintf(buf, sizeof(buf), "A%08d", i);
            assert_false(find_add(&s, buf, true));
        }
        assert_true(pass ? s.n_t == 1 : s.n_t > 5);
        for (int i = 0; i < N; i++) {
            snprintf(buf, sizeof(buf), "A%08d", i);
            assert_true(find_add(&s, buf, false));
        }
        for (int i = N; i < 2 * N; i++) {
            snprintf(buf, sizeof(buf), "A%08d", i);
            maybe += (unsigned)find_add(&s, buf, false);
        }
        assert_true(maybe <= 1);
        rp_fpset_release(&s);
        assert_int_equal(s.n_t, 0);
    }

    assert_false(find_add(&s, "zz", false));
    assert_false(find_add(&s, "zz", false));
    rp_fpset_reserve(&s, 10, NULL);
    assert_int_equal(s.n_t, 1);
    assert_int_equal(s.t[0].mask, 1023);
    assert_false(find_add(&s, "A908187", true));
    assert_true(find_add(&s, "A1542646", true));
    assert_int_equal(s.t[0].n, 1);
    rp_fpset_release(&s);

    uint64_t *v = g_new(uint64_t, 2 * N);
    for (int i = 0; i < 2 * N; i++) {
        int n = snprintf(buf, sizeof(buf), i < N ? "A%08d" : "%d-x", i);
        v[i] = rp_idindex_hash(buf, (size_t)n);
    }
    qsort(v, 2 * N, sizeof(*v), cmp_u64);
    for (int i = 1; i < 2 * N; i++)
        assert_true(v[i] != v[i - 1]);
    g_free(v);
}

/* A table made ahead is taken by the reserve that wants its size, and is
 * the index's table, zeros, from then on; one of another size is left to
 * be given back; rp_*_table_bytes() say the size a reserve wants. */
static void test_spare(void **state)
{
    GStringChunk *sc = g_string_chunk_new(4096);
    GArray *rows = rows_of(sc, 300000, "S%06d");
    struct rp_idindex x;
    struct rp_idspare sp, other;
    struct rp_fpset fp = {0};
    (void)state;

    /* 300,000 ids four fifths full: 524,288 slots of 8 bytes, 4 MiB */
    assert_int_equal(rp_idindex_table_bytes(300000), 4u << 20);
    rp_idspare_make(&sp, rp_idindex_table_bytes(300000));
    rp_idspare_make(&other, rp_idindex_table_bytes(1000));
    void *mem = sp.mem;
    rp_idindex_init(&x, rows, offsetof(struct row, id));
    rp_idindex_reserve(&x, 1000, &sp);          /* not its size: left */
    assert_ptr_equal(sp.mem, mem);
    assert_int_equal(x.mask + 1, 2048);
    rp_idindex_reserve(&x, 300000, &sp);
    assert_null(sp.mem);
    assert_ptr_equal(x.slot, mem);
    for (guint i = 0; i < rows->len; i++)
        rp_idindex_add(&x, i);
    assert_int_equal(x.mask + 1, 524288);
    assert_int_equal(rp_idindex_find(&x, "S123456"), 123457);
    assert_int_equal(rp_idindex_find(&x, "S300000"), 0);
    rp_idindex_release(&x);
    rp_idspare_free(&other);
    assert_null(other.mem);
    rp_idspare_free(&sp);                       /* taken: nothing to do */

    /* 400,000 fingerprints: 524,288 slots of 4 bytes */
    assert_int_equal(rp_fpset_table_bytes(400000), 2u << 20);
    rp_idspare_make(&sp, rp_fpset_table_bytes(400000));
    mem = sp.mem;
    rp_fpset_reserve(&fp, 400000, &sp);
    assert_null(sp.mem);
    assert_ptr_equal(fp.t[0].slot, mem);
    assert_false(find_add(&fp, "A1", true));
    assert_true(find_add(&fp, "A1", false));
    rp_fpset_release(&fp);
    g_array_unref(rows);
    g_string_chunk_free(sc);
}

/* A run of the ids in @ids (space-separated; "" none). */
static struct rp_idrun run_of(const char *ids)
{
    struct rp_idrun r = {0};
    g_auto(GStrv) v = g_strsplit(ids, " ", -1);

    for (char **p = v; *p; p++)
        if (**p)
            rp_idrun_add(&r, *p, strlen(*p));
    return r;
}

static bool joins(const char *a, const char *b)
{
    struct rp_idrun r = run_of(a), n = run_of(b);
    return rp_idrun_join(&r, &n);
}

static void test_idrun(void **state)
{
    (void)state;
    /* by length first: numbers as a CRM sorts them */
    assert_int_equal(rp_idrun_order("9", 1, "10", 2), 1);
    assert_int_equal(rp_idrun_order("10", 2, "9", 1), -1);
    assert_int_equal(rp_idrun_order("A2", 2, "A1", 2), -1);
    assert_int_equal(rp_idrun_order("A1", 2, "A1", 2), 0);
    /* in words: the first that differs, most significant byte first */
    assert_int_equal(rp_idrun_order("L0000009", 8, "L0000010", 8), 1);
    assert_int_equal(rp_idrun_order("A00000010", 9, "A00000009", 9), -1);
    assert_int_equal(rp_idrun_order("B00000000", 9, "A99999999", 9), -1);
    assert_int_equal(rp_idrun_order("0015e00000AbCdE", 15, "0015e00000AbCdF",
                                     15), 1);
    assert_int_equal(rp_idrun_order("0015e00000AbCdE", 15, "0015e00000AbCdE",
                                     15), 0);
    assert_int_equal(rp_idrun_order("x\xe4", 2, "xa", 2), -1); /* unsigned */
    assert_int_equal(rp_idrun_order("abcdefgh\xe4", 9, "abcdefgha", 9), -1);

    struct rp_idrun r = run_of("A1 A2 A10 A11 B11");
    assert_false(r.broken);
    assert_int_equal(r.dir, 1);
    assert_memory_equal(r.first, "A1", 2);
    assert_int_equal(r.last_len, 3);
    assert_memory_equal(r.last, "B11", 3);
    r = run_of("L9 L8 L7 L10");         /* L10 is longer: up, not down */
    assert_true(r.broken);
    r = run_of("L9 L8 L7");
    assert_false(r.broken);
    assert_int_equal(r.dir, -1);
    assert_true(run_of("A1 A2 A2 A3").broken);      /* a repeat */
    assert_true(run_of("A1 A3 A2").broken);         /* turns back */
    r = run_of("A1");
    assert_false(r.broken);
    assert_int_equal(r.dir, 0);
    r = run_of("");
    assert_false(r.any);

    /* an id longer than a run keeps breaks it (no repeat is missed) */
    char longer[RP_IDRUN_MAX + 2];
    memset(longer, 'x', sizeof(longer) - 1);
    longer[sizeof(longer) - 1] = '\0';
    r = run_of("A1");
    rp_idrun_add(&r, longer, strlen(longer));
    assert_true(r.broken);
    r = run_of("");
    longer[RP_IDRUN_MAX] = '\0';           /* as long as it keeps */
    rp_idrun_add(&r, longer, RP_IDRUN_MAX);
    assert_false(r.broken);

    /* chunks joined in file order */
    assert_true(joins("A1 A2", "A3 A4"));
    assert_true(joins("A4 A3", "A2 A1"));
    assert_false(joins("A1 A2", "A2 A3"));     /* a repeat at the seam */
    assert_false(joins("A1 A2", "A1"));        /* back at the seam */
    assert_false(joins("A1 A2", "A4 A3"));     /* the next turns down */
    assert_false(joins("A2 A1", "A0 A1"));
    assert_true(joins("A1", "A2"));            /* one id each: up */
    assert_true(joins("A2", "A1"));
    assert_false(joins("A2", "A1 A3"));        /* the seam down, then up */
    assert_false(joins("A1", "A2 A1"));
    assert_true(joins("A1 A2", ""));           /* a chunk of no ids */
    assert_true(joins("", "A2 A1"));
    assert_false(joins("A1 A3 A2", "A4"));     /* broken stays broken */
    assert_false(joins("A1", "A3 A2 A4"));
    struct rp_idrun a = run_of("A1"), b = run_of("A2"), c = run_of("A1");
    assert_true(rp_idrun_join(&a, &b));
    assert_int_equal(a.dir, 1);
    assert_memory_equal(a.last, "A2", 2);
    assert_false(rp_idrun_join(&a, &c));       /* A1 again, far back */
    assert_true(a.broken);
    b = run_of("A3");
    assert_false(rp_idrun_join(&a, &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_find_many),
        cmocka_unit_test(test_same),
        cmocka_unit_test(test_repeat_and_hash),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_fpset),
        cmocka_unit_test(test_spare),
        cmocka_unit_test(test_idrun),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
