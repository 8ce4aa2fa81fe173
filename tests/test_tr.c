/* Unit tests for i18n.c and pack.c: the shipped label files and pack
 * templates, placeholders, and the errors a bad template gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib.h>

#include "revpack/chart.h"
#include "revpack/deck.h"
#include "revpack/pack.h"
#include "revpack/tr.h"
#include "revpack/workbook.h"

/* What the renderers can build, from their own tables. */
static const struct rp_pack_known known = {
    rp_workbook_sheet_id, rp_chart_id, rp_deck_page_id};

static struct rp_tr *load(const char *lang)
{
    struct rp_err err = {0};
    g_autofree char *name = g_strdup_printf("templates/i18n/%s.ini", lang);
    struct rp_tr *t = rp_tr_load_path(lang, name, &err);
    assert_non_null(t);
    return t;
}

/* en.ini and zh.ini have the same keys and keep the same placeholders. */
static void test_same_keys(void **state)
{
    (void)state;
    struct rp_tr *en = load("en"), *zh = load("zh");
    GHashTableIter it;
    gpointer k, v;

    assert_int_equal(g_hash_table_size(en->labels),
                     g_hash_table_size(zh->labels));
    g_hash_table_iter_init(&it, en->labels);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const char *z = g_hash_table_lookup(zh->labels, k);
        if (!z)
            fail_msg("zh.ini lacks %s", (char *)k);
        /* every {name} of the English label is in the Chinese one */
        for (const char *p = v; (p = strchr(p, '{')); p++) {
            const char *e = strchr(p, '}');
            g_autofree char *ph = g_strndup(p, (gsize)(e - p + 1));
            if (!strstr(z, ph))
                fail_msg("zh %s lacks %s", (char *)k, ph);
        }
    }
    rp_tr_free(en);
    rp_tr_free(zh);
}

static void test_expand(void **state)
{
    (void)state;
    struct rp_tr *en = load("en");
    g_autofree char *s = rp_tr_fmt(en, "story.volume_up", "from", "190", "now",
                                "209", "target", "200", "needed", "260", NULL);
    assert_string_equal(s, "MQLs rose from 190 to 209 against an SLA of 200; "
                           "the revenue goal needs 260.");
    /* a missing key shows as itself and is remembered */
    assert_string_equal(rp_tr(en, "nope.key"), "nope.key");
    g_autoptr(GPtrArray) miss = rp_tr_missing(en);
    assert_int_equal(miss->len, 1);
    assert_null(rp_tr_opt(en, "detail.phone"));
    assert_string_equal(rp_tr_opt(en, "detail.role"), "job title");
    /* unknown placeholders and lone braces stay as written */
    g_hash_table_replace(en->labels, g_strdup("t.x"), g_strdup("{a} {b} {"));
    g_autofree char *u = rp_tr_fmt(en, "t.x", "a", "1", NULL);
    assert_string_equal(u, "1 {b} {");
    rp_tr_free(en);
}

static void test_packs(void **state)
{
    (void)state;
    struct rp_err err = {0};
    struct rp_pack_tmpl *m = rp_pack_load_path(
        "monthly-sla", "templates/packs/monthly-sla.ini", &known, &err);
    struct rp_pack_tmpl *q = rp_pack_load_path(
        "quarterly-strategy", "templates/packs/quarterly-strategy.ini", &known,
        &err);
    assert_non_null(m);
    assert_non_null(q);
    assert_int_equal(m->period, RP_PERIOD_MONTH);
    assert_int_equal(q->period, RP_PERIOD_QUARTER);
    assert_string_equal(m->sheets[0], "summary");
    assert_false(rp_pack_has(m->sheets, "calculator"));
    assert_true(rp_pack_has(q->sheets, "calculator"));
    assert_null(m->pages[0]);           /* no deck for the monthly pack */
    assert_int_equal(g_strv_length(q->pages), 11);
    assert_true(m->html && q->html);
    rp_pack_free(m);
    rp_pack_free(q);
}

static void expect_pack_error(const char *text, unsigned line, const char *part)
{
    char path[] = "/tmp/rp-test-pack-XXXXXX";
    int fd = g_mkstemp(path);
    struct rp_err err = {0};
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    assert_null(rp_pack_load_path("x", path, &known, &err));
    assert_int_equal(err.code, RP_EDATA);
    assert_int_equal(err.loc.line, line);
    if (!strstr(err.msg, part))
        fail_msg("'%s' lacks '%s'", err.msg, part);
    unlink(path);
}

static void test_pack_errors(void **state)
{
    (void)state;
    expect_pack_error("[pack]\nperiod = month\n[workbook]\nsheets = summary, "
                      "pie\n", 4, "unknown sheets 'pie'");
    expect_pack_error("[pack]\nperiod = week\n", 2, "month or quarter");
    expect_pack_error("[pack]\nperiod = month\n[charts]\ncharts = funnel,"
                      "funnel\n", 4, "listed twice");
    expect_pack_error("[pack]\nperiod = month\ncolour = red\n", 3,
                      "unknown key 'colour'");
    /* a deck page must be one of the deck's own pages or a chart */
    expect_pack_error("[pack]\nperiod = month\n[deck]\npages = title, "
                      "summary\n", 4, "unknown pages 'summary'");
}

/* The ids each renderer offers come from its own table: every chart is a
 * deck page, and the deck's own pages are not charts. */
static void test_registries(void **state)
{
    (void)state;
    const char *id;
    size_t n_charts = 0, n_pages = 0, n_sheets = 0;
    for (; (id = rp_chart_id(n_charts)); n_charts++)
        assert_true(rp_chart_has(id));
    for (; (id = rp_deck_page_id(n_pages)); n_pages++)
        ;
    for (; (id = rp_workbook_sheet_id(n_sheets)); n_sheets++)
        ;
    assert_int_equal(n_charts, 9);
    assert_int_equal(n_pages, 3 + n_charts);
    assert_int_equal(n_sheets, 13);
    assert_string_equal(rp_deck_page_id(3), rp_chart_id(0));
    assert_false(rp_chart_has("title"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_keys),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_packs),
        cmocka_unit_test(test_pack_errors),
        cmocka_unit_test(test_registries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
