/* err.h - status codes and the error context every stage fills.
 *
 * Functions return 0 on success and a negative value on failure, after
 * filling a caller-owned struct rp_err.  Only main.c prints.  The status
 * codes are the process exit codes of SPEC section 2 (sysexits.h values).
 */
#ifndef REVPACK_ERR_H
#define REVPACK_ERR_H

#include <stdarg.h>

enum rp_status {
    RP_OK = 0,
    RP_EUSAGE = 64,     /* bad command line */
    RP_EDATA = 65,      /* structural CSV error, bad profile, reject share */
    RP_ENOINPUT = 66,   /* input file or folder missing */
    RP_ECANTCREAT = 73, /* cannot create an output */
    RP_EIO = 74,        /* read or write failed */
    RP_ETEMPFAIL = 75   /* some mail could not be sent */
};

struct rp_loc {
    const char *file;   /* shown as given; NULL = no location */
    unsigned line, col; /* 1-based, 0 = n/a */
};

struct rp_err {
    enum rp_status code;
    struct rp_loc loc;
    char file[256];     /* copy of loc.file, so the error outlives it */
    char msg[512];
};

/* Record an error; always returns -1 so callers can `return rp_err_set()`.
 * @loc may be NULL. */
int rp_err_set(struct rp_err *e, enum rp_status code,
               const struct rp_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Copy @from into @to: a struct copy would leave to->loc.file pointing
 * into @from.  Returns: -1, as rp_err_set(). */
int rp_err_copy(struct rp_err *to, const struct rp_err *from);

/* Format as "file:line:col: error: msg" (parts left out when unknown).
 * Returns: (transfer full) g_free() it. */
char *rp_err_format(const struct rp_err *e);

#endif
