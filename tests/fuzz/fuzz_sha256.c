/* libFuzzer target: sha256.c against OpenSSL.  The input's first bytes
 * say how to cut the rest into two streams and into the pieces each is
 * fed in, alone or paired (rp_sha256_update2); both digests must be
 * OpenSSL's.  make fuzz. */
#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "revpack/sha256.h"

static void want(const uint8_t *p, size_t n, const unsigned char got[32])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;

    if (!EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) || len != 32 ||
        memcmp(md, got, 32) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rp_sha256_fast() || size < 4)
        return 0;
    /* stream A: the first (data[0] * 16 + data[1]) % (size - 3) bytes of
     * the rest, stream B: the others; pieces of (data[2] & 127) + 1 bytes
     * and (data[3] & 127) + 1, paired where data[2] has its top bit */
    const uint8_t *rest = data + 4;
    size_t n = size - 4, na = ((size_t)data[0] * 16 + data[1]) % (n + 1),
           nb = n - na, ka = (size_t)(data[2] & 127) + 1,
           kb = (size_t)(data[3] & 127) + 1, at = 0, bt = 0;
    const uint8_t *a = rest, *b = rest + na;
    struct rp_sha256 x, y;
    unsigned char mx[32], my[32];

    rp_sha256_init(&x);
    rp_sha256_init(&y);
    while (at < na || bt < nb) {
        size_t pa = na - at < ka ? na - at : ka, pb = nb - bt < kb ? nb - bt : kb;
        if (data[2] & 128) {
            rp_sha256_update2(&x, a + at, pa, &y, b + bt, pb);
        } else {
            rp_sha256_update(&x, a + at, pa);
            rp_sha256_update(&y, b + bt, pb);
        }
        at += pa;
        bt += pb;
    }
    rp_sha256_final(&x, mx);
    rp_sha256_final(&y, my);
    want(a, na, mx);
    want(b, nb, my);
    return 0;
}
