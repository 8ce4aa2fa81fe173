/* model_build.c - models made in memory for unit tests. */
#include "revpack/model_build.h"

#include <math.h>
#include <string.h>

struct rp_model *rp_model_build_new(void)
{
    struct rp_model *m = rp_model_new();
    m->files[RP_LEADS].present = true;
    m->files[RP_OPPS].present = true;
    /* made in memory: every column is there */
    for (int f = 0; f < RP_N_FILES; f++)
        m->files[f].columns = ~0u;
    return m;
}

rp_at rp_model_build_at(struct rp_model *m, int64_t t)
{
    rp_at a;
    bool kept = rp_model_pack_at(m, t, &a);

    g_assert(kept);     /* a test holds far fewer than 2^24 far instants */
    return a;
}

uint32_t rp_model_build_lead(struct rp_model *m, const char *id,
                             int64_t created_at)
{
    struct rp_lead l = {0};

    l.id = g_string_chunk_insert(m->strings, id);
    l.created_at = rp_model_build_at(m, created_at);
    l.captured_at = l.mql_at = l.sal_at = l.sql_at = l.recycled_at =
        l.disqualified_at = RP_AT_NONE;
    l.employees = RP_INT_NONE;
    l.annual_revenue = NAN;
    l.icp_fit = -1;
    l.line = m->leads->len + 2;         /* as if under a header line */
    g_array_append_val(m->leads, l);
    rp_idindex_add(&m->lead_by_id, m->leads->len - 1);
    return m->leads->len - 1;
}

uint32_t rp_model_build_opp(struct rp_model *m, const char *id,
                            int64_t created_at, const char *lead_id)
{
    struct rp_opp o = {0};

    o.id = g_string_chunk_insert(m->strings, id);
    o.lead_id = lead_id ? g_string_chunk_insert(m->strings, lead_id) : NULL;
    o.created_at = created_at;
    o.closed_at = RP_TIME_NONE;
    o.amount = NAN;
    o.outcome = RP_OPEN;
    o.lead = -1;
    o.line = m->opps->len + 2;
    g_array_append_val(m->opps, o);
    rp_idindex_add(&m->opp_by_id, m->opps->len - 1);
    return m->opps->len - 1;
}

void rp_model_build_lead_opps(struct rp_model *m, uint32_t lead,
                              const char *ids)
{
    struct rp_row_text o = {lead, g_string_chunk_insert(m->strings, ids)};

    g_array_append_val(m->lead_opp_ids, o);
    RP_LEAD(m, lead)->present |= 1u << RP_L_OPPORTUNITY_ID;
}

static gint by_row(gconstpointer a, gconstpointer b)
{
    const struct rp_row_text *x = a, *y = b;
    return (x->row > y->row) - (x->row < y->row);
}

uint32_t rp_model_build_activity(struct rp_model *m, const char *lead_id,
                                 int64_t occurred_at)
{
    struct rp_activity a = {0};
    /* an orphan until finish finds its lead */
    struct rp_row_text o = {m->acts->len,
                            g_string_chunk_insert(m->strings, lead_id)};

    a.occurred_at = rp_model_build_at(m, occurred_at);
    a.lead = -1;
    m->files[RP_ACTS].present = true;
    g_array_append_val(m->acts, a);
    rp_model_note_act_line(m, m->acts->len - 1, m->acts->len + 1);
    g_array_append_val(m->orphans, o);
    return m->acts->len - 1;
}

uint32_t rp_model_build_spend(struct rp_model *m, const char *source,
                              int year, int month, double amount)
{
    struct rp_spend s = {0};

    s.source = source ? g_string_chunk_insert(m->strings, source) : NULL;
    s.year = year;
    s.month = month;
    s.amount = amount;
    s.line = m->spend->len + 2;
    m->files[RP_SPEND].present = true;
    g_array_append_val(m->spend, s);
    return m->spend->len - 1;
}

/* Bit of column @col when @set. */
static uint32_t bit(enum rp_lead_col col, bool set)
{
    return set ? 1u << col : 0;
}

void rp_model_build_finish(struct rp_model *m)
{
    for (guint i = 0; i < m->leads->len; i++) {
        struct rp_lead *l = RP_LEAD(m, i);
        l->present |=
            bit(RP_L_LEAD_ID, l->id) | bit(RP_L_CREATED_AT, 1) |
            bit(RP_L_CAPTURED_AT, rp_at_known(l->captured_at)) |
            bit(RP_L_SOURCE, l->source) | bit(RP_L_INDUSTRY, l->industry) |
            bit(RP_L_COUNTRY, l->country) |
            bit(RP_L_REGION, l->region) |
            bit(RP_L_EMPLOYEES, l->employees != RP_INT_NONE) |
            bit(RP_L_ANNUAL_REVENUE, !isnan(l->annual_revenue)) |
            bit(RP_L_ICP_FIT, l->icp_fit >= 0) | bit(RP_L_OWNER, l->owner) |
            bit(RP_L_TEAM, l->team) |
            bit(RP_L_MQL_AT, rp_at_known(l->mql_at)) |
            bit(RP_L_SAL_AT, rp_at_known(l->sal_at)) |
            bit(RP_L_SQL_AT, rp_at_known(l->sql_at)) |
            bit(RP_L_RECYCLED_AT, rp_at_known(l->recycled_at)) |
            bit(RP_L_RECYCLE_REASON, l->recycle_reason) |
            bit(RP_L_DISQUALIFIED_AT, rp_at_known(l->disqualified_at)) |
            bit(RP_L_DISQUALIFY_REASON, l->disqualify_reason);
    }
    g_array_sort(m->lead_opp_ids, by_row);     /* as a file lists them */
    guint left = 0;         /* leads were added after activities */
    for (guint k = 0; k < m->orphans->len; k++) {
        struct rp_row_text *o =
            &g_array_index(m->orphans, struct rp_row_text, k);
        uint32_t idx = rp_idindex_find(&m->lead_by_id, o->text);
        RP_ACT(m, o->row)->lead = (int32_t)idx - 1;
        if (!idx)
            g_array_index(m->orphans, struct rp_row_text, left++) = *o;
    }
    g_array_set_size(m->orphans, left);
    GArray *rows[RP_N_FILES] = {m->leads, m->opps, m->acts, m->spend};
    for (int f = 0; f < RP_N_FILES; f++)
        if (m->files[f].present)
            m->files[f].rows_read = m->files[f].rows_used = rows[f]->len;
    rp_model_link(m);
}
