/* workbook.c - the Excel workbook (SPEC 6) with libxlsxwriter.
 *
 * The workbook is written in constant_memory mode, so every sheet is
 * written strictly top to bottom and a list of millions of breaches costs
 * one row of memory.  The pack template says which sheets there are and in
 * what order; each sheet id maps to one writer below.  Every label comes
 * from the label file; every figure from the report's tidy table.
 *
 * Layout rules, for the screen and for print (landscape A4, one page
 * wide at 70% or more): each sheet sets every column's width once, in
 * sheet_end, from the widest need of its stacked tables; numeric headings
 * are right-aligned over their numbers; long text wraps in fixed columns;
 * charts sit below their tables; lists repeat their header row on every
 * printed page.
 */
#include "revpack/workbook.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "revpack/fmt.h"
#include "revpack/version.h"

#define MAX_COLS 24
#define AUTO_MAX 40.0           /* widest a fitted column grows */
#define CHART_ROWS 19           /* rows a chart below a table takes */

struct wb {
    const struct rp_render *rr;
    struct rp_tr *tr;
    lxw_workbook *book;
    lxw_worksheet *ws;
    const char *sheet;          /* current sheet's name */
    double need[MAX_COLS];      /* widest value per column of the sheet */
    double fixed[MAX_COLS];     /* a width the sheet chose, or 0 */
    lxw_row_t max_rows;         /* rows a sheet may hold */
    size_t list_rows;           /* rows a list shows ([output] list_rows) */
    lxw_error err;              /* the first libxlsxwriter error */
    const char *err_sheet;      /* the sheet it happened on */
    int err_line;               /* the call that failed, for the message */
    unsigned cut_sheet, cut_all; /* cells cut at Excel's limit */
    lxw_row_t tall_row;         /* the row whose height wrapped text set */
    int tall_lines;             /* lines it needs so far */
    lxw_format *title, *subtitle, *section, *side, *h, *hn, *text, *wrap,
        *note, *count, *count_pad, *pct, *money, *hours, *days, *dt, *na,
        *tile_label, *tile_count, *tile_pct, *tile_money, *tile_days,
        *tile_sub, *pass, *fail, *mono, *input, *pp, *delta, *center, *hc;
    struct rp_render_counts counts; /* breaches, once asked for (counts) */
};

/* The report's breach counts, counted the first time a sheet asks: a
 * count is a pass over every breach and its lead (1 GB: 390,000 breaches
 * a month, 640,000 a quarter; 24 ms a month), and four tables show
 * them. */
static const struct rp_render_counts *counts(struct wb *w)
{
    if (!w->counts.all)
        rp_render_breach_counts(w->rr, &w->counts);
    return &w->counts;
}

/* ---- cells ------------------------------------------------------------ */

/* Keep the first error libxlsxwriter reports: a call that fails (a row
 * written out of order, a bad range) must fail the build, not leave a
 * silent hole in the workbook. */
static void lxw_at(struct wb *w, lxw_error e, int line)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR) {
        w->err = e;
        w->err_sheet = w->sheet;
        w->err_line = line;
    }
}
#define lxw(w, e) lxw_at((w), (e), __LINE__)

/* @s as a cell may hold it: Excel keeps at most 32,767 characters, so a
 * longer text is cut there, ends with a visible marker and is counted
 * (the sheet and the Data Quality sheet say so).  Returns: @s, or a copy
 * in @buf. */
static const char *cell_text(struct wb *w, const char *s, char **buf)
{
    static const glong limit = 32767;  /* LXW_STR_MAX, Excel's cell limit */
    if (!s || strlen(s) <= (size_t)limit || g_utf8_strlen(s, -1) <= limit)
        return s;
    const char *mark = rp_tr(w->tr, "note.cell_cut_mark");
    glong keep = limit - g_utf8_strlen(mark, -1);
    const char *end = g_utf8_offset_to_pointer(s, keep);
    g_free(*buf);
    *buf = g_strdup_printf("%.*s%s", (int)(end - s), s, mark);
    w->cut_sheet++;
    w->cut_all++;
    return *buf;
}

static lxw_error write_string(struct wb *w, lxw_row_t row, lxw_col_t col,
                              const char *s, lxw_format *fmt)
{
    g_autofree char *buf = NULL;
    return worksheet_write_string(w->ws, row, col, cell_text(w, s, &buf),
                                  fmt);
}

static lxw_error merge_range(struct wb *w, lxw_row_t r0, lxw_col_t c0,
                             lxw_row_t r1, lxw_col_t c1, const char *s,
                             lxw_format *fmt)
{
    g_autofree char *buf = NULL;
    if (c0 == c1 && r0 == r1)   /* Excel refuses a one-cell merge */
        return worksheet_write_string(w->ws, r0, c0, cell_text(w, s, &buf),
                                      fmt);
    return worksheet_merge_range(w->ws, r0, c0, r1, c1,
                                 cell_text(w, s, &buf), fmt);
}

/* Display width of @s in Excel's character units: East Asian wide
 * characters count two. */
static double text_width(const char *s)
{
    double w = 0;
    for (const char *p = s; p && *p; p = g_utf8_next_char(p))
        w += g_unichar_iswide(g_utf8_get_char(p)) ? 2.1 : 1.1;
    return w;
}

static void fit(struct wb *w, lxw_col_t col, double chars)
{
    if (col < MAX_COLS && chars + 2 > w->need[col])
        w->need[col] = chars + 2;
}

/* Fixed widths for columns @c0.. (0 keeps a column fitted). */
static void widths(struct wb *w, lxw_col_t c0, const double *chars, int n)
{
    for (int i = 0; i < n && c0 + i < MAX_COLS; i++)
        if (chars[i] > 0)
            w->fixed[c0 + i] = chars[i];
}

/* Wrapped text in a column of fixed width: give its row the lines it
 * needs (spreadsheet programs do not all grow a row for it). */
static void tall(struct wb *w, lxw_row_t row, lxw_col_t col, const char *s)
{
    if (col >= MAX_COLS || !(w->fixed[col] > 0) || !s)
        return;
    int lines = 0;
    g_auto(GStrv) paras = g_strsplit(s, "\n", -1);
    /* a column of width n holds about n average letters at 10 pt (the
     * width unit is one digit of the 11 pt default font) */
    for (char **p = paras; *p; p++)
        lines += MAX(1, (int)ceil(text_width(*p) / 1.1 / (w->fixed[col] - 1)));
    if (row != w->tall_row) {
        w->tall_row = row;
        w->tall_lines = 1;
    }
    if (lines > w->tall_lines) {
        w->tall_lines = MIN(lines, 30);
        lxw(w, worksheet_set_row(w->ws, row, 13.0 * w->tall_lines + 2,
                                 NULL));
    }
}

static void put_str(struct wb *w, lxw_row_t row, lxw_col_t col, const char *s,
                    lxw_format *fmt)
{
    lxw(w, write_string(w, row, col, s ? s : "", fmt));
    if (fmt == w->text || fmt == w->mono)
        fit(w, col, text_width(s));
    else if (fmt == w->wrap)
        tall(w, row, col, s);
}

static void put_num(struct wb *w, lxw_row_t row, lxw_col_t col, double v,
                    lxw_format *fmt)
{
    char buf[32];
    lxw(w, worksheet_write_number(w->ws, row, col, v, fmt));
    rp_fmt_count(v, buf, sizeof(buf));
    fit(w, col, fmt == w->money ? text_width(buf) + 3 : text_width(buf) + 1);
}

static void put_na(struct wb *w, lxw_row_t row, lxw_col_t col)
{
    put_str(w, row, col, rp_tr(w->tr, "status.na"), w->na);
}

/* The value of @r, or n/a (text), or nothing when the cell feeds a chart:
 * Excel plots text as zero, a blank as a gap. */
static void put_value(struct wb *w, lxw_row_t row, lxw_col_t col,
                      const struct rp_mrow *r, lxw_format *fmt, bool chart)
{
    if (r && (r->has & RP_M_VALUE))
        put_num(w, row, col, r->value, fmt);
    else if (!chart)
        put_na(w, row, col);
}

static void put_part(struct wb *w, lxw_row_t row, lxw_col_t col,
                     const struct rp_mrow *r, unsigned part, lxw_format *fmt)
{
    if (!r || !(r->has & part))
        return;
    put_num(w, row, col, part == RP_M_NUM ? r->num
                         : part == RP_M_DEN ? r->den
                                            : r->target,
            fmt);
}

/* A local date-time as a real Excel date. */
static void put_time(struct wb *w, lxw_row_t row, lxw_col_t col, int64_t t)
{
    if (t == RP_TIME_NONE)
        return;
    lxw(w, worksheet_write_unixtime(w->ws, row, col,
                                    rp_clock_utc_to_local(w->rr->clock, t),
                                    w->dt));
    fit(w, col, 16);
}

/* A heading row at @c0: each key is a label "col.KEY", or literal text
 * after '='; @kinds has one letter a column: 't' text (left), 'n' number
 * (right, over its values), 'c' centred.  Headings wrap, so they widen
 * a column less
 * than its values do. */
static void header(struct wb *w, lxw_row_t row, lxw_col_t c0,
                   const char *const *keys, const char *kinds)
{
    lxw(w, worksheet_set_row(w->ws, row, 27, NULL));
    for (lxw_col_t i = 0; keys[i]; i++) {
        const char *s = keys[i][0] == '=' ? keys[i] + 1
                                          : rp_tr_group(w->tr, "col", keys[i]);
        lxw(w, write_string(w, row, c0 + i, s,
                            kinds[i] == 'n'   ? w->hn
                            : kinds[i] == 'c' ? w->hc
                                              : w->h));
        fit(w, c0 + i, MIN(text_width(s), MAX(8, text_width(s) / 2 + 2)));
    }
}

static lxw_row_t section(struct wb *w, lxw_row_t row, const char *key)
{
    lxw(w, write_string(w, row, 0, rp_tr(w->tr, key), w->section));
    return row + 1;
}

/* A note under a table, wrapped across columns @c0..@c1. */
static lxw_row_t note(struct wb *w, lxw_row_t row, lxw_col_t c1,
                      const char *text)
{
    double chars = 0;
    for (lxw_col_t c = 0; c <= c1 && c < MAX_COLS; c++)
        chars += w->fixed[c] > 0 ? w->fixed[c] : MAX(w->need[c], 8);
    int lines = (int)ceil(text_width(text) / MAX(chars, 20));
    lxw(w, worksheet_set_row(w->ws, row, 14.0 * MAX(lines, 1), NULL));
    lxw(w, merge_range(w, row, 0, row, c1, text, w->note));
    return row + 1;
}

enum { LIST_FREEZE = 1, LIST_REPEAT = 2 };

/* A list's filter over its rows @head..@last; with LIST_FREEZE its
 * header stays on screen, with LIST_REPEAT it prints on every page (for
 * the long lists, so page 9 still has headings). */
static void list_done(struct wb *w, lxw_row_t head, lxw_row_t last,
                      lxw_col_t cols, unsigned how)
{
    if (how & LIST_FREEZE)
        worksheet_freeze_panes(w->ws, head + 1, 0);
    lxw(w, worksheet_autofilter(w->ws, head, 0, last > head ? last : head,
                                cols - 1));
    if (how & LIST_REPEAT)
        lxw(w, worksheet_repeat_rows(w->ws, head, head));
}

/* Room left for list rows after @head, keeping one row for the note. */
static bool list_full(const struct wb *w, lxw_row_t row)
{
    return row + 2 > w->max_rows;
}

static void list_cut_note(struct wb *w, lxw_row_t row, size_t left_out,
                          const char *file)
{
    char n[32];
    rp_fmt_count((double)left_out, n, sizeof(n));
    char max[32];
    rp_fmt_count((double)w->list_rows, max, sizeof(max));
    g_autofree char *s = rp_tr_fmt(w->tr, "note.cut", "n", n, "file", file,
                                   "max", max, NULL);
    lxw(w, write_string(w, row, 0, s, w->note));
}

/* ---- sheets set-up ------------------------------------------------------ */

/* Add sheet @id; NULL (error kept) when its label is no valid Excel
 * sheet name. */
static lxw_worksheet *sheet_begin(struct wb *w, const char *id)
{
    const struct rp_render *rr = w->rr;
    w->sheet = rp_tr_group(w->tr, "sheet", id);
    w->cut_sheet = 0;
    lxw(w, workbook_validate_sheet_name(w->book, w->sheet));
    if (w->err)
        return NULL;
    w->ws = workbook_add_worksheet(w->book, w->sheet);
    if (!w->ws) {
        lxw(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    memset(w->need, 0, sizeof(w->need));
    memset(w->fixed, 0, sizeof(w->fixed));
    w->tall_row = (lxw_row_t)-1;

    g_autofree char *title = rp_render_title(rr);
    GString *hdr = g_string_new("&L");
    for (const char *p = title; *p; p++) {   /* '&' is a code in headers */
        if (*p == '&')
            g_string_append_c(hdr, '&');
        g_string_append_c(hdr, *p);
    }
    g_string_append(hdr, "&R");
    g_string_append(hdr, w->sheet);
    worksheet_set_landscape(w->ws);
    worksheet_set_paper(w->ws, 9);           /* A4 */
    worksheet_fit_to_pages(w->ws, 1, 0);     /* one page wide */
    lxw(w, worksheet_set_header(w->ws, hdr->str));
    lxw(w, worksheet_set_footer(w->ws, rp_tr(w->tr, "print.footer")));
    worksheet_set_margins(w->ws, 0.4, 0.4, 0.6, 0.6);
    g_string_free(hdr, TRUE);
    return w->ws;
}

/* Title row 0 and as-of row 1; returns the next free row. */
static lxw_row_t sheet_title(struct wb *w, const char *key)
{
    g_autofree char *title = rp_render_title(w->rr);
    g_autofree char *line = g_strdup_printf("%s \xc2\xb7 %s", rp_tr(w->tr, key),
                                            title);
    g_autofree char *as_of = rp_render_as_of(w->rr);
    lxw(w, worksheet_set_row(w->ws, 0, 24, NULL));
    lxw(w, write_string(w, 0, 0, line, w->title));
    lxw(w, write_string(w, 1, 0, as_of, w->subtitle));
    return 3;
}

/* "N cells ... were cut", below everything on the sheet, when any was. */
static void cut_note(struct wb *w, const char *key, unsigned n)
{
    char c[32];
    if (!n)
        return;
    rp_fmt_count(n, c, sizeof(c));
    g_autofree char *s = rp_tr_fmt(w->tr, key, "n", c, "mark",
                                   rp_tr(w->tr, "note.cell_cut_mark"), NULL);
    lxw(w, write_string(w, w->ws->dim_rowmax + 2, 0, s, w->note));
}

/* Every column's width, set once (overlapping ranges make Excel offer a
 * repair). */
static void sheet_end(struct wb *w)
{
    cut_note(w, "note.cells_cut", w->cut_sheet);
    for (lxw_col_t c = 0; c < MAX_COLS; c++) {
        double width = w->fixed[c] > 0 ? w->fixed[c] : MIN(w->need[c], AUTO_MAX);
        if (width > 0)
            lxw(w, worksheet_set_column(w->ws, c, c, width, NULL));
    }
}

/* A chart of @type with a title. */
static lxw_chart *chart_new(struct wb *w, uint8_t type, const char *title_key)
{
    lxw_chart *ch = workbook_add_chart(w->book, type);
    if (!ch) {
        lxw(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_title_set_name(ch, rp_tr(w->tr, title_key));
    lxw_chart_font f = {.size = 12, .bold = LXW_TRUE};
    chart_title_set_name_font(ch, &f);
    return ch;
}

static lxw_chart_series *series(struct wb *w, lxw_chart *ch, const char *name,
                                lxw_row_t r0, lxw_row_t r1, lxw_col_t cat,
                                lxw_col_t val)
{
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(s, w->sheet, r0, cat, r1, cat);
    chart_series_set_values(s, w->sheet, r0, val, r1, val);
    if (name)
        chart_series_set_name(s, name);
    return s;
}

/* Place @ch at @row, column A, below the table it shows; returns the
 * first row after it. */
static lxw_row_t chart_place(struct wb *w, lxw_chart *ch, lxw_row_t row)
{
    lxw_chart_options o = {.x_scale = 1.25, .y_scale = 1.2,
                           .object_position = LXW_OBJECT_MOVE_DONT_SIZE};
    lxw(w, worksheet_insert_chart_opt(w->ws, row, 0, ch, &o));
    return row + CHART_ROWS;
}

static void series_fill(lxw_chart_series *s, lxw_color_t c);

/* A horizontal bar chart of column @val over rows @r0..@r1 (labels in
 * column A), value labels in @num_format (NULL: the cells'), placed at
 * @row.  Returns the first row after it. */
static lxw_row_t bar_chart(struct wb *w, const char *title_key, lxw_row_t r0,
                           lxw_row_t r1, lxw_col_t val, const char *axis_key,
                           const char *num_format, lxw_row_t row)
{
    lxw_chart *ch = chart_new(w, LXW_CHART_BAR, title_key);
    if (!ch)
        return row;
    lxw_chart_series *sr = series(w, ch, NULL, r0, r1, 0, val);
    series_fill(sr, 0x0072B2);
    chart_series_set_labels(sr);
    if (num_format)
        chart_series_set_labels_num_format(sr, num_format);
    /* in a bar chart the y axis is the category axis: first row on top */
    chart_axis_set_reverse(ch->y_axis);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    chart_axis_set_name(ch->x_axis, rp_tr(w->tr, axis_key));
    return chart_place(w, ch, row);
}

/* Colour-blind-safe (Okabe-Ito) series colours. */
enum { BLUE = 0x0072B2, ORANGE = 0xE69F00, GREEN = 0x009E73,
       VERMILION = 0xD55E00, GREY = 0x999999 };

static void series_fill(lxw_chart_series *s, lxw_color_t c)
{
    lxw_chart_fill f = {.color = c};
    chart_series_set_fill(s, &f);
}

static void series_line(lxw_chart_series *s, lxw_color_t c, bool dashed)
{
    lxw_chart_line l = {.color = c, .width = 2.25,
                        .dash_type = dashed ? LXW_CHART_LINE_DASH_DASH : 0};
    chart_series_set_line(s, &l);
}

/* PASS green and FAIL red over the status cells @r0..@r1 of @col. */
static void status_colours(struct wb *w, lxw_row_t r0, lxw_row_t r1,
                           lxw_col_t col)
{
    lxw_conditional_format pass = {
        .type = LXW_CONDITIONAL_TYPE_CELL,
        .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO, .format = w->pass};
    lxw_conditional_format fail = pass;
    g_autofree char *pw = g_strdup_printf("\"%s\"", rp_tr(w->tr, "status.pass"));
    g_autofree char *fw = g_strdup_printf("\"%s\"", rp_tr(w->tr, "status.fail"));
    pass.value_string = pw;
    fail.value_string = fw;
    fail.format = w->fail;
    if (r1 < r0)
        return;
    lxw(w, worksheet_conditional_format_range(w->ws, r0, col, r1, col, &pass));
    lxw(w, worksheet_conditional_format_range(w->ws, r0, col, r1, col, &fail));
}

/* ---- the SLA scorecard (Summary and the SLA sheets) ------------------- */

enum side { SIDE_BOTH, SIDE_MARKETING, SIDE_SALES };

/* Columns of the scorecard and the widths the Summary's tiles are laid
 * over: SLA, name, promise, actual, target, met, of, status, last period,
 * change, breaches (and why n/a, only when an SLA is n/a). */
static const double card_widths[] = {6, 24, 34, 10, 10, 9, 9, 9, 11, 11, 10,
                                     30};
enum { CARD_COLS = 11 };

static bool any_na(const struct wb *w, enum side side)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(w->rr->r, s->metric,
                                                RP_GRP_ALL, "all");
        if ((side == SIDE_MARKETING && !s->marketing) ||
            (side == SIDE_SALES && s->marketing))
            continue;
        if (!m || !(m->has & RP_M_VALUE))
            return true;
    }
    return false;
}

/* Last period's value and the change: points for a rate, MQLs for M1. */
static void card_change(struct wb *w, lxw_row_t row,
                        const struct rp_render_sla *s,
                        const struct rp_mrow *now)
{
    double before;
    if (!w->rr->prev ||
        !rp_report_value(w->rr->prev, s->metric, RP_GRP_ALL, "all", &before)) {
        put_na(w, row, 8);
        return;
    }
    put_num(w, row, 8, before, s->is_count ? w->count : w->pct);
    if (now && (now->has & RP_M_VALUE))
        put_num(w, row, 9, s->is_count ? now->value - before
                                       : (now->value - before) * 100,
                s->is_count ? w->delta : w->pp);
}

/* One side's rows, under a row that names the side and its tally. */
static lxw_row_t card_side(struct wb *w, lxw_row_t row, bool marketing,
                           const struct rp_render_breaches *all, bool why,
                           lxw_row_t *first, lxw_row_t *last)
{
    const struct rp_render *rr = w->rr;
    int passing, measured;
    char p[16], n[16];

    rp_render_sla_tally(rr, &marketing, &passing, &measured);
    g_snprintf(p, sizeof(p), "%d", passing);
    g_snprintf(n, sizeof(n), "%d", measured);
    g_autofree char *tally = rp_tr_fmt(
        w->tr, marketing ? "scorecard.side_marketing" : "scorecard.side_sales",
        "passing", p, "measured", n, NULL);
    lxw(w, merge_range(w, row, 0, row, why ? CARD_COLS : CARD_COLS - 1, tally,
                       w->side));
    row++;
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        if (s->marketing != marketing)
            continue;
        const struct rp_mrow *m = rp_report_row(rr->r, s->metric, RP_GRP_ALL,
                                                "all");
        g_autofree char *name = rp_render_sla_name(rr, s);
        g_autofree char *rule = rp_render_sla_rule(rr, s);
        g_autofree char *id = g_ascii_strup(s->id, -1);
        lxw_format *f = s->is_count ? w->count : w->pct;
        if (!s->is_count && !*first)
            *first = row;
        put_str(w, row, 0, id, w->text);
        put_str(w, row, 1, name, w->wrap);
        put_str(w, row, 2, rule, w->wrap);
        put_value(w, row, 3, m, f, !s->is_count);
        put_part(w, row, 4, m, RP_M_TARGET, f);
        if (!s->is_count) {
            put_part(w, row, 5, m, RP_M_NUM, w->count);
            put_part(w, row, 6, m, RP_M_DEN, w->count);
        }
        lxw(w, write_string(w, row, 7, rp_render_status_word(rr, m),
                            w->center));
        card_change(w, row, s, m);
        if (!s->is_count)   /* M1 has no breach list: volume is a total */
            put_num(w, row, 10, all ? all->n[i] : 0, w->count);
        if (why && (!m || !(m->has & RP_M_VALUE))) {
            g_autofree char *reason = rp_render_sla_na_reason(rr, s);
            put_str(w, row, 11, reason, w->wrap);
        }
        *last = row;
        row++;
    }
    return row;
}

/* The scorecard of one side or both; rate rows run from @first to @last
 * (for the chart).  Returns the next free row. */
static lxw_row_t sla_table(struct wb *w, lxw_row_t row, enum side side,
                           lxw_row_t *first, lxw_row_t *last)
{
    static const char *const cols[] = {"sla", "name", "rule", "value",
                                       "target", "met", "of", "status",
                                       "last", "change", "breaches", "note",
                                       NULL};
    const GArray *in_all = counts(w)->all;
    const struct rp_render_breaches *all =
        in_all->len ? &g_array_index(in_all, struct rp_render_breaches, 0)
                    : NULL;
    bool why = any_na(w, side);
    const char *keys[G_N_ELEMENTS(cols)];

    memcpy(keys, cols, sizeof(cols));
    if (!why)
        keys[CARD_COLS] = NULL;
    widths(w, 0, card_widths, why ? CARD_COLS + 1 : CARD_COLS);
    lxw_row_t head = row;
    header(w, row++, 0, keys, "tttnnnncnnnt");
    *first = *last = 0;
    if (side != SIDE_SALES)
        row = card_side(w, row, true, all, why, first, last);
    if (side != SIDE_MARKETING)
        row = card_side(w, row, false, all, why, first, last);
    status_colours(w, head + 1, row - 1, 7);
    return note(w, row, CARD_COLS - 1, rp_tr(w->tr, "note.change"));
}

/* ---- Summary ------------------------------------------------------------ */

/* A KPI tile: label, big value, a line of context, over merged columns. */
struct tile {
    lxw_col_t c0, c1;
    const char *label;
    double v;
    bool ok;
    lxw_format *fmt;
    const char *sub;
};

/* Split columns 0..@ncols-1 (widths @wd) into @n runs of about equal
 * width (the least sum of squared differences from the mean, by dynamic
 * programming), so the tiles look alike whatever the table below needs. */
static void tile_spans(const double *wd, int ncols, int n,
                       lxw_col_t (*span)[2])
{
    enum { C = 24, T = 8 };
    double cost[T + 1][C + 1], goal = 0;
    int cut[T + 1][C + 1];

    g_assert(ncols <= C && n <= T && n <= ncols);
    for (int i = 0; i < ncols; i++)
        goal += wd[i];
    goal /= n;
    for (int t = 0; t <= n; t++)
        for (int c = 0; c <= ncols; c++)
            cost[t][c] = INFINITY;
    cost[0][0] = 0;
    for (int t = 1; t <= n; t++)
        for (int c = t; c <= ncols; c++)
            for (int k = t - 1; k < c; k++) {
                double w = 0;
                for (int i = k; i < c; i++)
                    w += wd[i];
                double v = cost[t - 1][k] + (w - goal) * (w - goal);
                if (v < cost[t][c]) {
                    cost[t][c] = v;
                    cut[t][c] = k;
                }
            }
    for (int t = n, c = ncols; t > 0; t--) {
        span[t - 1][0] = (lxw_col_t)cut[t][c];
        span[t - 1][1] = (lxw_col_t)(c - 1);
        c = cut[t][c];
    }
}

/* Tiles are written a row at a time: constant_memory mode cannot go back
 * to a row once the next has begun. */
static void tiles(struct wb *w, lxw_row_t row, const struct tile *t, int n)
{
    for (int i = 0; i < n; i++)
        lxw(w, merge_range(w, row, t[i].c0, row, t[i].c1, t[i].label,
                           w->tile_label));
    lxw(w, worksheet_set_row(w->ws, row + 1, 30, NULL));
    for (int i = 0; i < n; i++) {
        lxw(w, merge_range(w, row + 1, t[i].c0, row + 1, t[i].c1, "",
                           t[i].fmt));
        if (t[i].ok)
            lxw(w, worksheet_write_number(w->ws, row + 1, t[i].c0, t[i].v,
                                          t[i].fmt));
        else
            lxw(w, write_string(w, row + 1, t[i].c0,
                                rp_tr(w->tr, "status.na"), t[i].fmt));
    }
    lxw(w, worksheet_set_row(w->ws, row + 2, 28, NULL));
    for (int i = 0; i < n; i++)
        lxw(w, merge_range(w, row + 2, t[i].c0, row + 2, t[i].c1, t[i].sub,
                           w->tile_sub));
}

/* Team x SLA: how many breaches each team holds, so a director finds
 * their own people in ten seconds. */
static lxw_row_t team_breaches(struct wb *w, lxw_row_t row)
{
    const GArray *teams = counts(w)->team;
    const char *keys[11];
    char *ids[9] = {NULL};
    int k = 0;

    row = section(w, row, "section.team_breaches");
    if (!teams->len)
        return note(w, row, CARD_COLS - 1, rp_tr(w->tr, "note.no_breaches"));
    for (size_t i = 1; i < G_N_ELEMENTS(rp_render_slas); i++) {
        g_autofree char *up = g_ascii_strup(rp_render_slas[i].id, -1);
        ids[i] = g_strconcat("=", up, NULL);
        keys[k++] = ids[i];
    }
    keys[k++] = "all_slas";
    keys[k] = NULL;
    /* the team's name over A:B, the counts from C */
    lxw(w, merge_range(w, row, 0, row, 1, rp_tr(w->tr, "col.team"), w->h));
    header(w, row++, 2, keys, "nnnnnnnnn");
    for (guint t = 0; t < teams->len; t++, row++) {
        const struct rp_render_breaches *b =
            &g_array_index(teams, struct rp_render_breaches, t);
        lxw(w, merge_range(w, row, 0, row, 1,
                           strcmp(b->key, "(none)") == 0
                               ? rp_tr(w->tr, "col.none")
                               : b->key,
                           w->text));
        for (size_t i = 1; i < G_N_ELEMENTS(rp_render_slas); i++)
            put_num(w, row, (lxw_col_t)(i + 1), b->n[i], w->count);
        put_num(w, row, 10, b->total, w->count);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
        g_free(ids[i]);
    return row;
}

static void sheet_summary(struct wb *w)
{
    const struct rp_render *rr = w->rr;
    lxw_row_t row = sheet_title(w, "sheet.summary");
    lxw_col_t span[RP_N_KPIS][2];
    struct rp_render_kpi k[RP_N_KPIS];
    struct tile t[RP_N_KPIS];

    tile_spans(card_widths, CARD_COLS, RP_N_KPIS, span);
    rp_render_kpis(rr, k);
    for (int i = 0; i < RP_N_KPIS; i++)
        t[i] = (struct tile){span[i][0], span[i][1], k[i].label, k[i].value,
                             k[i].ok,
                             k[i].kind == RP_KPI_COUNT  ? w->tile_count
                             : k[i].kind == RP_KPI_PCT  ? w->tile_pct
                             : k[i].kind == RP_KPI_DAYS ? w->tile_days
                                                        : w->tile_money,
                             k[i].sub};
    if (rr->scope_note)     /* a burst sub-pack: whose, and how much */
        row = note(w, row - 1, CARD_COLS - 1, rr->scope_note) + 1;
    tiles(w, row, t, RP_N_KPIS);
    rp_render_kpis_release(k);
    row += 4;

    lxw_row_t first, last;
    row = section(w, row, "section.scorecard");
    row = sla_table(w, row, SIDE_BOTH, &first, &last) + 1;

    row = section(w, row, "section.changes");
    const GPtrArray *story = rr->changes;
    for (guint i = 0; i < story->len; i++)
        row = note(w, row, CARD_COLS - 1, g_ptr_array_index(story, i));
    row++;
    team_breaches(w, row);
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* ---- Funnel ------------------------------------------------------------- */

static void sheet_funnel(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.funnel");
    static const char *const cols[] = {"stage", "leads", "conversion", NULL};
    static const double wd[] = {18, 10, 12, 10, 10, 12, 10, 12};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    row = section(w, row, "section.funnel");
    lxw_row_t head = row;
    header(w, row++, 0, cols, "tnn");
    for (int s = 0; s < RP_N_STAGES; s++) {
        put_str(w, row, 0, rp_tr_group(w->tr, "stage", rp_model_stage_names[s]),
                w->text);
        put_value(w, row, 1,
                  rp_report_row(r, RP_MET_FUNNEL_COUNT_LEAD + s, RP_GRP_ALL,
                                "all"),
                  w->count, true);
        if (s > 0)
            put_value(w, row, 2,
                      rp_report_row(r, RP_MET_FUNNEL_CONV_LEAD_MQL + s - 1,
                                    RP_GRP_ALL, "all"),
                      w->pct, false);
        row++;
    }
    put_str(w, row, 0, rp_tr(w->tr, "stage.lead_won"), w->text);
    put_value(w, row, 2,
              rp_report_row(r, RP_MET_FUNNEL_CONV_LEAD_WON, RP_GRP_ALL, "all"),
              w->pct, false);
    row++;
    row = note(w, row, 7, rp_tr(w->tr, "note.funnel")) + 1;

    row = bar_chart(w, "chart.funnel", head + 1, head + RP_N_STAGES, 1,
                    "axis.leads", NULL, row);

    /* by source: counts per stage and lead -> won */
    row = section(w, row, "section.funnel_source");
    lxw_row_t lhead = row;
    put_str(w, row, 0, rp_tr(w->tr, "col.source"), w->h);
    for (int s = 0; s < RP_N_STAGES; s++)
        lxw(w, write_string(w, row, 1 + s,
                            rp_tr_group(w->tr, "stage", rp_model_stage_names[s]),
                            w->hn));
    lxw(w, write_string(w, row, 1 + RP_N_STAGES,
                        rp_tr(w->tr, "stage.lead_won"), w->hn));
    lxw(w, worksheet_set_row(w->ws, row, 27, NULL));
    row++;
    g_autoptr(GPtrArray) src = rp_report_rows(r, RP_MET_FUNNEL_COUNT_LEAD,
                                              RP_GRP_SOURCE);
    for (guint i = 0; i < src->len; i++) {
        const char *key = ((struct rp_mrow *)g_ptr_array_index(src, i))->key;
        put_str(w, row, 0, key, w->text);
        for (int s = 0; s < RP_N_STAGES; s++)
            put_value(w, row, 1 + s,
                      rp_report_row(r, RP_MET_FUNNEL_COUNT_LEAD + s,
                                    RP_GRP_SOURCE, key),
                      w->count, false);
        put_value(w, row, 1 + RP_N_STAGES,
                  rp_report_row(r, RP_MET_FUNNEL_CONV_LEAD_WON, RP_GRP_SOURCE,
                                key),
                  w->pct, false);
        row++;
    }
    list_done(w, lhead, row - 1, RP_N_STAGES + 2, 0);
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* ---- Flow (SPEC 4.7) ------------------------------------------------------ */

static const char *const flow_pairs[] = {"lead_mql", "mql_sal", "sal_sql",
                                         "sql_opportunity", "opportunity_won",
                                         "lead_won"};

/* One pair's n, median, p90 and mean days at @col of @row. */
static void flow_row(struct wb *w, lxw_row_t row, enum rp_group g,
                     const char *key, int p, bool chart)
{
    const struct rp_report *r = w->rr->r;
    enum rp_metric m0 = RP_MET_FLOW_LEAD_MQL_N + p * 4;

    put_value(w, row, 2, rp_report_row(r, m0, g, key), w->count, false);
    put_value(w, row, 3, rp_report_row(r, m0 + 1, g, key), w->days, chart);
    put_value(w, row, 4, rp_report_row(r, m0 + 2, g, key), w->days, false);
    put_value(w, row, 5, rp_report_row(r, m0 + 3, g, key), w->days, false);
}

static void sheet_flow(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.flow");
    static const char *const cols[] = {"stage_pair", "=", "leads",
                                       "median_days", "p90_days", "mean_days",
                                       NULL};
    static const char *const scols[] = {"source", "stage_pair", "leads",
                                        "median_days", "p90_days",
                                        "mean_days", NULL};
    static const double wd[] = {22, 22, 10, 12, 12, 12};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    row = section(w, row, "section.flow");
    lxw_row_t head = row;
    header(w, row, 0, cols, "ttnnnn");
    lxw(w, merge_range(w, row, 0, row, 1, rp_tr(w->tr, "col.stage_pair"),
                       w->h));
    row++;
    for (int p = 0; p < 6; p++, row++) {
        lxw(w, merge_range(w, row, 0, row, 1,
                           rp_tr_group(w->tr, "flow", flow_pairs[p]),
                           w->text));
        flow_row(w, row, RP_GRP_ALL, "all", p, p < 5);
    }
    row = note(w, row, 5, rp_tr(w->tr, "note.flow")) + 1;

    row = bar_chart(w, "chart.flow", head + 1, head + 5, 3, "axis.median_days",
                    "0.0", row);

    /* by source: the lead's own source, pair by pair */
    row = section(w, row, "section.flow_source");
    lxw_row_t lhead = row;
    header(w, row++, 0, scols, "ttnnnn");
    g_autoptr(GTree) keys = g_tree_new((GCompareFunc)strcmp);
    for (int p = 0; p < 6; p++) {
        g_autoptr(GPtrArray) rows = rp_report_rows(
            r, RP_MET_FLOW_LEAD_MQL_N + p * 4, RP_GRP_SOURCE);
        for (guint i = 0; i < rows->len; i++)
            g_tree_insert(keys, (gpointer)((struct rp_mrow *)rows->pdata[i])->key,
                          NULL);
    }
    for (GTreeNode *n = g_tree_node_first(keys); n; n = g_tree_node_next(n)) {
        const char *key = g_tree_node_key(n);
        for (int p = 0; p < 6; p++) {
            if (!rp_report_row(r, RP_MET_FLOW_LEAD_MQL_N + p * 4,
                               RP_GRP_SOURCE, key))
                continue;
            put_str(w, row, 0, key, w->text);
            put_str(w, row, 1, rp_tr_group(w->tr, "flow", flow_pairs[p]),
                    w->text);
            flow_row(w, row++, RP_GRP_SOURCE, key, p, false);
        }
    }
    list_done(w, lhead, row - 1, 6, 0);
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* ---- Win Rate ------------------------------------------------------------ */

static void winrate_row(struct wb *w, lxw_row_t row, enum rp_group group,
                        const char *key, const char *label, bool chart)
{
    const struct rp_report *r = w->rr->r;
    const struct rp_mrow *m = rp_report_row(r, RP_MET_WINRATE, group, key);
    put_str(w, row, 0, label, w->text);
    put_part(w, row, 1, m, RP_M_NUM, w->count);
    put_part(w, row, 2, m, RP_M_DEN, w->count);
    put_value(w, row, 3, m, w->pct, chart);
    put_value(w, row, 4, rp_report_row(r, RP_MET_WINRATE_CI_LOW, group, key),
              w->pct, false);
    put_value(w, row, 5, rp_report_row(r, RP_MET_WINRATE_CI_HIGH, group, key),
              w->pct, false);
    put_value(w, row, 6,
              rp_report_row(r, RP_MET_WINRATE_WON_AMOUNT, group, key),
              w->money, false);
    put_value(w, row, 7, rp_report_row(r, RP_MET_WINRATE_AVG_DEAL, group, key),
              w->money, false);
}

static void sheet_winrate(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.winrate");
    static const char *const cols[] = {"source", "won", "closed", "winrate",
                                       "ci_low", "ci_high", "won_amount",
                                       "avg_deal", NULL};
    static const double wd[] = {0, 9, 9, 10, 10, 10, 14, 14};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    row = section(w, row, "section.winrate");
    lxw_row_t head = row;
    header(w, row++, 0, cols, "tnnnnnnn");
    g_autoptr(GPtrArray) src = rp_report_rows(r, RP_MET_WINRATE, RP_GRP_SOURCE);
    for (guint i = 0; i < src->len; i++) {
        const char *key = ((struct rp_mrow *)g_ptr_array_index(src, i))->key;
        winrate_row(w, row++, RP_GRP_SOURCE, key, key, true);
    }
    lxw_row_t last = row - 1;
    /* constant_memory: the filter range must still be in reach */
    list_done(w, head, last, 8, LIST_REPEAT);
    winrate_row(w, row++, RP_GRP_ALL, "all", rp_tr(w->tr, "col.all"), false);
    row = note(w, row + 1, 7, rp_tr(w->tr, "note.winrate")) + 1;
    if (src->len) {
        lxw_chart *ch = chart_new(w, LXW_CHART_COLUMN, "chart.winrate");
        if (ch) {
            lxw_chart_series *s = series(w, ch, NULL, head + 1, last, 0, 3);
            series_fill(s, BLUE);
            chart_series_set_labels(s);
            chart_series_set_labels_num_format(s, "0%");
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
            chart_axis_set_num_format(ch->y_axis, "0%");
            chart_axis_set_min(ch->y_axis, 0);
            chart_axis_set_max(ch->y_axis, 1);
            chart_axis_set_name(ch->y_axis, rp_tr(w->tr, "axis.winrate"));
            chart_place(w, ch, row);
        }
    }
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* ---- Velocity ------------------------------------------------------------ */

static void velocity_row(struct wb *w, lxw_row_t row, enum rp_group group,
                         const char *key, const char *label, bool chart)
{
    const struct rp_report *r = w->rr->r;
    put_str(w, row, 0, label, w->text);
    put_value(w, row, 1, rp_report_row(r, RP_MET_VELOCITY, group, key),
              w->money, chart);
    put_value(w, row, 2, rp_report_row(r, RP_MET_VELOCITY_OPEN_OPPS, group, key),
              w->count, false);
    put_value(w, row, 3, rp_report_row(r, RP_MET_VELOCITY_WIN_RATE, group, key),
              w->pct, false);
    put_value(w, row, 4, rp_report_row(r, RP_MET_VELOCITY_AVG_DEAL, group, key),
              w->money, false);
    put_value(w, row, 5,
              rp_report_row(r, RP_MET_VELOCITY_CYCLE_DAYS, group, key),
              w->days, false);
}

static void sheet_velocity(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    enum rp_group tg = rp_report_trend_group(r);
    lxw_row_t row = sheet_title(w, "sheet.velocity");
    static const char *const cols[] = {"source", "velocity", "open_opps",
                                       "winrate", "avg_deal", "cycle_days",
                                       NULL};
    static const char *const tcols[] = {"period", "velocity", "open_opps",
                                        "winrate", "avg_deal", "cycle_days",
                                        NULL};
    static const double wd[] = {0, 14, 12, 10, 14, 12};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    /* the trend first: it feeds the chart below it */
    row = section(w, row, "section.velocity_trend");
    lxw_row_t thead = row;
    header(w, row++, 0, tcols, "tnnnnn");
    g_autoptr(GPtrArray) trend = rp_report_rows(r, RP_MET_VELOCITY, tg);
    for (guint i = 0; i < trend->len; i++) {
        const char *key = ((struct rp_mrow *)g_ptr_array_index(trend, i))->key;
        velocity_row(w, row++, tg, key, key, true);
    }
    lxw_row_t tlast = row - 1;
    row++;
    if (trend->len) {
        lxw_chart *ch = chart_new(w, LXW_CHART_LINE, "chart.velocity");
        if (ch) {
            lxw_chart_series *s = series(w, ch, NULL, thead + 1, tlast, 0, 1);
            series_line(s, BLUE, false);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
            chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
            chart_axis_set_num_format(ch->y_axis, "#,##0");
            chart_axis_set_name(ch->y_axis, rp_tr(w->tr, "axis.velocity"));
            row = chart_place(w, ch, row);
        }
    }
    row = section(w, row, "section.velocity_source");
    lxw_row_t head = row;
    header(w, row++, 0, cols, "tnnnnn");
    g_autoptr(GPtrArray) src = rp_report_rows(r, RP_MET_VELOCITY, RP_GRP_SOURCE);
    for (guint i = 0; i < src->len; i++) {
        const char *key = ((struct rp_mrow *)g_ptr_array_index(src, i))->key;
        velocity_row(w, row++, RP_GRP_SOURCE, key, key, false);
    }
    g_autoptr(GPtrArray) seg = rp_report_rows(r, RP_MET_VELOCITY,
                                              RP_GRP_SEGMENT);
    for (guint i = 0; i < seg->len; i++) {
        const char *key = ((struct rp_mrow *)g_ptr_array_index(seg, i))->key;
        g_autofree char *label = rp_tr_fmt(w->tr, "col.segment_of", "segment",
                                           key, NULL);
        velocity_row(w, row++, RP_GRP_SEGMENT, key, label, false);
    }
    /* constant_memory: the filter range must still be in reach */
    list_done(w, head, row - 1, 6, 0);
    velocity_row(w, row++, RP_GRP_ALL, "all", rp_tr(w->tr, "col.all"), false);
    note(w, row + 1, 5, rp_tr(w->tr, "note.velocity"));
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* ---- SLA sheets ---------------------------------------------------------- */

/* Rates of rows @first..@last (column D) against targets (column E). */
static lxw_row_t sla_chart(struct wb *w, lxw_row_t first, lxw_row_t last,
                           lxw_row_t at)
{
    lxw_chart *ch = chart_new(w, LXW_CHART_BAR, "chart.sla_rates");
    if (!ch || !first)
        return at;
    lxw_chart_series *s = series(w, ch, rp_tr(w->tr, "col.value"), first, last,
                                 1, 3);
    series_fill(s, BLUE);
    chart_series_set_labels(s);
    chart_series_set_labels_num_format(s, "0%");
    lxw_chart_series *t = series(w, ch, rp_tr(w->tr, "col.target"), first,
                                 last, 1, 4);
    series_fill(t, GREY);
    chart_axis_set_reverse(ch->y_axis);
    chart_axis_set_num_format(ch->x_axis, "0%");
    chart_axis_set_min(ch->x_axis, 0);
    chart_axis_set_max(ch->x_axis, 1);
    chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    return chart_place(w, ch, at);
}

static void sheet_sla_marketing(struct wb *w)
{
    const struct rp_render *rr = w->rr;
    const struct rp_report *r = rr->r;
    lxw_row_t row = sheet_title(w, "sheet.sla_marketing");
    lxw_row_t first, last;
    double needed;

    row = section(w, row, "section.sla_marketing");
    row = sla_table(w, row, SIDE_MARKETING, &first, &last) + 1;
    row = sla_chart(w, first, last, row);
    row = section(w, row, "section.mql_trend");
    static const char *const cols[] = {"period", "mqls", "sla_target",
                                       "needed", NULL};
    lxw_row_t thead = row;
    header(w, row++, 0, cols, "tnnn");
    bool has_needed = rp_report_needed_mqls(r, &needed);
    g_autoptr(GPtrArray) trend = rp_report_rows(r, RP_MET_SLA_M1,
                                                rp_report_trend_group(r));
    for (guint i = 0; i < trend->len; i++) {
        const struct rp_mrow *m = g_ptr_array_index(trend, i);
        put_str(w, row, 0, m->key, w->text);
        put_value(w, row, 1, m, w->count, true);
        put_part(w, row, 2, m, RP_M_TARGET, w->count);
        if (has_needed)
            put_num(w, row, 3, needed, w->count);
        row++;
    }
    lxw_row_t tlast = row - 1;
    row = note(w, row + 1, CARD_COLS - 1, rp_tr(w->tr, "note.needed")) + 1;
    if (trend->len) {
        lxw_chart *ch = chart_new(w, LXW_CHART_LINE, "chart.mql_volume");
        if (ch) {
            lxw_chart_series *s = series(w, ch, rp_tr(w->tr, "col.mqls"),
                                         thead + 1, tlast, 0, 1);
            series_line(s, BLUE, false);
            chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
            s = series(w, ch, rp_tr(w->tr, "col.sla_target"), thead + 1, tlast,
                       0, 2);
            series_line(s, GREY, true);
            if (has_needed) {
                s = series(w, ch, rp_tr(w->tr, "col.needed"), thead + 1, tlast,
                           0, 3);
                series_line(s, VERMILION, true);
            }
            chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
            chart_axis_set_name(ch->y_axis, rp_tr(w->tr, "axis.mqls"));
            chart_place(w, ch, row);
        }
    }
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* A reasons table (recycled or disqualified); returns the next row. */
static lxw_row_t reasons_table(struct wb *w, lxw_row_t row,
                               enum rp_metric metric, const char *title_key)
{
    static const char *const cols[] = {"leads", NULL};
    row = section(w, row, title_key);
    lxw(w, merge_range(w, row, 0, row, 1, rp_tr(w->tr, "col.reason_given"),
                       w->h));
    header(w, row++, 2, cols, "n");
    g_autoptr(GPtrArray) rows = rp_report_rows(w->rr->r, metric, RP_GRP_REASON);
    for (guint i = 0; i < rows->len; i++) {
        const struct rp_mrow *m = g_ptr_array_index(rows, i);
        lxw(w, merge_range(w, row, 0, row, 1,
                           strcmp(m->key, "(none)") == 0
                               ? rp_tr(w->tr, "col.none")
                               : m->key,
                           w->text));
        put_value(w, row, 2, m, w->count, false);
        row++;
    }
    if (!rows->len)
        lxw(w, write_string(w, row++, 0, rp_tr(w->tr, "note.none"), w->note));
    return row + 1;
}

static void sheet_sla_sales(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.sla_sales");
    lxw_row_t first, last;

    row = section(w, row, "section.sla_sales");
    row = sla_table(w, row, SIDE_SALES, &first, &last) + 1;
    row = sla_chart(w, first, last, row);
    row = section(w, row, "section.first_touch");
    static const char *const cols[] = {"p90_hours", NULL};
    lxw(w, merge_range(w, row, 0, row, 1, rp_tr(w->tr, "col.median_hours"),
                       w->hn));
    header(w, row++, 2, cols, "n");
    lxw(w, merge_range(w, row, 0, row, 1, "", w->hours));
    put_value(w, row, 0,
              rp_report_row(r, RP_MET_SLA_S1_FIRST_TOUCH_MEDIAN, RP_GRP_ALL,
                            "all"),
              w->hours, false);
    put_value(w, row, 2,
              rp_report_row(r, RP_MET_SLA_S1_FIRST_TOUCH_P90, RP_GRP_ALL,
                            "all"),
              w->hours, false);
    row += 2;
    row = reasons_table(w, row, RP_MET_REASONS_RECYCLED, "section.recycled");
    reasons_table(w, row, RP_MET_REASONS_DISQUALIFIED, "section.disqualified");
    worksheet_freeze_panes(w->ws, 3, 0);
    sheet_end(w);
}

/* ---- Breaches ------------------------------------------------------------ */

/* A breach detail in words: each comma-separated part with a label in
 * [detail] or [field] is translated (ICP rules, "no reason given", column
 * names).  Returns: g_free(). */
static char *breach_detail(struct wb *w, const char *detail)
{
    g_auto(GStrv) parts = g_strsplit(detail, ",", -1);
    GString *out = g_string_new(NULL);
    for (char **p = parts; *p; p++) {
        g_autofree char *key = g_strdup_printf("detail.%s", *p);
        g_autofree char *fkey = g_strdup_printf("field.%s", *p);
        g_strdelimit(key, " ", '_');
        const char *label = rp_tr_opt(w->tr, key);
        if (!label)
            label = rp_tr_opt(w->tr, fkey);
        if (out->len)
            g_string_append(out, rp_tr(w->tr, "list.sep"));
        g_string_append(out, label ? label : *p);
    }
    return g_string_free(out, FALSE);
}

static void sheet_breaches(struct wb *w)
{
    const struct rp_render *rr = w->rr;
    const GArray *br = rr->r->breaches;
    lxw_row_t row = sheet_title(w, "sheet.breaches");
    static const char *const cols[] = {"sla", "name", "lead_id", "owner",
                                       "team", "source", "from", "to",
                                       "hours", "days", "attempts", "reason",
                                       "detail", NULL};
    static const double wd[] = {6, 24, 12, 14, 14, 13, 16, 16, 9, 9, 9, 18,
                                24};
    char *names[G_N_ELEMENTS(rp_render_slas)] = {0};
    lxw_row_t head = row;
    guint i;

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    for (size_t k = 0; k < G_N_ELEMENTS(rp_render_slas); k++)
        names[k] = rp_render_sla_name(rr, &rp_render_slas[k]);
    header(w, row++, 0, cols, "ttttttnnnnntt");
    for (i = 0; i < br->len && i < w->list_rows && !list_full(w, row);
         i++, row++) {
        const struct rp_breach *b = &g_array_index(br, struct rp_breach, i);
        const struct rp_lead *l = RP_LEAD(rr->m, b->lead);
        const struct rp_render_sla *sla = rp_render_sla_of(b->sla);
        g_autofree char *id = g_ascii_strup(b->sla, -1);
        put_str(w, row, 0, id, w->text);
        put_str(w, row, 1, names[sla - rp_render_slas], w->wrap);
        put_str(w, row, 2, l->id, w->text);
        put_str(w, row, 3, rp_model_text(rr->m, l->owner), w->text);
        put_str(w, row, 4, rp_model_text(rr->m, l->team), w->text);
        put_str(w, row, 5, rp_model_text(rr->m, l->source), w->text);
        put_time(w, row, 6, b->from);
        put_time(w, row, 7, b->to);
        /* S3 counts days since the last update; the rest hours */
        if (!isnan(b->hours) && sla->pop == RP_POP_OPEN)
            put_num(w, row, 9, b->hours / 24, w->days);
        else if (!isnan(b->hours))
            put_num(w, row, 8, b->hours, w->hours);
        if (b->attempts >= 0)
            put_num(w, row, 10, b->attempts, w->count);
        put_str(w, row, 11, rp_tr_group(w->tr, "reason", b->reason), w->wrap);
        if (b->detail) {
            g_autofree char *d = breach_detail(w, b->detail);
            put_str(w, row, 12, d, w->wrap);
        }
    }
    for (size_t k = 0; k < G_N_ELEMENTS(rp_render_slas); k++)
        g_free(names[k]);
    list_done(w, head, row - 1, 13, LIST_FREEZE | LIST_REPEAT);
    if (i < br->len)
        list_cut_note(w, row, br->len - i, "breaches.csv");
    else if (br->len == 0)
        lxw(w, write_string(w, row, 0, rp_tr(w->tr, "note.no_breaches"),
                            w->note));
    sheet_end(w);
}

/* ---- Owners -------------------------------------------------------------- */

/* One person or team: S1 and S2, first-touch hours, breaches per SLA. */
static void owner_row(struct wb *w, lxw_row_t row, enum rp_group grp,
                      const char *key, const char *team,
                      const struct rp_render_breaches *b)
{
    const struct rp_report *r = w->rr->r;
    const struct rp_mrow *s1 = rp_report_row(r, RP_MET_SLA_S1, grp, key);
    const struct rp_mrow *s2 = rp_report_row(r, RP_MET_SLA_S2, grp, key);

    put_str(w, row, 0, rp_tr_group(w->tr, "level", rp_mtable_group_name(grp)),
            w->text);
    put_str(w, row, 1, strcmp(key, "(none)") == 0 ? rp_tr(w->tr, "col.none")
                                                   : key,
            w->text);
    put_str(w, row, 2, strcmp(team, "(none)") == 0 ? rp_tr(w->tr, "col.none")
                                                    : team,
            w->text);
    put_part(w, row, 3, s1, RP_M_NUM, w->count);
    put_part(w, row, 4, s1, RP_M_DEN, w->count);
    if (s1)
        put_value(w, row, 5, s1, w->pct, false);
    put_part(w, row, 6, s2, RP_M_NUM, w->count);
    put_part(w, row, 7, s2, RP_M_DEN, w->count);
    if (s2)
        put_value(w, row, 8, s2, w->pct, false);
    put_value(w, row, 9,
              rp_report_row(r, RP_MET_SLA_S1_FIRST_TOUCH_MEDIAN, grp, key),
              w->hours, false);
    put_value(w, row, 10,
              rp_report_row(r, RP_MET_SLA_S1_FIRST_TOUCH_P90, grp, key),
              w->hours, false);
    for (size_t i = 1; i < G_N_ELEMENTS(rp_render_slas); i++)
        put_num(w, row, (lxw_col_t)(10 + i), b ? b->n[i] : 0, w->count);
    put_num(w, row, 19, b ? b->total : 0, w->count);
}

static void sheet_owners(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.owners");
    static const enum rp_group groups[] = {RP_GRP_TEAM, RP_GRP_OWNER};
    static const double wd[] = {8, 0, 0, 8, 8, 9, 8, 8, 9, 9, 9,
                                7, 7, 7, 7, 7, 7, 7, 7, 8};
    const char *keys[21] = {"level", "name", "team", "s1_met", "s1_of",
                            "s1_rate", "s2_met", "s2_of", "s2_rate",
                            "median_hours", "p90_hours"};
    char *ids[9] = {NULL};
    g_autoptr(GHashTable) owner_team = rp_render_owner_teams(w->rr);
    lxw_row_t head = row;

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    for (size_t i = 1; i < G_N_ELEMENTS(rp_render_slas); i++) {
        g_autofree char *up = g_ascii_strup(rp_render_slas[i].id, -1);
        ids[i] = g_strconcat("=", up, NULL);
        keys[10 + i] = ids[i];
    }
    keys[19] = "all_slas";
    header(w, row++, 0, keys, "tttnnnnnnnnnnnnnnnnn");
    for (size_t g = 0; g < G_N_ELEMENTS(groups); g++) {
        enum rp_group grp = groups[g];
        const GArray *by =
            grp == RP_GRP_TEAM ? counts(w)->team : counts(w)->owner;
        g_autoptr(GPtrArray) s1 = rp_report_rows(r, RP_MET_SLA_S1, grp);
        g_autoptr(GPtrArray) s2 = rp_report_rows(r, RP_MET_SLA_S2, grp);
        /* every key with S1, S2 or a breach, sorted */
        g_autoptr(GTree) all = g_tree_new((GCompareFunc)strcmp);
        for (guint i = 0; i < s1->len; i++)
            g_tree_insert(all, (gpointer)((struct rp_mrow *)s1->pdata[i])->key,
                          NULL);
        for (guint i = 0; i < s2->len; i++)
            g_tree_insert(all, (gpointer)((struct rp_mrow *)s2->pdata[i])->key,
                          NULL);
        for (guint i = 0; i < by->len; i++)
            g_tree_insert(all,
                          (gpointer)g_array_index(by,
                                                  struct rp_render_breaches, i)
                              .key,
                          NULL);
        GTreeNode *n = g_tree_node_first(all);
        for (; n && !list_full(w, row); n = g_tree_node_next(n), row++) {
            const char *key = g_tree_node_key(n);
            const char *team = grp == RP_GRP_TEAM
                                   ? key
                                   : g_hash_table_lookup(owner_team, key);
            owner_row(w, row, grp, key, team ? team : "(none)",
                      rp_render_breaches_find(by, key));
        }
    }
    list_done(w, head, row - 1, 20, LIST_FREEZE | LIST_REPEAT);
    note(w, row + 1, 10, rp_tr(w->tr, "note.owners"));
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++)
        g_free(ids[i]);
    sheet_end(w);
}

/* ---- Calculator ---------------------------------------------------------- */

static void sheet_calculator(struct wb *w)
{
    const struct rp_render *rr = w->rr;
    const struct rp_report *r = rr->r;
    lxw_row_t row = sheet_title(w, "sheet.calculator");
    double deal, rate, needed, mqls;
    bool ok_deal = rp_report_value(r, RP_MET_CALC_AVG_DEAL, RP_GRP_ALL, "all",
                                   &deal);
    bool ok_rate = rp_report_value(r, RP_MET_CALC_MQL_TO_WON, RP_GRP_ALL,
                                   "all", &rate);
    bool ok_need = rp_report_value(r, RP_MET_CALC_MQLS_NEEDED_PER_MONTH,
                                   RP_GRP_ALL, "all", &needed);
    static const char *const cols[] = {"item", "value", "explain", NULL};
    static const double wd[] = {30, 16, 70};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    row = section(w, row, "section.calculator");
    header(w, row++, 0, cols, "tnt");
    lxw_row_t goal_row = row;
    put_str(w, row, 0, rp_tr(w->tr, "calc.goal"), w->text);
    put_num(w, row, 1, (double)rr->prof->revenue_goal_per_month / 100.0,
            w->input);
    put_str(w, row++, 2, rp_tr(w->tr, "calc.goal_explain"), w->wrap);
    put_str(w, row, 0, rp_tr(w->tr, "calc.deal"), w->text);
    put_value(w, row, 1,
              rp_report_row(r, RP_MET_CALC_AVG_DEAL, RP_GRP_ALL, "all"),
              w->money, false);
    put_str(w, row++, 2, rp_tr(w->tr, "calc.deal_explain"), w->wrap);
    put_str(w, row, 0, rp_tr(w->tr, "calc.rate"), w->text);
    put_value(w, row, 1,
              rp_report_row(r, RP_MET_CALC_MQL_TO_WON, RP_GRP_ALL, "all"),
              w->pct, false);
    put_str(w, row++, 2, rp_tr(w->tr, "calc.rate_explain"), w->wrap);
    put_str(w, row, 0, rp_tr(w->tr, "calc.needed"), w->text);
    if (ok_deal && ok_rate && ok_need) {
        char f[96];
        g_snprintf(f, sizeof(f), "=ROUNDUP(B%u/(B%u*B%u),0)", goal_row + 1,
                   goal_row + 2, goal_row + 3);
        lxw(w, worksheet_write_formula_num(w->ws, row, 1, f, w->count,
                                           needed));
    } else {
        put_na(w, row, 1);
    }
    put_str(w, row++, 2, rp_tr(w->tr, "calc.needed_explain"), w->wrap);
    put_str(w, row, 0, rp_tr(w->tr, "calc.sla"), w->text);
    put_num(w, row, 1, rr->prof->mql_per_month, w->count);
    put_str(w, row++, 2, rp_tr(w->tr, "calc.sla_explain"), w->wrap);
    put_str(w, row, 0, rp_tr(w->tr, "calc.actual"), w->text);
    if (rp_report_value(r, RP_MET_SLA_M1, RP_GRP_ALL, "all", &mqls))
        put_num(w, row, 1, mqls / rp_period_months(&r->period), w->count);
    else
        put_na(w, row, 1);
    put_str(w, row++, 2, rp_tr(w->tr, "calc.actual_explain"), w->wrap);
    note(w, row + 1, 2, rp_tr(w->tr, "note.calculator"));
    sheet_end(w);
}

/* ---- Spend ---------------------------------------------------------------- */

static void spend_row(struct wb *w, lxw_row_t row, enum rp_group group,
                      const char *key, const char *label)
{
    const struct rp_report *r = w->rr->r;
    const struct rp_mrow *cpm = rp_report_row(r, RP_MET_SPEND_COST_PER_MQL,
                                              group, key);
    const struct rp_mrow *cac = rp_report_row(r, RP_MET_SPEND_CAC, group, key);
    put_str(w, row, 0, label, w->text);
    put_value(w, row, 1, rp_report_row(r, RP_MET_SPEND_AMOUNT, group, key),
              w->money, false);
    put_part(w, row, 2, cpm, RP_M_DEN, w->count);
    put_value(w, row, 3, cpm, w->money, false);
    put_part(w, row, 4, cac, RP_M_DEN, w->count);
    put_value(w, row, 5, cac, w->money, false);
}

static void sheet_spend(struct wb *w)
{
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.spend");
    static const char *const cols[] = {"source", "spend", "mqls",
                                       "cost_per_mql", "customers", "cac",
                                       NULL};
    static const double wd[] = {0, 14, 9, 14, 11, 14};
    lxw_row_t head = row;

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    header(w, row++, 0, cols, "tnnnnn");
    g_autoptr(GPtrArray) src = rp_report_rows(r, RP_MET_SPEND_AMOUNT,
                                              RP_GRP_SOURCE);
    for (guint i = 0; i < src->len; i++) {
        const char *key = ((struct rp_mrow *)g_ptr_array_index(src, i))->key;
        spend_row(w, row++, RP_GRP_SOURCE, key, key);
    }
    list_done(w, head, row - 1, 6, LIST_REPEAT);
    spend_row(w, row++, RP_GRP_ALL, "all", rp_tr(w->tr, "col.all"));
    note(w, row + 1, 5, rp_tr(w->tr, "note.spend"));
    sheet_end(w);
}

/* ---- Data Quality ---------------------------------------------------------- */

static void sheet_quality(struct wb *w)
{
    const struct rp_model *m = w->rr->m;
    const struct rp_report *r = w->rr->r;
    lxw_row_t row = sheet_title(w, "sheet.quality");
    static const char *const fcols[] = {"file", "rows_read", "rows_used",
                                        "rows_rejected", "reject_share",
                                        NULL};
    static const char *const acols[] = {"anomaly", "count", NULL};
    static const char *const lcols[] = {"kind", "file", "line", "column",
                                        "problem", "raw", NULL};
    static const double wd[] = {30, 18, 10, 10, 40, 60};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    row = section(w, row, "section.files");
    header(w, row++, 0, fcols, "tnnnn");
    for (int f = 0; f < RP_N_FILES; f++) {
        g_autofree char *name = g_strdup_printf("%s.csv",
                                                rp_model_file_name(f));
        const struct rp_mrow *read = rp_report_row(
            r, RP_MET_QUALITY_ROWS_READ_LEADS + f, RP_GRP_ALL, "all");
        put_str(w, row, 0, name, w->text);
        if (!read) {
            put_str(w, row++, 1, rp_tr(w->tr, "note.absent"), w->na);
            continue;
        }
        put_value(w, row, 1, read, w->count, false);
        put_value(w, row, 2,
                  rp_report_row(r, RP_MET_QUALITY_ROWS_USED_LEADS + f,
                                RP_GRP_ALL, "all"),
                  w->count, false);
        put_value(w, row, 3,
                  rp_report_row(r, RP_MET_QUALITY_ROWS_REJECTED_LEADS + f,
                                RP_GRP_ALL, "all"),
                  w->count, false);
        put_value(w, row, 4,
                  rp_report_row(r, RP_MET_QUALITY_REJECT_SHARE_LEADS + f,
                                RP_GRP_ALL, "all"),
                  w->pct, false);
        row++;
    }
    row++;
    row = section(w, row, "section.anomalies");
    header(w, row++, 0, acols, "tn");
    for (int a = 0; a < RP_N_ANOMALIES; a++) {
        put_str(w, row, 0,
                rp_tr_group(w->tr, "anomaly", rp_model_anomaly_name(a)),
                w->text);
        put_value(w, row++, 1,
                  rp_report_row(r, RP_MET_QUALITY_ANOMALIES_STAGE_ORDER + a,
                                RP_GRP_ALL, "all"),
                  w->count, false);
    }
    row++;
    row = section(w, row, "section.issues");
    lxw_row_t head = row;
    header(w, row++, 0, lcols, "ttnntt");
    guint nr = m->rejects->len, na = m->anomalies->len, i;
    for (i = 0; i < nr + na && i < w->list_rows && !list_full(w, row);
         i++, row++) {
        if (i < nr) {
            const struct rp_reject *rj = g_ptr_array_index(m->rejects, i);
            g_autofree char *f = g_strdup(rp_model_source_name(m, rj->file));
            put_str(w, row, 0, rp_tr(w->tr, "kind.rejected"), w->text);
            put_str(w, row, 1, f, w->wrap);     /* a vendor's long name */
            put_num(w, row, 2, rj->line, w->count);
            if (rj->col)
                put_num(w, row, 3, rj->col, w->count_pad);
            put_str(w, row, 4, rj->reason, w->wrap);
            put_str(w, row, 5, rj->raw, w->wrap);
        } else {
            const struct rp_anomaly_row *a =
                g_ptr_array_index(m->anomalies, i - nr);
            g_autofree char *f = g_strdup(rp_model_source_name(m, a->file));
            put_str(w, row, 0,
                    rp_tr_group(w->tr, "anomaly",
                                rp_model_anomaly_name(a->kind)),
                    w->text);
            put_str(w, row, 1, f, w->wrap);
            put_num(w, row, 2, a->line, w->count);
            put_str(w, row, 4, a->detail, w->wrap);
            put_str(w, row, 5, a->id, w->wrap);
        }
    }
    /* the list starts far down: no frozen rows, its header repeats in
     * print */
    list_done(w, head, row - 1, 6, LIST_REPEAT);
    if (i < nr + na)
        list_cut_note(w, row, nr + na - i, "rejects.csv");
    /* every cell cut so far, this sheet's too; sheet_end need not repeat */
    cut_note(w, "note.cells_cut_all", w->cut_all);
    w->cut_sheet = 0;
    sheet_end(w);
}

/* ---- About ------------------------------------------------------------------ */

static void kv(struct wb *w, lxw_row_t row, const char *key, const char *v)
{
    put_str(w, row, 0, rp_tr(w->tr, key), w->text);
    lxw(w, merge_range(w, row, 1, row, 3, v, w->wrap));
}

static void sheet_about(struct wb *w)
{
    const struct rp_render *rr = w->rr;
    const struct rp_model *m = rr->m;
    lxw_row_t row = sheet_title(w, "sheet.about");
    char when[32];
    static const double wd[] = {28, 40, 68, 12, 11, 11, 11};

    widths(w, 0, wd, G_N_ELEMENTS(wd));
    row = section(w, row, "section.run");
    rp_clock_format(rr->clock, rr->r->as_of, when);
    g_autofree char *profile = g_path_get_basename(rr->prof->path);
    g_autofree char *tmpl = g_path_get_basename(rr->pack->path);
    kv(w, row++, "about.version", "revpack " RP_VERSION);
    kv(w, row++, "about.pack", rp_tr_group(w->tr, "pack", rr->pack->name));
    kv(w, row++, "about.period", rr->period_key);
    kv(w, row++, "about.as_of", when);
    kv(w, row++, "about.timezone", rr->prof->timezone);
    kv(w, row++, "about.currency", rr->prof->currency);
    kv(w, row++, "about.profile", profile);
    kv(w, row++, "about.template", tmpl);
    kv(w, row++, "about.language", w->tr->lang);
    kv(w, row++, "about.command", rr->command_line);
    row++;

    row = section(w, row, "section.inputs");
    static const char *const fcols[] = {"file", "path", "sha256", "bytes",
                                        "rows_read", "rows_used",
                                        "rows_rejected", NULL};
    header(w, row++, 0, fcols, "tttnnnn");
    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *fi = &m->files[f];
        if (!fi->present)
            continue;
        g_autofree char *name = g_strdup_printf("%s.csv",
                                                rp_model_file_name(f));
        put_str(w, row, 0, name, w->text);
        put_str(w, row, 1, fi->path, w->wrap);
        put_str(w, row, 2, fi->sha256, w->mono);
        put_num(w, row, 3, (double)fi->bytes, w->count);
        put_num(w, row, 4, (double)fi->rows_read, w->count);
        put_num(w, row, 5, (double)fi->rows_used, w->count);
        put_num(w, row++, 6, (double)fi->rows_rejected, w->count);
    }
    row++;

    /* how each file was read: which export it was taken for */
    static const char *const hcols[] = {"file", "read_as", "encoding",
                                        "footer_lines", NULL};
    header(w, row++, 0, hcols, "tttn");
    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *fi = &m->files[f];
        if (!fi->present || !fi->mapping)
            continue;
        g_autofree char *name = g_strdup_printf("%s.csv",
                                                rp_model_file_name(f));
        g_autofree char *how = g_strdup_printf("%s (%s)", fi->mapping_name,
                                               fi->mapping);
        put_str(w, row, 0, name, w->text);
        put_str(w, row, 1, how, w->wrap);
        put_str(w, row, 2, fi->encoding_used, w->text);
        if (fi->footer_rule)
            put_num(w, row, 3, (double)fi->trailer_lines, w->count);
        row++;
    }
    if (!rp_model_has_column(m, RP_LEADS, RP_L_SAL_AT)) {
        row++;
        g_autofree char *p = rp_tr_fmt(w->tr, "note.no_sal", "file",
                                       rp_model_source_name(m, RP_LEADS),
                                       NULL);
        lxw(w, worksheet_set_row(w->ws, row, 30, NULL));
        lxw(w, merge_range(w, row, 0, row, 6, p, w->wrap));
        row++;
    }
    row++;

    row = section(w, row, "section.profile");
    static const char *const pcols[] = {"key", "value_text", NULL};
    header(w, row++, 0, pcols, "tt");
    g_autoptr(GPtrArray) prof = rp_profile_describe(rr->prof);
    for (guint i = 0; i + 1 < prof->len; i += 2) {
        put_str(w, row, 0, g_ptr_array_index(prof, i), w->text);
        lxw(w, merge_range(w, row, 1, row, 3, g_ptr_array_index(prof, i + 1),
                           w->wrap));
        row++;
    }
    row++;

    /* what the figures mean, in the workbook's language */
    row = section(w, row, "section.definitions");
    for (int i = 1;; i++) {
        char key[32];
        g_snprintf(key, sizeof(key), "definition.d%02d", i);
        const char *p = rp_tr_opt(w->tr, key);
        if (!p)
            break;
        /* about 170 characters (85 wide ones) a line across A:G */
        double lines = ceil(text_width(p) / 1.1 / 170);
        lxw(w, worksheet_set_row(w->ws, row, 14.0 * MAX(lines, 1), NULL));
        lxw(w, merge_range(w, row, 0, row, 6, p, w->wrap));
        row++;
    }
    sheet_end(w);
}

/* ---- the workbook ----------------------------------------------------------- */

/* The sheets a pack template may name, and their writers.  Adding a sheet
 * is one line here, a writer above, and its labels. */
static const struct {
    const char *id;
    void (*write)(struct wb *w);
} sheets[] = {
    {"summary", sheet_summary},     {"funnel", sheet_funnel},
    {"flow", sheet_flow},
    {"winrate", sheet_winrate},     {"velocity", sheet_velocity},
    {"sla_marketing", sheet_sla_marketing},
    {"sla_sales", sheet_sla_sales}, {"breaches", sheet_breaches},
    {"owners", sheet_owners},       {"calculator", sheet_calculator},
    {"spend", sheet_spend},         {"quality", sheet_quality},
    {"about", sheet_about}};

const char *rp_workbook_sheet_id(size_t i)
{
    return i < G_N_ELEMENTS(sheets) ? sheets[i].id : NULL;
}

static lxw_format *fmt(lxw_workbook *b, const char *num, unsigned flags)
{
    lxw_format *f = workbook_add_format(b);
    if (num)
        format_set_num_format(f, num);
    if (flags & 1)
        format_set_bold(f);
    if (flags & 2)
        format_set_italic(f);
    if (flags & 4)
        format_set_font_color(f, 0x595959);
    format_set_font_name(f, "Calibri");
    format_set_font_size(f, 10);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);  /* beside wrapped text */
    return f;
}

static void formats(struct wb *w)
{
    lxw_workbook *b = w->book;
    char money[64];
    rp_fmt_currency_xlsx(w->rr->prof->currency, money, sizeof(money));

    w->title = fmt(b, NULL, 1);
    format_set_font_size(w->title, 15);
    w->subtitle = fmt(b, NULL, 4);
    w->section = fmt(b, NULL, 1);
    format_set_font_size(w->section, 12);
    format_set_font_color(w->section, 0x1F4E79);
    w->side = fmt(b, NULL, 1);
    format_set_font_color(w->side, 0x1F4E79);
    format_set_bg_color(w->side, 0xF2F2F2);
    w->h = fmt(b, NULL, 1);
    format_set_bg_color(w->h, 0xDDEBF7);
    format_set_bottom(w->h, LXW_BORDER_THIN);
    format_set_text_wrap(w->h);
    format_set_align(w->h, LXW_ALIGN_VERTICAL_TOP);
    w->hn = fmt(b, NULL, 1);
    format_set_bg_color(w->hn, 0xDDEBF7);
    format_set_bottom(w->hn, LXW_BORDER_THIN);
    format_set_text_wrap(w->hn);
    format_set_align(w->hn, LXW_ALIGN_RIGHT);
    format_set_align(w->hn, LXW_ALIGN_VERTICAL_TOP);
    w->hc = fmt(b, NULL, 1);
    format_set_bg_color(w->hc, 0xDDEBF7);
    format_set_bottom(w->hc, LXW_BORDER_THIN);
    format_set_text_wrap(w->hc);
    format_set_align(w->hc, LXW_ALIGN_CENTER);
    format_set_align(w->hc, LXW_ALIGN_VERTICAL_TOP);
    w->text = fmt(b, NULL, 0);
    format_set_align(w->text, LXW_ALIGN_VERTICAL_TOP);
    w->center = fmt(b, NULL, 0);
    format_set_align(w->center, LXW_ALIGN_CENTER);
    format_set_align(w->center, LXW_ALIGN_VERTICAL_TOP);
    w->wrap = fmt(b, NULL, 0);
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    w->note = fmt(b, NULL, 2 | 4);
    format_set_text_wrap(w->note);
    format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
    w->count = fmt(b, "#,##0", 0);
    /* a count with a space after it, for one beside left-aligned text */
    w->count_pad = fmt(b, "#,##0_)", 0);
    w->pct = fmt(b, "0.0%", 0);
    w->money = fmt(b, money, 0);
    w->hours = fmt(b, "#,##0.0", 0);
    w->days = fmt(b, "#,##0.0", 0);
    w->dt = fmt(b, "yyyy-mm-dd hh:mm", 0);
    w->pp = fmt(b, rp_tr(w->tr, "format.points"), 0);
    w->delta = fmt(b, "+#,##0;-#,##0;0", 0);
    w->na = fmt(b, NULL, 2 | 4);
    format_set_align(w->na, LXW_ALIGN_RIGHT);
    w->mono = fmt(b, NULL, 0);
    format_set_font_name(w->mono, "Consolas");
    w->input = fmt(b, money, 1);
    format_set_bg_color(w->input, 0xFFF2CC);
    format_set_border(w->input, LXW_BORDER_THIN);

    w->tile_label = fmt(b, NULL, 1 | 4);
    w->tile_sub = fmt(b, NULL, 4);
    lxw_format **tiles[] = {&w->tile_count, &w->tile_pct, &w->tile_money,
                            &w->tile_days};
    const char *nums[] = {"#,##0", "0.0%", money, rp_tr(w->tr, "format.days")};
    for (int i = 0; i < 4; i++) {
        *tiles[i] = fmt(b, nums[i], 1);
        format_set_font_size(*tiles[i], 16);
        format_set_align(*tiles[i], LXW_ALIGN_LEFT);
        format_set_align(*tiles[i], LXW_ALIGN_VERTICAL_CENTER);
        format_set_bg_color(*tiles[i], 0xF2F2F2);
        format_set_font_color(*tiles[i], 0x1F4E79);
    }
    format_set_bg_color(w->tile_label, 0xF2F2F2);
    format_set_bg_color(w->tile_sub, 0xF2F2F2);
    format_set_text_wrap(w->tile_sub);
    format_set_align(w->tile_sub, LXW_ALIGN_VERTICAL_TOP);

    w->pass = workbook_add_format(b);
    format_set_bg_color(w->pass, 0xC6EFCE);
    format_set_font_color(w->pass, 0x006100);
    format_set_bold(w->pass);
    w->fail = workbook_add_format(b);
    format_set_bg_color(w->fail, 0xFFC7CE);
    format_set_font_color(w->fail, 0x9C0006);
    format_set_bold(w->fail);
}

int rp_workbook_write(const struct rp_render *rr, const char *path,
                      struct rp_err *err)
{
    struct rp_loc loc = {path, 0, 0};
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .use_zip64 = LXW_TRUE};
    struct wb w = {.rr = rr, .tr = rr->tr, .max_rows = LXW_ROW_MAX};

    w.list_rows = (size_t)rr->prof->list_rows;
    w.book = workbook_new_opt(path, &opt);
    if (!w.book)
        return rp_err_set(err, RP_ECANTCREAT, &loc, "cannot create workbook");
    formats(&w);

    g_autofree char *title = rp_render_title(rr);
    lxw_doc_properties props = {
        .title = title, .author = "revpack", .company = "",
        .comments = "revpack " RP_VERSION,
        .created = (time_t)rr->r->as_of};
    lxw(&w, workbook_set_properties(w.book, &props));

    for (char **id = rr->pack->sheets; *id && !w.err; id++) {
        if (strcmp(*id, "spend") == 0 && !rr->m->files[RP_SPEND].present)
            continue;
        for (size_t i = 0; i < G_N_ELEMENTS(sheets); i++)
            if (strcmp(sheets[i].id, *id) == 0 && sheet_begin(&w, *id))
                sheets[i].write(&w);
    }
    rp_render_counts_clear(&w.counts);
    lxw_error e = workbook_close(w.book);
    if (w.err != LXW_NO_ERROR)
        return rp_err_set(err, RP_EIO, &loc,
                          "cannot write workbook: sheet '%s': %s "
                          "(workbook.c:%d)",
                          w.err_sheet ? w.err_sheet : "", lxw_strerror(w.err),
                          w.err_line);
    if (e != LXW_NO_ERROR)
        return rp_err_set(err, RP_EIO, &loc, "cannot write workbook: %s",
                          lxw_strerror(e));
    return 0;
}
