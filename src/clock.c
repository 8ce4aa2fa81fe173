/* clock.c - time zones and timestamp parsing. */
#include "revpack/clock.h"

#include <stdlib.h>
#include <string.h>

/* The day cache covers local dates 1900-01-01 .. 2199-12-31; dates
 * outside go the slow way, which is only slower. */
#define CACHE_DAY0 (-25567)             /* 1900-01-01 */
#define CACHE_DAYS (109573 + 1)         /* to 2199-12-31 */
#define RP_OFF_BIAS (1u << 20)          /* offsets are within +-14 h */
#define CACHE_VARIES 1u

void rp_clock_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t rp_clock_day_of(int64_t secs)
{
    return secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
}

int rp_clock_init(struct rp_clock *c, const char *tzname,
                  enum rp_date_order order)
{
    memset(c, 0, sizeof(*c));
    c->order = order;
    if (!tzname || !*tzname || strcmp(tzname, "UTC") == 0 ||
        strcmp(tzname, "Etc/UTC") == 0) {
        c->utc = true;
        c->tz = g_time_zone_new_utc();
        return 0;
    }
    c->tz = g_time_zone_new_identifier(tzname);
    if (!c->tz)
        return -1;
    c->day_cache = calloc(CACHE_DAYS, sizeof(*c->day_cache));
    if (!c->day_cache) {
        g_time_zone_unref(c->tz);
        c->tz = NULL;
        return -1;
    }
    return 0;
}

void rp_clock_release(struct rp_clock *c)
{
    if (c->tz)
        g_time_zone_unref(c->tz);
    free(c->day_cache);
    memset(c, 0, sizeof(*c));
}

int32_t rp_clock_offset_at(const struct rp_clock *c, int64_t utc)
{
    if (c->utc)
        return 0;
    gint iv = g_time_zone_find_interval(c->tz, G_TIME_TYPE_UNIVERSAL, utc);
    return g_time_zone_get_offset(c->tz, iv);
}

/* Resolve local -> UTC from first principles.  Candidates are the offsets
 * in force around the reading; a candidate o is valid if the offset at
 * local - o is o.  Repeated readings have two valid ones: the earlier
 * instant is the pre-change offset.  Skipped readings have none: take
 * the offset in force at the earliest candidate instant, which is the
 * pre-change one. */
static int64_t slow_local_to_utc(const struct rp_clock *c, int64_t local)
{
    int32_t cand[3];
    int64_t best = INT64_MAX, earliest = INT64_MAX;

    cand[0] = rp_clock_offset_at(c, local - 50400);
    cand[1] = rp_clock_offset_at(c, local);
    cand[2] = rp_clock_offset_at(c, local + 50400);
    for (int i = 0; i < 3; i++) {
        int64_t u = local - cand[i];
        if (u < earliest)
            earliest = u;
        if (rp_clock_offset_at(c, u) == cand[i] && u < best)
            best = u;
    }
    if (best != INT64_MAX)
        return best;
    return local - rp_clock_offset_at(c, earliest);
}

int64_t rp_clock_local_to_utc(struct rp_clock *c, int64_t local)
{
    if (c->utc)
        return local;
    int64_t day = rp_clock_day_of(local);
    int64_t i = day - CACHE_DAY0;
    if (i < 0 || i >= CACHE_DAYS)
        return slow_local_to_utc(c, local);
    /* threads reading one file share the cache: a word written whole */
    uint32_t v = (uint32_t)g_atomic_int_get((gint *)&c->day_cache[i]);
    if (v == 0) {
        /* constant offset over the whole local day, with no transition
         * between the instants of its first and last second? */
        int64_t l0 = day * 86400, l1 = l0 + 86399;
        int64_t u0 = slow_local_to_utc(c, l0), u1 = slow_local_to_utc(c, l1);
        int32_t o0 = (int32_t)(l0 - u0), o1 = (int32_t)(l1 - u1);
        if (o0 == o1 && rp_clock_offset_at(c, u0) == o0 &&
            rp_clock_offset_at(c, u1) == o1 && u1 - u0 == 86399)
            v = (uint32_t)((int64_t)o0 + RP_OFF_BIAS);
        else
            v = CACHE_VARIES;
        g_atomic_int_set((gint *)&c->day_cache[i], (gint)v);
    }
    if (v == CACHE_VARIES)
        return slow_local_to_utc(c, local);
    return local - ((int64_t)v - RP_OFF_BIAS);
}

int64_t rp_clock_utc_to_local(const struct rp_clock *c, int64_t utc)
{
    return utc + rp_clock_offset_at(c, utc);
}

void rp_clock_format(const struct rp_clock *c, int64_t utc, char *buf)
{
    int64_t local = rp_clock_utc_to_local(c, utc);
    int64_t day = rp_clock_day_of(local), sod = local - day * 86400;
    int y;
    unsigned m, d;

    rp_clock_civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) {
        g_snprintf(buf, 20, "%04d-%02u-%02u %02d:%02d:%02d", y, m, d,
                   (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
        return;
    }
    /* by hand: this runs for every time stamp of breaches.csv */
    unsigned v[6] = {(unsigned)y / 100, (unsigned)y % 100, m, d,
                     (unsigned)(sod / 3600), (unsigned)(sod / 60 % 60)};
    static const char sep[6] = {0, 0, '-', '-', ' ', ':'};
    char *p = buf;
    for (int i = 0; i < 6; i++) {
        if (sep[i])
            *p++ = sep[i];
        *p++ = (char)('0' + v[i] / 10);
        *p++ = (char)('0' + v[i] % 10);
    }
    *p++ = ':';
    *p++ = (char)('0' + sod % 60 / 10);
    *p++ = (char)('0' + sod % 10);
    *p = '\0';
}

/* ---- parsing ---------------------------------------------------------- */

static int digits(const char **pp, int min, int max, int *out)
{
    const char *p = *pp;
    int v = 0, n = 0;

    while (n < max && g_ascii_isdigit(*p)) {
        v = v * 10 + (*p++ - '0');
        n++;
    }
    if (n < min)
        return -1;
    *pp = p;
    *out = v;
    return 0;
}

static inline bool valid_date(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int n = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        n = 29;
    return d <= n;
}

/* Offset: Z, ±HH:MM, ±HHMM, ±HH.  Returns 1 if one was read. */
static int parse_offset(const char **pp, int32_t *off, const char **why)
{
    const char *p = *pp;
    int h, m = 0, sign;

    if (*p == 'Z' || *p == 'z') {
        *off = 0;
        *pp = p + 1;
        return 1;
    }
    if (*p != '+' && *p != '-')
        return 0;
    sign = *p++ == '-' ? -1 : 1;
    if (digits(&p, 2, 2, &h) < 0)
        goto bad;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, 2, &m) < 0)
            goto bad;
    } else if (g_ascii_isdigit(*p)) {
        if (digits(&p, 2, 2, &m) < 0)
            goto bad;
    }
    if (h > 14 || m > 59)
        goto bad;
    *off = sign * (h * 3600 + m * 60);
    *pp = p;
    return 1;
bad:
    *why = "bad UTC offset";
    return -1;
}

int rp_clock_parse(struct rp_clock *c, const char *s, int64_t *out,
                   const char **why)
{
    return rp_clock_parse_len(c, s, strlen(s), out, why);
}

/* Whether the 8 bytes at @u fit @form: a digit where it has '0', its
 * byte elsewhere.  Each byte of @u XOR @form is then at most 9 where the
 * form has a digit, 0 elsewhere (@max): a byte past its max, added to
 * 0x7F less the max, sets its high bit, and none carries into the next
 * unless one had it already. */
static inline bool fits8(const unsigned char *u, const char form[8],
                         const char max[8])
{
    const uint64_t seven = 0x7F7F7F7F7F7F7F7Full;
    uint64_t w, f, m;

    memcpy(&w, u, 8);
    memcpy(&f, form, 8);
    memcpy(&m, max, 8);
    uint64_t x = w ^ f;
    return !((x | (x + (seven - m))) & ~seven);
}

/* "YYYY-MM-DD HH:MM:SS" at @u (19 bytes), eight bytes at a time: this
 * runs for every time stamp read (a compare per byte was 40% of the
 * parse's instructions, and the parse 9.5% of a check's). */
static inline bool fixed_form(const unsigned char *u)
{
    static const char nine[] = "\x09\x09\x09\x09\x00\x09\x09\x00"
                               "\x09\x09\x00\x09\x09\x00\x09\x09";
    return fits8(u, "0000-00-", nine) && fits8(u + 8, "00 00:00", nine + 8) &&
           fits8(u + 11, "00:00:00", nine + 8);
}

/* rp_clock_parse_len() of every form (SPEC 2), @s NUL-terminated. */
static int parse_general(struct rp_clock *c, const char *s, int64_t *out,
                         const char **why)
{
    const char *p = s;
    int y, mo, d, a, b, h = 0, mi = 0, se = 0;
    bool year_last = false, has_time = false;
    int32_t off = 0;
    int has_off = 0;

    if (digits(&p, 1, 4, &a) < 0)
        goto bad_form;
    if (p - s == 4 && (*p == '-' || *p == '/' || *p == '.')) {
        /* 2025-06-30, 2025/6/30, 2025.06.30 (Chinese CRMs) */
        char sep = *p++;
        y = a;
        if (digits(&p, sep == '-' ? 2 : 1, 2, &mo) < 0 || *p++ != sep ||
            digits(&p, sep == '-' ? 2 : 1, 2, &d) < 0)
            goto bad_form;
    } else if (p - s == 4 && strncmp(p, "\xe5\xb9\xb4", 3) == 0) {
        /* 2025年6月30日 */
        p += 3;
        y = a;
        if (digits(&p, 1, 2, &mo) < 0 || strncmp(p, "\xe6\x9c\x88", 3) != 0)
            goto bad_form;
        p += 3;
        if (digits(&p, 1, 2, &d) < 0)
            goto bad_form;
        if (strncmp(p, "\xe6\x97\xa5", 3) == 0)
            p += 3;
    } else if ((*p == '/' || *p == '.') && p - s <= 2) {
        /* 6/30/2025 or 30/6/2025 as date_order says; 30.06.2025 is
         * day.month.year in every locale that writes it (de, ru, ...) */
        char sep = *p++;
        if (digits(&p, 1, 2, &b) < 0 || *p++ != sep)
            goto bad_form;
        const char *ys = p;
        if (digits(&p, 4, 4, &y) < 0 || p - ys != 4)
            goto bad_form;
        if (sep == '/' && c->order == RP_DATE_YMD) {
            *why = "day/month/year date but date_order is ymd";
            return -1;
        }
        bool mdy = sep == '/' && c->order == RP_DATE_MDY;
        mo = mdy ? a : b;
        d = mdy ? b : a;
        year_last = true;
    } else {
        goto bad_form;
    }
    if (!valid_date(y, mo, d))
        goto bad_date;

    if (*p == 'T' || *p == 't' || (*p == ' ' && g_ascii_isdigit(p[1]))) {
        p++;
        has_time = true;
        if (digits(&p, 1, 2, &h) < 0 || *p++ != ':' ||
            digits(&p, 2, 2, &mi) < 0)
            goto bad_time;
        if (*p == ':') {
            p++;
            if (digits(&p, 2, 2, &se) < 0)
                goto bad_time;
            if (*p == '.' || *p == ',') {
                p++;
                if (!g_ascii_isdigit(*p))
                    goto bad_time;
                while (g_ascii_isdigit(*p))
                    p++;
            }
        }
    }
    if (has_time && year_last && *p == ' ' &&
        (g_ascii_toupper(p[1]) == 'A' || g_ascii_toupper(p[1]) == 'P') &&
        g_ascii_toupper(p[2]) == 'M' && p[3] == '\0') {
        bool pm = g_ascii_toupper(p[1]) == 'P';
        if (h < 1 || h > 12)
            goto bad_time;
        h = h % 12 + (pm ? 12 : 0);
        p += 3;
    }
    if (has_time) {
        const char *q = *p == ' ' ? p + 1 : p;
        has_off = parse_offset(&q, &off, why);
        if (has_off < 0)
            return -1;
        if (has_off)
            p = q;
    }
    if (*p != '\0')
        goto bad_form;
    if (h > 23 || mi > 59 || se > 59)
        goto bad_time;

    int64_t local = rp_clock_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
                    h * 3600 + mi * 60 + se;
    *out = has_off ? local - off : rp_clock_local_to_utc(c, local);
    return 0;

bad_form:
    *why = "expected a date such as 2025-06-30 or "
           "2025-06-30 14:05:00";
    return -1;
bad_date:
    *why = "no such date";
    return -1;
bad_time:
    *why = "bad time of day";
    return -1;
}

int rp_clock_parse_len(struct rp_clock *c, const char *s, size_t len,
                       int64_t *out, const char **why)
{
    /* fast path: "YYYY-MM-DD HH:MM:SS", the form every CRM can export;
     * any other text, or a date or time that is none, is read by the
     * general parser (which says why) */
    const unsigned char *u = (const unsigned char *)s;
    if (len == 19 && fixed_form(u)) {
        int y = (u[0] - '0') * 1000 + (u[1] - '0') * 100 +
                (u[2] - '0') * 10 + (u[3] - '0'),
            mo = (u[5] - '0') * 10 + (u[6] - '0'),
            d = (u[8] - '0') * 10 + (u[9] - '0'),
            h = (u[11] - '0') * 10 + (u[12] - '0'),
            mi = (u[14] - '0') * 10 + (u[15] - '0'),
            se = (u[17] - '0') * 10 + (u[18] - '0');
        if (valid_date(y, mo, d) && h <= 23 && mi <= 59 && se <= 59) {
            *out = rp_clock_local_to_utc(
                c, rp_clock_days_from_civil(y, (unsigned)mo, (unsigned)d) *
                           86400 + h * 3600 + mi * 60 + se);
            return 0;
        }
    }
    return parse_general(c, s, out, why);
}
