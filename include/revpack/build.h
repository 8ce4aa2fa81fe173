/* build.h - the pipeline as a library call: from a loaded session to a
 * pack folder written whole (SPEC 5), and the check command's outputs.
 *
 *     struct rp_build b;
 *     if (rp_build_init(&b, &s, &opts, &err) < 0)    // before the data
 *         ...
 *     if (rp_session_load(&s, &so, &err) < 0 ||
 *         rp_build_run(&b, &s, &err) < 0)
 *         ...
 *     ... read b.r (the period's report), b.dir (where it went)
 *     rp_build_release(&b);
 *
 * Nothing here is process-wide: a process may build any number of packs,
 * on the same or different data, one after the other.  Only main prints.
 */
#ifndef REVPACK_BUILD_H
#define REVPACK_BUILD_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "revpack/err.h"
#include "revpack/mtable.h"
#include "revpack/pack.h"
#include "revpack/period.h"
#include "revpack/report.h"
#include "revpack/session.h"
#include "revpack/tr.h"

struct rp_build_opts {
    const char *templates;      /* the templates folder */
    const char *pack;           /* "monthly-sla": templates/packs/NAME.ini */
    const char *period;         /* "2026-10" or "2026Q3" */
    const char *out;            /* the pack goes to OUT/PACK-P/ */
    const char *as_of;          /* NULL, or any timestamp form of SPEC 2 */
    const char *lang;           /* NULL ("en") or "zh" */
    const char *command_line;   /* as typed, for the About sheet */
    const char *burst;          /* NULL, "team", "owner" or "source" */
    const char *mail;           /* NULL, or RECIPIENTS.csv: mail/NN-KEY.eml */
    bool send, resend;          /* deliver them (rp_build_send) */
    const char *smtp_password;  /* from the environment, never a file */
    bool last;                  /* the session's last build: its model's
                                   id indexes are given back at once,
                                   its activities once the reports are
                                   computed (rp_model_drop) */
};

/* Wall time of one phase of the run (--timings). */
struct rp_build_timing {
    const char *phase;          /* "metrics", "workbook", ... */
    double seconds;
    bool task;                  /* the pack's file tasks of this kind,
                                   timed on whichever thread ran them
                                   (inside the phases above: not added
                                   to the total) */
};

/* One message written (and maybe sent). */
struct rp_build_message {
    char *file;                 /* "mail/02-EMEA.eml", relative to the pack */
    char *message_id;
    guint recipient;            /* index into recipients */
    char *result;               /* after rp_build_send: "sent", "failed",
                                   "sent before" */
    char *detail;               /* the server's words when it failed */
};

/* One sub-pack of a burst (SPEC 5.2). */
struct rp_build_part {
    char *key;                  /* as in the data; "(none)" for empty */
    char *safe;                 /* its folder name (rp_out_safe_name) */
    char *xlsx;                 /* the workbook, relative to the pack */
    uint64_t leads;             /* leads in the sub-pack */
};

struct rp_build {
    const struct rp_build_opts *o;  /* not owned */
    struct rp_pack_tmpl *tmpl;
    struct rp_tr *tr;
    enum rp_pack pack;
    struct rp_period period;
    char period_key[16];
    int64_t as_of;              /* RP_TIME_NONE: the period's end */
    struct rp_report r, prev;   /* filled by rp_build_run */
    char *dir;                  /* OUT/PACK-P, once written */
    GArray *parts;              /* struct rp_build_part, with --burst */
    GArray *recipients;         /* struct rp_recipient, with --mail */
    GPtrArray *mail_problems;   /* recipients left out, a line each */
    GArray *messages;           /* struct rp_build_message */
    GArray *timings;            /* struct rp_build_timing, in run order */
    GHashTable *delivered;      /* "message-id rcpt" sent by an earlier run */
    GPtrArray *notes;           /* what the run did besides (strings) */
};

/* Record that @phase took the time since *@since; *@since becomes now. */
void rp_build_timed(struct rp_build *b, const char *phase, gint64 *since);

/* Check the options against the templates and @s's clock (pack, period,
 * language, --as-of) and load the pack template and labels: everything
 * that can fail before the data is read.  RP_EUSAGE for a bad option. */
int rp_build_init(struct rp_build *b, const struct rp_session *s,
                  const struct rp_build_opts *o, struct rp_err *err);

/* Compute the period's report (and the previous period's, for the
 * comparisons) on @s's model and write the pack folder whole or not at
 * all (with opts.last, nothing can build on @s's model after); with a
 * burst, also by-KIND/KEY/PACK-P-KEY.xlsx and metrics.csv per key, each
 * from the key's own share of the model (two keys whose folder names
 * clash: RP_EDATA, nothing written).  RP_ECANTCREAT / RP_EIO on
 * output failures. */
int rp_build_run(struct rp_build *b, const struct rp_session *s,
                 struct rp_err *err);

/* After rp_build_run with opts.send: deliver every message over SMTP
 * that mail/sent.csv of the pack this run replaced does not record as
 * delivered (all with opts.resend), each recipient on its own; write
 * mail/sent.csv.  RP_ETEMPFAIL when any failed (the rest went). */
int rp_build_send(struct rp_build *b, const struct rp_session *s,
                  struct rp_err *err);

/* Free what @b holds; safe after a failed init or run. */
void rp_build_release(struct rp_build *b);

/* The check command: the quality rows of @s's model into @t (initialised
 * by the caller) and, with @out, rejects.csv and metrics.csv there. */
int rp_build_check(const struct rp_session *s, const char *out,
                   struct rp_mtable *t, struct rp_err *err);

#endif
