/* chart.h - charts drawn with cairo and pango (SPEC 5): one drawing per
 * chart id, rendered to SVG and 2x PNG for the pack, and onto the deck's
 * PDF pages.  Titles state the finding; text is laid out by pango (CJK by
 * font fallback) and never overlaps: long labels are shortened with an
 * ellipsis to the room they have. */
#ifndef REVPACK_CHART_H
#define REVPACK_CHART_H

#include <cairo.h>
#include <glib.h>
#include <stdint.h>

#include "revpack/err.h"
#include "revpack/render.h"

#define RP_CHART_W 800.0     /* logical size; PNG is twice that */
#define RP_CHART_H 450.0

/* Colour-blind-safe (Okabe-Ito) palette. */
enum {
    RP_BLUE = 0x0072B2, RP_ORANGE = 0xE69F00, RP_SKY = 0x56B4E9,
    RP_GREEN = 0x009E73, RP_YELLOW = 0xF0E442, RP_VERMILION = 0xD55E00,
    RP_PURPLE = 0xCC79A7, RP_INK = 0x222222, RP_GREY = 0x777777,
    RP_LIGHT = 0xDDDDDD
};

struct rp_canvas {
    cairo_t *cr;
    double w, h;
    GString *alt;           /* every text drawn, for the SVG's <desc> */
};

enum {
    RP_TX_BOLD = 1, RP_TX_RIGHT = 2, RP_TX_CENTER = 4, RP_TX_MIDDLE = 8,
    RP_TX_WRAP = 16         /* wrap within the width instead of ellipsizing */
};

void rp_canvas_rgb(cairo_t *cr, uint32_t rgb);

/* Draw @s with its top-left (or per flags) at x, y in at most @maxw
 * (0 = no limit): shortened with "…" unless RP_TX_WRAP.  Returns the
 * height drawn. */
double rp_canvas_text(struct rp_canvas *c, const char *s, double x, double y,
                    double maxw, double size, unsigned flags, uint32_t rgb);
/* Width @s would take. */
double rp_canvas_text_width(struct rp_canvas *c, const char *s, double size,
                     unsigned flags);
/* Does @s fit in @maxw without shortening? */
gboolean rp_canvas_text_fits(struct rp_canvas *c, const char *s, double maxw,
                      double size, unsigned flags);

/* Tick values for an axis over [@lo, @hi]: steps of 1, 2 or 5 x 10^k, at
 * most @max_n + 1 ticks, the first <= lo and the last >= hi.  Returns the
 * count written to @ticks (room for 32). */
int rp_canvas_ticks(double lo, double hi, int max_n, double *ticks);

/* Draw chart @id (one of rp_chart_ids) filling @c. */
void rp_chart_draw(const struct rp_render *rr, const char *id,
                   struct rp_canvas *c);

/* Render chart @id as SVG (with <title>/<desc> text, ids prefixed by @id
 * so several can be inlined in one page) and PNG at 2x. */
int rp_chart_render(const struct rp_render *rr, const char *id,
                    GString **svg, GByteArray **png, struct rp_err *err);

/* The chart's title, the finding it states.  Returns: g_free(). */
char *rp_chart_title(const struct rp_render *rr, const char *id);

/* In leak-checking builds (-DRP_LEAK_CHECK, the ASan run) free the font
 * caches of pango, cairo and fontconfig at exit, so leak checkers see only
 * real leaks; no text may be drawn afterwards.  Elsewhere it does nothing:
 * cairo's reset is a debugging aid, never called by ./revpack. */
void rp_canvas_shutdown(void);

#endif
