/* canvas.c - text, ticks and the SVG/PNG surfaces the charts draw on.  A
 * leaf: it knows nothing of reports or charts. */
#include "revpack/canvas.h"
#include "revpack/fmt.h"

#include <cairo-svg.h>
#include <cairo-tee.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

/* Latin from DejaVu, Chinese from Noto CJK by fontconfig fallback. */
#define FONT_FAMILY "DejaVu Sans, Noto Sans CJK SC"

void rp_canvas_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0,
                         ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0);
}

/* Fontconfig reads its configuration and font caches once per process:
 * 3.6 ms, on a thread of its own while the data is read (rp_canvas_warm),
 * where the first text of the first chart waited for it (its layout 5.5
 * -> 1.9 ms).  Started and joined by the thread that draws; a run that
 * draws nothing does not wait for it (rp_canvas_shutdown). */
static GThread *warming;

static gpointer fc_init(gpointer unused)
{
    (void)unused;
    FcInit();
    return NULL;
}

void rp_canvas_warm(unsigned jobs)
{
    if (jobs > 1 && !warming)
        warming = g_thread_new("revpack-fonts", fc_init, NULL);
}

static void warmed(void)
{
    if (warming) {
        g_thread_join(warming);
        warming = NULL;
    }
}

static PangoLayout *layout(struct rp_canvas *c, const char *s, double maxw,
                           double size, unsigned flags)
{
    warmed();
    PangoLayout *l = pango_cairo_create_layout(c->cr);
    PangoFontDescription *fd = pango_font_description_from_string(FONT_FAMILY);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    if (flags & RP_TX_BOLD)
        pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    /* metrics independent of the surface, so SVG, PNG and PDF agree */
    PangoContext *ctx = pango_layout_get_context(l);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_layout_context_changed(l);
    pango_layout_set_text(l, s, -1);
    if (maxw > 0) {
        pango_layout_set_width(l, (int)(maxw * PANGO_SCALE));
        if (flags & RP_TX_WRAP) {
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        } else {
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
            pango_layout_set_single_paragraph_mode(l, TRUE);
        }
    }
    if (flags & RP_TX_RIGHT)
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    else if (flags & RP_TX_CENTER)
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    return l;
}

double rp_canvas_text_width(struct rp_canvas *c, const char *s, double size,
                     unsigned flags)
{
    PangoLayout *l = layout(c, s, 0, size, flags);
    PangoRectangle ink, log;
    pango_layout_get_extents(l, &ink, &log);
    g_object_unref(l);
    return (double)log.width / PANGO_SCALE;
}

gboolean rp_canvas_text_fits(struct rp_canvas *c, const char *s, double maxw,
                      double size, unsigned flags)
{
    return rp_canvas_text_width(c, s, size, flags) <= maxw + 0.01;
}

double rp_canvas_text(struct rp_canvas *c, const char *s, double x, double y,
                    double maxw, double size, unsigned flags, uint32_t rgb)
{
    if (!s || !*s)
        return 0;
    double w = maxw > 0 ? maxw : rp_canvas_text_width(c, s, size, flags);
    PangoLayout *l = layout(c, s, w, size, flags);
    PangoRectangle log;
    pango_layout_get_extents(l, NULL, &log);
    double h = (double)log.height / PANGO_SCALE;

    /* x is the left edge, the right edge (RIGHT) or the centre (CENTER)
     * of the box of width w */
    if (flags & RP_TX_RIGHT)
        x -= w;
    else if (flags & RP_TX_CENTER)
        x -= w / 2;
    if (flags & RP_TX_MIDDLE)
        y -= h / 2;
    cairo_save(c->cr);
    rp_canvas_rgb(c->cr, rgb);
    cairo_move_to(c->cr, x, y);
    pango_cairo_show_layout(c->cr, l);
    cairo_restore(c->cr);
    g_object_unref(l);
    if (c->alt) {
        g_autofree char *clean = rp_fmt_no_bidi(s);
        if (c->alt->len)
            g_string_append(c->alt, " | ");
        g_string_append(c->alt, clean);
    }
    return h;
}

int rp_canvas_ticks(double lo, double hi, int max_n, double *ticks)
{
    if (!(hi > lo)) {
        hi = lo + 1;
    }
    if (max_n < 1)
        max_n = 1;
    double raw = (hi - lo) / max_n;
    double mag = pow(10, floor(log10(raw)));
    double step = mag;
    static const double mult[] = {1, 2, 5, 10};
    for (size_t i = 0; i < G_N_ELEMENTS(mult); i++) {
        step = mult[i] * mag;
        if (step >= raw - 1e-12 * mag)
            break;
    }
    double first = floor(lo / step + 1e-9) * step;
    int n = 0;
    for (double t = first; n < 32; t = first + n * step) {
        ticks[n++] = fabs(t) < step * 1e-9 ? 0 : t;
        if (t >= hi - 1e-9 * step)
            break;
    }
    return n;
}

static cairo_status_t to_gstring(void *closure, const unsigned char *data,
                                 unsigned int len)
{
    g_string_append_len(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void png_to_bytes(png_structp png, png_bytep data, png_size_t len)
{
    g_byte_array_append(png_get_io_ptr(png), data, (guint)len);
}

static void png_flush(png_structp png)
{
    (void)png;
}

/* Row @src of @w xRGB pixels (cairo's RGB24, native order) as @w RGB
 * triples into @dst, which has 16 bytes of room past them. */
static void rgb_row_plain(const uint32_t *src, png_bytep dst, int w)
{
    for (int x = 0; x < w; x++) {
        dst[3 * x] = (png_byte)(src[x] >> 16);
        dst[3 * x + 1] = (png_byte)(src[x] >> 8);
        dst[3 * x + 2] = (png_byte)src[x];
    }
}

#if defined(__x86_64__) || defined(__i386__)
/* The same four pixels a shuffle (SSSE3: most x86-64 CPUs since 2006,
 * not AMD's before 2011; asked at run time), instead of three byte stores
 * each: the plain loop was a quarter of the PNGs' time (9 sample charts:
 * 1600 x 900 each). */
__attribute__((target("ssse3"))) static void
rgb_row_ssse3(const uint32_t *src, png_bytep dst, int w)
{
    const __m128i order = _mm_setr_epi8(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13,
                                        12, -1, -1, -1, -1);
    int x = 0;

    for (; x + 4 <= w; x += 4) {    /* 12 bytes each, 16 written */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(src + x));
        _mm_storeu_si128((__m128i *)(void *)(dst + 3 * x),
                         _mm_shuffle_epi8(v, order));
    }
    rgb_row_plain(src + x, dst + 3 * x, w - x);
}
#endif

/* cairo's own PNG writer compresses at zlib's default level, which took
 * 75% of a sample pack's time.  Charts are flat colour on white: level 3
 * without row filters writes them 3x faster than that, and smaller than
 * the Up filter does (9 sample charts: 84 ms and 810 KB against 103 ms
 * and 862 KB).  Same pixels, same bytes. */
static int write_png(cairo_surface_t *s, GByteArray *out)
{
    int w = cairo_image_surface_get_width(s),
        h = cairo_image_surface_get_height(s),
        stride = cairo_image_surface_get_stride(s);
    const unsigned char *px = cairo_image_surface_get_data(s);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
                                              NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep row = g_malloc((gsize)w * 3 + 16);
    void (*rgb_row)(const uint32_t *, png_bytep, int) = rgb_row_plain;
#if defined(__x86_64__) || defined(__i386__)
    if (__builtin_cpu_supports("ssse3"))
        rgb_row = rgb_row_ssse3;
#endif

    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, info ? &info : NULL);
        g_free(row);
        return -1;
    }
    png_set_write_fn(png, out, png_to_bytes, png_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 3);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        rgb_row((const uint32_t *)(const void *)(px + (size_t)y * stride),
                row, w);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    g_free(row);
    return 0;
}

static void draw_on(rp_canvas_draw_fn draw, const void *data,
                    cairo_surface_t *s, double w, double h, double scale,
                    GString *alt)
{
    cairo_t *cr = cairo_create(s);
    struct rp_canvas c = {cr, w, h, alt};
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw(&c, data);
    cairo_destroy(cr);
}

/* Cairo's SVG has ids (glyph0-1, clip1) that repeat from file to file:
 * prefix them so several charts can live in one HTML page, and add the
 * chart's words as <title> and <desc> (escaped) for search and screen
 * readers.  Ids "surfaceN" and "imageN" carry cairo's process-wide
 * surface count, which depends on everything drawn before (other charts,
 * the deck, earlier burst parts, other threads): they are numbered again,
 * in order of first use, so the bytes do not. */
static GString *finish_svg(const GString *raw, const char *id,
                           const char *title, const char *desc)
{
    GString *out = g_string_sized_new(raw->len + 1024);
    const char *p = raw->str;
    const char *svg = strstr(p, "<svg");
    const char *open_end = svg ? strchr(svg, '>') : NULL;
    g_autofree char *t = g_markup_escape_text(title, -1);
    g_autofree char *d = g_markup_escape_text(desc, -1);
    g_autoptr(GArray) surfaces = g_array_new(FALSE, FALSE, sizeof(guint64));

    if (!open_end) {
        g_string_append_len(out, raw->str, (gssize)raw->len);
        return out;
    }
    g_string_append_len(out, p, open_end + 1 - p);
    g_string_append_printf(out, "\n<title>%s</title>\n<desc>%s</desc>", t, d);
    /* copied in runs between the references, each found from its first
     * letter: a byte-at-a-time copy was 4% of a sample pack */
    const char *run = open_end + 1;
    for (p = run; (p = strpbrk(p, "ihu"));) {
        static const char *const refs[] = {"id=\"", "href=\"#", "url(#"};
        static const char *const counted[] = {"surface", "image"};
        size_t n = rp_fmt_prefix(p, refs, G_N_ELEMENTS(refs), NULL), k;
        if (!n) {
            p++;
            continue;
        }
        g_string_append_len(out, run, p + n - run);
        g_string_append_printf(out, "%s-", id);
        run = p += n;
        size_t m = rp_fmt_prefix(p, counted, G_N_ELEMENTS(counted), &k);
        if (m && g_ascii_isdigit(p[m])) {
            char *end;
            guint64 was = g_ascii_strtoull(p + m, &end, 10);
            guint i = 0;    /* one count: both are surface numbers */
            while (i < surfaces->len &&
                   g_array_index(surfaces, guint64, i) != was)
                i++;
            if (i == surfaces->len)
                g_array_append_val(surfaces, was);
            g_string_append_printf(out, "%s%u", counted[k], i + 1);
            run = p = end;
        }
    }
    g_string_append(out, run);
    return out;
}

static int cairo_failed(struct rp_err *err, const char *id,
                        cairo_status_t st)
{
    return rp_err_set(err, RP_EIO, NULL, "chart %s: %s", id,
                      cairo_status_to_string(st));
}

int rp_canvas_render(rp_canvas_draw_fn draw, const void *data, double w,
                     double h, cairo_surface_t *reuse, const char *id,
                     const char *title, GString **svg_out,
                     cairo_surface_t **raster_out, struct rp_err *err)
{
    g_autoptr(GString) raw = g_string_new(NULL);
    g_autoptr(GString) alt = g_string_new(NULL);
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_gstring, raw,
                                                             w, h);
    cairo_surface_t *img = reuse;
    cairo_surface_t *tee = cairo_tee_surface_create(s);

    /* every pixel is painted white first (draw_on): what the raster held
     * is gone */
    if (img && (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS ||
                cairo_image_surface_get_format(img) != CAIRO_FORMAT_RGB24 ||
                cairo_image_surface_get_width(img) != (int)w * 2 ||
                cairo_image_surface_get_height(img) != (int)h * 2)) {
        cairo_surface_destroy(img);
        img = NULL;
    }
    if (!img)
        img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w * 2,
                                         (int)h * 2);
    cairo_svg_surface_restrict_to_version(s, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PX);
    cairo_surface_set_device_scale(img, 2, 2);
    cairo_tee_surface_add(tee, img);
    draw_on(draw, data, tee, w, h, 1, alt);
    cairo_status_t st = cairo_surface_status(tee);
    cairo_surface_destroy(tee);
    cairo_surface_finish(s);
    cairo_surface_flush(img);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(s);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(img);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return cairo_failed(err, id, st);
    }
    *svg_out = finish_svg(raw, id, title, alt->str);
    *raster_out = img;
    return 0;
}

int rp_canvas_png(cairo_surface_t *raster, const char *id, GByteArray *out,
                  struct rp_err *err)
{
    return write_png(raster, out) == 0
               ? 0
               : cairo_failed(err, id, CAIRO_STATUS_WRITE_ERROR);
}

#ifdef RP_LEAK_CHECK
/* The default font map may be finalised on a pango worker thread (the
 * GTask that initialises fontconfig holds a reference until it ends), so
 * dropping our reference does not mean the fonts are gone.  Wait for the
 * finalisation before tearing down cairo's caches: resetting them while a
 * font is alive trips cairo's assertion (live_entries == 0). */
static GMutex fin_lock;
static GCond fin_cond;
static gboolean fin_done;

static void font_map_gone(gpointer data)
{
    (void)data;
    g_mutex_lock(&fin_lock);
    fin_done = TRUE;
    g_cond_broadcast(&fin_cond);
    g_mutex_unlock(&fin_lock);
}

void rp_canvas_shutdown(void)
{
    warmed();
    PangoFontMap *fm = pango_cairo_font_map_get_default();

    fin_done = FALSE;
    /* qdata is cleared by GObject's own finalize, which the font map
     * chains up to last: later than a weak reference (dispose) */
    g_object_set_data_full(G_OBJECT(fm), "rp-finalised", fm, font_map_gone);
    pango_cairo_font_map_set_default(NULL);
    g_mutex_lock(&fin_lock);
    while (!fin_done)
        g_cond_wait(&fin_cond, &fin_lock);
    g_mutex_unlock(&fin_lock);
    cairo_debug_reset_static_data();
    FcFini();
}
#else
void rp_canvas_shutdown(void)
{
    /* Production: the process exit frees the font caches, and ends the
     * thread reading fontconfig's configuration if a run that failed
     * never drew (with no font cache yet, that read can take seconds).
     * Cairo's cairo_debug_reset_static_data() is a leak-checking aid
     * only. */
}
#endif
