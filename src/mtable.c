/* mtable.c - rows of figures and their CSV form. */
#include "revpack/mtable.h"

#include "revpack/csv.h"

#include <math.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void free_row(gpointer p)
{
    struct rp_mrow *r = p;
    g_free(r->metric);
    g_free(r->group);
    g_free(r->key);
    g_free(r);
}

void rp_mtable_init(struct rp_mtable *t)
{
    t->rows = g_ptr_array_new_with_free_func(free_row);
}

void rp_mtable_release(struct rp_mtable *t)
{
    if (t->rows)
        g_ptr_array_unref(t->rows);
    t->rows = NULL;
}

struct rp_mrow *rp_mtable_add(struct rp_mtable *t, const char *group,
                              const char *key, const char *metric, ...)
{
    struct rp_mrow *r = g_new0(struct rp_mrow, 1);
    va_list ap;

    va_start(ap, metric);
    r->metric = g_strdup_vprintf(metric, ap);
    va_end(ap);
    r->group = g_strdup(group);
    r->key = g_strdup(key);
    g_ptr_array_add(t->rows, r);
    return r;
}

struct rp_mrow *rp_mtable_value(struct rp_mtable *t, const char *metric,
                                const char *group, const char *key, double v)
{
    return rp_mtable_maybe(t, metric, group, key, true, v);
}

struct rp_mrow *rp_mtable_maybe(struct rp_mtable *t, const char *metric,
                                const char *group, const char *key, bool ok,
                                double v)
{
    struct rp_mrow *r = rp_mtable_add(t, group, key, "%s", metric);
    if (ok && isfinite(v)) {
        r->value = v;
        r->has |= RP_M_VALUE;
    }
    return r;
}

struct rp_mrow *rp_mtable_ratio(struct rp_mtable *t, const char *metric,
                                const char *group, const char *key,
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
                                     const char *metric, const char *group,
                                     const char *key)
{
    for (guint i = 0; i < t->rows->len; i++) {
        const struct rp_mrow *r = g_ptr_array_index(t->rows, i);
        if (strcmp(r->metric, metric) == 0 && strcmp(r->group, group) == 0 &&
            strcmp(r->key, key) == 0)
            return r;
    }
    return NULL;
}

void rp_format_number(double v, char *buf, size_t size)
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

static void append_num(GString *out, bool has, double v)
{
    char buf[64];
    if (!has)
        return;
    rp_format_number(v, buf, sizeof(buf));
    g_string_append(out, buf);
}

GString *rp_mtable_csv(const struct rp_mtable *t)
{
    GString *out = g_string_new(
        "metric,group,key,value,numerator,denominator,target,status\n");

    for (guint i = 0; i < t->rows->len; i++) {
        const struct rp_mrow *r = g_ptr_array_index(t->rows, i);
        rp_csv_append_field(out, r->metric);
        g_string_append_c(out, ',');
        rp_csv_append_field(out, r->group);
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
