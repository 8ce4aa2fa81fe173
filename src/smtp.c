/* smtp.c - one message over SMTP with libcurl (see smtp.h). */
#include "revpack/smtp.h"

#include <arpa/inet.h>
/* calls go through `lib`, not to the names curl.h's type checks wrap */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <netinet/in.h>
#include <string.h>

#include "revpack/dlib.h"

/* The libcurl functions used, opened on first use (dlib.h says why). */
#define CURL_FNS(X)                                                         \
    X(curl_global_init) X(curl_easy_init) X(curl_easy_setopt)              \
    X(curl_easy_perform) X(curl_easy_getinfo) X(curl_easy_strerror)        \
    X(curl_easy_cleanup) X(curl_slist_append) X(curl_slist_free_all)       \
    X(curl_url) X(curl_url_set) X(curl_url_get) X(curl_url_cleanup)        \
    X(curl_free)
#define FN_SET(f) RP_DLIB_SET(lib.f, fn[i++]);

static struct {
    CURL_FNS(RP_DLIB_FIELD)
} lib;

/* libcurl opened and set up, once, from any thread.  Returns NULL if it
 * is there, else why not (for the life of the process). */
static const char *curl_init(void)
{
    static gsize done;
    static char *failed;

    if (g_once_init_enter(&done)) {
        static const char *const names[] = {CURL_FNS(RP_DLIB_NAME)};
        void *fn[G_N_ELEMENTS(names)];
        size_t i = 0;
        if (rp_dlib_load("libcurl.so.4", "libcurl4", names, fn,
                         G_N_ELEMENTS(names), &failed) == 0) {
            CURL_FNS(FN_SET)
            lib.curl_global_init(CURL_GLOBAL_DEFAULT);
        }
        g_once_init_leave(&done, 1);
    }
    return failed;
}

const char *rp_smtp_unavailable(void)
{
    return curl_init();
}

gboolean rp_smtp_is_loopback(const char *url)
{
    if (curl_init())
        return FALSE;       /* then TLS is asked for: the safe side */

    CURLU *u = lib.curl_url();
    char *host = NULL;
    gboolean yes = FALSE;

    if (lib.curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
            CURLUE_OK &&
        lib.curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
    {
        /* IP literals only (127.mail.example.com is a name, not a
         * loopback address), and the name localhost */
        struct in_addr a4;
        struct in6_addr a6;
        g_autofree char *bare = g_strdup(host);
        if (bare[0] == '[' && bare[strlen(bare) - 1] == ']') {
            memmove(bare, bare + 1, strlen(bare) - 2);
            bare[strlen(bare) - 2] = '\0';
        }
        yes = g_ascii_strcasecmp(bare, "localhost") == 0 ||
              (inet_pton(AF_INET, bare, &a4) == 1 &&
               (ntohl(a4.s_addr) >> 24) == 127) ||
              (inet_pton(AF_INET6, bare, &a6) == 1 &&
               IN6_IS_ADDR_LOOPBACK(&a6));
    }
    lib.curl_free(host);
    lib.curl_url_cleanup(u);
    return yes;
}

struct src {
    const char *data;
    gsize len, at;
};

static size_t feed(char *buf, size_t size, size_t n, void *ctx)
{
    struct src *s = ctx;
    size_t k = MIN(size * n, s->len - s->at);
    memcpy(buf, s->data + s->at, k);
    s->at += k;
    return k;
}

int rp_smtp_send(const struct rp_smtp *s, const char *from,
                 const char *const *rcpts, const char *data, gsize len,
                 char **reply)
{
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *to = NULL;
    struct src src = {data, len, 0};
    CURL *c;
    CURLcode rc;

    const char *failed = curl_init();
    if (failed) {
        *reply = g_strdup(failed);
        return -1;
    }
    if (!(c = lib.curl_easy_init())) {
        *reply = g_strdup("cannot start libcurl");
        return -1;
    }
    g_autofree char *mail_from = g_strdup_printf("<%s>", from);
    for (const char *const *r = rcpts; *r; r++) {
        g_autofree char *a = g_strdup_printf("<%s>", *r);
        to = lib.curl_slist_append(to, a);
    }
    lib.curl_easy_setopt(c, CURLOPT_URL, s->url);
    lib.curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    lib.curl_easy_setopt(c, CURLOPT_USE_SSL, rp_smtp_is_loopback(s->url)
                                                  ? (long)CURLUSESSL_NONE
                                                  : (long)CURLUSESSL_ALL);
    if (s->user && *s->user) {
        lib.curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
        lib.curl_easy_setopt(c, CURLOPT_PASSWORD,
                             s->password ? s->password : "");
    }
    lib.curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    lib.curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
    lib.curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
    lib.curl_easy_setopt(c, CURLOPT_READDATA, &src);
    lib.curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    lib.curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    lib.curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    lib.curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
    lib.curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    rc = lib.curl_easy_perform(c);
    if (rc != CURLE_OK) {
        long code = 0;
        lib.curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        const char *why = errbuf[0] ? errbuf : lib.curl_easy_strerror(rc);
        *reply = code ? g_strdup_printf("%s (server reply %ld)", why, code)
                      : g_strdup(why);
    }
    lib.curl_slist_free_all(to);
    lib.curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}
