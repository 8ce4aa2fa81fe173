/* idindex.c - the record ids of a model file (see idindex.h). */
#include "revpack/idindex.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u << 20)

/* @bytes of zeros for a table of slots.  A table of 2 MiB and more is
 * its own map, asked for in huge pages: every find lands on a random
 * slot, and with 4 KiB pages most of them missed the TLB (1 GB check:
 * 5.3 s -> 4.9 s, min of three interleaved runs).  The kernel's pages are
 * zeros already and come as they are first touched: a read maps the huge
 * zero page, the first write a page of its own, one fault (and one flush
 * of the reading threads' TLBs) per 2 MiB.  Ids land all over a table, so
 * its first few thousand adds touch every page anyway: a table whose size
 * is known early is best made ahead on another thread (rp_idspare_make,
 * which faults its pages in at once).  A smaller one is written with
 * zeros: calloc's fresh 4 KiB pages would map the shared zero page on a
 * read (a find), and the first add to each then cost a copy-on-write
 * fault that flushes the TLB of every reading thread. */
static void *table_new(size_t bytes, struct rp_idspare *sp)
{
    if (sp && sp->mem && sp->bytes == bytes) {  /* made ahead */
        void *mem = sp->mem;
        sp->mem = NULL;
        sp->bytes = 0;
        return mem;
    }
    if (bytes < HUGE_PAGE)      /* written, not calloc'd: see above */
        return memset(g_malloc(bytes), 0, bytes);
    g_assert(bytes % HUGE_PAGE == 0);
    size_t len = bytes + HUGE_PAGE;
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        g_error("out of memory: a table of %zu bytes", bytes);
    char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) &
                       ~((uintptr_t)HUGE_PAGE - 1));
    if (a > p)
        munmap(p, (size_t)(a - p));
    munmap(a + bytes, (size_t)(p + len - (a + bytes)));
    madvise(a, bytes, MADV_HUGEPAGE);       /* a hint: may be refused */
    return a;
}

static void table_free(void *slot, size_t bytes)
{
    if (bytes < HUGE_PAGE)
        g_free(slot);
    else if (slot)
        munmap(slot, bytes);
}

/* The table's pages are faulted in by a write to each, not with
 * rp_pages_populate(): madvise() holds the process's map lock for each
 * of its steps, and on this VM, in the hours its host is slow to back
 * fresh memory, a step of two huge pages took 10-18 ms, through which
 * the reading threads' first mmap() and mprotect() calls (their stacks,
 * their malloc arenas) waited: the read began 40-65 ms late, a core
 * idle (strace, sched_switch).  A fault takes only its own map's lock,
 * so the others map on meanwhile (a test program's mmap() waited at
 * most 0.01-0.24 ms beside the writes, 15-43 ms beside madvise(); the
 * table fills as fast either way). */
void rp_idspare_make(struct rp_idspare *sp, size_t bytes)
{
    sp->mem = table_new(bytes, NULL);
    sp->bytes = bytes;
    if (bytes >= HUGE_PAGE)     /* its own map: see table_new() */
        for (size_t at = 0; at < bytes; at += 4096)
            ((volatile char *)sp->mem)[at] = 0;
}

void rp_idspare_free(struct rp_idspare *sp)
{
    table_free(sp->mem, sp->bytes);
    sp->mem = NULL;
    sp->bytes = 0;
}

void rp_idindex_init(struct rp_idindex *x, const GArray *rows, size_t key_off)
{
    memset(x, 0, sizeof(*x));
    x->rows = rows;
    x->key_off = key_off;
}

void rp_idindex_release(struct rp_idindex *x)
{
    if (x->slot)
        table_free(x->slot, ((size_t)x->mask + 1) * sizeof(*x->slot));
    x->slot = NULL;
    x->mask = x->n = 0;
}

static const char *key_of(const struct rp_idindex *x, uint32_t i)
{
    const char *row = x->rows->data +
                      (size_t)i * g_array_get_element_size((GArray *)x->rows);
    return *(const char *const *)(const void *)(row + x->key_off);
}

uint32_t rp_idindex_find_hashed(const struct rp_idindex *x, const char *id,
                                size_t len, uint64_t hash)
{
    uint32_t tag = (uint32_t)(hash >> 32);

    if (!x->slot)
        return 0;
    for (uint32_t at = tag & x->mask;; at = (at + 1) & x->mask) {
        uint64_t s = x->slot[at];
        if (!s)
            return 0;
        if ((uint32_t)(s >> 32) != tag)
            continue;
        const char *k = key_of(x, (uint32_t)s - 1);
        /* strncmp: a shorter key ends at its NUL, not read past it */
        if (strncmp(k, id, len) == 0 && k[len] == '\0')
            return (uint32_t)s;
    }
}

/* The row the first slot @hash may be in names, if its tag is @hash's
 * (index + 1), else 0: for a prefetch, which guesses. */
static uint32_t first_row(const struct rp_idindex *x, uint64_t hash)
{
    uint64_t s = x->slot[(uint32_t)(hash >> 32) & x->mask];

    return s && (uint32_t)(s >> 32) == (uint32_t)(hash >> 32) ? (uint32_t)s
                                                              : 0;
}

void rp_idindex_find_many(const struct rp_idindex *x, struct rp_idfind *q,
                          size_t n)
{
    /* a slot 16 finds ahead, the row its tag names 8 ahead (the slot
     * loaded by then), that row's key text 4 ahead (the row loaded) */
    enum { SLOT = 16, ROW = 8, TEXT = 4 };
    size_t es = g_array_get_element_size((GArray *)x->rows);

    for (size_t i = 0; i < n; i++) {
        uint32_t r;
        if (i + SLOT < n)
            rp_idindex_prefetch(x, q[i + SLOT].hash);
        if (x->slot && i + ROW < n && (r = first_row(x, q[i + ROW].hash)))
            __builtin_prefetch(x->rows->data + (size_t)(r - 1) * es +
                               x->key_off);
        if (x->slot && i + TEXT < n && (r = first_row(x, q[i + TEXT].hash)))
            __builtin_prefetch(key_of(x, r - 1));
        q[i].found = rp_idindex_find_hashed(x, q[i].id, q[i].len, q[i].hash);
    }
}

uint32_t rp_idindex_find(const struct rp_idindex *x, const char *id)
{
    size_t len = strlen(id);
    return rp_idindex_find_hashed(x, id, len, rp_idindex_hash(id, len));
}

static void put(uint64_t *slot, uint32_t mask, uint64_t s)
{
    uint32_t at = (uint32_t)(s >> 32) & mask;

    while (slot[at])
        at = (at + 1) & mask;
    slot[at] = s;
}

/* A table of @mask + 1 slots holding what @x holds (@sp's if it is that
 * size). */
static void grow_to(struct rp_idindex *x, uint32_t mask,
                    struct rp_idspare *sp)
{
    uint64_t *slot = table_new(((size_t)mask + 1) * sizeof(*slot), sp);

    for (uint32_t k = 0; x->slot && k <= x->mask; k++)
        if (x->slot[k])
            put(slot, mask, x->slot[k]);
    if (x->slot)
        table_free(x->slot, ((size_t)x->mask + 1) * sizeof(*x->slot));
    x->slot = slot;
    x->mask = mask;
}

/* Whether @mask + 1 slots hold @n ids at most four fifths full: at half
 * full the 6.5 M activity ids of 1 GB took 16 M slots (128 MB) instead of
 * 8 M, and the longer runs of 8-byte slots mostly stay in one cache line
 * (1 GB check: max RSS 1210 -> 1110 MB, no slower). */
static bool roomy(uint32_t mask, uint64_t n)
{
    return n * 5 <= ((uint64_t)mask + 1) * 4;
}

/* Twice the slots.  A slot's place comes from its own high half of the
 * hash, so growing needs no row. */
static void grow(struct rp_idindex *x)
{
    grow_to(x, x->mask ? x->mask * 2 + 1 : 1023, NULL);
}

/* The mask of the table, from @mask up, that holds @n ids roomily. */
static uint32_t mask_for(uint32_t mask, size_t n)
{
    mask = mask ? mask : 1023;
    while (!roomy(mask, n) && mask < UINT32_MAX / 2)
        mask = mask * 2 + 1;
    return mask;
}

void rp_idindex_reserve(struct rp_idindex *x, size_t n,
                        struct rp_idspare *sp)
{
    uint32_t mask = mask_for(x->mask, n);

    if (!x->slot || mask != x->mask)
        grow_to(x, mask, sp);
}

size_t rp_idindex_table_bytes(size_t n)
{
    return ((size_t)mask_for(0, n) + 1) * sizeof(uint64_t);
}

void rp_idindex_add_hashed(struct rp_idindex *x, uint32_t i, uint64_t hash)
{
    if (!x->slot || !roomy(x->mask, (uint64_t)x->n + 1))
        grow(x);
    put(x->slot, x->mask, (hash >> 32 << 32) | ((uint64_t)i + 1));
    x->n++;
}

void rp_idindex_add(struct rp_idindex *x, uint32_t i)
{
    const char *key = key_of(x, i);
    rp_idindex_add_hashed(x, i, rp_idindex_hash(key, strlen(key)));
}

/* --- fingerprints only ------------------------------------------------ */

/* A new newest table of @mask + 1 slots. */
static void fp_table(struct rp_fpset *s, uint32_t mask, struct rp_idspare *sp)
{
    g_assert(s->n_t < RP_FPSET_TABLES);
    struct rp_fptable *t = &s->t[s->n_t++];
    t->slot = table_new(((size_t)mask + 1) * sizeof(*t->slot), sp);
    t->mask = mask;
    t->n = 0;
}

/* Where in @t the probe for @hash meets fingerprint @f, or else an empty
 * slot. */
static uint32_t fp_probe(const struct rp_fptable *t, uint64_t hash,
                         uint32_t f)
{
    uint32_t at = (uint32_t)hash & t->mask;

    while (t->slot[at] && t->slot[at] != f)
        at = (at + 1) & t->mask;
    return at;
}

bool rp_fpset_find_add(struct rp_fpset *s, uint64_t hash, bool add)
{
    const uint32_t f = rp_fpset_print(hash);
    uint32_t at = 0;

    for (unsigned k = 0; k < s->n_t; k++) {
        at = fp_probe(&s->t[k], hash, f);
        if (s->t[k].slot[at])
            return true;
    }
    if (!add)
        return false;
    struct rp_fptable *t = s->n_t ? &s->t[s->n_t - 1] : NULL;
    if (!t || !roomy(t->mask, (uint64_t)t->n + 1)) {
        fp_table(s, t ? t->mask * 2 + 1 : 1023, NULL);
        t = &s->t[s->n_t - 1];
        at = fp_probe(t, hash, f);
    }
    t->slot[at] = f;        /* where the newest table's probe stopped */
    t->n++;
    return false;
}

void rp_fpset_reserve(struct rp_fpset *s, size_t n, struct rp_idspare *sp)
{
    const struct rp_fptable *t = s->n_t ? &s->t[s->n_t - 1] : NULL;

    if (!t || !roomy(t->mask, (uint64_t)t->n + n))
        fp_table(s, mask_for(t ? t->mask * 2 + 1 : 0, n), sp);
}

size_t rp_fpset_table_bytes(size_t n)
{
    return ((size_t)mask_for(0, n) + 1) * sizeof(uint32_t);
}

void rp_fpset_release(struct rp_fpset *s)
{
    for (unsigned k = 0; k < s->n_t; k++)
        table_free(s->t[k].slot,
                   ((size_t)s->t[k].mask + 1) * sizeof(*s->t[k].slot));
    memset(s, 0, sizeof(*s));
}

/* --- ids in order ------------------------------------------------------ */

bool rp_idrun_join(struct rp_idrun *r, const struct rp_idrun *next)
{
    if (r->broken || next->broken) {
        r->broken = true;
        return false;
    }
    if (!next->any)
        return true;
    if (!r->any) {
        *r = *next;
        return true;
    }
    int d = rp_idrun_order(r->last, r->last_len, next->first, next->first_len);
    if (!d || (r->dir && d != r->dir) || (next->dir && d != next->dir)) {
        r->broken = true;
        return false;
    }
    r->dir = d;
    memcpy(r->last, next->last, next->last_len);
    r->last_len = next->last_len;
    return true;
}
