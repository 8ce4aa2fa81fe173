/* sha256.h - SHA-256 (FIPS 180-4) of two streams at once, with the x86
 * SHA extensions.
 *
 * OpenSSL hashes one stream at a time, and on the CPUs that have them its
 * SHA instructions wait on each other: a round's result is the next
 * round's input, so one stream uses a fraction of what the unit can do
 * (on this machine, 1.1 ns a SHA256RNDS2 for one chain and for two).  Two
 * streams' rounds interleaved take the time of one's: a file read later
 * can be hashed beside the one being read (csv.c, rp_csv_rider), for the
 * price of reading its bytes a second time.
 *
 *     struct rp_sha256 a, b;
 *     rp_sha256_init(&a);
 *     rp_sha256_init(&b);
 *     rp_sha256_update2(&a, p, n, &b, q, m);  (n bytes of one, m of the
 *                                              other)
 *     rp_sha256_update(&a, rest, k);
 *     rp_sha256_final(&a, digest);
 *
 * Only where rp_sha256_fast() is true (the CPU has the SHA extensions,
 * SSSE3 and SSE4.1); elsewhere the caller uses OpenSSL alone. */
#ifndef REVPACK_SHA256_H
#define REVPACK_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rp_sha256 {
    uint32_t h[8];
    uint64_t len;           /* bytes fed */
    unsigned char buf[64];  /* a block begun: len % 64 bytes of it */
};

/* Whether this CPU runs the functions below. */
bool rp_sha256_fast(void);

void rp_sha256_init(struct rp_sha256 *c);
void rp_sha256_update(struct rp_sha256 *c, const void *p, size_t n);
/* @na bytes at @pa into @a and @nb at @pb into @b: each one's block
 * begun ended alone, then as many whole blocks of both as both have at
 * once, then the rest of each alone. */
void rp_sha256_update2(struct rp_sha256 *a, const void *pa, size_t na,
                       struct rp_sha256 *b, const void *pb, size_t nb);
void rp_sha256_final(struct rp_sha256 *c, unsigned char out[32]);

#endif
