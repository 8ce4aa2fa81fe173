/* csv.c - the tokenizer, the windows it reads, and the threads that read
 * a window's chunks at once. */
#include "revpack/csv.h"
#include "revpack/pages.h"
#include "revpack/sha256.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define WINDOW (4u << 20)       /* text tokenized per round: two rounds
                                   at a time, with their shards' rows, are
                                   held.  0.25 GB monthly pack max RSS:
                                   8 MiB 169, 4 MiB 151 MB; 1 GB check
                                   2.07 s min either way */
#define HEAD (1u << 20)         /* room before a window for the carry */
#define READ_BYTES (4u << 20)         /* bytes per read() */
#define CHUNKS 8                /* per window: balances uneven chunks */

/* Byte classes: what the tokenizer stops at. */
enum { K_PLAIN, K_DELIM, K_QUOTE, K_CR, K_LF, K_SPACE };

struct tok {
    unsigned char cls[256];
    char delim;
    size_t max_field, max_record;
    /* the record being built: field bytes, then offsets made pointers */
    char *arena;
    size_t alen, acap;
    size_t *offs, *lens;
    char **fields;
    unsigned n, cap;
    unsigned long_field, bom_field;     /* first such field, 1-based */
};

static void tok_init(struct tok *t, char delim, size_t max_field,
                     size_t max_record)
{
    memset(t->cls, K_PLAIN, sizeof(t->cls));
    t->cls[' '] = K_SPACE;
    t->cls['\t'] = K_SPACE;     /* but data when it delimits */
    t->cls['"'] = K_QUOTE;
    t->cls['\r'] = K_CR;
    t->cls['\n'] = K_LF;
    t->cls[(unsigned char)delim] = K_DELIM;
    t->delim = delim;
    t->max_field = max_field;
    t->max_record = max_record;
}

static void tok_free(struct tok *t)
{
    g_free(t->arena);
    g_free(t->offs);
    g_free(t->lens);
    g_free(t->fields);
}

static void tok_copy(struct tok *to, const struct tok *from)
{
    tok_init(to, from->delim, from->max_field, from->max_record);
}

static inline void grow(struct tok *t, size_t more)
{
    if (t->alen + more + 1 > t->acap) {
        while (t->alen + more + 1 > t->acap)
            t->acap = t->acap ? t->acap * 2 : 4096;
        t->arena = g_realloc(t->arena, t->acap);
    }
}

static inline void put(struct tok *t, const char *s, size_t n)
{
    grow(t, n);
    memcpy(t->arena + t->alen, s, n);
    t->alen += n;
}

/* Room for @n fields in the record's arrays. */
static inline void room(struct tok *t, unsigned n)
{
    if (n > t->cap) {
        while (n > t->cap)
            t->cap = t->cap ? t->cap * 2 : 64;
        t->offs = g_renew(size_t, t->offs, t->cap);
        t->lens = g_renew(size_t, t->lens, t->cap);
        t->fields = g_renew(char *, t->fields, t->cap);
    }
}

/* End the field that began at arena offset @start. */
static void submit(struct tok *t, size_t start)
{
    size_t len = t->alen - start;

    room(t, t->n + 1);
    if (len > t->max_field) {
        if (!t->long_field)
            t->long_field = t->n + 1;
        len = 0;
    } else if (len >= 3 && memcmp(t->arena + start, "\xef\xbb\xbf", 3) == 0 &&
               !t->bom_field) {
        t->bom_field = t->n + 1;
    }
    grow(t, 0);
    t->arena[start + len] = '\0';
    t->offs[t->n] = start;
    t->lens[t->n] = len;
    t->n++;
    t->alen = start + len + 1;
}

/* The length of the well-formed UTF-8 sequence at @p, whose first byte
 * is >= 0x80 (@left bytes from @p on), or 0: Unicode's table of
 * well-formed byte sequences (table 3-7), which is what g_utf8_validate()
 * accepts: no overlong form, no surrogate, nothing past U+10FFFF. */
static inline size_t utf8_seq(const unsigned char *p, size_t left)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t n;

    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4;
    else
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (left < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* How many bytes of @s are valid UTF-8 (@n if all), and whether they are
 * ASCII (*@ascii).  ASCII is skipped sixteen bytes at a time (eight
 * without SSE2), a run of three-byte characters a character a step, any
 * other sequence checked where it starts.  (Validating each field of a
 * record with non-ASCII bytes was 15% of the read's instructions; the
 * runs of bytes >= 0x80 given to g_utf8_validate_len, 8.8% of a check's
 * where a quarter of the records are Chinese; eight bytes a step and
 * every sequence by utf8_seq(), 7.0%; this, from a record's first byte
 * >= 0x80, 2.1%.) */
static size_t utf8_valid(const char *s, size_t n, bool *ascii)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    *ascii = true;
    while (i < n) {
        uint64_t w;
#ifdef __SSE2__
        if (i + 16 <= n) {
            unsigned hm = (unsigned)_mm_movemask_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(u + i)));
            if (!hm) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(hm);    /* to the first */
        } else
#endif
        if (i + 8 <= n) {
            memcpy(&w, u + i, 8);
            uint64_t high = w & 0x8080808080808080ull;
            if (!high) {
                i += 8;
                continue;
            }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            i += (size_t)__builtin_ctzll(high) / 8;  /* to the first */
#endif
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        *ascii = false;
        /* a run of three-byte characters (most of CJK), a step each: a
         * lead byte E1-EC or EE-EF takes any two continuation bytes */
        while (i + 3 <= n && (u[i] & 0xF0) == 0xE0 && u[i] != 0xE0 &&
               u[i] != 0xED && (u[i + 1] & 0xC0) == 0x80 &&
               (u[i + 2] & 0xC0) == 0x80)
            i += 3;
        if (i < n && u[i] >= 0x80) {
            size_t k = utf8_seq(u + i, n - i);
            if (!k)
                return i;
            i += k;
        }
    }
    return n;
}

/* The record's flaw: the first field that is too long, has a NUL or opens
 * with a byte-order mark, in that order within a field.  @raw: the
 * record's text, NULL when it has no NUL. */
static void flaws(struct tok *t, const char *raw, size_t n,
                  struct rp_csv_record *rec)
{
    unsigned nul = 0;

    if (raw && memchr(raw, '\0', n)) {
        for (unsigned i = 0; i < t->n && !nul; i++)
            if (memchr(t->fields[i], '\0', t->lens[i]))
                nul = i + 1;
    }
    rec->flaw = RP_CSV_OK;
    rec->flaw_field = 0;
    unsigned f[3] = {t->long_field, nul, t->bom_field};
    static const enum rp_csv_flaw kind[3] = {RP_CSV_LONG_FIELD, RP_CSV_NUL,
                                             RP_CSV_BOM};
    for (int k = 0; k < 3; k++) {
        if (f[k] && (!rec->flaw_field || f[k] < rec->flaw_field)) {
            rec->flaw = kind[k];
            rec->flaw_field = f[k];
        }
    }
}

enum scan {
    SCAN_RECORD,        /* @rec is a record; *pos is past it */
    SCAN_LIMIT,         /* no record starts before @limit (or the end) */
    SCAN_MORE,          /* the text ends inside a record: *pos is where it
                           starts (a line start) */
    SCAN_LONG_OPEN,     /* @rec is an over-long record whose line goes on
                           past the text: skip to its end */
    SCAN_UNTERMINATED   /* at the end of the file, inside quotes */
};

/* A line ends at LF, CRLF or a lone CR; *p is at the CR or LF.  Moves *p
 * past it; false if a CR is the last byte and more text may follow. */
static inline bool past_eol(const char *b, size_t len, bool eof, size_t *p)
{
    if (b[*p] == '\n') {
        (*p)++;
        return true;
    }
    if (*p + 1 < len) {
        *p += b[*p + 1] == '\n' ? 2 : 1;
        return true;
    }
    if (!eof)
        return false;
    (*p)++;
    return true;
}

/* Bits of 64 bytes at @src, copied to @dst: where the delimiter is (d),
 * a quote (q), a line feed (lf), a CR or NUL (stop: not for the fast
 * path), a byte >= 0x80 (high). */
struct masks {
    uint64_t d, q, lf, stop, high;
};

static inline struct masks masks64(const char *src, char *dst, char delim)
{
    struct masks m = {0, 0, 0, 0, 0};
#ifdef __SSE2__
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"'),
                  vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r'),
                  vz = _mm_setzero_si128();
    for (unsigned k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(src +
                                                                    16 * k));
        unsigned s = 16 * k;
        _mm_storeu_si128((__m128i *)(void *)(dst + 16 * k), x);
        m.d |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vd)) << s;
        m.q |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vq)) << s;
        m.lf |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, vn))
                << s;
        m.stop |= (uint64_t)(unsigned)_mm_movemask_epi8(
                      _mm_or_si128(_mm_cmpeq_epi8(x, vr), _mm_cmpeq_epi8(x, vz)))
                  << s;
        m.high |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << s;
    }
#else
    memcpy(dst, src, 64);
    for (unsigned i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;
        unsigned char c = (unsigned char)src[i];
        m.d |= c == (unsigned char)delim ? bit : 0;
        m.q |= c == '"' ? bit : 0;
        m.lf |= c == '\n' ? bit : 0;
        m.stop |= c == '\r' || c == '\0' ? bit : 0;
        m.high |= c >= 0x80 ? bit : 0;
    }
#endif
    return m;
}

/* Bit i: the quotes up to and including byte i are odd (inside quotes). */
static inline uint64_t prefix_xor(uint64_t x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

/* End field @k of the record at arena bytes [fs, fe): spaces around it
 * trimmed, then a quote at each end dropped (counted in *@quoted). */
static inline void cut(struct tok *t, char *a, size_t fs, size_t fe,
                       unsigned k, unsigned *quoted)
{
    const unsigned char *cls = t->cls;

    /* a space is a byte <= ' ' first: one compare for most fields, not a
     * load from the class table behind the load of the byte */
    while (fs < fe && (unsigned char)a[fs] <= ' ' &&
           cls[(unsigned char)a[fs]] == K_SPACE)
        fs++;
    while (fe > fs && (unsigned char)a[fe - 1] <= ' ' &&
           cls[(unsigned char)a[fe - 1]] == K_SPACE)
        fe--;
    if (fe - fs >= 2 && a[fs] == '"' && a[fe - 1] == '"') {
        fs++;
        fe--;
        *quoted += 2;
    }
    size_t fl = fe - fs;
    if (fl > t->max_field) {
        if (!t->long_field)
            t->long_field = k + 1;
        fe = fs;
        fl = 0;
    } else if (fl >= 3 && (unsigned char)a[fs] == 0xEF &&
               memcmp(a + fs, "\xef\xbb\xbf", 3) == 0 && !t->bom_field) {
        t->bom_field = k + 1;
    }
    a[fe] = '\0';
    t->fields[k] = a + fs;
    t->lens[k] = fl;
}

/* cut() for scan_simple(), whose record has had high bits @hi up to @fe:
 * a field that starts past the space, but not with a quote, and ends past
 * the space keeps all its bytes (a quote inside it is one the record's
 * count of quotes does not explain: the general path reads it); only one
 * with a byte >= 0x80 can hold a BOM.  (cut() was 40 instructions a
 * field, most of them for spaces and quotes that are seldom there.) */
static inline __attribute__((always_inline)) void
field(struct tok *t, char *a, size_t fs, size_t fe, unsigned k,
      unsigned *quoted, uint64_t hi)
{
    size_t fl = fe - fs;

    if ((fl && ((unsigned char)a[fs] <= ' ' || a[fs] == '"' ||
                (unsigned char)a[fe - 1] <= ' ')) ||
        fl > t->max_field || (hi && fl >= 3 && (unsigned char)a[fs] == 0xEF)) {
        cut(t, a, fs, fe, k, quoted);
        return;
    }
    a[fe] = '\0';
    t->fields[k] = a + fs;
    t->lens[k] = fl;
}

/* The common record: one line with no CR or NUL inside, each field either
 * unquoted with no quote, or quoted with no quote inside and nothing but
 * spaces around, within the limits.  Read as scan() reads it (spaces
 * around an unquoted field trimmed, around a quoted one dropped) 64 bytes
 * at a time, each block copied into the arena as its masks are made: the
 * line ends at the first line feed (a CR before it dropped); the
 * delimiters outside quotes are the delimiter bits less those inside
 * quotes (a prefix XOR of the quote bits), and each field ends in place
 * with a NUL.  The fields are right when every quote is one that opens or
 * closes a field: otherwise (a quote that is data, a doubled quote, text
 * after a closing quote) the general path reads the record.  (Field by
 * field with a search per delimiter, this was 20% of the read's
 * instructions; a search for the line end and a copy of the line before
 * the masks, a tenth of the tokenizer's.)  @p is the record's first
 * non-space byte, @start its line start.  Returns false, having read
 * nothing, when the record is not that simple or its line does not end in
 * the text; else the fields are set, *@high_at is where the first byte >=
 * 0x80 is (SIZE_MAX: none) and *@end is past the line. */
static bool scan_simple(struct tok *t, const char *b, size_t len, size_t p,
                        size_t start, size_t *end, size_t *high_at)
{
    /* bytes from @p the line may have, its line feed included */
    const size_t room_left = t->max_record - MIN(t->max_record, p - start);
    uint64_t inside = 0, hi = 0;    /* inside: all ones in quotes */
    unsigned k = 0, quotes = 0, quoted = 0;
    size_t fs = 0, first_high = SIZE_MAX, n = SIZE_MAX, lf_at = 0;

    if (t->delim == '"')
        return false;
    t->alen = 0;
    grow(t, 4096);
    for (size_t base = 0; n == SIZE_MAX; base += 64) {
        if (base >= room_left || p + base >= len)
            return false;       /* too long, or no line end in the text */
        if (t->acap < base + 128) {     /* fields point into the arena */
            char *old = t->arena;
            grow(t, base + 128);
            for (unsigned j = 0; j < k; j++)
                t->fields[j] = t->arena + (t->fields[j] - old);
        }
        char *a = t->arena;
        const char *src = b + p + base;
        char last[64];
        uint64_t keep = ~(uint64_t)0;
        if (len - p - base < 64) {      /* the text's last bytes */
            size_t left = len - p - base;
            memcpy(last, src, left);
            memset(last + left, 0, 64 - left);
            src = last;
            keep = ((uint64_t)1 << left) - 1;
        }
        struct masks m = masks64(src, a + base, t->delim);
        if (m.lf & keep) {
            lf_at = base + (size_t)__builtin_ctzll(m.lf & keep);
            n = lf_at;
            if (n > 0 && a[n - 1] == '\r')
                n--;            /* maybe the last byte of the block before */
            keep = n > base ? ((uint64_t)1 << (n - base)) - 1 : 0;
        }
        m.d &= keep;
        m.q &= keep;
        uint64_t stop = m.stop & keep;
        if (stop == (uint64_t)1 << 63 && a[base + 63] == '\r' &&
            p + base + 64 < len && b[p + base + 64] == '\n')
            stop = 0;           /* a CRLF across two blocks */
        if (stop)
            return false;
        m.high &= keep;
        if (m.high && !hi)
            first_high = p + base + (size_t)__builtin_ctzll(m.high);
        hi |= m.high;
        if (m.q)
            quotes += (unsigned)__builtin_popcountll(m.q);
        uint64_t in = prefix_xor(m.q) ^ inside;
        inside = (uint64_t)((int64_t)in >> 63);
        room(t, k + 65);        /* a field per byte, and the last */
        for (uint64_t d = m.d & ~in; d; d &= d - 1) {
            size_t at = base + (size_t)__builtin_ctzll(d);
            field(t, a, fs, at, k++, &quoted, hi);
            fs = at + 1;
        }
    }
    if (lf_at + 1 > room_left || inside)
        return false;       /* too long; the quotes go on to a later line */
    field(t, t->arena, fs, n, k++, &quoted, hi);
    if (quoted != quotes)
        return false;           /* a quote the fields do not explain */
    t->n = k;
    t->alen = n + 1;
    *high_at = first_high;
    *end = p + lf_at + 1;
    return true;
}

/* Tokenize the next record of text @b[0..@len) from *@pos, a line start
 * on physical line *@line, as libcsv does (non-strict): leading spaces and
 * blank lines are skipped; a quoted field runs to its closing quote, a
 * doubled quote inside it is one; spaces around an unquoted field are
 * trimmed; a quote inside an unquoted field, or text after a closing
 * quote, is data.  A record whose lines, from the start of its first,
 * pass max_record bytes ends at the line where they do, with no fields.
 * @eof: the text is the end of the file. */
static enum scan scan(struct tok *t, const char *b, size_t len, bool eof,
                      size_t limit, size_t *pos, unsigned *line,
                      struct rp_csv_record *rec)
{
    size_t p = *pos, ls = p, start;
    unsigned ln = *line;
    enum { NOT_BEGUN, BEGUN, MIGHT_END } st = NOT_BEGUN;
    bool quoted = false;
    size_t spaces = 0, fstart = 0;

    for (;;) {              /* blank lines, leading spaces */
        if (p == ls && p >= limit) {
            *pos = p;
            *line = ln;
            return SCAN_LIMIT;
        }
        if (p == len) {
            *pos = eof ? p : ls;
            *line = ln;
            return eof ? SCAN_LIMIT : SCAN_MORE;
        }
        int k = t->cls[(unsigned char)b[p]];
        if (k == K_SPACE) {
            p++;
        } else if (k == K_CR || k == K_LF) {
            if (!past_eol(b, len, eof, &p)) {
                *pos = ls;
                *line = ln;
                return SCAN_MORE;
            }
            ln++;
            ls = p;
        } else {
            break;
        }
    }
    start = ls;
    t->alen = 0;
    t->n = 0;
    t->long_field = t->bom_field = 0;
    memset(rec, 0, sizeof(*rec));
    rec->line = ln;
    rec->offset = start;
    rec->delimiter = t->delim;
    size_t hat;
    if (scan_simple(t, b, len, p, start, &p, &hat)) {
        rec->last_line = ln++;
        rec->n_fields = t->n;
        rec->fields = t->fields;
        rec->lens = t->lens;
        rec->ascii = hat == SIZE_MAX;
        /* validated from its first byte >= 0x80: ASCII before it */
        rec->utf8 = rec->ascii ||
                    utf8_valid(b + hat, p - hat, &rec->ascii) == p - hat;
        if (t->long_field || t->bom_field)
            flaws(t, NULL, 0, rec);
        else
            rec->flaw = RP_CSV_OK;     /* rec was zeroed: flaw_field 0 */
        goto out;
    }
    t->alen = 0;                /* what it read of the record goes */
    t->n = 0;
    t->long_field = t->bom_field = 0;

    while (p < len) {
        unsigned char c = (unsigned char)b[p];
        int k = t->cls[c];
        if (st == NOT_BEGUN) {
            if (k == K_SPACE) {
                p++;
            } else if (k == K_CR || k == K_LF) {
                submit(t, t->alen);
                goto row_end;
            } else if (k == K_DELIM) {
                submit(t, t->alen);
                p++;
            } else if (k == K_QUOTE) {
                st = BEGUN;
                quoted = true;
                fstart = t->alen;
                p++;
            } else {
                st = BEGUN;
                quoted = false;
                fstart = t->alen;
            }
        } else if (st == BEGUN && quoted) {
            size_t q = p;
            while (q < len && (k = t->cls[(unsigned char)b[q]]) != K_QUOTE &&
                   k != K_CR && k != K_LF)
                q++;
            put(t, b + p, q - p);
            p = q;
            if (p == len)
                break;
            if (k == K_QUOTE) {
                put(t, "\"", 1);
                st = MIGHT_END;
                p++;
                continue;
            }
            /* a line ends inside the quotes: data, and a physical line */
            size_t e = p;
            if (!past_eol(b, len, eof, &e))
                break;
            put(t, b + p, e - p);
            p = e;
            if (p - start > t->max_record) {
                rec->last_line = ln;
                goto too_long;
            }
            ln++;
        } else if (st == BEGUN) {
            if (k == K_PLAIN) {
                size_t q = p + 1;
                while (q < len && t->cls[(unsigned char)b[q]] == K_PLAIN)
                    q++;
                put(t, b + p, q - p);
                p = q;
                spaces = 0;
            } else if (k == K_QUOTE) {
                put(t, b + p, 1);
                spaces = 0;
                p++;
            } else if (k == K_DELIM) {
                t->alen -= spaces;
                submit(t, fstart);
                st = NOT_BEGUN;
                spaces = 0;
                p++;
            } else if (k == K_SPACE) {
                put(t, b + p, 1);
                spaces++;
                p++;
            } else {
                t->alen -= spaces;
                submit(t, fstart);
                goto row_end;
            }
        } else {            /* MIGHT_END: a quote in a quoted field */
            if (k == K_DELIM || k == K_CR || k == K_LF) {
                t->alen -= spaces + 1;  /* the spaces and the quote */
                submit(t, fstart);
                st = NOT_BEGUN;
                quoted = false;
                spaces = 0;
                if (k == K_DELIM)
                    p++;
                else
                    goto row_end;
            } else if (k == K_SPACE) {
                put(t, b + p, 1);
                spaces++;
                p++;
            } else if (k == K_QUOTE) {
                if (spaces) {
                    put(t, b + p, 1);
                    spaces = 0;
                } else {
                    st = BEGUN;         /* "" is one quote */
                }
                p++;
            } else {
                put(t, b + p, 1);
                spaces = 0;
                st = BEGUN;
                p++;
            }
        }
    }
    /* the text ends inside the record */
    if (!eof) {
        if (p - start > t->max_record) {
            rec->last_line = ln;
            t->n = 0;
            rec->fields = t->fields;
            rec->lens = t->lens;
            rec->flaw = RP_CSV_LONG_RECORD;
            rec->ascii = rec->utf8 = true;
            *pos = p;
            *line = ln;
            return SCAN_LONG_OPEN;
        }
        *pos = start;
        *line = rec->line;
        return SCAN_MORE;
    }
    rec->last_line = ln;
    if (p - start > t->max_record)
        goto too_long;
    if (st == BEGUN && quoted) {
        rec->n_fields = t->n;
        *pos = p;
        *line = ln;
        return SCAN_UNTERMINATED;
    }
    if (st == MIGHT_END) {
        t->alen -= spaces + 1;
        submit(t, fstart);
    } else if (st == BEGUN) {
        t->alen -= spaces;
        submit(t, fstart);
    } else {
        submit(t, t->alen);     /* after a delimiter: an empty field */
    }
    goto done;

row_end:
    rec->last_line = ln;
    if (!past_eol(b, len, eof, &p)) {
        *pos = start;           /* a CR at the end: CRLF or not? */
        *line = rec->line;
        return SCAN_MORE;
    }
    ln++;
    if (p - start > t->max_record)
        goto too_long;
done:
    for (unsigned i = 0; i < t->n; i++)
        t->fields[i] = t->arena + t->offs[i];
    rec->n_fields = t->n;
    rec->fields = t->fields;
    rec->lens = t->lens;
    rec->utf8 = utf8_valid(b + start, p - start, &rec->ascii) == p - start;
    flaws(t, b + start, p - start, rec);
out:
    *pos = p;
    *line = ln;
    return SCAN_RECORD;

too_long:
    /* read on from the next line, whatever the quotes said */
    t->n = 0;
    rec->n_fields = 0;
    rec->fields = t->fields;
    rec->lens = t->lens;
    rec->flaw = RP_CSV_LONG_RECORD;
    rec->flaw_field = 0;
    rec->ascii = rec->utf8 = true;
    *pos = p;
    *line = rec->last_line + 1;
    return SCAN_RECORD;
}

static char detect_delimiter(const char *s, size_t n)
{
    size_t commas = 0, semis = 0, tabs = 0;
    bool quoted = false;

    for (size_t i = 0; i < n && s[i] != '\n'; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
        else if (!quoted && s[i] == '\t')
            tabs++;
    }
    if (tabs > commas && tabs >= semis)
        return '\t';
    if (semis > commas)
        return ';';
    return ',';
}

static const char *iconv_name(const char *enc)
{
    if (!enc || g_ascii_strcasecmp(enc, "utf-8") == 0 ||
        g_ascii_strcasecmp(enc, "utf8") == 0 ||
        g_ascii_strcasecmp(enc, "auto") == 0)
        return NULL;
    /* GB18030 is a superset of GBK and GB2312: read them all as it */
    if (g_ascii_strncasecmp(enc, "gb", 2) == 0)
        return "GB18030";
    if (g_ascii_strcasecmp(enc, "utf-16le") == 0)
        return "UTF-16LE";
    if (g_ascii_strcasecmp(enc, "utf-16be") == 0)
        return "UTF-16BE";
    return "UTF-16";
}

/* Bytes of a file's start sniff() looks at: 3 past its 4 MiB complete a
 * character that starts in it. */
enum { SNIFF = 4 << 20, SNIFF_READ = SNIFF + 3 };

/* The encoding of a file whose first @n bytes (SNIFF_READ, or all of a
 * smaller file) are @head, when none was named: a UTF-16 byte-order mark
 * says UTF-16 (Excel's "Unicode text"); bytes that are not UTF-8 in the
 * first 4 MiB but convert cleanly from GB18030 say GB18030 (Excel's "CSV"
 * on Chinese Windows); else NULL, UTF-8. */
static const char *sniff(const char *head, size_t n)
{
    const char *end;

    if (n >= 2 && (((unsigned char)head[0] == 0xFF &&
                    (unsigned char)head[1] == 0xFE) ||
                   ((unsigned char)head[0] == 0xFE &&
                    (unsigned char)head[1] == 0xFF)))
        return "UTF-16";
    if (n == 0)
        return NULL;
    /* as g_utf8_validate: valid up to the first bad byte or NUL */
    bool ascii;
    size_t ok = utf8_valid(head, n, &ascii);
    const char *nul = memchr(head, '\0', ok);
    end = nul ? nul : head + ok;
    if (end == head + n || end - head >= SNIFF)
        return NULL;
    /* a character cut at the end of what was read is still UTF-8 */
    if (n == SNIFF_READ && g_utf8_get_char_validated(end, head + n - end) ==
                               (gunichar)-2)
        return NULL;
    /* likewise a GB18030 character (1, 2 or 4 bytes) cut there */
    for (size_t cut = 0; cut < (n == SNIFF_READ ? 4u : 1u); cut++) {
        g_autofree char *u = g_convert(head, (gssize)(n - cut), "UTF-8",
                                       "GB18030", NULL, NULL, NULL);
        if (u)
            return "GB18030";
    }
    return NULL;
}


/* ---- the text, a window at a time ------------------------------------- */

struct src {
    int fd;
    const char *name;
    const char *from;           /* the encoding converted from, or NULL */
    GIConv cd;
    /* the file's digest: by OpenSSL (sha), or where the CPU has the SHA
     * extensions by rp_sha256 (fast), with later files riding along */
    EVP_MD_CTX *sha;
    bool fast;
    struct rp_sha256 ctx;
    struct rp_csv_rider *const *riders;
    uint64_t hash_from;         /* bytes an earlier read hashed (a rider) */
    char *raw;                  /* undecoded bytes kept from the last read */
    size_t raw_len;
    bool raw_eof;               /* read() said 0 */
    bool started;               /* the first text is seen (BOM dropped) */
    bool skip, skip_lf;         /* dropping text to a line end */
    uint64_t bytes;             /* bytes of the file read */
    /* a UTF-8 file is mapped, not copied: its text is map[text0..size) */
    const char *map;
    size_t size, text0;
    size_t hashed;              /* bytes of the map in the digest (by a
                                   round's task: atomic), a rider's too */
    size_t populated;           /* bytes of the map mapped ahead */
    size_t dropped;             /* bytes of the map given back (RSS) */
    bool tasks;                 /* hashed by a task of each round
                                   (take_hash), beside its chunks */
};

struct win {
    char *mem;                  /* HEAD bytes of room, then the text */
    size_t cap;
    char *b;                    /* the text */
    size_t len;
    bool eof;                   /* the text ends the file */
    uint64_t off;               /* text offset of b[0] */
    unsigned line;              /* physical line at b[0] */
    bool after_cr;              /* the text before b[0], not counted in
                                   line, ended in a CR: a LF first ends
                                   its line, else the CR did */
};

struct rp_csv_window {
    const struct win *w;
    const struct tok *tok;
};

/* Line ends in @b[0..@n): LF, CRLF, lone CR (a CR at the end counts).
 * Sixteen bytes a step where SSE2 is there: each LF adds one to a byte
 * lane, summed before a lane can wrap.  (A memchr per line was a tenth
 * of the read's CPU: the chunks' lines are counted before they are read,
 * where the lines are not shifted.) */
static unsigned count_lines(const char *b, size_t n)
{
    size_t k = 0, i = 0;

#ifdef __SSE2__
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  zero = _mm_setzero_si128();
    while (i + 16 <= n) {
        __m128i acc = zero;
        for (unsigned step = 0; step < 255 && i + 16 <= n; step++, i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(b + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(x, lf));
            unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, cr));
            for (; c; c &= c - 1) {     /* rare: a lone CR? */
                size_t at = i + (size_t)__builtin_ctz(c);
                k += at + 1 == n || b[at + 1] != '\n';
            }
        }
        __m128i sum = _mm_sad_epu8(acc, zero);
        k += (size_t)_mm_cvtsi128_si32(sum) +
             (size_t)_mm_cvtsi128_si32(_mm_srli_si128(sum, 8));
    }
#endif
    for (; i < n; i++) {
        if (b[i] == '\n')
            k++;
        else if (b[i] == '\r')
            k += i + 1 == n || b[i + 1] != '\n';
    }
    return (unsigned)k;
}

/* Drop @t[0..*@n) up to and with the first line end, if skipping. */
static void skip_text(struct src *s, char *t, size_t *n)
{
    size_t i = 0;

    if (s->skip_lf && *n) {
        s->skip_lf = false;
        if (t[0] == '\n')
            i = 1;
    }
    if (s->skip) {
        size_t j = i;
        while (j < *n && t[j] != '\n' && t[j] != '\r')
            j++;
        if (j == *n) {
            *n = 0;
            return;
        }
        s->skip = false;
        if (t[j] == '\r' && j + 1 == *n)
            s->skip_lf = true;
        else if (t[j] == '\r' && t[j + 1] == '\n')
            j++;
        i = j + 1;
    }
    if (i) {
        memmove(t, t + i, *n - i);
        *n -= i;
    }
}

static void win_room(struct win *w, size_t more)
{
    size_t at = (size_t)(w->b - w->mem);
    if (at + w->len + more <= w->cap)
        return;
    w->cap = MAX(w->cap * 2, at + w->len + more);
    w->mem = g_realloc(w->mem, w->cap);
    w->b = w->mem + at;
}

/* A rider's bytes are read with pread() into a buffer the cache keeps,
 * not mapped: as cheap (1 GB: 0.13 CPU-s read, 0.15 mapped, populated
 * and dropped), and a file cut short while it is read is a short read,
 * not a SIGBUS. */
#define RIDE_BYTES ((size_t)256 << 10)

struct rp_csv_rider {
    int fd;
    size_t size;
    struct stat st;             /* as opened */
    struct rp_sha256 ctx;
    size_t done;                /* bytes hashed */
    bool failed;                /* a read came short: hashed afresh */
    char *buf;                  /* RIDE_BYTES, while it rides */
};

struct rp_csv_rider *rp_csv_rider_new(const char *path)
{
    struct rp_csv_rider *r;
    int fd;

    /* not blocking: a FIFO is not waited on (and not ridden) */
    if (!rp_sha256_fast() ||
        (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
        return NULL;
    r = g_new0(struct rp_csv_rider, 1);
    r->fd = fd;
    if (fstat(fd, &r->st) < 0 || !S_ISREG(r->st.st_mode))
        goto fail;
    r->size = (size_t)r->st.st_size;
    rp_sha256_init(&r->ctx);
    return r;
fail:
    close(fd);
    g_free(r);
    return NULL;
}

void rp_csv_rider_free(struct rp_csv_rider *r)
{
    if (!r)
        return;
    close(r->fd);
    g_free(r->buf);
    g_free(r);
}

/* Whether the file opened as @a is still the one at @b. */
static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
           a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
           a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

static bool hashing(const struct src *s)
{
    return s->sha || s->fast;
}

/* @n bytes at @p into @s's digest; beside them, as far as they go, the
 * next bytes of the first later file with bytes left to hash. */
static void digest(struct src *s, const char *p, size_t n)
{
    if (!s->fast) {
        EVP_DigestUpdate(s->sha, p, n);
        return;
    }
    for (struct rp_csv_rider *const *x = s->riders; x && *x && n;) {
        struct rp_csv_rider *r = *x;
        size_t m = MIN(MIN(n, r->size - r->done), RIDE_BYTES);
        if (!m || r->failed) {
            x++;
            continue;
        }
        if (!r->buf)
            r->buf = g_malloc(RIDE_BYTES);
        ssize_t got = pread(r->fd, r->buf, m, (off_t)r->done);
        if (got != (ssize_t)m) {    /* cut short: its read will tell */
            r->failed = true;
            continue;
        }
        rp_sha256_update2(&s->ctx, p, m, &r->ctx, r->buf, m);
        r->done += m;
        if (r->done == r->size) {
            g_free(r->buf);
            r->buf = NULL;
        }
        p += m;
        n -= m;
    }
    if (n)
        rp_sha256_update(&s->ctx, p, n);
}

/* Append text to @w until it holds @want bytes or the file ends. */
static int src_read(struct src *s, struct win *w, size_t want,
                    struct rp_err *err)
{
    struct rp_loc loc = {s->name, 0, 0};

    if (s->map) {
        size_t left = s->size - s->text0 - (size_t)w->off;
        w->len = MIN(MAX(want, w->len), left);
        w->eof = w->len == left;
        s->bytes = MAX(s->bytes, (uint64_t)(w->b - s->map) + w->len);
        return 0;
    }
    while (w->len < want && !w->eof) {
        win_room(w, READ_BYTES * 4 + 16);
        char *raw = s->cd == (GIConv)-1 ? w->b + w->len : s->raw + s->raw_len;
        ssize_t got = read(s->fd, raw, READ_BYTES);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return rp_err_set(err, RP_EIO, &loc, "read failed: %s",
                              g_strerror(errno));
        }
        if (hashing(s) && got > 0 && s->bytes + (uint64_t)got > s->hash_from) {
            /* what a rider hashed ahead is not hashed again */
            size_t off = s->bytes < s->hash_from
                             ? (size_t)(s->hash_from - s->bytes) : 0;
            digest(s, raw + off, (size_t)got - off);
        }
        s->bytes += (uint64_t)got;
        s->raw_eof = got == 0;
        char *text = w->b + w->len;
        size_t n = (size_t)got;
        if (s->cd != (GIConv)-1) {
            gchar *in = s->raw, *out = text;
            gsize in_left = s->raw_len + (size_t)got, out_left = READ_BYTES * 4 + 16;
            size_t res = g_iconv(s->cd, &in, &in_left, &out, &out_left);
            if (res == (size_t)-1 && (errno == EILSEQ ||
                                      (errno == EINVAL && got == 0))) {
                size_t k = (size_t)(out - w->b);
                loc.line = w->line + count_lines(w->b, k) +
                           (w->after_cr && (k == 0 || w->b[0] != '\n'));
                return rp_err_set(err, RP_EDATA, &loc,
                                  "bytes that are not valid %s", s->from);
            }
            memmove(s->raw, in, in_left);
            s->raw_len = in_left;
            n = (size_t)(out - text);
        }
        if (!s->started && n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
            memmove(text, text + 3, n - 3);
            n -= 3;
        }
        s->started = s->started || n > 0;
        skip_text(s, text, &n);
        w->len += n;
        w->eof = s->raw_eof;
    }
    return 0;
}

/* ---- chunks and threads --------------------------------------------- */

struct chunk {
    size_t a, limit;            /* records that start in [a, limit) */
    unsigned line;              /* physical line at a (a guess until the
                                   chunk before is read); 0 if shifted */
    unsigned n_lines;           /* line ends in [a, limit) (counted unless
                                   lines are shifted) */
    size_t end;                 /* where reading stopped */
    unsigned end_line;
    bool shifted;               /* read with its lines counted from 0 */
    unsigned shift;             /* then: the lines to add, once placed */
    enum scan last;             /* SCAN_LIMIT: all read */
    bool failed;
    bool reline;                /* a record needs its lines: read again */
    struct rp_err err;
    void *shard;
    uint64_t records;
    gint read;                  /* set once the reading thread is done */
    bool ended;                 /* its shard ended while the others read
                                   (finish) */
};

#define MAX_JOBS 64

/* A window and its chunks. */
struct round {
    struct win w;
    struct chunk ch[CHUNKS];
    unsigned n_ch;
};

struct reader {
    const char *name;
    const struct rp_csv_par *par;
    void *ctx;
    rp_csv_record_fn fn;        /* serial: every record to fn(ctx) */
    unsigned jobs;
    struct tok tok[MAX_JOBS];   /* [j] thread j's; [jobs - 1] the caller's */
    GThread *th[MAX_JOBS];      /* started with the first round, ended with
                                   the read (end_threads) */
    struct job {
        struct reader *r;
        struct tok *t;
    } job[MAX_JOBS];
    GMutex lock;                /* over the four below */
    GCond go, ended;
    unsigned round;             /* rounds begun */
    unsigned n_ended;           /* threads that ended this round */
    bool quit;                  /* the read is over */
    struct src *src;            /* the file read */
    size_t hash_upto;           /* the round's hash task: the map up to it */
    gint hash_taken;
    struct round *rd;           /* the round the threads work on */
    gint next_count;            /* the next chunk to count the lines of */
    gint counted;               /* chunks whose lines are counted */
    gint next;                  /* the next chunk to read */
    uint64_t records;
    size_t window;              /* bytes of text per round */
};

/* The quote that opened @rec's last field never closes. */
static int unterminated(struct rp_err *err, const char *name,
                        const struct rp_csv_record *rec)
{
    struct rp_loc loc = {name, rec->line, rec->n_fields + 1};
    return rp_err_set(err, RP_EDATA, &loc,
                      "unterminated quoted field (a quote opened here never "
                      "closes)");
}

static void read_chunk(struct reader *r, struct tok *t, struct chunk *c)
{
    const struct win *w = &r->rd->w;
    size_t pos = c->a;
    const size_t limit = c->limit;
    unsigned line = c->line;
    uint64_t records = 0;
    struct rp_csv_record rec;

    /* the count and the limit are kept here, not in @c: a chunk's last
     * bytes share a cache line with the next chunk's first, which
     * another thread reads as it goes; counted in @c, each record moved
     * that line between the cores (8% of a 1 GB check's samples sat on
     * the two accesses) */
    c->failed = c->reline = false;
    for (;;) {
        enum scan s = scan(t, w->b, w->len, w->eof, limit, &pos, &line,
                           &rec);
        if (s == SCAN_RECORD || s == SCAN_LONG_OPEN) {
            rec.offset += w->off;
            rec.lines_shifted = c->shifted;
            records++;
            int rc = r->fn ? r->fn(r->ctx, &rec, &c->err)
                           : r->par->record(c->shard, &rec, &c->err);
            if (rc < 0) {
                c->failed = true;
                c->last = SCAN_LIMIT;
                break;
            }
            if (rc == RP_CSV_NEED_LINES) {
                g_assert(c->shifted);
                c->reline = true;
                c->last = SCAN_LIMIT;
                break;
            }
            if (s == SCAN_RECORD)
                continue;
        }
        if (s == SCAN_UNTERMINATED) {
            unterminated(&c->err, r->name, &rec);
            c->failed = true;
        }
        c->last = s;
        break;
    }
    c->records = records;
    if (r->par && r->par->shard_read && !c->failed && !c->reline)
        r->par->shard_read(c->shard);
    c->end = pos;
    c->end_line = line;
}

/* The round's hash task, by the first thread to come to it: the map up
 * to where the round's window ends, fed to the digest (with the later
 * files beside it, csv.h) while the other thread reads the round's
 * chunks, which it joins once done.  The digest had a thread of its own,
 * a third busy thread on two cores: whichever reading thread it took a
 * core from, the other waited for at the round's end (the second
 * reading thread waited 100-170 ms a 1 GB pack for the next round, 50-70
 * in `check`, which hashes nothing).  (Fed between rounds on the reading
 * thread instead, it held the rounds up: 1 GB monthly median 3.10 ->
 * 2.90 s when the thread came.)  A round's pages are given back once
 * read and hashed (drop_to): here always within the round. */
static void take_hash(struct reader *r)
{
    struct src *s = r->src;

    if (!s || !s->tasks ||
        !g_atomic_int_compare_and_exchange(&r->hash_taken, 0, 1))
        return;
    size_t at = s->hashed;
    if (r->hash_upto > at) {
        digest(s, s->map + at, r->hash_upto - at);
        __atomic_store_n(&s->hashed, r->hash_upto, __ATOMIC_RELEASE);
    }
}

/* Read the round's chunks with the other threads.  With lines shifted,
 * each chunk after the first counts its lines from 0 (placed by
 * place()); else the threads first count the lines of its chunks, so
 * each chunk's first line is known, then read them.  (The threads started
 * once to count and again to read, and the main thread waited on the
 * count, 0.1 s of a 1 GB read; the count itself, a pass over the text
 * that the read makes again, was 0.13-0.19 of a 1 GB pack's 3.8 CPU-s.) */
static void work(struct reader *r, struct tok *t)
{
    take_hash(r);
    struct round *rd = r->rd;
    const gint n = (gint)rd->n_ch;
    const bool shift = r->par->shift_lines;

    for (; !shift;) {
        gint i = g_atomic_int_add(&r->next_count, 1);
        if (i >= n)
            break;
        struct chunk *c = &rd->ch[i];
        c->n_lines = count_lines(rd->w.b + c->a, c->limit - c->a);
        g_atomic_int_inc(&r->counted);
    }
    while (!shift && g_atomic_int_get(&r->counted) < n)
        g_thread_yield();       /* another thread's last count: short */
    for (;;) {
        gint i = g_atomic_int_add(&r->next, 1);
        if (i >= n)
            break;
        struct chunk *c = &rd->ch[i];
        c->shifted = shift && i > 0;
        c->line = c->shifted ? 0 : rd->ch[0].line;
        for (gint k = 0; !shift && k < i; k++)
            c->line += rd->ch[k].n_lines;
        read_chunk(r, t, c);
        g_atomic_int_set(&c->read, 1);
    }
}

/* A thread of the read: each round's chunks, as the rounds begin, until
 * the read is over.  (A thread started for each round and joined at its
 * end cost 50 us a round, and a new thread's first allocation could wait
 * on the map lock for a fresh malloc arena.) */
static gpointer worker(gpointer p)
{
    struct job *j = p;
    struct reader *r = j->r;
    unsigned seen = 0;

    for (;;) {
        g_mutex_lock(&r->lock);
        while (r->round == seen && !r->quit)
            g_cond_wait(&r->go, &r->lock);
        if (r->quit) {
            g_mutex_unlock(&r->lock);
            return NULL;
        }
        seen = r->round;
        g_mutex_unlock(&r->lock);
        work(r, j->t);
        g_mutex_lock(&r->lock);
        r->n_ended++;
        g_cond_signal(&r->ended);
        g_mutex_unlock(&r->lock);
    }
}

/* Set the threads on the round's chunks (started with the first round):
 * one fewer than the jobs, as this thread reads what is left of them
 * once it has ended the last round's shards.  (With a thread a job
 * beside it, three busy threads, four with the digest's thread of that
 * time, shared two cores, and this one, which the others wait on at each
 * round's end, had two thirds of one: 1 GB check, median of ten runs in
 * turns, 1.73 -> 1.56 s.) */
static void start(struct reader *r)
{
    if (!r->th[0]) {
        g_mutex_init(&r->lock);
        g_cond_init(&r->go);
        g_cond_init(&r->ended);
        for (unsigned j = 0; j + 1 < r->jobs; j++) {
            r->job[j] = (struct job){r, &r->tok[j]};
            r->th[j] = g_thread_new("revpack-csv", worker, &r->job[j]);
        }
    }
    g_mutex_lock(&r->lock);
    r->next_count = r->counted = r->next = 0;
    r->n_ended = 0;
    r->round++;
    g_cond_broadcast(&r->go);
    g_mutex_unlock(&r->lock);
}

/* Wait for the threads to end the round. */
static void join_threads(struct reader *r)
{
    g_mutex_lock(&r->lock);
    while (r->n_ended + 1 < r->jobs)
        g_cond_wait(&r->ended, &r->lock);
    g_mutex_unlock(&r->lock);
}

/* The read is over: end the threads (none if no round was threaded). */
static void end_threads(struct reader *r)
{
    if (!r->th[0])
        return;
    g_mutex_lock(&r->lock);
    r->quit = true;
    g_cond_broadcast(&r->go);
    g_mutex_unlock(&r->lock);
    for (unsigned j = 0; j + 1 < r->jobs; j++)
        g_thread_join(r->th[j]);
    g_mutex_clear(&r->lock);
    g_cond_clear(&r->go);
    g_cond_clear(&r->ended);
}

/* The read stops: the threads take no more chunks. */
static void cancel(struct reader *r)
{
    g_atomic_int_set(&r->next, (gint)r->rd->n_ch);
    join_threads(r);
}

/* The first line start at or after @x in @w (the end if none). */
static size_t line_start(const struct win *w, size_t x)
{
    const char *b = w->b, *e = b + w->len, *p = b + x - 1;

    if (x == 0)
        return 0;
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    const char *cr = memchr(p, '\r', (size_t)((nl ? nl : e) - p));
    if (cr)
        return cr + 1 == e ? w->len : (size_t)(cr + (cr[1] == '\n' ? 2 : 1) - b);
    return nl ? (size_t)(nl + 1 - b) : w->len;
}

/* Cut the round's text from @from into chunks at line starts, each
 * smaller than the one before (sizes k, k - 1, ... 1 parts of k(k+1)/2):
 * the threads take chunks in order, and the round ends when the last
 * ends, so the thread that ends first waits at most for a small one.  (In
 * eighths, that wait was 0.5 ms a round, 105-140 ms of a 1 GB pack's
 * 242, now 78-80; the cores idle 125-161 -> 77-99 ms of the read.) */
static void plan(struct reader *r, struct round *rd, size_t from)
{
    const struct win *w = &rd->w;
    const unsigned k = r->par ? CHUNKS : 1;
    const uint64_t span = w->len - from, parts = (uint64_t)k * (k + 1) / 2;

    rd->n_ch = 0;
    for (unsigned i = 0; i < k; i++) {
        /* the parts before chunk i: k + (k - 1) + ... + (k - i + 1) */
        uint64_t before = (uint64_t)i * k - (uint64_t)i * (i - 1) / 2;
        size_t a = i ? line_start(w, from + (size_t)(span * before / parts))
                     : from;
        if (i && (a <= rd->ch[rd->n_ch - 1].a || a >= w->len))
            continue;
        memset(&rd->ch[rd->n_ch], 0, sizeof(rd->ch[0]));
        rd->ch[rd->n_ch++].a = a;
    }
    for (unsigned i = 0; i < rd->n_ch; i++)
        rd->ch[i].limit = i + 1 < rd->n_ch ? rd->ch[i + 1].a : w->len;
}

static void drop_shard(struct reader *r, struct chunk *c)
{
    if (c->shard)
        r->par->shard_free(r->ctx, c->shard);
    c->shard = NULL;
}

static bool threaded(const struct reader *r, const struct round *rd)
{
    return r->jobs > 1 && rd->n_ch > 1;
}

/* Begin the round from @from: its chunks and (with more than one job)
 * the threads that read them from those guessed starts (work()). */
static void begin(struct reader *r, struct round *rd, size_t from)
{
    plan(r, rd, from);
    rd->ch[0].line = rd->w.line + count_lines(rd->w.b, from);
    for (unsigned i = 0; i < rd->n_ch; i++)
        if (r->par)
            rd->ch[i].shard = r->par->shard_new(r->ctx);
    r->rd = rd;
    if (r->src && r->src->tasks) {
        r->hash_upto = MIN((size_t)(rd->w.b - r->src->map) + rd->w.len,
                           r->src->size);
        r->hash_taken = 0;
    }
    if (threaded(r, rd))
        start(r);
}

/* Chunk @c, read from its right start, which is on physical @line: its
 * lines made the file's if they were shifted (c->shift: what its shard
 * adds to those it keeps). */
static void place(struct chunk *c, unsigned line)
{
    c->shift = 0;
    if (c->shifted) {
        c->shift = line;
        c->end_line += line;
        c->line = line;
        c->shifted = false;
    }
}

/* Whether chunk @c, read by a thread, counts: read from its right start
 * @pos, which is on physical @line.  One that asked for its lines, or
 * failed with them shifted (its message would name a wrong line), is to
 * be read again. */
static bool read_right(const struct chunk *c, size_t pos, unsigned line)
{
    return c->a == pos && !c->reline &&
           (c->shifted ? !c->failed : c->line == line);
}

/* Whether the other threads have ended the round. */
static bool others_ended(struct reader *r)
{
    g_mutex_lock(&r->lock);
    bool ended = r->n_ended + 1 >= r->jobs;
    g_mutex_unlock(&r->lock);
    return ended;
}

/* This thread has taken the round's last chunk: while the others end
 * theirs, end the shards of the chunks read from their right starts, in
 * order, until a chunk is not read yet or the others are done (the next
 * round begins first).  Returns -1 if a shard's end failed (@err says
 * why).  (This thread waited here 0.25 ms a round, 60 ms of a 1 GB
 * pack's read, and then ended the shards while the others read on.) */
static int end_early(struct reader *r, struct round *rd, struct rp_err *err)
{
    size_t pos = rd->ch[0].a;
    unsigned line = rd->ch[0].line;
    struct rp_csv_window cw = {&rd->w, &r->tok[r->jobs - 1]};

    for (unsigned i = 0; i < rd->n_ch && !others_ended(r); i++) {
        struct chunk *c = &rd->ch[i];
        if (!c->ended) {
            if (!g_atomic_int_get(&c->read) || !read_right(c, pos, line) ||
                c->failed || c->last != SCAN_LIMIT)
                break;
            place(c, line);
            void *shard = c->shard;
            c->shard = NULL;
            c->ended = true;
            if (r->par->shard_end(r->ctx, shard, &cw, c->shift, err) < 0)
                return -1;
        }
        pos = c->end;
        line = c->end_line;
    }
    return 0;
}

/* Finish the round: read what the threads have not taken, end the
 * shards that can be ended early (end_early) and wait for the threads,
 * then read again, in order on this thread, each chunk whose guessed
 * start was wrong (every chunk when no threads ran).  Returns the number
 * of chunks that count; the last one says where the next window starts.
 * *@early_failed: a shard ended early failed (@early_err). */
static unsigned finish(struct reader *r, struct round *rd, bool *early_failed,
                       struct rp_err *early_err)
{
    bool par = threaded(r, rd);
    size_t pos = rd->ch[0].a;
    unsigned line = rd->ch[0].line;

    *early_failed = false;
    if (par) {
        work(r, &r->tok[r->jobs - 1]);
        *early_failed = end_early(r, rd, early_err) < 0;
        join_threads(r);
    } else {
        take_hash(r);
    }
    for (unsigned i = 0; i < rd->n_ch; i++) {
        struct chunk *c = &rd->ch[i];
        if (c->ended) {
            g_assert(c->a == pos && c->line == line);
        } else {
            if (!par || !read_right(c, pos, line)) {
                if (par) {
                    drop_shard(r, c);
                    c->shard = r->par->shard_new(r->ctx);
                }
                c->a = pos;
                c->line = line;
                c->shifted = false;
                read_chunk(r, &r->tok[r->jobs - 1], c);
            }
            place(c, line);
        }
        r->records += c->records;
        if (c->failed || c->last != SCAN_LIMIT) {
            for (unsigned j = i + 1; j < rd->n_ch; j++)
                if (r->par)
                    drop_shard(r, &rd->ch[j]);
            return rd->n_ch = i + 1;
        }
        pos = c->end;
        line = c->end_line;
    }
    return rd->n_ch;
}

int rp_csv_reread(const struct rp_csv_window *win, uint64_t offset,
                  unsigned line, rp_csv_record_fn fn, void *ctx,
                  struct rp_err *err)
{
    const struct win *w = win->w;
    struct tok t = {0};
    struct rp_csv_record rec;
    size_t pos = (size_t)(offset - w->off);
    int rc = -1;

    tok_copy(&t, win->tok);
    enum scan s = scan(&t, w->b, w->len, w->eof, w->len + 1, &pos, &line,
                       &rec);
    if (s == SCAN_RECORD) {
        rec.offset += w->off;
        rc = fn(ctx, &rec, err);
    }
    tok_free(&t);
    return rc;
}

/* ---- reading a file --------------------------------------------------- */

/* A UTF-8 file of @size bytes mapped, not copied; else (no map) it is
 * read(). */
static void map_file(struct src *s, size_t size)
{
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, s->fd, 0);

    if (p == MAP_FAILED)
        return;
    s->map = p;
    s->size = size;
    if (s->size >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        s->text0 = 3;
}

static int src_open(struct src *s, const char *path, const char *name,
                    const struct rp_csv_opts *opts, bool beside,
                    struct rp_err *err)
{
    struct rp_loc loc = {name, 0, 0};
    struct stat st;

    s->name = name;
    s->cd = (GIConv)-1;
    s->from = iconv_name(opts ? opts->encoding : NULL);
    s->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (s->fd < 0)
        return rp_err_set(err, errno == ENOENT ? RP_ENOINPUT : RP_EIO, &loc,
                          "cannot open: %s", g_strerror(errno));
    if (fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode))
        /* a device or a pipe may never end */
        return rp_err_set(err, RP_ENOINPUT, &loc,
                          "not a regular file (a device, pipe or folder): "
                          "revpack reads exports saved as files");
    if (!s->from && st.st_size > 0)
        map_file(s, (size_t)st.st_size);
    if (!s->from && !(opts && opts->encoding &&
                      g_ascii_strncasecmp(opts->encoding, "utf", 3) == 0)) {
        /* auto: what the bytes say, read where they are mapped (a copy
         * was 4 MiB of fresh pages a file) */
        if (s->map) {
            s->from = sniff(s->map, MIN(s->size, (size_t)SNIFF_READ));
        } else {
            g_autofree char *head = g_malloc(SNIFF_READ);
            ssize_t n = pread(s->fd, head, SNIFF_READ, 0);
            s->from = sniff(head, n > 0 ? (size_t)n : 0);
        }
        if (s->from && opts && opts->detected)
            g_strlcpy(opts->detected, s->from, 16);
        if (s->from && s->map) {    /* converted: read(), not mapped */
            munmap((void *)s->map, s->size);
            s->map = NULL;
            s->size = s->text0 = 0;
        }
    }
    if (s->from) {
        s->cd = g_iconv_open("UTF-8", s->from);
        if (s->cd == (GIConv)-1)
            return rp_err_set(err, RP_EUSAGE, NULL,
                              "encoding '%s' is not available",
                              opts && opts->encoding ? opts->encoding
                                                     : s->from);
        s->raw = g_malloc(READ_BYTES + 16);
    }
    if (opts && opts->sha256 && rp_sha256_fast()) {
        const struct rp_csv_rider *own = opts->hashed_ahead;
        s->fast = true;
        s->riders = opts->riders;
        rp_sha256_init(&s->ctx);
        if (own && !own->failed && same_file(&own->st, &st)) {
            s->ctx = own->ctx;
            s->hash_from = own->done;
            if (s->map)     /* the rounds' tasks start there, with
                               nothing to hash until the read gets past */
                s->hashed = own->done;
        }
    } else if (opts && opts->sha256) {
        s->sha = EVP_MD_CTX_new();
        if (!s->sha || !EVP_DigestInit_ex(s->sha, EVP_sha256(), NULL)) {
            EVP_MD_CTX_free(s->sha);    /* not fed by src_close() */
            s->sha = NULL;
            return rp_err_set(err, RP_EIO, &loc, "SHA-256 is not available");
        }
    }
    /* with threads to read beside it, a task of each round (take_hash);
     * else hashed here, between rounds (sha_to) */
    s->tasks = hashing(s) && s->map && beside && s->hashed < s->size;
    return 0;
}

/* Feed the map's bytes up to @upto to the digest, here. */
static void sha_to(struct src *s, size_t upto)
{
    upto = MIN(upto, s->size);
    if (hashing(s) && upto > s->hashed)
        digest(s, s->map + s->hashed, upto - s->hashed);
    s->hashed = MAX(s->hashed, upto);
}

/* @at rounded down to a page boundary of the map. */
static size_t page_down(size_t at)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    return at / pg * pg;
}

/* Map the pages of the map up to @upto now, in a few calls, not in a fault
 * per 16 pages as the threads first read them. */
static void populate_to(struct src *s, size_t upto)
{
    size_t from = page_down(s->populated);

    upto = MIN(upto, s->size);
    if (upto > from) {
        rp_pages_populate((char *)s->map + from, upto - from, false);
        s->populated = upto;
    }
}

/* Give back the pages of the map before @upto: read and hashed, not to
 * be read again (the file stays in the page cache; the process's RSS
 * drops). */
static void drop_to(struct src *s, size_t upto)
{
    size_t end = page_down(MIN(upto, __atomic_load_n(&s->hashed,
                                                     __ATOMIC_ACQUIRE)));
    if (end > s->dropped) {
        madvise((char *)s->map + s->dropped, end - s->dropped, MADV_DONTNEED);
        s->dropped = end;
    }
}

/* Close @s, @read to its end or not; its digest, if read, into
 * opts->sha256. */
static void src_close(struct src *s, const struct rp_csv_opts *opts,
                      bool read)
{
    if (s->map && read)
        sha_to(s, s->size);     /* what the rounds' tasks left */
    if (s->map)
        munmap((void *)s->map, s->size);
    if (hashing(s) && opts && opts->sha256 && read) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned n = 32;
        if (s->fast)
            rp_sha256_final(&s->ctx, md);
        else
            EVP_DigestFinal_ex(s->sha, md, &n);
        for (unsigned i = 0; i < n && i < 32; i++)
            g_snprintf(opts->sha256 + 2 * i, 3, "%02x", md[i]);
    }
    if (s->sha)
        EVP_MD_CTX_free(s->sha);
    if (s->fd >= 0)
        close(s->fd);
    if (s->cd != (GIConv)-1)
        g_iconv_close(s->cd);
    g_free(s->raw);
}

static void win_reset(const struct src *s, struct win *w)
{
    w->after_cr = false;
    if (s->map) {
        w->b = (char *)s->map + s->text0;
        w->len = 0;
        return;
    }
    if (!w->mem) {
        w->cap = HEAD + WINDOW + READ_BYTES * 4 + 16;
        w->mem = g_malloc(w->cap);
    }
    w->b = w->mem + HEAD;
    w->len = 0;
}

/* The text of @from from @at (and what the file holds) go on in @to. */
static void carry(const struct win *from, size_t at, struct win *to)
{
    size_t n = from->len - at;

    to->off = from->off + at;
    if (n <= (size_t)(to->b - to->mem)) {
        memcpy(to->b - n, from->b + at, n);
        to->b -= n;
        to->len += n;
        return;
    }
    char *mem = g_malloc(HEAD + n + to->len + READ_BYTES * 4 + 16);
    memcpy(mem + HEAD, from->b + at, n);
    memcpy(mem + HEAD + n, to->b, to->len);
    g_free(to->mem);
    to->mem = mem;
    to->cap = HEAD + n + to->len + READ_BYTES * 4 + 16;
    to->b = mem + HEAD;
    to->len += n;
}

/* The header: the first record, read on this thread. */
static int read_header(struct reader *r, struct src *s, struct win *w,
                       size_t *after, struct rp_err *err)
{
    struct rp_csv_record rec;
    size_t pos = 0;
    unsigned line = 1;
    struct tok *t = &r->tok[r->jobs - 1];

    for (;;) {
        enum scan sc = scan(t, w->b, w->len, w->eof, w->len + 1, &pos, &line,
                            &rec);
        if (sc == SCAN_MORE) {
            if (src_read(s, w, w->len + r->window, err) < 0)
                return -1;
            continue;
        }
        if (sc == SCAN_LIMIT) {
            *after = w->len;
            return 1;           /* no header: the file is empty */
        }
        if (sc == SCAN_UNTERMINATED)
            return unterminated(err, r->name, &rec);
        r->records++;
        if (r->par->header(r->ctx, &rec, err) < 0)
            return -1;
        if (sc == SCAN_LONG_OPEN) {
            struct rp_loc loc = {r->name, rec.line, 0};
            return rp_err_set(err, RP_EDATA, &loc, "header too long");
        }
        *after = pos;
        return 0;
    }
}

static void drop_round(struct reader *r, struct round *rd)
{
    for (unsigned i = 0; r->par && i < rd->n_ch; i++)
        drop_shard(r, &rd->ch[i]);
    rd->n_ch = 0;
}

static int drive(struct reader *r, const char *path,
                 const struct rp_csv_opts *opts, struct rp_err *err)
{
    struct src s = {.fd = -1};
    struct round *rds = g_new0(struct round, 2);
    struct round *rd = &rds[0], *nx = &rds[1];
    size_t from = 0;
    int rc = -1;
    bool ahead_failed = false;  /* the next window's text could not be read */
    struct rp_err ahead_err = {0};

    r->window = opts && opts->window ? opts->window : WINDOW;
    r->src = &s;
    if (src_open(&s, path, r->name, opts, r->par && r->jobs > 1, err) < 0)
        goto out;
    win_reset(&s, &rd->w);
    rd->w.line = 1;
    if (src_read(&s, &rd->w, r->window, err) < 0)
        goto out;
    char d = opts && opts->delimiter
                 ? opts->delimiter
                 : detect_delimiter(rd->w.b, MIN(rd->w.len, (size_t)1 << 20));
    size_t mf = opts && opts->max_field ? opts->max_field : RP_CSV_MAX_FIELD;
    size_t mr = opts && opts->max_record ? opts->max_record
                                         : RP_CSV_MAX_RECORD;
    for (unsigned j = 0; j < r->jobs; j++)
        tok_init(&r->tok[j], d, mf, mr);
    if (r->par) {
        int h = read_header(r, &s, &rd->w, &from, err);
        if (h != 0) {
            rc = h > 0 ? 0 : -1;
            goto out;
        }
    }
    begin(r, rd, from);
    for (;;) {
        /* read the next window while the threads read this one */
        win_reset(&s, &nx->w);
        nx->w.eof = rd->w.eof;
        if (s.map) {
            size_t ahead = (size_t)(rd->w.b - s.map) + rd->w.len + r->window;
            populate_to(&s, ahead);
            if (!s.tasks)       /* (--jobs 1: hashed here) */
                sha_to(&s, ahead);
        } else if (!rd->w.eof) {
            /* an error in text read ahead comes after this window's
             * records and errors, at its line in the file: counted from
             * this window's start when there is one */
            nx->w.line = 0;
            nx->w.after_cr = rd->w.len && rd->w.b[rd->w.len - 1] == '\r';
            ahead_failed = src_read(&s, &nx->w, r->window, &ahead_err) < 0;
            if (ahead_failed)
                ahead_err.loc.line += rd->w.line +
                                      count_lines(rd->w.b, rd->w.len) -
                                      nx->w.after_cr;
        }
        bool early_failed;
        struct rp_err early_err = {0};
        unsigned n = finish(r, rd, &early_failed, &early_err);
        struct chunk *last = &rd->ch[n - 1];
        for (unsigned i = 0; i < n; i++) {
            if (rd->ch[i].failed) {
                rp_err_copy(err, &rd->ch[i].err);
                goto out;
            }
        }
        if (early_failed) {     /* as if ended after the round: no chunk
                                   failed, and no next round begun */
            rp_err_copy(err, &early_err);
            goto out;
        }
        bool done = rd->w.eof && last->last == SCAN_LIMIT;
        bool next = !done && !ahead_failed;
        if (next && s.map) {
            /* the next window starts where this one's records end */
            size_t at = last->end;
            nx->w.line = last->end_line;
            if (last->last == SCAN_LONG_OPEN) {
                /* the rest of the over-long record's line: no record */
                struct win rest = {.b = rd->w.b, .eof = true,
                                   .len = s.size - s.text0 -
                                          (size_t)rd->w.off};
                at = line_start(&rest, at + 1);
                nx->w.line++;
            }
            nx->w.off = rd->w.off + at;
            nx->w.b = rd->w.b + at;
            nx->w.len = 0;
            nx->w.eof = false;
            src_read(&s, &nx->w, rd->w.len - MIN(at, rd->w.len) + r->window, err);
            begin(r, nx, 0);
        } else if (next) {
            nx->w.after_cr = false;     /* its line is set here */
            if (last->last == SCAN_LONG_OPEN) {
                /* the rest of the over-long record's line: no record */
                nx->w.off = rd->w.off + rd->w.len;
                nx->w.line = last->end_line + 1;
                s.skip = last->end == rd->w.len;
                s.skip_lf = !s.skip;            /* it ended at a CR */
                skip_text(&s, nx->w.b, &nx->w.len);
            } else {
                nx->w.line = last->end_line;
                carry(&rd->w, last->end, &nx->w);
            }
            if (!nx->w.eof && nx->w.len < r->window / 2 &&
                src_read(&s, &nx->w, r->window, &ahead_err) < 0) {
                ahead_failed = true;    /* after this window's records */
                next = false;
            } else {
                begin(r, nx, 0);
            }
        }
        /* this window's shards, in order, while the threads read on */
        struct rp_csv_window cw = {&rd->w, &r->tok[r->jobs - 1]};
        for (unsigned i = 0; r->par && i < n; i++) {
            if (rd->ch[i].ended)
                continue;       /* while the threads read (finish) */
            void *shard = rd->ch[i].shard;
            rd->ch[i].shard = NULL;
            if (r->par->shard_end(r->ctx, shard, &cw, rd->ch[i].shift,
                                  err) < 0) {
                if (next && threaded(r, nx))
                    cancel(r);
                goto out;
            }
        }
        rd->n_ch = 0;
        if (ahead_failed) {
            rp_err_copy(err, &ahead_err);
            goto out;
        }
        if (s.map && !done)
            drop_to(&s, (size_t)(nx->w.b - s.map));
        if (opts && opts->progress)
            opts->progress(opts->progress_ctx, r->name, s.bytes,
                           r->records);
        if (done)
            break;
        struct round *t = rd;
        rd = nx;
        nx = t;
    }
    rc = 0;
out:
    drop_round(r, &rds[0]);
    drop_round(r, &rds[1]);
    src_close(&s, opts, rc == 0);
    r->src = NULL;
    g_free(rds[0].w.mem);
    g_free(rds[1].w.mem);
    g_free(rds);
    for (unsigned j = 0; j < r->jobs; j++)
        tok_free(&r->tok[j]);
    return rc;
}

int rp_csv_read(const char *path, const char *name,
                const struct rp_csv_opts *opts, rp_csv_record_fn fn,
                void *ctx, struct rp_err *err)
{
    struct reader *r = g_new0(struct reader, 1);

    r->name = name;
    r->fn = fn;
    r->ctx = ctx;
    r->jobs = 1;
    int rc = drive(r, path, opts, err);
    g_free(r);
    return rc;
}

int rp_csv_read_par(const char *path, const char *name,
                    const struct rp_csv_opts *opts,
                    const struct rp_csv_par *par, void *ctx,
                    struct rp_err *err)
{
    struct reader *r = g_new0(struct reader, 1);

    r->name = name;
    r->par = par;
    r->ctx = ctx;
    r->jobs = par->jobs ? par->jobs : g_get_num_processors();
    r->jobs = CLAMP(r->jobs, 1, MAX_JOBS);
    int rc = drive(r, path, opts, err);
    end_threads(r);
    g_free(r);
    return rc;
}

int rp_csv_column(const struct rp_csv_record *rec, const char *name)
{
    size_t want = strlen(name);

    for (unsigned i = 0; i < rec->n_fields; i++) {
        const char *f = rec->fields[i];
        size_t n = rec->lens[i];
        while (n && g_ascii_isspace(*f)) {
            f++;
            n--;
        }
        while (n && g_ascii_isspace(f[n - 1]))
            n--;
        if (n == want && g_ascii_strncasecmp(f, name, n) == 0)
            return (int)i;
    }
    return -1;
}

int rp_csv_encoding_ok(const char *enc)
{
    static const char *const ok[] = {"auto", "utf-8", "utf8", "gb18030", "gbk",
                                     "gb2312", "utf-16", "utf-16le",
                                     "utf-16be"};
    if (!enc)
        return 1;
    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++)
        if (g_ascii_strcasecmp(enc, ok[i]) == 0)
            return 1;
    return 0;
}

char *rp_csv_put_field(char *p, const char *s, size_t n)
{
    /* OWASP CSV injection: a cell a spreadsheet would read as a formula
     * (= + - @, tab, CR first) is written as text, behind a ' and quoted */
    bool formula = n && strchr("=+-@\t\r", *s);
    size_t i = 0;
    while (i < n && s[i] != ',' && s[i] != '"' && s[i] != '\r' &&
           s[i] != '\n')
        i++;
    if (!formula && i == n) {
        memcpy(p, s, n);
        return p + n;
    }
    *p++ = '"';
    if (formula)
        *p++ = '\'';
    for (i = 0; i < n; i++) {
        if (s[i] == '"')
            *p++ = '"';
        *p++ = s[i];
    }
    *p++ = '"';
    return p;
}

void rp_csv_append_field(GString *out, const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s), at = out->len;
    g_string_set_size(out, at + RP_CSV_FIELD_ROOM(n));
    out->len = (gsize)(rp_csv_put_field(out->str + at, s, n) - out->str);
    out->str[out->len] = '\0';
}
