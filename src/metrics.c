/* metrics.c - what the metric families share: accumulators by group key. */
#include "metrics.h"

#include <string.h>

void rp_metrics_groups_init(struct rp_metrics_groups *g, size_t size)
{
    g->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g->by_text = g_ptr_array_new();
    g->size = size;
}

void rp_metrics_groups_release(struct rp_metrics_groups *g)
{
    if (g->index)
        g_hash_table_unref(g->index);
    if (g->by_text)
        g_ptr_array_unref(g->by_text);
    g->index = NULL;
    g->by_text = NULL;
}

void *rp_metrics_groups_get(struct rp_metrics_groups *g, const char *key)
{
    void *acc = g_hash_table_lookup(g->index, key);
    if (!acc) {
        acc = g_malloc0(g->size);
        g_hash_table_insert(g->index, g_strdup(key), acc);
    }
    return acc;
}

void *rp_metrics_groups_text(struct rp_metrics_groups *g,
                             const struct rp_model *m, uint32_t text)
{
    if (text < g->by_text->len && g->by_text->pdata[text])
        return g->by_text->pdata[text];
    void *acc = rp_metrics_groups_get(g, rp_model_text_key(m, text));
    if (text >= g->by_text->len)
        g_ptr_array_set_size(g->by_text, (gint)text + 1);
    g->by_text->pdata[text] = acc;
    return acc;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *rp_metrics_groups_sorted(const struct rp_metrics_groups *g)
{
    GPtrArray *keys = g_ptr_array_new();
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, g->index);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_ptr_array_add(keys, k);
    g_ptr_array_sort(keys, cmp_str);
    return keys;
}

double rp_metrics_money(int64_t minor)
{
    return (double)minor / 100.0;
}

bool rp_metrics_closed_in_period(const struct rp_mctx *c,
                                 const struct rp_opp *o)
{
    return o->outcome != RP_OPEN && o->created_at < c->as_of &&
           rp_clock_in(o->closed_at, c->period.start, c->period.end) &&
           o->closed_at < c->as_of;
}
