/* canvas.h - what charts and deck pages draw with: cairo plus pango text
 * (CJK by font fallback) that never overlaps (long labels are shortened
 * with an ellipsis to the room they have), axis ticks, and the SVG/PNG
 * rendering of a drawing.  A leaf module: it knows no report. */
#ifndef REVPACK_CANVAS_H
#define REVPACK_CANVAS_H

#include <cairo.h>
#include <glib.h>
#include <stdint.h>

#include "revpack/err.h"

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

/* Draws the picture on @c; @data is the caller's. */
typedef void (*rp_canvas_draw_fn)(struct rp_canvas *c, const void *data);

/* Draw @draw on a @w x @h canvas once, through a cairo tee, onto an SVG
 * (with @title and every text drawn as <title>/<desc>, escaped; ids
 * prefixed by @id so several SVGs can be inlined in one page) and onto a
 * raster at twice the size.  All cairo and pango work happens here, on
 * the calling thread: cairo 1.16's font caches are not safe to use from
 * two threads at once.  The bytes depend only on what is drawn.  The
 * raster is @reuse (transfer full; NULL: none), a raster an earlier call
 * made, when it is the size, else a new one: nine 1600x900 charts were
 * 52 MB of fresh pages, faulted in and painted white, 10% of the sample
 * pack's time.
 * Returns: @svg and @raster (transfer full: g_string_free,
 * cairo_surface_destroy); RP_EIO if cairo fails. */
int rp_canvas_render(rp_canvas_draw_fn draw, const void *data, double w,
                     double h, cairo_surface_t *reuse, const char *id,
                     const char *title, GString **svg,
                     cairo_surface_t **raster, struct rp_err *err);

/* The raster of rp_canvas_render() as PNG bytes, appended to @out.  Reads
 * only the raster's pixels (no cairo call), so it may run on another
 * thread.  Returns: 0; RP_EIO if libpng fails. */
int rp_canvas_png(cairo_surface_t *raster, const char *id, GByteArray *out,
                  struct rp_err *err);

/* Read fontconfig's configuration on a thread of its own, for the first
 * text drawn (which waits for it; the leak-checking rp_canvas_shutdown()
 * too); call it from the thread that will draw, long before.  With
 * @jobs 1 (one thread, --jobs) it does nothing: the first text reads it. */
void rp_canvas_warm(unsigned jobs);

/* In leak-checking builds (-DRP_LEAK_CHECK, the ASan run) free the font
 * caches of pango, cairo and fontconfig at exit, so leak checkers see only
 * real leaks; no text may be drawn afterwards.  Elsewhere it does nothing:
 * cairo's reset is a debugging aid, never called by ./revpack. */
void rp_canvas_shutdown(void);

#endif
