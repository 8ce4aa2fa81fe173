/* sha256.c - SHA-256 of one or two streams with the SHA extensions (see
 * sha256.h).  The rounds are the SHA instructions' usual arrangement
 * (Intel's "New Instructions Supporting the Secure Hash Algorithm on
 * Intel Architecture Processors", 2013): state as ABEF and CDGH, four
 * message words a vector, SHA256MSG1/MSG2 for the schedule, two rounds an
 * SHA256RNDS2; with two streams, each step done for both, so each waits
 * while the other's instruction runs. */
#include "revpack/sha256.h"

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHA_NI 1
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#ifdef HAVE_SHA_NI

bool rp_sha256_fast(void)
{
    unsigned a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d) ||
        !(c & bit_SSSE3) || !(c & bit_SSE4_1))
        return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    return (b & bit_SHA) != 0;
}

#define TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* @blocks 64-byte blocks of each of @lanes streams (1 or 2, a constant
 * where it is called) into their states. */
static inline __attribute__((always_inline)) TARGET void
compress(uint32_t *const state[], const unsigned char *const data[],
         size_t blocks, const int lanes)
{
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bll,
                                        0x0405060700010203ll);
    __m128i s0[2], s1[2];

    for (int l = 0; l < lanes; l++) {
        __m128i t = _mm_shuffle_epi32(
            _mm_loadu_si128((const __m128i *)(const void *)state[l]), 0xB1);
        __m128i u = _mm_shuffle_epi32(
            _mm_loadu_si128((const __m128i *)(const void *)(state[l] + 4)),
            0x1B);
        s0[l] = _mm_alignr_epi8(t, u, 8);       /* ABEF */
        s1[l] = _mm_blend_epi16(u, t, 0xF0);    /* CDGH */
    }
    for (size_t k = 0; k < blocks; k++) {
        __m128i w[2][4], save0[2], save1[2];
        for (int l = 0; l < lanes; l++) {
            save0[l] = s0[l];
            save1[l] = s1[l];
        }
#pragma GCC unroll 16
        for (int i = 0; i < 16; i++) {
            const __m128i kv =
                _mm_loadu_si128((const __m128i *)(const void *)(K + 4 * i));
            for (int l = 0; l < lanes; l++) {
                __m128i x;
                if (i < 4) {
                    x = _mm_shuffle_epi8(
                        _mm_loadu_si128((const __m128i *)(const void *)(
                            data[l] + 64 * k + 16 * i)),
                        swap);
                } else {
                    /* W[t-16] + s0(W[t-15]) + W[t-7], then s1(W[t-2]) */
                    x = _mm_sha256msg1_epu32(w[l][i & 3], w[l][(i + 1) & 3]);
                    x = _mm_add_epi32(x, _mm_alignr_epi8(w[l][(i + 3) & 3],
                                                         w[l][(i + 2) & 3], 4));
                    x = _mm_sha256msg2_epu32(x, w[l][(i + 3) & 3]);
                }
                w[l][i & 3] = x;
                __m128i m = _mm_add_epi32(x, kv);
                s1[l] = _mm_sha256rnds2_epu32(s1[l], s0[l], m);
                m = _mm_shuffle_epi32(m, 0x0E);
                s0[l] = _mm_sha256rnds2_epu32(s0[l], s1[l], m);
            }
        }
        for (int l = 0; l < lanes; l++) {
            s0[l] = _mm_add_epi32(s0[l], save0[l]);
            s1[l] = _mm_add_epi32(s1[l], save1[l]);
        }
    }
    for (int l = 0; l < lanes; l++) {
        __m128i t = _mm_shuffle_epi32(s0[l], 0x1B);     /* FEBA */
        __m128i u = _mm_shuffle_epi32(s1[l], 0xB1);     /* DCHG */
        _mm_storeu_si128((__m128i *)(void *)state[l],
                         _mm_blend_epi16(t, u, 0xF0));  /* DCBA */
        _mm_storeu_si128((__m128i *)(void *)(state[l] + 4),
                         _mm_alignr_epi8(u, t, 8));     /* HGFE */
    }
}

static TARGET void compress1(uint32_t *state, const unsigned char *data,
                             size_t blocks)
{
    uint32_t *const st[1] = {state};
    const unsigned char *const d[1] = {data};

    compress(st, d, blocks, 1);
}

static TARGET void compress2(uint32_t *a, const unsigned char *pa,
                             uint32_t *b, const unsigned char *pb,
                             size_t blocks)
{
    uint32_t *const st[2] = {a, b};
    const unsigned char *const d[2] = {pa, pb};

    compress(st, d, blocks, 2);
}

#else   /* no SHA extensions to be had: rp_sha256_fast() says so */

bool rp_sha256_fast(void)
{
    return false;
}

/* never called where rp_sha256_fast() is false: a wrong digest would
 * be worse than stopping */
static void compress1(uint32_t *state, const unsigned char *data,
                      size_t blocks)
{
    (void)state;
    (void)data;
    (void)blocks;
    (void)K;
    abort();
}

static void compress2(uint32_t *a, const unsigned char *pa, uint32_t *b,
                      const unsigned char *pb, size_t blocks)
{
    (void)a;
    (void)pa;
    (void)b;
    (void)pb;
    (void)blocks;
    abort();
}

#endif

void rp_sha256_init(struct rp_sha256 *c)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};

    memcpy(c->h, h0, sizeof(h0));
    c->len = 0;
}

void rp_sha256_update(struct rp_sha256 *c, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t have = (size_t)(c->len % 64);

    if (!n)     /* (memcpy from NULL is undefined, even of 0 bytes) */
        return;
    c->len += n;
    if (have) {
        size_t take = 64 - have < n ? 64 - have : n;
        memcpy(c->buf + have, s, take);
        s += take;
        n -= take;
        if (have + take < 64)
            return;
        compress1(c->h, c->buf, 1);
    }
    if (n >= 64) {
        compress1(c->h, s, n / 64);
        s += n / 64 * 64;
        n %= 64;
    }
    memcpy(c->buf, s, n);
}

/* The bytes that end @c's block begun, of @n at *@p, fed alone. */
static void finish_block(struct rp_sha256 *c, const unsigned char **p,
                         size_t *n)
{
    size_t k = (64 - (size_t)(c->len % 64)) % 64;

    if (k > *n)
        k = *n;
    rp_sha256_update(c, *p, k);
    *p += k;
    *n -= k;
}

void rp_sha256_update2(struct rp_sha256 *a, const void *pa, size_t na,
                       struct rp_sha256 *b, const void *pb, size_t nb)
{
    const unsigned char *sa = pa, *sb = pb;

    finish_block(a, &sa, &na);
    finish_block(b, &sb, &nb);
    if (a->len % 64 == 0 && b->len % 64 == 0) {
        size_t blocks = (na < nb ? na : nb) / 64;
        compress2(a->h, sa, b->h, sb, blocks);
        a->len += blocks * 64;
        b->len += blocks * 64;
        sa += blocks * 64;
        sb += blocks * 64;
        na -= blocks * 64;
        nb -= blocks * 64;
    }
    rp_sha256_update(a, sa, na);
    rp_sha256_update(b, sb, nb);
}

void rp_sha256_final(struct rp_sha256 *c, unsigned char out[32])
{
    unsigned char pad[72] = {0x80};
    uint64_t bits = c->len * 8;
    size_t have = (size_t)(c->len % 64);
    size_t n = (have < 56 ? 56 : 120) - have;

    for (int i = 0; i < 8; i++)
        pad[n + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    rp_sha256_update(c, pad, n + 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(c->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)c->h[i];
    }
}
