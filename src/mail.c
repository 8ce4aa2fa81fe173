/* mail.c - the recipients file and the pack's messages (see mail.h). */
/* GMime's casts are plain casts: checked, each calls its type's function
 * by name, which is not linked (below) */
#define G_DISABLE_CAST_CHECKS
#include "revpack/mail.h"

#include <gmime/gmime.h>
#include <string.h>

#include "revpack/csv.h"
#include "revpack/dlib.h"
#include "revpack/fmt.h"
#include "revpack/ini.h"
#include "revpack/value.h"
#include "revpack/version.h"

/* The GMime functions used, opened on first use (dlib.h says why). */
#define GMIME_FNS(X)                                                        \
    X(g_mime_init) X(internet_address_list_parse)                           \
    X(internet_address_list_length) X(internet_address_list_get_address)   \
    X(internet_address_list_append) X(internet_address_mailbox_get_type)   \
    X(g_mime_text_part_new_with_subtype) X(g_mime_text_part_set_text)      \
    X(g_mime_part_set_content_encoding) X(g_mime_message_new)              \
    X(g_mime_message_get_addresses) X(g_mime_message_add_mailbox)          \
    X(g_mime_message_set_subject) X(g_mime_message_set_date)               \
    X(g_mime_message_set_message_id) X(g_mime_object_set_header)           \
    X(g_mime_multipart_new_with_subtype) X(g_mime_multipart_set_boundary)  \
    X(g_mime_multipart_add) X(g_mime_part_new_with_type)                   \
    X(g_mime_stream_mem_new_with_buffer)                                    \
    X(g_mime_data_wrapper_new_with_stream) X(g_mime_part_set_content)      \
    X(g_mime_part_set_filename) X(g_mime_message_set_mime_part)            \
    X(g_mime_format_options_new) X(g_mime_format_options_set_newline_format) \
    X(g_mime_stream_mem_new) X(g_mime_object_write_to_stream)              \
    X(g_mime_stream_mem_get_byte_array) X(g_mime_format_options_free)
#define FN_SET(f) RP_DLIB_SET(lib.f, fn[i++]);

static struct {
    GMIME_FNS(RP_DLIB_FIELD)
} lib;

/* GMime opened, and its tables of charsets and the like set up for the
 * process: once, on first use, from any thread.  Returns NULL if it is
 * there, else why not (for the life of the process). */
static const char *mime_init(void)
{
    static gsize done;
    static char *failed;

    if (g_once_init_enter(&done)) {
        static const char *const names[] = {GMIME_FNS(RP_DLIB_NAME)};
        void *fn[G_N_ELEMENTS(names)];
        size_t i = 0;
        if (rp_dlib_load("libgmime-3.0.so.0", "libgmime-3.0-0", names, fn,
                         G_N_ELEMENTS(names), &failed) == 0) {
            GMIME_FNS(FN_SET)
            lib.g_mime_init();
        }
        g_once_init_leave(&done, 1);
    }
    return failed;
}

/* @a, an InternetAddress, as a mailbox (not a group), or NULL */
static InternetAddressMailbox *mailbox(InternetAddress *a)
{
    return G_TYPE_CHECK_INSTANCE_TYPE(a,
                                      lib.internet_address_mailbox_get_type())
               ? INTERNET_ADDRESS_MAILBOX(a)
               : NULL;
}

bool rp_mail_address_ok(const char *s)
{
    const char *at = strrchr(s, '@');

    if (!at || at == s || !at[1] || strlen(s) > 254 || at - s > 64)
        return false;
    for (const char *p = s; p < at; p++)    /* dot-atom local part */
        if (!(g_ascii_isalnum(*p) || strchr(".!#$%&'*+/=?^_`{|}~-", *p)) ||
            (*p == '.' && (p == s || p + 1 == at || p[1] == '.')))
            return false;
    const char *d = at + 1;
    if (!strchr(d, '.') && strcmp(d, "localhost") != 0)
        return false;
    for (const char *label = d; *label;) {
        size_t n = strcspn(label, ".");
        if (n == 0 || n > 63 || label[0] == '-' || label[n - 1] == '-')
            return false;
        for (size_t i = 0; i < n; i++)
            if (!g_ascii_isalnum(label[i]) && label[i] != '-')
                return false;
        label += n;
        if (*label == '.' && !*++label)
            return false;
    }
    return true;
}

char *rp_mail_address_of(const char *text)
{
    char *addr = NULL;

    if (mime_init())
        return NULL;
    InternetAddressList *l = lib.internet_address_list_parse(NULL, text);
    if (l && lib.internet_address_list_length(l) == 1) {
        InternetAddressMailbox *mb =
            mailbox(lib.internet_address_list_get_address(l, 0));
        if (mb && rp_mail_address_ok(mb->addr))
            addr = g_strdup(mb->addr);
    }
    if (l)
        g_object_unref(l);
    return addr;
}

void rp_mail_recipients_free(GArray *r)
{
    if (r)
        g_array_unref(r);
}

static void free_recipient(gpointer p)
{
    struct rp_recipient *r = p;
    g_free(r->key);
    g_free(r->name);
    g_free(r->email);
    g_strfreev(r->cc);
}

struct rload {
    const char *name;
    GArray *out;
    GPtrArray *problems;
    int col[4];         /* key, name, email, cc: field index or -1 */
    bool header;
};

static void problem(struct rload *l, unsigned line, int col,
                    const char *fmt, const char *what)
{
    g_autofree char *why = g_strdup_printf(fmt, what);
    g_ptr_array_add(l->problems,
                    g_strdup_printf("%s:%u:%d: warning: row left out: %s",
                                    l->name, line, col + 1, why));
}

static int on_recipient(void *ctx, const struct rp_csv_record *rec,
                        struct rp_err *err)
{
    struct rload *l = ctx;
    static const char *const names[] = {"key", "name", "email", "cc"};
    const char *v[4] = {"", "", "", ""};

    if (!l->header) {
        for (int c = 0; c < 4; c++) {
            l->col[c] = rp_csv_column(rec, names[c]);
            if (c < 3 && l->col[c] < 0) {
                struct rp_loc loc = {l->name, rec->line, 0};
                return rp_err_set(err, RP_EDATA, &loc,
                                  "missing required column '%s' (key, name, "
                                  "email; optional cc)",
                                  names[c]);
            }
        }
        l->header = true;
        return 0;
    }
    for (int c = 0; c < 4; c++) {
        if (l->col[c] < 0 || (unsigned)l->col[c] >= rec->n_fields)
            continue;
        size_t n = rec->lens[l->col[c]];
        char *f = rp_value_trim(rec->fields[l->col[c]], &n);
        f[n] = '\0';
        v[c] = f;
    }
    if (rec->flaw != RP_CSV_OK ||
        !g_utf8_validate(v[0], -1, NULL) || !g_utf8_validate(v[1], -1, NULL)) {
        problem(l, rec->line, 0, "%s", "unreadable row (invalid UTF-8)");
        return 0;
    }
    if (!*v[0]) {
        problem(l, rec->line, l->col[0], "%s", "no key");
        return 0;
    }
    if (!rp_mail_address_ok(v[2])) {
        problem(l, rec->line, l->col[2], "bad email address '%s'", v[2]);
        return 0;
    }
    char **cc = rp_ini_list(v[3], false);
    for (char **c = cc; *c; c++) {
        if (!rp_mail_address_ok(*c)) {
            problem(l, rec->line, l->col[3], "bad cc address '%s'", *c);
            g_strfreev(cc);
            return 0;
        }
    }
    struct rp_recipient r = {g_strdup(v[0]), g_strdup(v[1]), g_strdup(v[2]),
                             cc, rec->line};
    g_array_append_val(l->out, r);
    return 0;
}

GArray *rp_mail_recipients_load(const char *path, GPtrArray *problems,
                                struct rp_err *err)
{
    g_autofree char *name = g_path_get_basename(path);
    struct rload l = {name, g_array_new(FALSE, TRUE,
                                        sizeof(struct rp_recipient)),
                      problems, {-1, -1, -1, -1}, false};
    struct rp_csv_opts o = {0};

    g_array_set_clear_func(l.out, free_recipient);
    if (rp_csv_read(path, name, &o, on_recipient, &l, err) < 0) {
        g_array_unref(l.out);
        return NULL;
    }
    if (!l.header) {
        struct rp_loc loc = {name, 0, 0};
        rp_err_set(err, RP_EDATA, &loc, "file is empty (no header line)");
        g_array_unref(l.out);
        return NULL;
    }
    return l.out;
}

/* --- the message ------------------------------------------------------- */

static void scorecard(const struct rp_render *rr, GString *text, GString *html)
{
    g_string_append(html, "<table cellpadding=\"4\" style=\"border-collapse:"
                          "collapse\">\n");
    for (size_t i = 0; i < G_N_ELEMENTS(rp_render_slas); i++) {
        const struct rp_render_sla *s = &rp_render_slas[i];
        const struct rp_mrow *m = rp_report_row(rr->r, s->metric, RP_GRP_ALL,
                                                "all");
        g_autofree char *name = rp_render_sla_name(rr, s);
        g_autofree char *id = g_ascii_strup(s->id, -1);
        char v[32];
        if (m && (m->has & RP_M_VALUE)) {
            if (s->is_count)
                rp_fmt_count(m->value, v, sizeof(v));
            else
                rp_fmt_pct(m->value, 1, v, sizeof(v));
        } else {
            g_strlcpy(v, rp_tr(rr->tr, "status.na"), sizeof(v));
        }
        const char *st = rp_render_status_word(rr, m);
        g_string_append_printf(text, "  %-3s %-8s %-5s %s\n", id, v, st, name);
        g_autofree char *e_name = g_markup_escape_text(name, -1);
        g_autofree char *e_v = g_markup_escape_text(v, -1);
        g_autofree char *e_st = g_markup_escape_text(st, -1);
        const char *color = m && m->status == RP_ST_PASS   ? "#1e7b34"
                            : m && m->status == RP_ST_FAIL ? "#b3261e"
                                                           : "#666666";
        g_string_append_printf(html,
                               "<tr><td>%s</td><td>%s</td><td align=\"right\">"
                               "%s</td><td style=\"color:%s\"><b>%s</b></td>"
                               "</tr>\n",
                               id, e_name, e_v, color, e_st);
    }
    g_string_append(html, "</table>\n");
}

/* Plain text and HTML bodies: greeting, headline sentences, scorecard. */
static void bodies(const struct rp_mail_in *in, const char *title,
                   GString *text, GString *html)
{
    const struct rp_render *rr = in->rr;
    g_autofree char *hello = rp_tr_fmt(rr->tr, "mail.greeting", "name",
                                       in->to->name[0] ? in->to->name
                                                       : in->to->email,
                                       NULL);
    g_autofree char *intro = rp_tr_fmt(rr->tr, "mail.intro", "title", title,
                                       "file", in->xlsx_name, NULL);
    const GPtrArray *story = rr->changes;
    g_autofree char *e_hello = g_markup_escape_text(hello, -1);
    g_autofree char *e_intro = g_markup_escape_text(intro, -1);
    g_autofree char *e_title = g_markup_escape_text(title, -1);

    g_string_append_printf(text, "%s\n\n%s\n\n", hello, intro);
    g_string_append_printf(html,
                           "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                           "<title>%s</title></head>\n<body style=\"font-family:"
                           "sans-serif;font-size:14px\">\n<p>%s</p>\n<p>%s</p>\n",
                           e_title, e_hello, e_intro);
    if (rr->scope_note) {
        g_autofree char *e = g_markup_escape_text(rr->scope_note, -1);
        g_string_append_printf(text, "%s\n\n", rr->scope_note);
        g_string_append_printf(html, "<p>%s</p>\n", e);
    }
    g_string_append_printf(text, "%s\n", rp_tr(rr->tr, "mail.changes"));
    g_string_append_printf(html, "<h3>%s</h3>\n<ul>\n",
                           rp_tr(rr->tr, "mail.changes"));
    for (guint i = 0; i < story->len; i++) {
        g_autofree char *e = g_markup_escape_text(story->pdata[i], -1);
        g_string_append_printf(text, "- %s\n", (char *)story->pdata[i]);
        g_string_append_printf(html, "<li>%s</li>\n", e);
    }
    g_string_append_printf(text, "\n%s\n", rp_tr(rr->tr, "mail.scorecard"));
    g_string_append_printf(html, "</ul>\n<h3>%s</h3>\n",
                           rp_tr(rr->tr, "mail.scorecard"));
    scorecard(rr, text, html);
    g_string_append_printf(text, "\n-- \n%s\n", rp_tr(rr->tr, "mail.sign"));
    g_string_append_printf(html, "<p style=\"color:#666666\">%s</p>\n"
                                 "</body></html>\n",
                           rp_tr(rr->tr, "mail.sign"));
}

static GMimeObject *text_part(const char *subtype, const char *body)
{
    GMimeTextPart *p = lib.g_mime_text_part_new_with_subtype(subtype);
    lib.g_mime_text_part_set_text(p, body);     /* utf-8, encoding chosen */
    lib.g_mime_part_set_content_encoding(GMIME_PART(p),
                                     GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GMIME_OBJECT(p);
}

GBytes *rp_mail_compose(const struct rp_mail_in *in, char **message_id,
                        struct rp_err *err)
{
    const struct rp_render *rr = in->rr;
    g_autofree char *title = rp_render_title(rr);
    g_autofree char *subject = rp_tr_fmt(rr->tr, "mail.subject", "title",
                                         title, NULL);
    g_autoptr(GString) text = g_string_new(NULL);
    g_autoptr(GString) html = g_string_new(NULL);

    const char *failed = mime_init();
    if (failed)
        return rp_err_set(err, RP_ECANTCREAT, NULL, "%s", failed), NULL;
    InternetAddressList *from = lib.internet_address_list_parse(NULL,
                                                                in->from);
    InternetAddressMailbox *sender =
        from && lib.internet_address_list_length(from) == 1
            ? mailbox(lib.internet_address_list_get_address(from, 0))
            : NULL;
    if (!sender || !rp_mail_address_ok(sender->addr)) {
        if (from)
            g_object_unref(from);
        return rp_err_set(err, RP_EDATA, NULL,
                          "[mail] from '%s' is not one address (\"RevOps "
                          "<revops@example.com>\")",
                          in->from ? in->from : ""),
               NULL;
    }
    bodies(in, title, text, html);

    /* the content's hash names the message and its boundaries */
    g_autoptr(GChecksum) h = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(h, (const guchar *)subject, -1);
    g_checksum_update(h, (const guchar *)in->to->email, -1);
    for (char **c = in->to->cc; *c; c++) {     /* as "a@x.com,b@x.com" */
        if (c != in->to->cc)
            g_checksum_update(h, (const guchar *)",", 1);
        g_checksum_update(h, (const guchar *)*c, -1);
    }
    g_checksum_update(h, (const guchar *)text->str, (gssize)text->len);
    gsize xn;
    const guchar *xb = g_bytes_get_data(in->xlsx, &xn);
    g_checksum_update(h, xb, (gssize)xn);
    const char *hex = g_checksum_get_string(h);
    const char *domain = strrchr(sender->addr, '@') + 1;
    g_autofree char *mid = g_strdup_printf("%.32s@%s", hex, domain);
    g_autofree char *b_mixed = g_strdup_printf("=-revpack-m-%.24s", hex);
    g_autofree char *b_alt = g_strdup_printf("=-revpack-a-%.24s", hex);

    GMimeMessage *msg = lib.g_mime_message_new(TRUE);
    lib.internet_address_list_append(
        lib.g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_FROM), from);
    g_object_unref(from);
    lib.g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO,
                               in->to->name[0] ? in->to->name : NULL,
                               in->to->email);
    for (char **c = in->to->cc; *c; c++)
        lib.g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_CC, NULL, *c);
    lib.g_mime_message_set_subject(msg, subject, "utf-8");
    GDateTime *utc = g_date_time_new_from_unix_utc(rr->r->as_of);
    GDateTime *local = g_date_time_to_timezone(utc, rr->clock->tz);
    lib.g_mime_message_set_date(msg, local);
    g_date_time_unref(local);
    g_date_time_unref(utc);
    lib.g_mime_message_set_message_id(msg, mid);
    lib.g_mime_object_set_header(GMIME_OBJECT(msg), "X-Mailer",
                             "revpack " RP_VERSION, NULL);

    GMimeMultipart *alt = lib.g_mime_multipart_new_with_subtype("alternative");
    lib.g_mime_multipart_set_boundary(alt, b_alt);
    GMimeObject *t = text_part("plain", text->str), *hp = text_part("html",
                                                                    html->str);
    lib.g_mime_multipart_add(alt, t);
    lib.g_mime_multipart_add(alt, hp);
    g_object_unref(t);
    g_object_unref(hp);

    GMimePart *att = lib.g_mime_part_new_with_type(
        "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    GMimeStream *stream =
        lib.g_mime_stream_mem_new_with_buffer((const char *)xb, xn);
    GMimeDataWrapper *content =
        lib.g_mime_data_wrapper_new_with_stream(stream,
                                            GMIME_CONTENT_ENCODING_DEFAULT);
    lib.g_mime_part_set_content(att, content);
    g_object_unref(content);
    g_object_unref(stream);
    lib.g_mime_part_set_content_encoding(att, GMIME_CONTENT_ENCODING_BASE64);
    lib.g_mime_part_set_filename(att, in->xlsx_name);   /* sets disposition */

    GMimeMultipart *mixed = lib.g_mime_multipart_new_with_subtype("mixed");
    lib.g_mime_multipart_set_boundary(mixed, b_mixed);
    lib.g_mime_multipart_add(mixed, GMIME_OBJECT(alt));
    lib.g_mime_multipart_add(mixed, GMIME_OBJECT(att));
    g_object_unref(alt);
    g_object_unref(att);
    lib.g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
    g_object_unref(mixed);

    GMimeFormatOptions *fo = lib.g_mime_format_options_new();
    lib.g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
    GMimeStream *out = lib.g_mime_stream_mem_new();
    lib.g_mime_object_write_to_stream(GMIME_OBJECT(msg), fo, out);
    GByteArray *ba =
        lib.g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
    GBytes *bytes = g_bytes_new(ba->data, ba->len);
    g_object_unref(out);
    lib.g_mime_format_options_free(fo);
    g_object_unref(msg);
    *message_id = g_steal_pointer(&mid);
    return bytes;
}
