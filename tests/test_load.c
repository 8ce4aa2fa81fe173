/* Unit tests for the read of a data folder (model.c, rp_model_load) where
 * it depends on timing: the id table of leads.csv is made on a thread of
 * its own, and ids in order go on being read while it is not ready (they
 * wait for it, pending); ids out of order wait for the table.  Late or
 * not, the model is the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "revpack/model.h"
#include "revpack/profile.h"

#define N_LEADS 60000           /* 2 MB: several chunks of a window */
#define N_TOUCHES 9000

/* The lead number activity B@k touches: 1-60000, each 0, 1 or 2 times. */
static int touched(int k)
{
    return (int)((int64_t)(k % 4500) * 7919 % N_LEADS) + 1;
}

static const char *const names[] = {"leads.csv", "opportunities.csv",
                                    "activities.csv"};

/* A folder of its own holding the three files' @texts. */
static char *make_folder(const char *const texts[3])
{
    g_autoptr(GError) e = NULL;
    char *dir = g_dir_make_tmp("revpack-load-XXXXXX", &e);

    assert_non_null(dir);
    for (int f = 0; f < 3; f++) {
        g_autofree char *path = g_build_filename(dir, names[f], NULL);
        assert_true(g_file_set_contents(path, texts[f], -1, NULL));
    }
    return dir;
}

static void remove_folder(char *dir)
{
    for (int f = 0; f < 3; f++) {
        g_autofree char *path = g_build_filename(dir, names[f], NULL);
        g_unlink(path);
    }
    g_rmdir(dir);
    g_free(dir);
}

/* leads.csv: its ids in order or not, with two repeats at its end or
 * none (then it is in order to its last line) */
static char *write_folder(bool in_order, bool repeats)
{
    g_autoptr(GString) leads = g_string_new("lead_id,created_at,source\n");

    for (int i = 1; i <= N_LEADS; i++) {
        /* out of order: L0030000 and L0030001 swapped */
        int k = !in_order && (i == 30000 || i == 30001) ? 60001 - i : i;
        g_string_append_printf(leads, "L%07d,2025-06-0%d 09:00:00,Web\n", k,
                               i % 9 + 1);
    }
    /* a repeat, and a repeat whose created_at is bad too */
    if (repeats)
        g_string_append(leads, "L0000005,2025-06-01 09:00:00,Web\n"
                               "L0000004,yesterday,Web\n");
    const char *opps = "opportunity_id,created_at,lead_id,source,stage,"
                       "outcome,amount\n"
                       "O1,2025-06-02 09:00:00,L0000010,Web,Won,won,100\n"
                       "O2,2025-06-02 09:00:00,L0050000,Web,Won,won,200\n";
    g_autoptr(GString) acts = g_string_new(
        "activity_id,lead_id,occurred_at,type\n"
        "A1,L0000001,2025-06-02 10:00,call\n"
        "A2,L0059999,2025-06-02 11:00,call\n"
        "A3,X1,2025-06-02 12:00,call\n");
    /* then N_TOUCHES listed by time, their leads all over (a jump from
     * each to the next), each lead's out of time order */
    for (int k = 0; k < N_TOUCHES; k++)
        g_string_append_printf(acts, "B%d,L%07d,2025-06-%02d 09:%02d,call\n",
                               k, touched(k), k < N_TOUCHES / 2 ? 23 : 3,
                               59 - k % 60);
    const char *const texts[] = {leads->str, opps, acts->str};
    return make_folder(texts);
}

/* The folder's model, read on two threads with the tables @late_ms late,
 * checked by hand; @repeats: leads.csv ends in two. */
static void check_load(const char *dir, unsigned late_ms, bool repeats)
{
    struct rp_profile *prof = rp_profile_load(NULL, NULL);
    struct rp_clock clock;
    struct rp_err err = {0};
    struct rp_load_opts lo = {.data_dir = dir, .mapping = "canonical",
                              .allow_rejects = true, .no_sha256 = true,
                              .jobs = 2, .tables_late_ms = late_ms};

    assert_non_null(prof);
    assert_int_equal(rp_clock_init(&clock, "UTC", RP_DATE_YMD), 0);
    struct rp_model *m = rp_model_load(&lo, prof, &clock, &err);
    assert_non_null(m);
    assert_int_equal(m->leads->len, N_LEADS);
    /* each lead found by its id: the index is whole */
    for (int i = 1; i <= N_LEADS; i += 997) {
        char id[16];
        g_snprintf(id, sizeof(id), "L%07d", i);
        uint32_t at = rp_idindex_find(&m->lead_by_id, id);
        assert_int_not_equal(at, 0);
        assert_string_equal(RP_LEAD(m, at - 1)->id, id);
    }
    assert_int_equal(rp_idindex_find(&m->lead_by_id, "L0060001"), 0);
    /* the two repeats, naming the first accepted line */
    guint dups = 0;
    for (guint k = 0; k < m->rejects->len; k++) {
        const struct rp_reject *r = m->rejects->pdata[k];
        if (r->file != RP_LEADS)
            continue;
        if (r->line == N_LEADS + 2)
            assert_string_equal(r->reason, "duplicate lead_id 'L0000005' "
                                           "(first accepted on line 6)");
        else if (r->line == N_LEADS + 3)
            assert_string_equal(r->reason, "duplicate lead_id 'L0000004' "
                                           "(first accepted on line 5)");
        else
            fail_msg("leads.csv line %u: %s", r->line, r->reason);
        dups++;
    }
    assert_int_equal(dups, repeats ? 2 : 0);
    /* the activities' and opportunities' leads, found by the index */
    assert_int_equal(m->acts->len, 3 + N_TOUCHES);
    assert_string_equal(RP_LEAD(m, RP_ACT(m, 0)->lead)->id, "L0000001");
    assert_string_equal(RP_LEAD(m, RP_ACT(m, 1)->lead)->id, "L0059999");
    assert_int_equal(RP_ACT(m, 2)->lead, -1);
    /* each lead's activities in time order: the B ones two a lead, 20
     * days apart the other way round from the rows (L0000001 has A1
     * first) */
    for (int k = 0; k < 4500; k++) {
        char id[16];
        g_snprintf(id, sizeof(id), "L%07d", touched(k));
        uint32_t l = rp_idindex_find(&m->lead_by_id, id) - 1;
        uint32_t a0 = m->lead_act_start[l], a1 = m->lead_act_start[l + 1];
        assert_int_equal(a1 - a0, touched(k) == 1 ? 3 : 2);
        for (uint32_t j = a0 + 1; j < a1; j++)
            assert_true(rp_model_at(m, RP_ACT(m, m->lead_act[j - 1])->occurred_at) <=
                        rp_model_at(m, RP_ACT(m, m->lead_act[j])->occurred_at));
        const struct rp_activity *last = RP_ACT(m, m->lead_act[a1 - 1]);
        assert_int_equal(last - RP_ACT(m, 0), 3 + k);  /* B{k}, the later */
    }
    assert_int_equal(m->opps->len, 2);
    assert_int_equal(rp_idindex_find(&m->opp_by_id, "O1"), 1);
    assert_int_equal(rp_idindex_find(&m->opp_by_id, "O2"), 2);
    assert_int_equal(rp_idindex_find(&m->opp_by_id, "O3"), 0);
    assert_string_equal(
        RP_LEAD(m, g_array_index(m->opps, struct rp_opp, 0).lead)->id,
        "L0000010");
    assert_string_equal(
        RP_LEAD(m, g_array_index(m->opps, struct rp_opp, 1).lead)->id,
        "L0050000");
    rp_model_free(m);
    rp_clock_release(&clock);
    rp_profile_free(prof);
}

static void test_in_order(void **state)
{
    (void)state;
    char *dir = write_folder(true, false);
    check_load(dir, 0, false);
    /* every lead (and opportunity) waits: added as the file ends */
    check_load(dir, 300, false);
    remove_folder(dir);
    dir = write_folder(true, true);
    check_load(dir, 0, true);
    /* the leads wait: added before the last chunk, whose repeats break
     * the order, is looked up */
    check_load(dir, 300, true);
    remove_folder(dir);
}

static void test_out_of_order(void **state)
{
    (void)state;
    char *dir = write_folder(false, true);
    check_load(dir, 0, true);
    check_load(dir, 300, true); /* the chunk out of order waits for it */
    remove_folder(dir);
}

/* Each lead's activities in time order, then file order, however the
 * rows are listed: by time the other way round (L1: a tie, and the later
 * first), lead by lead (L3: a tie), apart but in time order (L2), more
 * than 16 in no order with each time twice (L4), and a lead's row before
 * it later (L5).  The rows (0-based, file order) each lead lists, worked
 * out by hand; on one thread and two. */
static void test_link_order(void **state)
{
    (void)state;
    g_autoptr(GString) acts = g_string_new(
        "activity_id,lead_id,occurred_at,type\n"
        "A0,L1,2025-06-05 10:00,call\n"
        "A1,L2,2025-06-03 10:00,call\n"
        "A2,L1,2025-06-04 10:00,call\n"
        "A3,L1,2025-06-04 10:00,call\n"
        "A4,L3,2025-06-01 09:00,call\n"
        "A5,L3,2025-06-01 09:00,call\n"
        "A6,L3,2025-06-02 09:00,call\n"
        "A7,L2,2025-06-10 00:00,call\n");
    for (int k = 0; k < 20; k++)        /* day 1, 8, 5, 2, 9, ... twice */
        g_string_append_printf(acts, "A%d,L4,2025-06-%02d 09:00,call\n",
                               8 + k, k * 7 % 10 + 1);
    g_string_append(acts, "A28,L5,2025-06-09 09:00,call\n"
                          "A29,L5,2025-06-08 09:00,call\n");
    const char *leads = "lead_id,created_at,source\n"
                        "L1,2025-06-01 08:00:00,Web\n"
                        "L2,2025-06-01 08:00:00,Web\n"
                        "L3,2025-06-01 08:00:00,Web\n"
                        "L4,2025-06-01 08:00:00,Web\n"
                        "L5,2025-06-01 08:00:00,Web\n";
    const char *opps = "opportunity_id,created_at,lead_id,source,stage,"
                       "outcome,amount\n";
    const char *const texts[] = {leads, opps, acts->str};
    char *dir = make_folder(texts);
    static const uint32_t want[][20] = {
        {2, 3, 0},
        {1, 7},
        {4, 5, 6},
        {8, 18, 11, 21, 14, 24, 17, 27, 10, 20, 13, 23, 16, 26, 9, 19, 12,
         22, 15, 25},
        {29, 28},
    };
    static const uint32_t count[] = {3, 2, 3, 20, 2};

    for (unsigned jobs = 1; jobs <= 2; jobs++) {
        struct rp_profile *prof = rp_profile_load(NULL, NULL);
        struct rp_clock clock;
        struct rp_err err = {0};
        struct rp_load_opts lo = {.data_dir = dir, .mapping = "canonical",
                                  .no_sha256 = true, .jobs = jobs};

        assert_int_equal(rp_clock_init(&clock, "UTC", RP_DATE_YMD), 0);
        struct rp_model *m = rp_model_load(&lo, prof, &clock, &err);
        if (!m)
            fail_msg("%s: %s", err.file, err.msg);
        assert_int_equal(m->acts->len, 30);
        for (uint32_t l = 0; l < 5; l++) {
            uint32_t a0 = m->lead_act_start[l];
            assert_int_equal(m->lead_act_start[l + 1] - a0, count[l]);
            for (uint32_t j = 0; j < count[l]; j++)
                assert_int_equal(m->lead_act[a0 + j], want[l][j]);
        }
        rp_model_free(m);
        rp_clock_release(&clock);
        rp_profile_free(prof);
    }
    remove_folder(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_out_of_order),
        cmocka_unit_test(test_link_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
