/* summary.c - the run summary revpack prints: per-file row counts,
 * anomalies, rejected rows and the SLA results, as text for main to
 * print. */
#include "revpack/summary.h"

#include <math.h>
#include <string.h>

#include "revpack/build.h"
#include "revpack/mail.h"
#include "revpack/render.h"

GString *rp_summary_quality(const struct rp_mtable *t)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "%-20s %10s %10s %10s\n", "file", "read", "used",
                           "rejected");
    for (int f = 0; f < RP_N_FILES; f++) {
        const struct rp_mrow *rd = rp_mtable_find(
            t, RP_MET_QUALITY_ROWS_READ_LEADS + f, RP_GRP_ALL, "all");
        const struct rp_mrow *us = rp_mtable_find(
            t, RP_MET_QUALITY_ROWS_USED_LEADS + f, RP_GRP_ALL, "all");
        const struct rp_mrow *rj = rp_mtable_find(
            t, RP_MET_QUALITY_ROWS_REJECTED_LEADS + f, RP_GRP_ALL, "all");
        g_autofree char *name = g_strdup_printf("%s.csv",
                                                rp_model_file_name(f));
        if (!rd || !us || !rj)
            g_string_append_printf(s, "%-20s %10s\n", name, "(absent)");
        else
            g_string_append_printf(s, "%-20s %10.0f %10.0f %10.0f\n", name,
                                   rd->value, us->value, rj->value);
    }
    g_string_append(s, "anomalies:");
    for (int a = 0; a < RP_N_ANOMALIES; a++) {
        const struct rp_mrow *n = rp_mtable_find(
            t, RP_MET_QUALITY_ANOMALIES_STAGE_ORDER + a, RP_GRP_ALL, "all");
        g_string_append_printf(s, "%s %s %.0f", a ? "," : "",
                               rp_model_anomaly_name(a), n ? n->value : 0);
    }
    g_string_append_c(s, '\n');
    return s;
}

GString *rp_summary_lines(const GPtrArray *lines, const char *prefix)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; lines && i < lines->len; i++)
        g_string_append_printf(s, "%s%s\n", prefix, (char *)lines->pdata[i]);
    return s;
}

GString *rp_summary_load_notes(const struct rp_model *m)
{
    GString *s = rp_summary_lines(m->notes, "revpack: note: ");

    for (int f = 0; f < RP_N_FILES; f++)
        if (m->files[f].present && m->files[f].encoding[0])
            g_string_append_printf(s,
                                   "revpack: note: %s is not UTF-8; "
                                   "read as %s\n",
                                   rp_model_source_name(m, f),
                                   m->files[f].encoding);
    for (int f = 0; f < RP_N_FILES; f++)
        if (m->files[f].trailer_lines)
            g_string_append_printf(s,
                                   "revpack: note: %s: %" G_GUINT64_FORMAT
                                   " report footer lines skipped\n",
                                   rp_model_source_name(m, f),
                                   m->files[f].trailer_lines);
    if (!rp_model_has_column(m, RP_LEADS, RP_L_SAL_AT))
        g_string_append_printf(s,
                               "revpack: note: %s has no SAL date (sal_at); "
                               "figures that need it are n/a\n",
                               rp_model_source_name(m, RP_LEADS));
    return s;
}

GString *rp_summary_rejects(const struct rp_model *m, unsigned max)
{
    GString *s = g_string_new(NULL);
    guint n = m->rejects->len;

    for (guint i = 0; i < n && i < max; i++) {
        const struct rp_reject *r = g_ptr_array_index(m->rejects, i);
        g_string_append_printf(s, "%s:%u:", rp_model_source_name(m, r->file),
                               r->line);
        if (r->col)
            g_string_append_printf(s, "%u:", r->col);
        g_string_append_printf(s, " warning: row rejected: %s\n", r->reason);
    }
    if (n > max)
        g_string_append_printf(s,
                               "... and %u more rejected rows (see "
                               "rejects.csv)\n",
                               n - max);
    return s;
}

GString *rp_summary_build(const struct rp_report *r, const char *dir)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "wrote %s\n", dir);
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *sla = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(r, sla->metric, RP_GRP_ALL,
                                                "all");
        char v[64] = "n/a";
        if (m && (m->has & RP_M_VALUE))
            rp_mtable_number(sla->is_count ? m->value
                                           : round(m->value * 1000) / 1000,
                             v, sizeof(v));
        g_string_append_printf(s, "  %-7s %-10s %s\n", sla->id, v,
                               !m || m->status == RP_ST_NONE ? ""
                               : m->status == RP_ST_PASS     ? "PASS"
                                                             : "FAIL");
    }
    g_string_append_printf(s, "  breaches: %u\n", r->breaches->len);
    return s;
}

GString *rp_summary_timings(const GArray *timings, gint64 start)
{
    GString *s = g_string_new(NULL);
    double total = (double)(g_get_monotonic_time() - start) / 1e6;

    for (guint i = 0; i < timings->len; i++) {
        const struct rp_build_timing *t =
            &g_array_index(timings, struct rp_build_timing, i);
        g_autofree char *name =
            g_strdup_printf(t->task ? "  %s" : "%s", t->phase);
        g_string_append_printf(s, "revpack: time: %-22s %7.3f s\n", name,
                               t->seconds);
    }
    g_string_append_printf(s, "revpack: time: %-22s %7.3f s\n", "total",
                           total);
    return s;
}

GString *rp_summary_mail(const struct rp_build *b)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; b->messages && i < b->messages->len; i++) {
        const struct rp_build_message *m =
            &g_array_index(b->messages, struct rp_build_message, i);
        const struct rp_recipient *to =
            &g_array_index(b->recipients, struct rp_recipient, m->recipient);
        g_autofree char *detail = m->detail ? rp_summary_safe(m->detail)
                                            : NULL;
        g_string_append_printf(s, "  %s  %s%s%s%s%s\n", m->file, to->email,
                               m->result ? "  " : "",
                               m->result ? m->result : "",
                               detail ? ": " : "", detail ? detail : "");
    }
    return s;
}

GString *rp_summary_parts(const GArray *parts)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; parts && i < parts->len; i++) {
        const struct rp_build_part *p =
            &g_array_index(parts, struct rp_build_part, i);
        g_autofree char *key = rp_summary_safe(p->key);
        g_string_append_printf(s, "  %s  %" G_GUINT64_FORMAT " leads  (%s)\n",
                               p->xlsx, p->leads, key);
    }
    return s;
}

GString *rp_summary_missing_labels(const struct rp_tr *tr)
{
    g_autoptr(GPtrArray) miss = rp_tr_missing(tr);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < miss->len; i++)
        g_string_append_printf(s,
                               "revpack: warning: label '%s' missing from "
                               "%s.ini\n",
                               (const char *)g_ptr_array_index(miss, i),
                               tr->lang);
    return s;
}

char *rp_summary_safe(const char *text)
{
    GString *out = g_string_sized_new(strlen(text) + 16);

    for (const char *p = text; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        const char *next = c < (gunichar)-2 ? g_utf8_next_char(p) : p + 1;
        if (c == '\n' || c == '\t')
            g_string_append_c(out, (char)c);
        else if (c >= (gunichar)-2)
            g_string_append_printf(out, "\\x%02X", (unsigned char)*p);
        else if (c < 0x20 || c == 0x7F)
            g_string_append_printf(out, "\\x%02X", c);
        else if ((c >= 0x80 && c < 0xA0) || (c >= 0x202A && c <= 0x202E) ||
                 (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F ||
                 c == 0x061C)
            g_string_append_printf(out, "\\u{%04X}", c);
        else
            g_string_append_len(out, p, next - p);
        p = next;
    }
    return g_string_free(out, FALSE);
}
