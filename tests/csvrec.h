/* csvrec.h - a CSV reading's records as strings, and libcsv's, for
 * comparing readings: shared by tests/test_csv.c and
 * tests/fuzz/fuzz_csv_agree.c.  Header-only. */
#ifndef REVPACK_TEST_CSVREC_H
#define REVPACK_TEST_CSVREC_H

#include <glib.h>
#include <string.h>

#include "revpack/csv.h"

static void gstring_free(gpointer g)
{
    g_string_free(g, TRUE);
}

/* An array of GString that frees them with it: the rows lib_field() and
 * fields_only() write. */
static GPtrArray *gstrings_new(void)
{
    return g_ptr_array_new_with_free_func(gstring_free);
}

/* libcsv's field callback: "|field" onto the last row of @data (a
 * GPtrArray of GString). */
static void lib_field(void *s, size_t len, void *data)
{
    GPtrArray *rows = data;
    GString *g = g_ptr_array_index(rows, rows->len - 1);
    g_string_append_c(g, '|');
    g_string_append_len(g, s, (gssize)len);
}

/* libcsv's row callback: a new, empty row. */
static void lib_row(int c, void *data)
{
    (void)c;
    g_ptr_array_add(data, g_string_new(""));
}

/* Only the fields, "|f1|f2", as lib_field() writes libcsv's; onto @ctx, a
 * GPtrArray of GString. */
static int fields_only(void *ctx, const struct rp_csv_record *rec,
                       struct rp_err *err)
{
    GString *g = g_string_new("");
    (void)err;
    for (unsigned i = 0; i < rec->n_fields; i++) {
        g_string_append_c(g, '|');
        g_string_append_len(g, rec->fields[i], (gssize)rec->lens[i]);
    }
    g_ptr_array_add(ctx, g);
    return 0;
}

/* Everything a record says: lines, offset, flaw, fields; onto @ctx, a
 * GPtrArray of strings.  A field must end at its length. */
static int full(void *ctx, const struct rp_csv_record *rec,
                struct rp_err *err)
{
    GString *g = g_string_new(NULL);
    (void)err;
    g_string_append_printf(g, "%u-%u @%" G_GUINT64_FORMAT " f%d:%u a%d",
                           rec->line, rec->last_line, rec->offset, rec->flaw,
                           rec->flaw_field, rec->ascii);
    for (unsigned i = 0; i < rec->n_fields; i++) {
        g_assert(rec->fields[i][rec->lens[i]] == '\0');
        g_string_append_c(g, '|');
        for (size_t k = 0; k < rec->lens[i]; k++) {
            char c = rec->fields[i][k];
            if (c == '\n' || c == '\r' || c == '\0')
                g_string_append_printf(g, "\\%d", c);
            else
                g_string_append_c(g, c);
        }
    }
    g_ptr_array_add(ctx, g_string_free(g, FALSE));
    return 0;
}

/* A threaded reading's shards: records made by full(), joined in order
 * onto @ctx. */
static void *shard_new(void *ctx)
{
    (void)ctx;
    return g_ptr_array_new_with_free_func(g_free);
}

static int shard_end(void *ctx, void *shard, const struct rp_csv_window *w,
                     unsigned shift, struct rp_err *err)
{
    GPtrArray *s = shard;
    (void)w;
    (void)err;
    g_assert(shift == 0);       /* lines not shifted: not asked for */
    for (guint i = 0; i < s->len; i++)
        g_ptr_array_add(ctx, g_strdup(s->pdata[i]));
    g_ptr_array_unref(s);
    return 0;
}

/* full() for a reading with shifted lines (rp_csv_par.shift_lines): the
 * record's lines are kept apart from the rest of it, to be shifted by
 * shifted_end().  An over-long record's lines are asked for first, as
 * the loader's message names them. */
struct lined {
    unsigned line, last_line;
    bool shifted;
    char *rest;     /* full()'s string after its lines */
};

static void lined_free(gpointer p)
{
    struct lined *l = p;
    g_free(l->rest);
    g_free(l);
}

static void *shifted_new(void *ctx)
{
    (void)ctx;
    return g_ptr_array_new_with_free_func(lined_free);
}

static int shifted_full(void *ctx, const struct rp_csv_record *rec,
                        struct rp_err *err)
{
    if (rec->flaw == RP_CSV_LONG_RECORD && rec->lines_shifted)
        return RP_CSV_NEED_LINES;
    GPtrArray *one = g_ptr_array_new_with_free_func(g_free);
    full(one, rec, err);
    struct lined *l = g_new0(struct lined, 1);
    l->line = rec->line;
    l->last_line = rec->last_line;
    l->shifted = rec->lines_shifted;
    l->rest = g_strdup(strchr(one->pdata[0], ' '));
    g_ptr_array_unref(one);
    g_ptr_array_add(ctx, l);
    return 0;
}

static int shifted_end(void *ctx, void *shard, const struct rp_csv_window *w,
                       unsigned shift, struct rp_err *err)
{
    GPtrArray *s = shard;
    (void)w;
    (void)err;
    for (guint i = 0; i < s->len; i++) {
        const struct lined *l = s->pdata[i];
        /* a chunk's lines are all shifted or none is */
        g_assert(l->shifted == (shift != 0));
        g_ptr_array_add(ctx, g_strdup_printf("%u-%u%s", l->line + shift,
                                             l->last_line + shift, l->rest));
    }
    g_ptr_array_unref(s);
    return 0;
}

static void shard_free(void *ctx, void *shard)
{
    (void)ctx;
    g_ptr_array_unref(shard);
}

/* The parallel readings, @k 0 to 2: 1 job, 2 jobs, 2 jobs with lines
 * shifted; each hands full()'s strings on to a GPtrArray. */
static struct rp_csv_par par_of(unsigned k)
{
    return k < 2 ? (struct rp_csv_par){k + 1, full, shard_new, full,
                                       shard_end, shard_free, NULL, false}
                 : (struct rp_csv_par){2, full, shifted_new, shifted_full,
                                       shifted_end, shard_free, NULL, true};
}

#endif
