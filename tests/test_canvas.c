/* Unit tests for the layout helpers of the charts: axis ticks, number
 * formatting and text fitting (chart.c, fmt.c), and the bytes a drawing
 * renders to (canvas.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <math.h>
#include <glib.h>

#include "revpack/canvas.h"
#include "revpack/fmt.h"

static void expect_ticks(double lo, double hi, int max_n, const double *want,
                         int n_want)
{
    double t[32];
    int n = rp_canvas_ticks(lo, hi, max_n, t);
    assert_int_equal(n, n_want);
    for (int i = 0; i < n; i++)
        assert_true(fabs(t[i] - want[i]) < 1e-9);
}

static void test_ticks(void **state)
{
    (void)state;
    /* a rate axis: 0.25 a step is not 1-2-5, so 0.5 */
    expect_ticks(0, 1, 4, (double[]){0, 0.5, 1}, 3);
    /* MQL volume up to 600.5: steps of 200 (120 rounds up to 200) */
    expect_ticks(0, 600.48, 5, (double[]){0, 200, 400, 600, 800}, 5);
    /* 0..47 in at most 5 steps: 10 */
    expect_ticks(0, 47, 5, (double[]){0, 10, 20, 30, 40, 50}, 6);
    /* money: 0..21,900 -> 5,000 */
    expect_ticks(0, 21900, 5, (double[]){0, 5000, 10000, 15000, 20000, 25000},
                 6);
    /* an empty range still gives an axis */
    expect_ticks(0, 0, 5, (double[]){0, 0.2, 0.4, 0.6, 0.8, 1}, 6);
}

static void test_numbers(void **state)
{
    (void)state;
    char b[64];
    rp_fmt_count(1234567.5, b, sizeof(b));
    assert_string_equal(b, "1,234,568");
    rp_fmt_count(-1000, b, sizeof(b));
    assert_string_equal(b, "-1,000");
    rp_fmt_pct(0.4125, 1, b, sizeof(b));
    assert_string_equal(b, "41.3%");
    rp_fmt_pct(0.875, 0, b, sizeof(b));
    assert_string_equal(b, "88%");
    rp_fmt_fixed(-0.04, 1, b, sizeof(b));
    assert_string_equal(b, "0.0");          /* no "-0.0" */
    rp_fmt_money(1234567, "USD", "1000:K,1000000:M", b, sizeof(b));
    assert_string_equal(b, "$1.2M");
    rp_fmt_money(12000, "USD", "1000:K,1000000:M", b, sizeof(b));
    assert_string_equal(b, "$12K");
    rp_fmt_money(999, "USD", "1000:K,1000000:M", b, sizeof(b));
    assert_string_equal(b, "$999");
    rp_fmt_money(-2500, "USD", "1000:K", b, sizeof(b));
    assert_string_equal(b, "-$2.5K");
    rp_fmt_money(1190000, "CNY", "10000:\xe4\xb8\x87,100000000:\xe4\xba\xbf",
                 b, sizeof(b));
    assert_string_equal(b, "\xc2\xa5" "119\xe4\xb8\x87");   /* ¥119万 */
    rp_fmt_money(1234567, "CHF", "", b, sizeof(b));
    assert_string_equal(b, "1,234,567 CHF");
    rp_fmt_currency_xlsx("USD", b, sizeof(b));
    assert_string_equal(b, "\"$\"#,##0;-\"$\"#,##0");
}

static void test_text_fit(void **state)
{
    (void)state;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400,
                                                    100);
    cairo_t *cr = cairo_create(s);
    struct rp_canvas c = {cr, 400, 100, g_string_new(NULL)};
    const char *longname = "Enterprise Partner Referral Programme EMEA";

    assert_true(rp_canvas_text_fits(&c, "Web", 100, 12, 0));
    assert_false(rp_canvas_text_fits(&c, longname, 100, 12, 0));
    /* bold is wider than regular */
    assert_true(rp_canvas_text_width(&c, longname, 12, RP_TX_BOLD) >
                rp_canvas_text_width(&c, longname, 12, 0));
    /* Chinese takes room too (font fallback to Noto CJK) */
    assert_true(rp_canvas_text_width(&c, "\xe7\xba\xbf\xe7\xb4\xa2", 12, 0) > 12);
    /* drawing in a box records the full text for the SVG description */
    double h = rp_canvas_text(&c, longname, 0, 0, 100, 12, 0, RP_INK);
    assert_true(h > 10 && h < 20);          /* one line: shortened */
    assert_string_equal(c.alt->str, longname);
    /* wrapping instead takes more lines */
    double h2 = rp_canvas_text(&c, longname, 0, 0, 100, 12, RP_TX_WRAP, RP_INK);
    assert_true(h2 > 2 * h);
    g_string_free(c.alt, TRUE);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* The first listed prefix wins; none is 0; an empty text matches none. */
static void test_prefix(void **state)
{
    static const char *const refs[] = {"id=\"", "href=\"#", "url(#"};
    size_t k = 99;
    (void)state;
    assert_int_equal(rp_fmt_prefix("href=\"#glyph0-1\"", refs, 3, &k), 7);
    assert_int_equal(k, 1);
    assert_int_equal(rp_fmt_prefix("url(#clip1)", refs, 3, NULL), 5);
    assert_int_equal(rp_fmt_prefix("href=\"x\"", refs, 3, &k), 0);
    assert_int_equal(k, 1);                 /* left as it was */
    assert_int_equal(rp_fmt_prefix("", refs, 3, NULL), 0);
    assert_int_equal(rp_fmt_prefix("id", refs, 3, NULL), 0);
}

/* A picture with a word and an embedded image (an image surface painted
 * as a pattern: cairo's SVG names it by its process-wide surface count). */
static void draw_picture(struct rp_canvas *c, const void *data)
{
    cairo_surface_t *dot = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 4,
                                                      4);
    (void)data;
    rp_canvas_text(c, "Won", 10, 10, 0, 12, 0, 0x1F4E79);
    cairo_set_source_surface(c->cr, dot, 40, 40);
    cairo_paint(c->cr);
    cairo_surface_destroy(dot);
}

/* The picture drawn (on @reuse, if not NULL), its PNG into @png; its
 * raster into *@kept, or destroyed when @kept is NULL. */
static GString *picture_svg(GByteArray *png, cairo_surface_t *reuse,
                            cairo_surface_t **kept)
{
    GString *svg = NULL;
    cairo_surface_t *raster = NULL;
    struct rp_err err;

    assert_int_equal(rp_canvas_render(draw_picture, NULL, 80, 60, reuse,
                                      "pic", "A title", &svg, &raster, &err),
                     0);
    assert_int_equal(cairo_image_surface_get_width(raster), 160);
    assert_int_equal(cairo_image_surface_get_height(raster), 120);
    assert_int_equal(rp_canvas_png(raster, "pic", png, &err), 0);
    if (kept)
        *kept = raster;
    else
        cairo_surface_destroy(raster);
    return svg;
}

/* A surface of @w x @h painted red. */
static cairo_surface_t *red(int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_paint(cr);
    cairo_destroy(cr);
    return s;
}

/* A raster drawn on again holds only the new drawing (the same PNG bytes
 * as on a new raster); one of another size is not drawn on. */
static void test_render_reuse(void **state)
{
    (void)state;
    g_autoptr(GByteArray) fresh = g_byte_array_new();
    g_autoptr(GByteArray) again = g_byte_array_new();
    g_autoptr(GByteArray) other = g_byte_array_new();
    cairo_surface_t *used = red(160, 120), *got = NULL;
    g_autoptr(GString) a = picture_svg(fresh, NULL, NULL);
    g_autoptr(GString) b = picture_svg(again, used, &got);
    assert_ptr_equal(got, used);
    cairo_surface_destroy(got);
    g_autoptr(GString) c = picture_svg(other, red(10, 10), NULL);

    assert_string_equal(a->str, b->str);
    assert_int_equal(fresh->len, again->len);
    assert_memory_equal(fresh->data, again->data, fresh->len);
    assert_int_equal(fresh->len, other->len);
    assert_memory_equal(fresh->data, other->data, fresh->len);
}

/* The same drawing gives the same SVG and PNG bytes whatever was drawn
 * before it in the process: cairo's surface-numbered ids are numbered
 * again from 1, and every id carries the chart's prefix. */
static void test_render_bytes(void **state)
{
    (void)state;
    g_autoptr(GByteArray) png1 = g_byte_array_new();
    g_autoptr(GByteArray) png2 = g_byte_array_new();
    g_autoptr(GString) a = picture_svg(png1, NULL, NULL);
    for (int i = 0; i < 5; i++)     /* surfaces made in between */
        cairo_surface_destroy(
            cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2, 2));
    g_autoptr(GString) b = picture_svg(png2, NULL, NULL);

    assert_string_equal(a->str, b->str);
    assert_int_equal(png1->len, png2->len);
    assert_memory_equal(png1->data, png2->data, png1->len);
    assert_non_null(strstr(a->str, "<title>A title</title>"));
    assert_non_null(strstr(a->str, "<desc>Won</desc>"));
    assert_non_null(strstr(a->str, "id=\"pic-image1\""));
    assert_non_null(strstr(a->str, "href=\"#pic-image1\""));
    assert_non_null(strstr(a->str, "id=\"pic-surface"));
    assert_null(strstr(a->str, "id=\"glyph"));     /* all prefixed */
    assert_memory_equal(png1->data, "\x89PNG\r\n\x1a\n", 8);
}

struct png_read {
    const GByteArray *png;
    guint at;
};

static cairo_status_t read_png(void *closure, unsigned char *data,
                               unsigned int len)
{
    struct png_read *r = closure;
    if (r->at + len > r->png->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->png->data + r->at, len);
    r->at += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A PNG has every pixel of its raster: rows of 1 to 9 pixels (the
 * shuffle takes four at a time, then one by one), each pixel's red,
 * green and blue different, read back by cairo's own PNG reader. */
static void test_png_pixels(void **state)
{
    (void)state;
    for (int w = 1; w <= 9; w++) {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                        w, 3);
        uint32_t want[9 * 3];
        cairo_surface_flush(s);
        for (int y = 0; y < 3; y++) {
            uint32_t *row = (uint32_t *)(void *)(
                cairo_image_surface_get_data(s) +
                y * cairo_image_surface_get_stride(s));
            for (int x = 0; x < w; x++) {
                uint32_t r = (uint32_t)(17 * x + 3), g = (uint32_t)(40 * y + 1),
                         b = (uint32_t)(250 - 11 * x - y);
                row[x] = want[y * w + x] = r << 16 | g << 8 | b;
            }
        }
        cairo_surface_mark_dirty(s);
        g_autoptr(GByteArray) png = g_byte_array_new();
        struct rp_err err;
        assert_int_equal(rp_canvas_png(s, "px", png, &err), 0);
        struct png_read r = {png, 0};
        cairo_surface_t *back =
            cairo_image_surface_create_from_png_stream(read_png, &r);
        assert_int_equal(cairo_surface_status(back), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(back), w);
        for (int y = 0; y < 3; y++) {
            const uint32_t *row = (const uint32_t *)(const void *)(
                cairo_image_surface_get_data(back) +
                y * cairo_image_surface_get_stride(back));
            for (int x = 0; x < w; x++)
                assert_int_equal(row[x] & 0xFFFFFF, want[y * w + x]);
        }
        cairo_surface_destroy(back);
        cairo_surface_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_text_fit),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_render_bytes),
        cmocka_unit_test(test_render_reuse),
        cmocka_unit_test(test_png_pixels),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rp_canvas_shutdown();
    return rc;
}
