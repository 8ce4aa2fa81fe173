/* pack.h - pack templates (templates/packs/NAME.ini, SPEC 7): which
 * sheets, charts, deck pages and page a pack has, in order.  The
 * renderers own the lists of what they can draw; the template chooses. */
#ifndef REVPACK_PACK_H
#define REVPACK_PACK_H

#include <stdbool.h>
#include <stddef.h>

#include "revpack/period.h"
#include "revpack/err.h"

struct rp_pack_tmpl {
    char *name;                 /* "monthly-sla" */
    char *path;
    enum rp_period_kind period; /* [pack] period = month | quarter */
    char **sheets;              /* [workbook] sheets */
    char **charts;              /* [charts] charts */
    char **pages;               /* [deck] pages; empty = no deck */
    bool html;                  /* [html] page */
};

/* The @i-th id a renderer can build, NULL past the last: each renderer
 * answers from its own table (rp_workbook_sheet_id, rp_chart_id,
 * rp_deck_page_id), so a new chart is known the moment it is in it. */
typedef const char *(*rp_pack_id_fn)(size_t i);

struct rp_pack_known {
    rp_pack_id_fn sheet, chart, page;
};

/* Load @templates/packs/@name.ini; an id @known does not list, or an
 * unknown key, is RP_EDATA naming its line.  RP_EUSAGE when no such
 * pack.  Returns: (transfer full) rp_pack_free(). */
struct rp_pack_tmpl *rp_pack_load(const char *templates, const char *name,
                                  const struct rp_pack_known *known,
                                  struct rp_err *err);
struct rp_pack_tmpl *rp_pack_load_path(const char *name, const char *path,
                                       const struct rp_pack_known *known,
                                       struct rp_err *err);
void rp_pack_free(struct rp_pack_tmpl *p);

bool rp_pack_has(char *const *list, const char *id);

#endif
