/* deck.h - the quarterly review's PDF deck (SPEC 5): 16:9 pages, one
 * message per page, the pages the pack template lists. */
#ifndef REVPACK_DECK_H
#define REVPACK_DECK_H

#include <stddef.h>

#include <glib.h>

#include "revpack/err.h"
#include "revpack/render.h"

/* Draw the deck as PDF bytes in memory (written like every other file of
 * the pack, so a full disk is the same I/O error); @pdf is NULL when the
 * template lists no pages.  Returns: @pdf (transfer full). */
int rp_deck_render(const struct rp_render *rr, GByteArray **pdf,
                   struct rp_err *err);

/* The @i-th page id a pack template may name (the deck's own pages, then
 * every chart); NULL past the last. */
const char *rp_deck_page_id(size_t i);

#endif
