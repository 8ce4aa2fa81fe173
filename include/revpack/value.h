/* value.h - parsers for the scalar value formats of SPEC section 2.
 *
 * Every parser takes a trimmed, NUL-terminated UTF-8 string, allocates
 * nothing, and returns 0 with the value or -1 with a static reason that
 * callers put in a row error ("bad money: thousands separator").
 */
#ifndef REVPACK_VALUE_H
#define REVPACK_VALUE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RP_MONEY_NONE INT64_MIN /* money absent */
#define RP_INT_NONE INT64_MIN   /* integer absent */

/* Currency of a money value, normalised: "USD" for $, US$, USD; "CNY" for
 * ¥, ￥, 元, RMB, CNY; "EUR" for €; "GBP" for £; else the 3-letter code as
 * written (upper case).  Empty when the value had none. */
struct rp_currency {
    char code[4];
};

/* Money in minor units (cents): "$1,234.50" -> 123450.  Accepts at most
 * one sign and one currency symbol or code, before or after the number;
 * thousands commas must group by three; more than two decimals are
 * rounded half away from zero.  @cur may be NULL. */
int rp_value_money(const char *s, int64_t *out, struct rp_currency *cur,
                   const char **why);

/* The same with the profile's [money] symbols (SYMBOL, CODE pairs; NULL
 * = the built-in ones): a symbol not listed is no currency, a three-letter
 * code always is. */
int rp_value_money_in(const char *s, int64_t *out,
                      struct rp_currency *cur_out, const GPtrArray *symbols,
                      const char **why);

/* Non-negative integer, thousands commas allowed: "1,200" -> 1200. */
int rp_value_int(const char *s, int64_t *out, const char **why);

/* yes/no, true/false, y/n, 1/0, 是/否 (any case): 1 or 0. */
int rp_value_bool(const char *s, int *out, const char **why);

/* "YYYY-MM": year and month 1..12. */
int rp_value_month(const char *s, int *year, int *month, const char **why);

/* Trim ASCII whitespace in place; returns the new start, sets *len. */
char *rp_value_trim_all(char *s, size_t *len);

/* rp_value_trim_all, inline for a value with nothing to trim (most of
 * them: the tokenizer trims spaces and tabs), which it leaves as it is. */
static inline char *rp_value_trim(char *s, size_t *len)
{
    size_t n = *len;

    if (n && (unsigned char)s[0] > ' ' && (unsigned char)s[n - 1] > ' ') {
        s[n] = '\0';
        return s;
    }
    return rp_value_trim_all(s, len);
}

#endif
