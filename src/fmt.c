/* fmt.c - number formatting for people. */
#include "revpack/fmt.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Insert comma groups into the integer part of @digits (which may start
 * with '-' and carry a fractional part). */
static void group(const char *digits, char *buf, size_t size)
{
    const char *p = digits;
    GString *s = g_string_new(NULL);

    if (*p == '-')
        g_string_append_c(s, *p++);
    size_t int_len = strcspn(p, ".");
    for (size_t i = 0; i < int_len; i++) {
        if (i && (int_len - i) % 3 == 0)
            g_string_append_c(s, ',');
        g_string_append_c(s, p[i]);
    }
    g_string_append(s, p + int_len);
    g_strlcpy(buf, s->str, size);
    g_string_free(s, TRUE);
}

void rp_fmt_fixed(double v, int decimals, char *buf, size_t size)
{
    char tmp[64];
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;   /* half away from zero */
    if (r == 0)
        r = 0;                             /* no "-0.0" */
    snprintf(tmp, sizeof(tmp), "%.*f", decimals, r);
    group(tmp, buf, size);
}

void rp_fmt_count(double v, char *buf, size_t size)
{
    rp_fmt_fixed(v, 0, buf, size);
}

void rp_fmt_pct(double v, int decimals, char *buf, size_t size)
{
    char tmp[64];
    rp_fmt_fixed(v * 100, decimals, tmp, sizeof(tmp));
    snprintf(buf, size, "%s%%", tmp);
}

const char *rp_fmt_currency_symbol(const char *code)
{
    static const char *const map[][2] = {
        {"USD", "$"}, {"CNY", "\xc2\xa5"}, {"EUR", "\xe2\x82\xac"},
        {"GBP", "\xc2\xa3"}, {"JPY", "\xc2\xa5"}};
    if (!code || !*code)
        return "";
    for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
        if (strcmp(map[i][0], code) == 0)
            return map[i][1];
    return NULL;
}

void rp_fmt_money(double v, const char *currency, const char *scales,
                  char *buf, size_t size)
{
    rp_fmt_money_as(v, v, currency, scales, buf, size);
}

void rp_fmt_money_as(double v, double ref, const char *currency,
                     const char *scales, char *buf, size_t size)
{
    const char *sym = rp_fmt_currency_symbol(currency);
    char num[64];
    double best = 0;
    const char *best_suffix = "";
    size_t best_len = 0;

    /* the largest scale not above |v| */
    for (const char *p = scales ? scales : ""; *p;) {
        char *end;
        double div = strtod(p, &end);
        if (end == p || *end != ':')
            break;
        const char *suf = end + 1;
        size_t n = strcspn(suf, ",");
        if (div > 0 && fabs(ref) >= div && div > best && v != 0) {
            best = div;
            best_suffix = suf;
            best_len = n;
        }
        p = suf + n + (suf[n] == ',');
    }
    if (best > 0) {
        double x = v / best;
        rp_fmt_fixed(x, fabs(x) < 100 ? 1 : 0, num, sizeof(num));
        size_t l = strlen(num);   /* "12.0" -> "12" */
        if (l > 2 && strcmp(num + l - 2, ".0") == 0)
            num[l - 2] = '\0';
    } else {
        rp_fmt_count(v, num, sizeof(num));
    }
    const char *neg = "";
    const char *digits = num;
    if (num[0] == '-') {
        neg = "-";
        digits = num + 1;
    }
    if (sym)
        snprintf(buf, size, "%s%s%s%.*s", neg, sym, digits, (int)best_len,
                 best_suffix);
    else
        snprintf(buf, size, "%s%s%.*s %s", neg, digits, (int)best_len,
                 best_suffix, currency);
}

const char *rp_fmt_currency_xlsx(const char *code, char *buf, size_t size)
{
    const char *sym = rp_fmt_currency_symbol(code);
    if (!code || !*code)
        snprintf(buf, size, "#,##0");
    else if (sym)
        snprintf(buf, size, "\"%s\"#,##0;-\"%s\"#,##0", sym, sym);
    else
        snprintf(buf, size, "#,##0 \"%s\"", code);
    return buf;
}

bool rp_fmt_is_bidi(gunichar c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x200E || c == 0x200F || c == 0x061C;
}

char *rp_fmt_no_bidi(const char *s)
{
    GString *out = g_string_sized_new(strlen(s));
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        if (!rp_fmt_is_bidi(g_utf8_get_char(p)))
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
    }
    return g_string_free(out, FALSE);
}

size_t rp_fmt_prefix(const char *s, const char *const *prefixes, size_t n,
                     size_t *which)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(prefixes[i]);
        if (strncmp(s, prefixes[i], len) == 0) {
            if (which)
                *which = i;
            return len;
        }
    }
    return 0;
}
