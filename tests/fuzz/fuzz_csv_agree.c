/* libFuzzer target: the CSV reader agrees with itself and with libcsv on
 * arbitrary bytes.  The first input byte picks the delimiter, the window
 * (64 bytes to 16 KiB, so chunks and windows fall anywhere in a record)
 * and the record limit; the rest is the file.  One serial reading, and
 * readings by 1 and 2 threads, must give the same records (lines, offset,
 * flaw, fields) and the same error; where the bytes are printable ASCII
 * with tabs and line ends, the fields are those libcsv reads (as
 * test_csv.c's agrees()).  make fuzz. */
#include <csv.h>
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "revpack/csv.h"

#include "../csvrec.h"

static char *path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char *dir = g_strdup("/dev/shm/revpack-fuzz-agree-XXXXXX");
    if (!g_mkdtemp(dir))
        abort();
    path = g_build_filename(dir, "t.csv", NULL);
    g_free(dir);
    return 0;
}

/* Both readings, shown on stderr before the abort that saves the input. */
static void differ(const char *what, const GPtrArray *a, int rc_a,
                   const struct rp_err *ea, const GPtrArray *b, int rc_b,
                   const struct rp_err *eb)
{
    const GPtrArray *r[2] = {a, b};
    fprintf(stderr, "%s differ\n", what);
    for (int k = 0; k < 2; k++) {
        const struct rp_err *e = k ? eb : ea;
        fprintf(stderr, "-- %s: rc %d %u:%u %s\n", k ? "second" : "first",
                k ? rc_b : rc_a, e->loc.line, e->loc.col,
                (k ? rc_b : rc_a) < 0 ? e->msg : "");
        for (guint i = 0; i < r[k]->len; i++)
            fprintf(stderr, "%u: %s\n", i, (const char *)r[k]->pdata[i]);
    }
    abort();
}

static void same(const char *what, const GPtrArray *a, int rc_a,
                 const struct rp_err *ea, const GPtrArray *b, int rc_b,
                 const struct rp_err *eb)
{
    if (rc_a != rc_b)
        differ(what, a, rc_a, ea, b, rc_b, eb);
    if (rc_a < 0) {     /* the read fails: the same error, at one place */
        if (strcmp(ea->msg, eb->msg) != 0 || ea->code != eb->code ||
            ea->loc.line != eb->loc.line || ea->loc.col != eb->loc.col)
            differ(what, a, rc_a, ea, b, rc_b, eb);
        return;
    }
    if (a->len != b->len)
        differ(what, a, rc_a, ea, b, rc_b, eb);
    for (guint i = 0; i < a->len; i++)
        if (strcmp(a->pdata[i], b->pdata[i]) != 0)
            differ(what, a, rc_a, ea, b, rc_b, eb);
}

/* The fields of @d as libcsv reads them against our reading's @got. */
static void like_libcsv(const char *d, size_t n, char delim)
{
    struct csv_parser p;
    GPtrArray *want = gstrings_new();
    GPtrArray *got = gstrings_new();
    struct rp_csv_opts o = {.delimiter = delim};
    struct rp_err err = {0};

    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        abort();
    csv_set_delim(&p, (unsigned char)delim);
    g_ptr_array_add(want, g_string_new(""));
    if (csv_parse(&p, d, n, lib_field, lib_row, want) != n)
        abort();
    bool open = p.pstate == 2 && p.quoted;      /* FIELD_BEGUN, quoted */
    csv_fini(&p, lib_field, lib_row, want);
    csv_free(&p);
    int rc = rp_csv_read(path, "t.csv", &o, fields_only, got, &err);
    /* libcsv's last entry is the row it was building: empty */
    guint n_want = want->len - 1;
    if (open ? rc != -1 || !strstr(err.msg, "unterminated") ||
                   got->len >= n_want
             : rc != 0 || got->len != n_want)
        abort();
    for (guint i = 0; i < got->len; i++)
        if (strcmp(((GString *)got->pdata[i])->str,
                   ((GString *)want->pdata[i])->str) != 0)
            abort();
    g_ptr_array_unref(want);
    g_ptr_array_unref(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[] = {',', ';', '\t', '|'};

    if (size < 1)
        return 0;
    const unsigned pick = data[0];
    const char delim = delims[pick & 3];
    struct rp_csv_opts o = {.delimiter = delim,
                            .window = (size_t)64 << ((pick >> 2) & 7),
                            .max_record = pick & 0x20 ? 200 : 0,
                            .max_field = pick & 0x40 ? 40 : 0};
    const char *d = (const char *)data + 1;
    const size_t n = size - 1;

    if (!g_file_set_contents(path, d, (gssize)n, NULL))
        abort();
    GPtrArray *one = g_ptr_array_new_with_free_func(g_free);
    struct rp_err e1 = {0};
    int rc1 = rp_csv_read(path, "t.csv", &o, full, one, &e1);
    /* the threads' reading stops at a header over the limits, which a
     * serial reading hands on as a flawed record (the loader rejects it) */
    int flaw = 0;
    if (one->len &&
        sscanf(one->pdata[0], "%*u-%*u @%*u f%d", &flaw) != 1)
        abort();
    bool flawed_header = flaw != RP_CSV_OK;
    /* 1 job, 2 jobs, 2 jobs with lines shifted (csv.h) */
    GPtrArray *got[3];
    struct rp_err e2[3] = {{0}};
    int rc2[3];
    for (unsigned k = 0; k < 3; k++) {
        struct rp_csv_par par = par_of(k);
        got[k] = g_ptr_array_new_with_free_func(g_free);
        rc2[k] = rp_csv_read_par(path, "t.csv", &o, &par, got[k], &e2[k]);
    }
    if (!flawed_header)     /* its first record is the threads' header */
        same("serial and 1 job", one, rc1, &e1, got[0], rc2[0], &e2[0]);
    same("1 and 2 jobs", got[0], rc2[0], &e2[0], got[1], rc2[1], &e2[1]);
    same("2 jobs, lines shifted", got[1], rc2[1], &e2[1], got[2], rc2[2],
         &e2[2]);
    g_ptr_array_unref(one);
    for (unsigned k = 0; k < 3; k++)
        g_ptr_array_unref(got[k]);

    bool plain = true;      /* bytes whose meaning both readers share */
    for (size_t i = 0; i < n && plain; i++)
        plain = (d[i] >= ' ' && d[i] <= '~') || d[i] == '\t' ||
                d[i] == '\n' || d[i] == '\r';
    if (plain)
        like_libcsv(d, n, delim);
    unlink(path);
    return 0;
}
