/* libFuzzer target: the CSV reader and validation (csv.c, model.c) on an
 * arbitrary leads.csv beside a fixed opportunities.csv.  make fuzz. */
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "revpack/model.h"
#include "revpack/profile.h"

static char *dir;
static struct rp_profile *prof;
static struct rp_clock clock_;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dir = g_strdup("/dev/shm/revpack-fuzz-csv-XXXXXX");
    if (!g_mkdtemp(dir))
        abort();
    g_autofree char *opps = g_build_filename(dir, "opportunities.csv", NULL);
    g_file_set_contents(opps,
                        "opportunity_id,created_at,lead_id,outcome,closed_at\n"
                        "O1,2025-06-01,L1,won,2025-06-10\n",
                        -1, NULL);
    prof = rp_profile_load(NULL, NULL);
    rp_clock_init(&clock_, "Europe/Berlin", RP_DATE_DMY);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *leads = g_build_filename(dir, "leads.csv", NULL);
    struct rp_load_opts o = {.data_dir = dir, .allow_rejects = true,
                             .max_field = 4096, .max_record = 65536};
    struct rp_err err = {0};

    if (!g_file_set_contents(leads, (const char *)data, (gssize)size, NULL))
        abort();
    struct rp_model *m = rp_model_load(&o, prof, &clock_, &err);
    if (m) {
        /* the identity of SPEC 2 holds whatever the bytes */
        const struct rp_file_info *fi = &m->files[RP_LEADS];
        if (fi->rows_read != fi->rows_used + fi->rows_rejected)
            abort();
    }
    rp_model_free(m);
    return 0;
}
