/* quality.c - data-quality figures. */
#include "revpack/quality.h"

#include "revpack/csv.h"

#include <stdio.h>

void rp_quality_metrics(const struct rp_model *m, struct rp_mtable *t)
{
    double read = 0, used = 0, rejected = 0;

    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *fi = &m->files[f];
        if (!fi->present)
            continue;
        rp_mtable_value(t, RP_MET_QUALITY_ROWS_READ_LEADS + f, RP_GRP_ALL,
                        "all", (double)fi->rows_read);
        rp_mtable_value(t, RP_MET_QUALITY_ROWS_USED_LEADS + f, RP_GRP_ALL,
                        "all", (double)fi->rows_used);
        rp_mtable_value(t, RP_MET_QUALITY_ROWS_REJECTED_LEADS + f, RP_GRP_ALL,
                        "all", (double)fi->rows_rejected);
        rp_mtable_ratio(t, RP_MET_QUALITY_REJECT_SHARE_LEADS + f, RP_GRP_ALL,
                        "all", (double)fi->rows_rejected,
                        (double)fi->rows_read);
        read += (double)fi->rows_read;
        used += (double)fi->rows_used;
        rejected += (double)fi->rows_rejected;
    }
    rp_mtable_value(t, RP_MET_QUALITY_ROWS_READ_TOTAL, RP_GRP_ALL, "all", read);
    rp_mtable_value(t, RP_MET_QUALITY_ROWS_USED_TOTAL, RP_GRP_ALL, "all", used);
    rp_mtable_value(t, RP_MET_QUALITY_ROWS_REJECTED_TOTAL, RP_GRP_ALL, "all",
                    rejected);
    rp_mtable_ratio(t, RP_MET_QUALITY_REJECT_SHARE_TOTAL, RP_GRP_ALL, "all",
                    rejected, read);
    for (int a = 0; a < RP_N_ANOMALIES; a++)
        rp_mtable_value(t, RP_MET_QUALITY_ANOMALIES_STAGE_ORDER + a,
                        RP_GRP_ALL, "all", (double)m->n_anomalies[a]);
    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_file_info *fi = &m->files[f];
        if (!fi->present || !fi->mapping)
            continue;
        rp_mtable_value(t, RP_MET_QUALITY_MAPPING_LEADS + f, RP_GRP_MAPPING,
                        fi->mapping, (double)fi->rows_read);
        rp_mtable_value(t, RP_MET_QUALITY_ENCODING_LEADS + f,
                        RP_GRP_ENCODING, fi->encoding_used,
                        (double)fi->rows_read);
        if (fi->footer_rule)
            rp_mtable_value(t, RP_MET_QUALITY_TRAILER_LINES_LEADS + f,
                            RP_GRP_ALL, "all", (double)fi->trailer_lines);
    }
}

GString *rp_quality_rejects_csv(const struct rp_model *m)
{
    GString *s = g_string_new("file,line,column,reason,raw\n");

    /* rejects are appended file by file in line order already */
    for (guint i = 0; i < m->rejects->len; i++) {
        const struct rp_reject *r = g_ptr_array_index(m->rejects, i);
        rp_csv_append_field(s, rp_model_source_name(m, r->file));
        g_string_append_printf(s, ",%u,", r->line);
        if (r->col)
            g_string_append_printf(s, "%u", r->col);
        g_string_append_c(s, ',');
        rp_csv_append_field(s, r->reason);
        g_string_append_c(s, ',');
        rp_csv_append_field(s, r->raw);
        g_string_append_c(s, '\n');
    }
    return s;
}
