/* idindex.h - the record ids of a model file: id -> row.
 *
 * An open-addressing table over the rows themselves: a slot holds 32 bits
 * of the id's hash and the row's index, and the id is read from the row
 * (its `const char *` at @key_off).  It replaces a GHashTable of strings:
 * 8 bytes a slot instead of 20, no pointer chase on a miss, and a hash a
 * reader thread can compute before the id reaches the main thread.
 *
 *     struct rp_idindex by_id;
 *     rp_idindex_init(&by_id, m->leads, offsetof(struct rp_lead, id));
 *     rp_idindex_add(&by_id, i);             (row i's id is not in yet)
 *     uint32_t at = rp_idindex_find(&by_id, "L0042");  (index + 1, or 0)
 *
 * Lookups may run on several threads while no one adds.
 *
 * An id read only to find repeats (activity_id) is not kept at all: an
 * rp_fpset holds 32 bits of each id's hash, 4 bytes an id, and says
 * "maybe seen": an id it has not seen it never calls seen, and of the
 * ids it calls seen the caller settles which are (model.c reads their
 * text again).
 */
#ifndef REVPACK_IDINDEX_H
#define REVPACK_IDINDEX_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct rp_idindex {
    uint64_t *slot;         /* 0 empty, else hash high 32 | index + 1 */
    uint32_t mask;          /* slots - 1 (a power of two) */
    uint32_t n;             /* ids held */
    const GArray *rows;     /* the rows the indexes point into */
    size_t key_off;         /* where a row keeps its id */
};

/* Tables of fingerprints, each twice the one before: a fingerprint does
 * not say where it belongs in a larger table (its place is other bits of
 * the hash), so the set grows by a table, and a find looks in each. */
#define RP_FPSET_TABLES 32
struct rp_fpset {
    struct rp_fptable {
        uint32_t *slot;     /* 0 empty, else a fingerprint */
        uint32_t mask;      /* slots - 1 (a power of two) */
        uint32_t n;         /* fingerprints held */
    } t[RP_FPSET_TABLES];
    unsigned n_t;
};

/* A word that holds every byte of @s (@len bytes, 0 to 7): its first and
 * last four, overlapping, or its first, middle and last byte. */
static inline uint64_t rp_idindex_tail(const char *s, size_t len)
{
    uint32_t a, b;

    if (len >= 4) {
        memcpy(&a, s, 4);
        memcpy(&b, s + len - 4, 4);
        return a | (uint64_t)b << 32;
    }
    if (len)
        return (uint64_t)(unsigned char)s[0] |
               (uint64_t)(unsigned char)s[len / 2] << 8 |
               (uint64_t)(unsigned char)s[len - 1] << 16;
    return 0;
}

/* The hash of @len bytes at @s (an id need not end there).  Eight bytes
 * at a time, each mixed in by a multiply and a shift; the last 1-7 read
 * as two overlapping words (no byte loop, no variable-size copy); a final
 * avalanche (splitmix64's), so sequential ids such as "L0000001" and
 * "L0000002" land far apart.  The length is mixed in first. */
static inline uint64_t rp_idindex_hash(const char *s, size_t len)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15ull, w = 0;

    for (; len >= 8; s += 8, len -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    w = rp_idindex_tail(s, len);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);
}

/* Whether @n bytes at @a and @b are the same: for the short keys of a
 * table (ids, interned texts), in words and inline, where memcmp() is a
 * call that was 4% of a 1 GB check's cycles. */
static inline bool rp_idindex_same(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    uint32_t u, v;

    if (n >= 8) {
        for (; n > 8; a += 8, b += 8, n -= 8) {
            memcpy(&x, a, 8);
            memcpy(&y, b, 8);
            if (x != y)
                return false;
        }
        memcpy(&x, a + n - 8, 8);   /* the last 8, overlapping */
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        memcpy(&u, a, 4);
        memcpy(&v, b, 4);
        if (u != v)
            return false;
        memcpy(&u, a + n - 4, 4);
        memcpy(&v, b + n - 4, 4);
        return u == v;
    }
    for (; n; a++, b++, n--)
        if (*a != *b)
            return false;
    return true;
}
void rp_idindex_init(struct rp_idindex *x, const GArray *rows,
                     size_t key_off);
void rp_idindex_release(struct rp_idindex *x);

/* Index + 1 of the row whose id is @id, or 0. */
uint32_t rp_idindex_find(const struct rp_idindex *x, const char *id);
/* The same with the id's length and rp_idindex_hash() given. */
uint32_t rp_idindex_find_hashed(const struct rp_idindex *x, const char *id,
                                size_t len, uint64_t hash);

/* One find of many: @id (@len bytes) of rp_idindex_hash() @hash, and
 * what rp_idindex_find_hashed() gives for it (@found). */
struct rp_idfind {
    const char *id;
    uint64_t hash;
    uint32_t len;
    uint32_t found;
};
/* Every find of @q[0..@n) at once.  A find waits on up to three loads no
 * cache holds (the slot, the row's key, the key's text); here each is
 * started some finds ahead, so the finds wait on memory together, not
 * one after another. */
void rp_idindex_find_many(const struct rp_idindex *x, struct rp_idfind *q,
                          size_t n);
/* Start loading the slot where @hash is looked for: a caller going
 * through many ids prefetches a few ahead, so the table (far larger than
 * the cache) is not waited on once per id.  always_inline: GCC finds a
 * function that only prefetches free of effects, and drops the call
 * before it would inline it (the fingerprints' prefetch was missing from
 * the binary). */
static inline __attribute__((always_inline)) void
rp_idindex_prefetch(const struct rp_idindex *x, uint64_t hash)
{
    if (x->slot)
        __builtin_prefetch(&x->slot[(uint32_t)(hash >> 32) & x->mask]);
}

/* A table made ahead, for a reserve to take: zeros, its pages faulted in
 * on the thread that made it.  A fresh table's pages are faulted in as
 * it is first written, and on this kind of machine (a VM whose host
 * backs each page only once it is touched) the 32 MB of the lead ids'
 * table took 40 ms, the activity ids' 90 ms, of the thread that reads in
 * file order while the other waited; a loader that can guess its table's
 * size has it made on another thread as the reading starts. */
struct rp_idspare {
    void *mem;              /* NULL: none, or taken */
    size_t bytes;
};
/* Make @sp a table of @bytes (what rp_idindex_table_bytes() or
 * rp_fpset_table_bytes() say a reserve will want). */
void rp_idspare_make(struct rp_idspare *sp, size_t bytes);
/* Give back a table no reserve took. */
void rp_idspare_free(struct rp_idspare *sp);

/* Make room for @n ids in all, now: a table grown once to its size, not
 * doubled (and zeroed, and refilled) on the way.  The table is @sp's
 * (which is then empty) when @sp is not NULL and is that size. */
void rp_idindex_reserve(struct rp_idindex *x, size_t n,
                        struct rp_idspare *sp);
/* The bytes of the table rp_idindex_reserve(@n) makes in an empty index. */
size_t rp_idindex_table_bytes(size_t n);

/* Index row @i under its id, whose hash is @hash; the id must not be in
 * yet (find it first). */
void rp_idindex_add_hashed(struct rp_idindex *x, uint32_t i, uint64_t hash);
void rp_idindex_add(struct rp_idindex *x, uint32_t i);

/* An id's fingerprint in an rp_fpset: the high 32 bits of its
 * rp_idindex_hash(), never 0; its place in a table is the low bits, so a
 * find tells apart ids that differ in 32 + log2(slots) bits.  A find
 * compares about two fingerprints of other ids: reading 6.5 M ids (1 GB
 * of activities), one is taken for another about once in 300 GB. */
static inline uint32_t rp_fpset_print(uint64_t hash)
{
    uint32_t f = (uint32_t)(hash >> 32);
    return f ? f : 1;
}

/* Whether an id of rp_idindex_hash() @hash may have been added to @s
 * before: true if its fingerprint is in; if not, and @add, it is added.
 * An empty set ({0}) is ready. */
bool rp_fpset_find_add(struct rp_fpset *s, uint64_t hash, bool add);
/* As rp_idindex_prefetch(), in the newest table. */
static inline __attribute__((always_inline)) void
rp_fpset_prefetch(const struct rp_fpset *s, uint64_t hash)
{
    if (s->n_t) {
        const struct rp_fptable *t = &s->t[s->n_t - 1];
        __builtin_prefetch(&t->slot[(uint32_t)hash & t->mask]);
    }
}
/* Room for @n ids more in one table, now (@sp's, as rp_idindex_reserve
 * takes it). */
void rp_fpset_reserve(struct rp_fpset *s, size_t n, struct rp_idspare *sp);
/* The bytes of the table rp_fpset_reserve(@n) makes in an empty set. */
size_t rp_fpset_table_bytes(size_t n);
void rp_fpset_release(struct rp_fpset *s);

/* --- ids in order ------------------------------------------------------
 *
 * Exports are often sorted by their id.  Ids each strictly after the one
 * before, in one direction, are all different: while a file's ids are so,
 * a row needs no find to know its id is new (an activity_id not even its
 * fingerprint kept in a set).  An rp_idrun follows a run of ids in file
 * order, each compared with the one before by length, then bytes (9
 * before 10, as a CRM's numbers sort, and L0000009 before L0000010); the
 * run breaks at the first id that is not past the one before in the
 * run's direction, up or down, and at an id too long to keep.  The run of
 * a chunk read on another thread joins the file's run before it if its
 * first id is past that one's last, the same way. */
#define RP_IDRUN_MAX 64
struct rp_idrun {
    uint32_t first_len, last_len;
    int dir;                /* 1 up, -1 down, 0 not known (one id) */
    bool any;               /* an id was added */
    bool broken;
    char first[RP_IDRUN_MAX], last[RP_IDRUN_MAX];
};

/* 1 if id @b comes after id @a going up, -1 going down, 0 if they are
 * the same.  Compared in words, inline (memcmp() was a call per row, 2%
 * of a 1 GB check): the first word that differs, read most significant
 * byte first, orders them; the last word overlaps the one before. */
static inline int rp_idrun_order(const char *a, size_t alen, const char *b,
                                 size_t blen)
{
    uint64_t x, y;

    if (alen != blen)
        return blen > alen ? 1 : -1;
    if (alen >= 8) {
        for (; alen > 8; a += 8, b += 8, alen -= 8) {
            memcpy(&x, a, 8);
            memcpy(&y, b, 8);
            if (x != y)
                return GUINT64_FROM_BE(x) < GUINT64_FROM_BE(y) ? 1 : -1;
        }
        memcpy(&x, a + alen - 8, 8);
        memcpy(&y, b + alen - 8, 8);
        return x == y ? 0 : GUINT64_FROM_BE(x) < GUINT64_FROM_BE(y) ? 1 : -1;
    }
    for (; alen; a++, b++, alen--)
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? 1 : -1;
    return 0;
}

/* The next id, @len bytes at @id, of run @r. */
static inline void rp_idrun_add(struct rp_idrun *r, const char *id, size_t len)
{
    if (r->broken)
        return;
    if (len > RP_IDRUN_MAX) {
        r->broken = true;
        return;
    }
    if (!r->any) {
        memcpy(r->first, id, len);
        r->first_len = (uint32_t)len;
        r->any = true;
    } else {
        int d = rp_idrun_order(r->last, r->last_len, id, len);
        if (!d || (r->dir && d != r->dir)) {
            r->broken = true;
            return;
        }
        r->dir = d;
    }
    memcpy(r->last, id, len);
    r->last_len = (uint32_t)len;
}

/* Join to run @r the run of the ids after its last, @next: whether @r is
 * still unbroken. */
bool rp_idrun_join(struct rp_idrun *r, const struct rp_idrun *next);

#endif
