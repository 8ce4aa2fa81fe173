/* mail.h - the pack's messages (SPEC 5.2): the recipients file, and one
 * RFC 5322 + MIME message per recipient, composed with GMime.
 *
 * A message is multipart/mixed: a multipart/alternative body (plain text
 * and a small HTML version: the pack's three headline sentences and its
 * SLA scorecard) and the recipient's workbook, base64.  Its Date is the
 * report's as_of and its Message-ID and MIME boundaries a hash of its
 * content, so the same pack gives the same bytes.
 */
#ifndef REVPACK_MAIL_H
#define REVPACK_MAIL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "revpack/err.h"
#include "revpack/render.h"

struct rp_recipient {
    char *key;          /* a burst key, or "*" for the whole pack */
    char *name;
    char *email;
    char **cc;          /* checked addresses, maybe none (NULL-ended) */
    unsigned line;      /* in the recipients file */
};

/* Read @path (columns key, name, email, optional cc; any order).  A row
 * with a bad address or no key is left out with a "FILE:LINE:COL: ..."
 * line in @problems; a missing file is RP_ENOINPUT, a missing column
 * RP_EDATA.  Returns: (transfer full) GArray of struct rp_recipient,
 * free with rp_mail_recipients_free(); NULL with @err. */
GArray *rp_mail_recipients_load(const char *path, GPtrArray *problems,
                                struct rp_err *err);
void rp_mail_recipients_free(GArray *r);

/* The address of "Name <addr>" (or of a bare addr), if it is one.
 * Returns: (transfer full) g_free(), or NULL. */
char *rp_mail_address_of(const char *mailbox);

/* Whether @s is one addr-spec "local@domain" a server will take. */
bool rp_mail_address_ok(const char *s);

struct rp_mail_in {
    const struct rp_render *rr;     /* the recipient's pack */
    const char *from;               /* "RevOps <revops@example.com>" */
    const struct rp_recipient *to;
    const char *xlsx_name;          /* the attachment's file name */
    GBytes *xlsx;                   /* its bytes */
};

/* The message, CRLF line ends, and its Message-ID (without <>, transfer
 * full) in *@message_id.  RP_EDATA if `from` is not an address.
 * Returns: (transfer full) g_bytes_unref(); NULL with @err. */
GBytes *rp_mail_compose(const struct rp_mail_in *in, char **message_id,
                        struct rp_err *err);

#endif
