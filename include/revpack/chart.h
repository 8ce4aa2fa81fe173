/* chart.h - the pack's charts (SPEC 5): one drawing per chart id, on the
 * canvas, rendered to SVG and 2x PNG for the pack and onto the deck's PDF
 * pages.  Each title states the finding; every figure comes from the
 * report.  The table of charts in chart.c is the one list of them. */
#ifndef REVPACK_CHART_H
#define REVPACK_CHART_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "revpack/canvas.h"
#include "revpack/err.h"
#include "revpack/render.h"

#define RP_CHART_W 800.0     /* logical size; PNG is twice that */
#define RP_CHART_H 450.0

/* The @i-th chart id; NULL past the last. */
const char *rp_chart_id(size_t i);
/* Is @id a chart? */
bool rp_chart_has(const char *id);

/* Draw chart @id (rp_chart_has) filling @c. */
void rp_chart_draw(const struct rp_render *rr, const char *id,
                   struct rp_canvas *c);

/* The chart's title, the finding it states.  Returns: g_free(). */
char *rp_chart_title(const struct rp_render *rr, const char *id);

/* Render chart @id as SVG and a 2x raster for its PNG, on @reuse if it
 * is not NULL (rp_canvas_render). */
int rp_chart_render(const struct rp_render *rr, const char *id,
                    cairo_surface_t *reuse, GString **svg,
                    cairo_surface_t **raster, struct rp_err *err);

#endif
