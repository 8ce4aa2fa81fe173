/* smtp.c - one message over SMTP with libcurl (see smtp.h). */
#include "revpack/smtp.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <string.h>

/* libcurl's global set-up, once, from any thread. */
static void curl_init(void)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        g_once_init_leave(&done, 1);
    }
}

gboolean rp_smtp_is_loopback(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL;
    gboolean yes = FALSE;

    if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
            CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
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
    curl_free(host);
    curl_url_cleanup(u);
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

    curl_init();
    if (!(c = curl_easy_init())) {
        *reply = g_strdup("cannot start libcurl");
        return -1;
    }
    g_autofree char *mail_from = g_strdup_printf("<%s>", from);
    for (const char *const *r = rcpts; *r; r++) {
        g_autofree char *a = g_strdup_printf("<%s>", *r);
        to = curl_slist_append(to, a);
    }
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, rp_smtp_is_loopback(s->url)
                                              ? (long)CURLUSESSL_NONE
                                              : (long)CURLUSESSL_ALL);
    if (s->user && *s->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
    curl_easy_setopt(c, CURLOPT_READDATA, &src);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        *reply = code ? g_strdup_printf("%s (server reply %ld)",
                                        errbuf[0] ? errbuf
                                                  : curl_easy_strerror(rc),
                                        code)
                      : g_strdup(errbuf[0] ? errbuf : curl_easy_strerror(rc));
    }
    curl_slist_free_all(to);
    curl_easy_cleanup(c);
    return rc == CURLE_OK ? 0 : -1;
}
