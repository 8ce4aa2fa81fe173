/* workbook.h - the pack's Excel workbook (SPEC 6). */
#ifndef REVPACK_WORKBOOK_H
#define REVPACK_WORKBOOK_H

#include <stddef.h>

#include "revpack/err.h"
#include "revpack/render.h"

/* Write the workbook of @rr's pack template to @path (inside the pack's
 * temporary folder, so it appears whole or not at all).  RP_ECANTCREAT or
 * RP_EIO on failure. */
int rp_workbook_write(const struct rp_render *rr, const char *path,
                      struct rp_err *err);

/* The @i-th sheet id a pack template may name; NULL past the last. */
const char *rp_workbook_sheet_id(size_t i);

#endif
