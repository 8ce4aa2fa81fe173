/* smtp.h - delivering one message over SMTP with libcurl (SPEC 5.2).
 *
 * smtps:// is TLS from the start; smtp:// must upgrade with STARTTLS
 * unless the server is on this machine (127.0.0.1, ::1, localhost).
 */
#ifndef REVPACK_SMTP_H
#define REVPACK_SMTP_H

#include <glib.h>

struct rp_smtp {
    const char *url;        /* smtp://host:port or smtps://host:port */
    const char *user;       /* NULL: no login */
    const char *password;   /* from REVPACK_SMTP_PASSWORD only */
};

/* Send @len bytes of @data (a whole message, CRLF line ends) from @from
 * (an address) to every address of @rcpts.  Returns 0; -1 with
 * (transfer full) *@reply: what the server or the connection said. */
int rp_smtp_send(const struct rp_smtp *s, const char *from,
                 const char *const *rcpts, const char *data, gsize len,
                 char **reply);

/* NULL if messages can be sent (libcurl is there, opened on first use),
 * else why not: (transfer none) for the life of the process. */
const char *rp_smtp_unavailable(void);

/* Whether @url's host is this machine. */
gboolean rp_smtp_is_loopback(const char *url);

#endif
