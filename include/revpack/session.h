/* cli.h - what every command does before its own work: find the profile,
 * set up the clock, load the data folder. */
#ifndef REVPACK_CLI_H
#define REVPACK_CLI_H

#include <stdbool.h>

#include "revpack/clock.h"
#include "revpack/err.h"
#include "revpack/model.h"
#include "revpack/profile.h"

#define RP_VERSION "0.1.0"

struct rp_session {
    struct rp_profile *profile;
    struct rp_clock clock;
    struct rp_model *model;
};

struct rp_session_opts {
    const char *data_dir;
    const char *profile;        /* NAME (templates/sla/NAME.ini) or PATH */
    const char *encoding;
    bool allow_rejects;
};

/* Resolve a profile argument: a bare name with a file in templates/sla/
 * is that file; anything else is a path.  NULL means "default".
 * Returns: (transfer full) g_free(). */
char *rp_session_profile_path(const char *arg);

/* Load profile, clock and model.  On failure @s is released. */
int rp_session_open(struct rp_session *s, const struct rp_session_opts *o,
                    struct rp_err *err);
void rp_session_close(struct rp_session *s);

#endif
