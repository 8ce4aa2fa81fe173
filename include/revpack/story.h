/* story.h - the three sentences of what changed versus the last period,
 * for the Summary sheet, the deck's KPI page and the page. */
#ifndef REVPACK_STORY_H
#define REVPACK_STORY_H

#include <glib.h>

#include "revpack/render.h"

/* Three plain sentences of what changed versus the previous period,
 * chosen by rule from the figures and worded by the label file.
 * Returns: (transfer full) strings, g_ptr_array_unref(). */
GPtrArray *rp_story_changes(const struct rp_render *rr);

#endif
