/* fmt.h - numbers as people read them, for the charts, deck and page
 * (the workbook keeps real numbers and leaves this to Excel formats). */
#ifndef REVPACK_FMT_H
#define REVPACK_FMT_H

#include <stdbool.h>
#include <glib.h>
#include <stddef.h>

/* 1234567.8 -> "1,234,568" (rounded half away from zero, comma groups). */
void rp_fmt_count(double v, char *buf, size_t size);

/* 0.4125 -> "41.3%" with @decimals after the point. */
void rp_fmt_pct(double v, int decimals, char *buf, size_t size);

/* A number with a fixed count of decimals and comma groups: "1,234.5". */
void rp_fmt_fixed(double v, int decimals, char *buf, size_t size);

/* Money in whole units.  Compact uses @scales, "1000:K,1000000:M" (from
 * the label file; Chinese uses 10000:万): 1234567 -> "$1.2M"; values under
 * the smallest scale are written in full.  @currency is an ISO code. */
void rp_fmt_money(double v, const char *currency, const char *scales,
                  char *buf, size_t size);

/* The same with the scale chosen for @ref, so every tick of an axis uses
 * one unit ("$5K", "$10K" or "5千", "1万" never mixed); 0 is plain. */
void rp_fmt_money_as(double v, double ref, const char *currency,
                     const char *scales, char *buf, size_t size);

/* Display symbol of an ISO currency code: "$", "¥", "€", "£", else the
 * code and a space. */
const char *rp_fmt_currency_symbol(const char *code);
/* Excel number format for whole amounts in @code: "\"$\"#,##0". */
const char *rp_fmt_currency_xlsx(const char *code, char *buf,
                                    size_t size);

/* A bidi control (embeddings, overrides, isolates, marks): from the data
 * it could reverse the text around it. */
bool rp_fmt_is_bidi(gunichar c);
/* @s without bidi controls, for a value placed inside a sentence or an
 * SVG's words.  @s must be valid UTF-8.  Returns: g_free(). */
char *rp_fmt_no_bidi(const char *s);

/* The length of the first of the @n @prefixes that @s starts with, 0 if
 * none; its index into *@which (when not NULL).  For rewriting markup
 * (chart SVGs, the page) in runs between known tokens. */
size_t rp_fmt_prefix(const char *s, const char *const *prefixes, size_t n,
                     size_t *which);

#endif
