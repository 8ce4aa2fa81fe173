/* value.c - scalar value parsers (SPEC section 2 "Value formats", 8.4). */
#include "revpack/value.h"

#include <glib.h>
#include <string.h>

char *rp_value_trim_all(char *s, size_t *len)
{
    size_t n = *len;

    while (n && g_ascii_isspace(*s)) {
        s++;
        n--;
    }
    /* a NUL is where an earlier trim ended the value: trimming twice
     * gives the same value (a NUL in data flags its record before any
     * value is read) */
    while (n && (g_ascii_isspace(s[n - 1]) || s[n - 1] == '\0'))
        n--;
    s[n] = '\0';
    *len = n;
    return s;
}

/* Scan digits with optional thousands commas grouped by three.  Returns
 * the number of bytes used, 0 if no digit, -1 on a bad grouping.  The
 * value saturates at INT64_MAX / 10 so overflow is detected by caller. */
static int scan_grouped(const char *s, int64_t *val, bool *overflow)
{
    const char *p = s;
    int64_t v = 0;
    int run = 0;          /* digits since the last comma or start */
    bool commas = false;

    *overflow = false;
    for (;;) {
        unsigned d = (unsigned)(unsigned char)*p - '0';
        if (d < 10) {
            if (v > (INT64_MAX - 9) / 10)
                *overflow = true;
            else
                v = v * 10 + (int64_t)d;
            run++;
            p++;
        } else if (*p == ',' && g_ascii_isdigit(p[1])) {
            /* first group 1-3 digits, later groups exactly 3 */
            if (run == 0 || (commas ? run != 3 : run > 3))
                return -1;
            commas = true;
            run = 0;
            p++;
        } else {
            break;
        }
    }
    if (p == s)
        return 0;
    if (commas && run != 3)
        return -1;
    *val = v;
    return (int)(p - s);
}

struct cur_alias {
    const char *text;
    const char *code;
};

/* Longest first where one is a prefix of another ("US$" before "$"). */
static const struct cur_alias symbols[] = {
    {"US$", "USD"}, {"$", "USD"}, {"\xef\xbf\xa5", "CNY"} /* ￥ */,
    {"\xc2\xa5", "CNY"} /* ¥ */, {"\xe5\x85\x83", "CNY"} /* 元 */,
    {"RMB", "CNY"}, {"\xe2\x82\xac", "EUR"} /* € */,
    {"\xc2\xa3", "GBP"} /* £ */,
};

/* Match a currency symbol of @table (SYMBOL, CODE pairs; the longest
 * that matches wins) or else a 3-letter code at s.  Returns bytes used. */
static size_t scan_currency(const char *s, struct rp_currency *cur,
                            const GPtrArray *table)
{
    if (table) {
        size_t best = 0;
        const char *code = NULL;
        for (guint i = 0; i + 1 < table->len; i += 2) {
            const char *sym = g_ptr_array_index(table, i);
            if (sym[0] != s[0])
                continue;       /* the usual case, and cheap: symbols are
                                   never empty (profile.c) */
            size_t n = strlen(sym);
            if (n > best && strncmp(s, sym, n) == 0) {
                best = n;
                code = g_ptr_array_index(table, i + 1);
            }
        }
        if (best) {     /* a code of three letters at most (profile.c) */
            size_t cl = strnlen(code, 3);
            memcpy(cur->code, code, cl);
            cur->code[cl] = '\0';
            return best;
        }
    }
    for (size_t i = 0; !table && i < G_N_ELEMENTS(symbols); i++) {
        size_t n = strlen(symbols[i].text);
        if (strncmp(s, symbols[i].text, n) == 0) {
            memcpy(cur->code, symbols[i].code, 4);
            return n;
        }
    }
    if (g_ascii_isupper(s[0]) && g_ascii_isupper(s[1]) &&
        g_ascii_isupper(s[2]) && !g_ascii_isalpha(s[3])) {
        memcpy(cur->code, s, 3);
        cur->code[3] = '\0';
        return 3;
    }
    return 0;
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

int rp_value_money(const char *s, int64_t *out, struct rp_currency *cur_out,
                   const char **why)
{
    return rp_value_money_in(s, out, cur_out, NULL, why);
}

int rp_value_money_in(const char *s, int64_t *out,
                      struct rp_currency *cur_out, const GPtrArray *symbols,
                      const char **why)
{
    struct rp_currency cur = {""};
    const char *p = s;
    int sign = 0;       /* 0 none, +1, -1 */
    int64_t whole = 0, frac = 0;
    int n_frac = 0;
    bool overflow = false, round_up = false;
    int used;
    size_t n;

    /* leading part: any order of one sign and one currency */
    for (int k = 0; k < 2; k++) {
        p = skip_spaces(p);
        if ((*p == '-' || *p == '+') && !sign) {
            sign = *p == '-' ? -1 : 1;
            p++;
        } else if (!cur.code[0] && (n = scan_currency(p, &cur, symbols)) > 0) {
            p += n;
        }
    }
    p = skip_spaces(p);
    used = scan_grouped(p, &whole, &overflow);
    if (used < 0) {
        *why = "thousands separators must group by three";
        return -1;
    }
    p += used;
    if (*p == '.' && g_ascii_isdigit(p[1])) {
        p++;
        while (g_ascii_isdigit(*p)) {
            if (n_frac < 2)
                frac = frac * 10 + (*p - '0');
            else if (n_frac == 2)
                round_up = *p >= '5';
            n_frac++;
            p++;
        }
    } else if (used == 0) {
        *why = "no digits";
        return -1;
    }
    /* trailing part: a sign only if none came first (1234-), currency */
    p = skip_spaces(p);
    if (!cur.code[0] && (n = scan_currency(p, &cur, symbols)) > 0)
        p = skip_spaces(p + n);
    if (*p) {
        *why = (*p == '-' || *p == '+' || *p == ',')
                   ? "misplaced sign or separator"
                   : "unexpected characters";
        return -1;
    }
    while (n_frac < 2) {
        frac *= 10;
        n_frac++;
    }
    if (overflow || whole > (INT64_MAX - 100) / 100) {
        *why = "too large";
        return -1;
    }
    *out = (whole * 100 + frac + (round_up ? 1 : 0)) * (sign < 0 ? -1 : 1);
    if (cur_out)
        *cur_out = cur;
    return 0;
}

int rp_value_int(const char *s, int64_t *out, const char **why)
{
    bool overflow;
    int used = scan_grouped(s, out, &overflow);

    if (used <= 0 || s[used] != '\0') {
        *why = used < 0 ? "thousands separators must group by three"
                        : "expected digits";
        return -1;
    }
    if (overflow) {
        *why = "too large";
        return -1;
    }
    return 0;
}

int rp_value_bool(const char *s, int *out, const char **why)
{
    static const char *const yes[] = {"yes", "true", "y", "1"};
    static const char *const no[] = {"no", "false", "n", "0"};

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(s, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
        if (g_ascii_strcasecmp(s, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    }
    if (strcmp(s, "\xe6\x98\xaf") == 0) { /* 是 */
        *out = 1;
        return 0;
    }
    if (strcmp(s, "\xe5\x90\xa6") == 0) { /* 否 */
        *out = 0;
        return 0;
    }
    *why = "expected yes/no, true/false, y/n, 1/0 or 是/否";
    return -1;
}

int rp_value_month(const char *s, int *year, int *month, const char **why)
{
    if (strlen(s) != 7 || s[4] != '-') {
        *why = "expected YYYY-MM";
        return -1;
    }
    for (int i = 0; i < 7; i++) {
        if (i != 4 && !g_ascii_isdigit(s[i])) {
            *why = "expected YYYY-MM";
            return -1;
        }
    }
    *year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0');
    *month = (s[5] - '0') * 10 + (s[6] - '0');
    if (*month < 1 || *month > 12) {
        *why = "month must be 01 to 12";
        return -1;
    }
    return 0;
}
