/* model_build.h - a model made in memory, row by row, for the unit tests
 * of the metric families (no CSV, no validation).
 *
 *     struct rp_model *m = rp_model_build_new();
 *     uint32_t l1 = rp_model_build_lead(m, "L1", T("2025-06-02 09:00"));
 *     RP_LEAD(m, l1)->mql_at = rp_model_build_at(m, T("2025-06-03 09:00"));
 *     RP_LEAD(m, l1)->source = rp_model_intern(m, "Website");
 *     uint32_t o1 = rp_model_build_opp(m, "O1", T("2025-06-10"), "L1");
 *     RP_OPP(m, o1)->outcome = RP_WON;
 *     rp_model_build_finish(m);              // links, anomalies, counts
 *
 * A row is added with every optional field absent (RP_AT_NONE, NULL or
 * text number 0, NAN money, icp_fit -1); the test sets what it needs through the
 * index returned (row pointers move as rows are added).
 */
#ifndef REVPACK_MODEL_BUILD_H
#define REVPACK_MODEL_BUILD_H

#include <stdint.h>

#include "revpack/model.h"

/* An empty model with leads.csv and opportunities.csv present.
 * Returns: (transfer full) rp_model_free(). */
struct rp_model *rp_model_build_new(void);

/* Instant @t as a lead or activity of @m keeps it (rp_model_pack_at). */
rp_at rp_model_build_at(struct rp_model *m, int64_t t);

/* Add a row; returns its index.  Ids are copied into the model. */
uint32_t rp_model_build_lead(struct rp_model *m, const char *id,
                             int64_t created_at);
/* @lead_id may be NULL (an opportunity without opportunities.lead_id). */
uint32_t rp_model_build_opp(struct rp_model *m, const char *id,
                            int64_t created_at, const char *lead_id);
/* Lead @lead's opportunity_id cell: @ids, one or several ids joined by
 * RP_MODEL_ID_SEP.  Once per lead. */
void rp_model_build_lead_opps(struct rp_model *m, uint32_t lead,
                              const char *ids);
/* Marks activities.csv present. */
uint32_t rp_model_build_activity(struct rp_model *m, const char *lead_id,
                                 int64_t occurred_at);
/* Marks spend.csv present; @amount in the reporting currency. */
uint32_t rp_model_build_spend(struct rp_model *m, const char *source,
                              int year, int month, double amount);

/* Set each lead's `present` bits from its fields (the campaign, company,
 * job_title, phone and email bits, which no field keeps, stay as the test
 * set them, as does icp_role), count rows as read and used, and link
 * (rp_model_link). */
void rp_model_build_finish(struct rp_model *m);

#endif
