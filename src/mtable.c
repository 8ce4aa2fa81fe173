/* mtable.c - rows of figures and their CSV form. */
#include "revpack/mtable.h"

#include "revpack/csv.h"

#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NAME_(id, name) name,
static const char *const metric_names[RP_N_METRICS] = {
    RP_METRIC_LIST(NAME_)};
static const char *const group_names[RP_N_GROUPS] = {RP_GROUP_LIST(NAME_)};
#undef NAME_

/* Runs that code indexes by another enum (see metric_names.h). */
G_STATIC_ASSERT(RP_MET_FUNNEL_COUNT_WON - RP_MET_FUNNEL_COUNT_LEAD == 5);
G_STATIC_ASSERT(RP_MET_FUNNEL_CONV_OPPORTUNITY_WON -
                    RP_MET_FUNNEL_CONV_LEAD_MQL == 4);
G_STATIC_ASSERT(RP_MET_SLA_S4 - RP_MET_SLA_M1 == 8);
G_STATIC_ASSERT(RP_MET_FLOW_LEAD_WON_MEAN_DAYS - RP_MET_FLOW_LEAD_MQL_N ==
                6 * 4 - 1);
G_STATIC_ASSERT(RP_MET_QUALITY_ROWS_READ_SPEND -
                    RP_MET_QUALITY_ROWS_READ_LEADS == 3);
G_STATIC_ASSERT(RP_MET_QUALITY_ROWS_USED_LEADS -
                    RP_MET_QUALITY_ROWS_READ_LEADS == 5);
G_STATIC_ASSERT(RP_MET_QUALITY_ROWS_REJECTED_LEADS -
                    RP_MET_QUALITY_ROWS_USED_LEADS == 5);
G_STATIC_ASSERT(RP_MET_QUALITY_REJECT_SHARE_LEADS -
                    RP_MET_QUALITY_ROWS_REJECTED_LEADS == 5);
G_STATIC_ASSERT(RP_MET_QUALITY_ANOMALIES_CLOSED_WITHOUT_DATE -
                    RP_MET_QUALITY_ANOMALIES_STAGE_ORDER == 3);

const char *rp_mtable_metric_name(enum rp_metric metric)
{
    g_assert((unsigned)metric < RP_N_METRICS);
    return metric_names[metric];
}

const char *rp_mtable_group_name(enum rp_group group)
{
    g_assert((unsigned)group < RP_N_GROUPS);
    return group_names[group];
}

static guint row_hash(gconstpointer p)
{
    const struct rp_mrow *r = p;
    return g_str_hash(r->key) * 31u * 31u + (guint)r->metric * 31u +
           (guint)r->group;
}

static gboolean row_equal(gconstpointer a, gconstpointer b)
{
    const struct rp_mrow *x = a, *y = b;
    return x->metric == y->metric && x->group == y->group &&
           strcmp(x->key, y->key) == 0;
}

void rp_mtable_init(struct rp_mtable *t)
{
    t->rows = g_ptr_array_new_with_free_func(g_free);
    t->index = g_hash_table_new(row_hash, row_equal);
    t->keys = g_string_chunk_new(4096);
}

void rp_mtable_release(struct rp_mtable *t)
{
    if (t->rows)
        g_ptr_array_unref(t->rows);
    if (t->index)
        g_hash_table_unref(t->index);
    if (t->keys)
        g_string_chunk_free(t->keys);
    memset(t, 0, sizeof(*t));
}

struct rp_mrow *rp_mtable_add(struct rp_mtable *t, enum rp_metric metric,
                              enum rp_group group, const char *key)
{
    struct rp_mrow *r = g_new0(struct rp_mrow, 1);

    g_assert((unsigned)metric < RP_N_METRICS &&
             (unsigned)group < RP_N_GROUPS && key);
    r->metric = metric;
    r->group = group;
    r->key = g_string_chunk_insert_const(t->keys, key);
    g_assert(!g_hash_table_contains(t->index, r));
    g_hash_table_add(t->index, r);
    g_ptr_array_add(t->rows, r);
    return r;
}

void rp_mtable_append(struct rp_mtable *t, const struct rp_mtable *from)
{
    for (guint i = 0; i < from->rows->len; i++) {
        const struct rp_mrow *s = g_ptr_array_index(from->rows, i);
        struct rp_mrow *r = rp_mtable_add(t, s->metric, s->group, s->key);
        const char *key = r->key;
        *r = *s;
        r->key = key;       /* the copy in @t's keys */
    }
}

struct rp_mrow *rp_mtable_value(struct rp_mtable *t, enum rp_metric metric,
                                enum rp_group group, const char *key,
                                double v)
{
    return rp_mtable_maybe(t, metric, group, key, true, v);
}

struct rp_mrow *rp_mtable_maybe(struct rp_mtable *t, enum rp_metric metric,
                                enum rp_group group, const char *key,
                                bool ok, double v)
{
    struct rp_mrow *r = rp_mtable_add(t, metric, group, key);
    if (ok && isfinite(v)) {
        r->value = v;
        r->has |= RP_M_VALUE;
    }
    return r;
}

struct rp_mrow *rp_mtable_ratio(struct rp_mtable *t, enum rp_metric metric,
                                enum rp_group group, const char *key,
                                double num, double den)
{
    struct rp_mrow *r = rp_mtable_maybe(t, metric, group, key, den != 0,
                                        den != 0 ? num / den : 0);
    r->num = num;
    r->den = den;
    r->has |= RP_M_NUM | RP_M_DEN;
    return r;
}

const struct rp_mrow *rp_mtable_find(const struct rp_mtable *t,
                                     enum rp_metric metric,
                                     enum rp_group group, const char *key)
{
    struct rp_mrow probe = {.metric = metric, .group = group, .key = key};
    return g_hash_table_lookup(t->index, &probe);
}

GPtrArray *rp_mtable_rows(const struct rp_mtable *t, enum rp_metric metric,
                          enum rp_group group)
{
    GPtrArray *out = g_ptr_array_new();
    for (guint i = 0; i < t->rows->len; i++) {
        struct rp_mrow *row = g_ptr_array_index(t->rows, i);
        if (row->metric == metric && row->group == group)
            g_ptr_array_add(out, row);
    }
    return out;
}

void rp_mtable_number(double v, char *buf, size_t size)
{
    /* whole numbers print without a decimal point; otherwise the fewest
     * significant digits (up to 15) that read back as the same double,
     * after rounding away binary noise past 1e-12 of relative size */
    if (v == 0)
        v = 0; /* no "-0" */
    if (fabs(v) < 1e15 && v == floor(v)) {
        snprintf(buf, size, "%.0f", v);
        return;
    }
    for (int prec = 1; prec <= 15; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (fabs(strtod(buf, NULL) - v) <= fabs(v) * 1e-12)
            return;
    }
    snprintf(buf, size, "%.15g", v);
}

void rp_mtable_hundredths(double v, char *buf, size_t size)
{
    double r = round(v * 100);
    char tmp[24], *p = tmp + sizeof(tmp);

    if (!(fabs(r) < 1e11) || size < 16) {
        rp_mtable_number(r / 100, buf, size);
        return;
    }
    long long c = llabs((long long)r);
    int frac = (int)(c % 100);
    long long whole = c / 100;
    *--p = '\0';
    if (frac) {             /* two decimals, less a trailing zero */
        if (frac % 10)
            *--p = (char)('0' + frac % 10);
        *--p = (char)('0' + frac / 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    if (r < 0)
        *--p = '-';
    memcpy(buf, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void append_num(GString *out, bool has, double v)
{
    char buf[64];
    if (!has)
        return;
    rp_mtable_number(v, buf, sizeof(buf));
    g_string_append(out, buf);
}

GString *rp_mtable_csv(const struct rp_mtable *t)
{
    GString *out = g_string_new(
        "metric,group,key,value,numerator,denominator,target,status\n");

    for (guint i = 0; i < t->rows->len; i++) {
        const struct rp_mrow *r = g_ptr_array_index(t->rows, i);
        g_string_append(out, metric_names[r->metric]);
        g_string_append_c(out, ',');
        g_string_append(out, group_names[r->group]);
        g_string_append_c(out, ',');
        rp_csv_append_field(out, r->key);
        g_string_append_c(out, ',');
        append_num(out, r->has & RP_M_VALUE, r->value);
        g_string_append_c(out, ',');
        append_num(out, r->has & RP_M_NUM, r->num);
        g_string_append_c(out, ',');
        append_num(out, r->has & RP_M_DEN, r->den);
        g_string_append_c(out, ',');
        append_num(out, r->has & RP_M_TARGET, r->target);
        g_string_append_c(out, ',');
        if (r->status == RP_ST_PASS)
            g_string_append(out, "PASS");
        else if (r->status == RP_ST_FAIL)
            g_string_append(out, "FAIL");
        g_string_append_c(out, '\n');
    }
    return out;
}
