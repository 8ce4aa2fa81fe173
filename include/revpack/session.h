/* session.h - what every command stands on: the SLA profile, the clock of
 * its zone, and the data folder's model.
 *
 * Opening reads the profile and sets up the clock only, so a command can
 * check its time arguments (--as-of, --period) before it spends time on
 * the data; rp_session_load() then reads the data folder.
 */
#ifndef REVPACK_SESSION_H
#define REVPACK_SESSION_H

#include <stdbool.h>

#include "revpack/clock.h"
#include "revpack/err.h"
#include "revpack/model.h"
#include "revpack/profile.h"

struct rp_session {
    struct rp_profile *profile;
    struct rp_clock clock;
    struct rp_model *model;     /* NULL until rp_session_load() */
    unsigned jobs;              /* threads a command may run (>= 1) */
};

struct rp_session_opts {
    const char *templates;      /* the templates folder */
    const char *data_dir;
    const char *profile;        /* NAME (templates/sla/NAME.ini) or PATH */
    const char *encoding;
    const char *mapping;        /* --mapping: NULL, canonical, NAME, PATH */
    bool allow_rejects;
    bool no_sha256;             /* see rp_load_opts */
    unsigned jobs;              /* --jobs: threads reading a file; 0 = the
                                   number of cores */
    bool progress;              /* a progress line on stderr for a read
                                   that takes over a second */
};

/* Resolve a profile argument: a bare name with a file in
 * @templates/sla/ is that file; anything else is a path.  NULL means
 * "default" (NULL back when there are no templates: built-in defaults).
 * Returns: (transfer full) g_free(). */
char *rp_session_profile_path(const char *templates, const char *arg);

/* Load the profile and set up its clock.  On failure @s is left closed
 * (closing it again is safe). */
int rp_session_open(struct rp_session *s, const struct rp_session_opts *o,
                    struct rp_err *err);
/* Read and validate the data folder into s->model. */
int rp_session_load(struct rp_session *s, const struct rp_session_opts *o,
                    struct rp_err *err);
/* Free what @s holds; safe on a zeroed or closed session. */
void rp_session_close(struct rp_session *s);

#endif
