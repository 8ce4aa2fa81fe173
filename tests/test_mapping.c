/* Unit tests for mapping.c: header normalisation, the mapping format
 * (aliases, choices, joins, value maps) and header resolution, on the
 * shipped mappings and on small ones written here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <unistd.h>
#include <glib.h>

#include "revpack/mapping.h"

static struct rp_map_schema schema;

static char *write_tmp(const char *text)
{
    char *path = g_build_filename(g_get_tmp_dir(), "rp-test-map-XXXXXX.ini",
                                  NULL);
    int fd = g_mkstemp(path);
    assert_true(fd >= 0);
    assert_true(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return path;
}

static struct rp_mapping *load_text(const char *text, struct rp_err *err)
{
    g_autofree char *path = write_tmp(text);
    struct rp_mapping *m = rp_mapping_load(path, &schema, err);
    unlink(path);
    return m;
}

/* Headers as written -> the normalised array resolve() takes. */
static char **heads(const char *const *h, unsigned *n)
{
    char **out = g_new0(char *, 64);
    for (*n = 0; h[*n]; (*n)++)
        out[*n] = rp_mapping_norm(h[*n], strlen(h[*n]));
    return out;
}

static int col(enum rp_file f, const char *name)
{
    for (unsigned c = 0; c < schema.n[f]; c++)
        if (strcmp(schema.names[f][c], name) == 0)
            return (int)c;
    fail_msg("no column %s", name);
    return -1;
}

static void test_norm(void **state)
{
    (void)state;
    const char *raw = "\xEF\xBB\xBF  Create \t Date ";
    g_autofree char *a = rp_mapping_norm(raw, strlen(raw));
    assert_string_equal(a, "create date");
    /* HubSpot's doubled quotes inside a header, as some copies keep them */
    const char *h = "Date entered \"\"MQL (Lifecycle Stage Pipeline)\"\"";
    g_autofree char *b = rp_mapping_norm(h, strlen(h));
    assert_string_equal(b, "date entered \"mql (lifecycle stage pipeline)\"");
    g_autofree char *c = rp_mapping_norm("线索编号", strlen("线索编号"));
    assert_string_equal(c, "线索编号");
    g_autofree char *d = rp_mapping_norm("ISCONVERTED", 11);
    assert_string_equal(d, "isconverted");
}

/* HubSpot deals: Is Closed Won + Is closed lost through the value map;
 * the company-currency amount takes currency's first choice ("-"). */
static void test_hubspot_deals(void **state)
{
    struct rp_err err = {0};
    struct rp_map_plan plan;
    char *why = NULL;
    unsigned n;
    (void)state;
    struct rp_mapping *m = rp_mapping_load("templates/mappings/hubspot.ini",
                                           &schema, &err);
    assert_non_null(m);
    static const char *const h1[] = {
        "Record ID", "Deal Name", "Deal Stage", "Amount",
        "Amount in company currency", "Currency", "Create Date",
        "Close Date", "Is Closed Won", "Is closed lost", NULL};
    g_auto(GStrv) names = heads(h1, &n);
    assert_int_equal(rp_mapping_resolve(m, RP_OPPS, &schema, names, n, &plan,
                                        &why), 0);
    int amount = col(RP_OPPS, "amount"), cur = col(RP_OPPS, "currency"),
        out = col(RP_OPPS, "outcome");
    assert_int_equal(plan.n[amount], 1);
    assert_int_equal(plan.field[amount][0], 4);
    assert_int_equal(plan.n[cur], 0);       /* goes with company currency */
    assert_int_equal(plan.n[out], 2);
    assert_int_equal(plan.field[out][0], 8);
    assert_int_equal(plan.field[out][1], 9);
    const struct rp_map_col *oc = &m->roles[RP_OPPS].cols[out];
    assert_string_equal(rp_mapping_value(oc, "TRUE+false"), "won");
    assert_string_equal(rp_mapping_value(oc, "false+true"), "lost");
    assert_string_equal(rp_mapping_value(oc, "Closed Won"), "won");
    assert_string_equal(rp_mapping_value(oc, "Demo"), "");  /* the "*" */

    /* without the company-currency column: Amount with its Currency */
    static const char *const h2[] = {"Record ID", "Amount", "Currency",
                                     "Create Date", "Deal Stage", NULL};
    g_auto(GStrv) names2 = heads(h2, &n);
    assert_int_equal(rp_mapping_resolve(m, RP_OPPS, &schema, names2, n,
                                        &plan, &why), 0);
    assert_int_equal(plan.field[amount][0], 1);
    assert_int_equal(plan.field[cur][0], 2);
    assert_int_equal(plan.field[out][0], 4);    /* Deal Stage */
    assert_int_equal(plan.n[out], 1);
    assert_true(rp_mapping_file_matches(&m->roles[RP_OPPS],
                                        "hubspot-crm-exports-all-deals.csv"));
    rp_mapping_free(m);
}

static void test_resolve_errors(void **state)
{
    struct rp_err err = {0};
    struct rp_map_plan plan;
    unsigned n;
    (void)state;
    struct rp_mapping *m = rp_mapping_load("templates/mappings/hubspot.ini",
                                           &schema, &err);
    static const char *const dup[] = {"Record ID", "Create Date",
                                      "Original Source",
                                      "Original Traffic Source", NULL};
    g_auto(GStrv) a = heads(dup, &n);
    g_autofree char *why = NULL;
    assert_int_equal(rp_mapping_resolve(m, RP_LEADS, &schema, a, n, &plan,
                                        &why), -1);
    assert_string_equal(why, "two headers match source: 'original source' "
                             "and 'original traffic source'");
    static const char *const none[] = {"First Name", "Create Date", NULL};
    g_auto(GStrv) b = heads(none, &n);
    g_autofree char *why2 = NULL;
    assert_int_equal(rp_mapping_resolve(m, RP_LEADS, &schema, b, n, &plan,
                                        &why2), -1);
    assert_string_equal(why2, "missing required column 'lead_id'");
    /* "Industry | industry" fold to one header: not a duplicate */
    static const char *const same[] = {"Record ID", "Create Date",
                                       "INDUSTRY", NULL};
    g_auto(GStrv) c = heads(same, &n);
    assert_int_equal(rp_mapping_resolve(m, RP_LEADS, &schema, c, n, &plan,
                                        NULL), 0);
    assert_int_equal(plan.field[col(RP_LEADS, "industry")][0], 2);
    assert_int_equal(plan.sig_found, 2);
    assert_int_equal(plan.sig_total, 16);
    rp_mapping_free(m);
}

static void expect_load_error(const char *text, unsigned line,
                              const char *part)
{
    struct rp_err err = {0};
    struct rp_mapping *m = load_text(text, &err);
    if (m)
        fail_msg("loaded, want an error with '%s'", part);
    assert_int_equal(err.code, RP_EDATA);
    assert_int_equal(err.loc.line, line);
    if (!strstr(err.msg, part))
        fail_msg("'%s' lacks '%s'", err.msg, part);
}

static void test_load_errors(void **state)
{
    (void)state;
    static const char head[] = "[leads]\nsignature = a\nlead_id = a\n"
                               "created_at = b\n";
    expect_load_error("[leads]\nsignature = a\nlead_id = a\n", 1,
                      "does not map the required column created_at");
    expect_load_error("[leadz]\n", 1, "unknown section [leadz]");
    g_autofree char *t1 = g_strconcat(head, "colour = c\n", NULL);
    expect_load_error(t1, 5, "'colour' is not a column");
    g_autofree char *t2 = g_strconcat(head, "[leads.source]\nx = y\n", NULL);
    expect_load_error(t2, 5, "a column the mapping does not read");
    g_autofree char *t3 = g_strconcat("[mapping]\ndate_order = ydm\n", head,
                                      NULL);
    expect_load_error(t3, 2, "bad date_order 'ydm'");
    g_autofree char *t4 = g_strconcat(head, "source = a + b + c + d + e\n",
                                      NULL);
    expect_load_error(t4, 5, "more than 4 headers");
    expect_load_error("[leads]\nlead_id = a\ncreated_at = b\n", 1,
                      "has no signature");
    g_autofree char *t5 = g_strconcat(head, "multi = nothing\n", NULL);
    expect_load_error(t5, 5, "multi names 'nothing'");
    g_autofree char *t6 = g_strconcat("[mapping]\nmulti_separator = ab\n",
                                      head, NULL);
    expect_load_error(t6, 2, "bad multi_separator 'ab'");
    /* a bad escape: GKeyFile gives no value (found by fuzz_mapping) */
    g_autofree char *t7 = g_strconcat(head, "source = Lead \xff Source\n",
                                      NULL);
    expect_load_error(t7, 5, "unreadable value");
}

/* Every shipped mapping loads, and recognises nothing of another's. */
static void test_shipped(void **state)
{
    static const char *const names[] = {"hubspot", "salesforce-report",
                                        "salesforce-api", "fxiaoke",
                                        "jiandaoyun"};
    (void)state;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        struct rp_err err = {0};
        g_autofree char *p = g_strdup_printf("templates/mappings/%s.ini",
                                             names[i]);
        struct rp_mapping *m = rp_mapping_load(p, &schema, &err);
        if (!m)
            fail_msg("%s: %s", p, err.msg);
        assert_string_equal(m->id, names[i]);
        assert_true(m->roles[RP_LEADS].present);
        assert_true(m->roles[RP_OPPS].present);
        rp_mapping_free(m);
    }
    struct rp_mapping *c = rp_mapping_canonical(&schema);
    assert_true(c->canonical);
    assert_true(rp_mapping_file_matches(&c->roles[RP_LEADS], "LEADS.CSV"));
    assert_false(rp_mapping_file_matches(&c->roles[RP_LEADS], "leads2.csv"));
    rp_mapping_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_norm),
        cmocka_unit_test(test_hubspot_deals),
        cmocka_unit_test(test_resolve_errors),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_shipped),
    };
    rp_model_map_schema(&schema);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
