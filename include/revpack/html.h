/* html.h - the pack's static page from templates/index.html (SPEC 5). */
#ifndef REVPACK_HTML_H
#define REVPACK_HTML_H

#include <glib.h>

#include "revpack/err.h"
#include "revpack/render.h"

/* The page: KPIs, what changed, the SLA table, the charts (@svgs, in the
 * order of the pack's chart list) inline, and links to the pack's files.
 * Every value is HTML-escaped.  Returns: (transfer full) or NULL with
 * @err when the template cannot be read. */
GString *rp_html_page(const struct rp_render *rr, GPtrArray *svgs,
                      const char *xlsx_name, struct rp_err *err);

#endif
