/* deck.h - the quarterly review's PDF deck (SPEC 5): 16:9 pages, one
 * message per page, the pages the pack template lists. */
#ifndef REVPACK_DECK_H
#define REVPACK_DECK_H

#include <stddef.h>

#include "revpack/err.h"
#include "revpack/render.h"

/* Write deck.pdf to @path; nothing when the template lists no pages. */
int rp_deck_write(const struct rp_render *rr, const char *path,
                  struct rp_err *err);

/* The @i-th page id a pack template may name (the deck's own pages, then
 * every chart); NULL past the last. */
const char *rp_deck_page_id(size_t i);

#endif
