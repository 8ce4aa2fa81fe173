/* model_subset.c - one key's share of a model (see model_subset.h). */
#include "revpack/model_subset.h"

#include <string.h>

int rp_model_subset_by(const char *name)
{
    static const char *const names[] = {"team", "owner", "source"};
    for (int i = 0; i < 3; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

const char *rp_model_subset_by_name(enum rp_by by)
{
    static const char *const names[] = {"team", "owner", "source"};
    return names[by];
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *lead_key(const struct rp_model *m, const struct rp_lead *l,
                            enum rp_by by)
{
    return rp_model_text_key(m, by == RP_BY_TEAM    ? l->team
                                : by == RP_BY_OWNER ? l->owner
                                                    : l->source);
}

static const char *opp_key(const struct rp_model *m, const struct rp_opp *o,
                           enum rp_by by)
{
    return rp_model_group_key(by == RP_BY_TEAM    ? o->team
                              : by == RP_BY_OWNER ? o->owner
                                                  : rp_model_opp_source(m, o));
}

/* Opportunities linked to some lead (either direction): a bit each. */
static guint8 *linked_opps(const struct rp_model *m)
{
    guint8 *linked = g_new0(guint8, m->opps->len + 1);
    for (guint i = 0; i < m->leads->len; i++)
        for (uint32_t k = m->lead_opp_start[i]; k < m->lead_opp_start[i + 1];
             k++)
            linked[m->lead_opp[k]] = 1;
    return linked;
}

GPtrArray *rp_model_subset_keys(const struct rp_model *m, enum rp_by by)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree guint8 *linked = linked_opps(m);

    for (guint i = 0; i < m->leads->len; i++)
        g_hash_table_add(seen, (gpointer)lead_key(m, RP_LEAD(m, i), by));
    for (guint i = 0; i < m->opps->len; i++)
        if (!linked[i] || by == RP_BY_SOURCE)   /* deals by their source */
            g_hash_table_add(seen, (gpointer)opp_key(m, RP_OPP(m, i), by));
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, seen);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(keys, k);
    g_ptr_array_sort(keys, cmp_str);
    return keys;
}

/* @ids (one, or several joined by RP_MODEL_ID_SEP) without the leads of
 * @m that are not in the subset: naming a lead of another key is not an
 * unknown lead.  Ids @m does not know stay, to be counted as unknown.
 * (transfer none) in @m's strings or @s's. */
static const char *own_ids(const struct rp_model *m, struct rp_model *s,
                           const char *ids, const int32_t *new_lead)
{
    if (!ids)
        return NULL;
    g_auto(GStrv) parts = g_strsplit(ids, (char[]){RP_MODEL_ID_SEP, 0}, -1);
    GString *keep = g_string_new(NULL);
    bool all = true;
    for (char **p = parts; *p; p++) {
        uint32_t li = rp_idindex_find(&m->lead_by_id, *p);
        if (li && new_lead[li - 1] < 0) {
            all = false;
            continue;
        }
        if (keep->len)
            g_string_append_c(keep, RP_MODEL_ID_SEP);
        g_string_append(keep, *p);
    }
    const char *out = all ? ids
                     : keep->len ? g_string_chunk_insert_const(s->strings,
                                                               keep->str)
                                 : NULL;
    g_string_free(keep, TRUE);
    return out;
}

struct rp_model *rp_model_subset_new(const struct rp_model *m, enum rp_by by,
                                     const char *key)
{
    g_assert(m->acts && !m->ids_dropped);   /* none given back (rp_model_drop) */
    struct rp_model *s = rp_model_new();
    g_autofree int32_t *new_lead = g_new(int32_t, m->leads->len + 1);
    g_autofree guint8 *linked = linked_opps(m);
    g_autofree guint8 *take = g_new0(guint8, m->opps->len + 1);

    /* the rows' text numbers are @m's (and the texts in its strings) */
    g_ptr_array_unref(s->texts);
    s->texts = g_ptr_array_ref(m->texts);
    /* and so are their far instants (rp_at) */
    g_array_unref(s->far);
    s->far = g_array_ref(m->far);
    g_hash_table_unref(s->far_of);
    s->far_of = g_hash_table_ref(m->far_of);
    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *pf = &m->files[f];
        struct rp_file_info *fi = &s->files[f];
        fi->present = pf->present && (f != RP_SPEND || by == RP_BY_SOURCE);
        fi->path = g_strdup(pf->path);
        fi->name = g_strdup(pf->name);
        fi->mapping = g_strdup(pf->mapping);
        fi->mapping_name = g_strdup(pf->mapping_name);
        fi->why = g_strdup(pf->why);
        fi->columns = pf->columns;
        fi->bytes = pf->bytes;
        fi->footer_rule = pf->footer_rule;
        fi->other_ids = g_strdupv(pf->other_ids);
        fi->other_mapping = g_strdup(pf->other_mapping);
        memcpy(fi->sha256, pf->sha256, sizeof(fi->sha256));
        memcpy(fi->encoding_used, pf->encoding_used,
               sizeof(fi->encoding_used));
    }
    for (guint i = 0; i < m->leads->len; i++) {
        const struct rp_lead *l = RP_LEAD(m, i);
        new_lead[i] = -1;
        if (strcmp(lead_key(m, l, by), key) != 0)
            continue;
        new_lead[i] = (int32_t)s->leads->len;
        g_array_append_val(s->leads, *l);
        rp_idindex_add(&s->lead_by_id, s->leads->len - 1);
        for (uint32_t k = m->lead_opp_start[i]; k < m->lead_opp_start[i + 1];
             k++)
            take[m->lead_opp[k]] = 1;
    }
    for (guint k = 0; k < m->lead_opp_ids->len; k++) {
        struct rp_row_text lo =
            g_array_index(m->lead_opp_ids, struct rp_row_text, k);
        if (new_lead[lo.row] < 0)
            continue;
        lo.row = (uint32_t)new_lead[lo.row];
        g_array_append_val(s->lead_opp_ids, lo);
    }
    for (guint i = 0; i < m->opps->len; i++) {
        struct rp_opp o = *RP_OPP(m, i);
        /* by source, a deal goes where the per-source figures put it:
         * its own source, else its lead's (SPEC 4.2) */
        bool mine = by == RP_BY_SOURCE
                        ? strcmp(opp_key(m, RP_OPP(m, i), by), key) == 0
                        : take[i] || (!linked[i] &&
                                      strcmp(opp_key(m, &o, by), key) == 0);
        if (!mine)
            continue;
        o.lead = -1;        /* linked again below */
        o.lead_id = own_ids(m, s, o.lead_id, new_lead);
        g_array_append_val(s->opps, o);
        rp_idindex_add(&s->opp_by_id, s->opps->len - 1);
    }
    for (guint i = 0; i < m->acts->len; i++) {
        struct rp_activity a = *RP_ACT(m, i);
        if (a.lead < 0 || new_lead[a.lead] < 0)
            continue;
        a.lead = new_lead[a.lead];
        g_array_append_val(s->acts, a);
        rp_model_note_act_line(s, s->acts->len - 1, rp_model_act_line(m, i));
    }
    for (guint i = 0; by == RP_BY_SOURCE && i < m->spend->len; i++) {
        const struct rp_spend *p = &g_array_index(m->spend, struct rp_spend,
                                                  i);
        if (strcmp(rp_model_group_key(p->source), key) == 0)
            g_array_append_vals(s->spend, p, 1);
    }
    GArray *rows[RP_N_FILES] = {s->leads, s->opps, s->acts, s->spend};
    for (int f = 0; f < RP_N_FILES; f++)
        s->files[f].rows_read = s->files[f].rows_used = rows[f]->len;
    rp_model_link(s);
    return s;
}
