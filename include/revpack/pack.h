/* pack.h - pack templates (templates/packs/NAME.ini, SPEC 7): which
 * sheets, charts, deck pages and page a pack has, in order.  The
 * renderers own the lists of what they can draw; the template chooses. */
#ifndef REVPACK_PACK_H
#define REVPACK_PACK_H

#include <stdbool.h>

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

/* Known ids, NULL-terminated, owned by the renderers. */
extern const char *const rp_sheet_ids[];
extern const char *const rp_chart_ids[];
extern const char *const rp_page_ids[];

/* Load templates/packs/@name.ini; an unknown id or key names its line.
 * RP_EUSAGE when no such pack. */
struct rp_pack_tmpl *rp_pack_load(const char *name, struct rp_err *err);
struct rp_pack_tmpl *rp_pack_load_path(const char *name, const char *path,
                                       struct rp_err *err);
void rp_pack_free(struct rp_pack_tmpl *p);

bool rp_pack_has(char *const *list, const char *id);

#endif
