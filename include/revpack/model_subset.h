/* model_subset.h - one key's share of a model, for burst (SPEC 5.2).
 *
 * The leads whose team (owner, source) is KEY, their activities, the
 * opportunities linked to them, and the opportunities linked to no lead
 * whose own team (owner, source) is KEY; linked and counted again as a
 * model of their own, so every figure of a sub-pack comes from the same
 * code as the whole.  The rows point into the parent's strings: free the
 * subset before the parent.
 *
 *     GPtrArray *keys = rp_model_subset_keys(m, RP_BY_TEAM);
 *     for (guint i = 0; i < keys->len; i++) {
 *         struct rp_model *sub = rp_model_subset_new(m, RP_BY_TEAM,
 *                                                    keys->pdata[i]);
 *         ...
 *         rp_model_free(sub);
 *     }
 */
#ifndef REVPACK_MODEL_SUBSET_H
#define REVPACK_MODEL_SUBSET_H

#include "revpack/model.h"

enum rp_by { RP_BY_TEAM, RP_BY_OWNER, RP_BY_SOURCE };

/* "team" -> RP_BY_TEAM; -1 if not a burst key. */
int rp_model_subset_by(const char *name);
/* "team", "owner", "source". */
const char *rp_model_subset_by_name(enum rp_by by);

/* Every key with a lead or an unlinked opportunity, sorted (empty is
 * "(none)").  Returns: (transfer container) g_ptr_array_unref(); the
 * strings live in @m. */
GPtrArray *rp_model_subset_keys(const struct rp_model *m, enum rp_by by);

/* @key's share of @m.  Rejected rows belong to no key: the subset has
 * none (they stay in the whole pack); spend belongs to a source only.
 * Returns: (transfer full) rp_model_free(). */
struct rp_model *rp_model_subset_new(const struct rp_model *m, enum rp_by by,
                                     const char *key);

#endif
