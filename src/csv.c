/* csv.c - libcsv driven one physical line at a time. */
#include "revpack/csv.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BLOCK (1u << 20)

/* libcsv's parser states (libcsv.c keeps them private; the values are part
 * of its ABI since 3.0): a row is open unless the state is ROW_NOT_BEGUN. */
enum { LIBCSV_ROW_NOT_BEGUN = 0, LIBCSV_FIELD_BEGUN = 2 };

struct reader {
    struct csv_parser p;
    const struct rp_csv_opts *opts;
    size_t max_field, max_record;
    enum rp_csv_flaw flaw;  /* of the open record */
    unsigned flaw_field;
    bool skipping;          /* the open record is over max_record */
    bool pending_cr;        /* the last block ended with a CR */
    const char *name;
    rp_csv_record_fn fn;
    void *ctx;
    struct rp_err *err;
    int failed;
    char delimiter;
    bool header_seen;
    bool started;           /* first bytes seen (BOM check done) */
    unsigned line;          /* current physical line */
    unsigned long long fed; /* bytes handed to libcsv so far */
    unsigned long long rec_offset; /* `fed` when the open record began */
    unsigned rec_line;      /* line the open record started on */
    bool rec_ended;         /* cb2 ran during this line */
    /* record arena: field bytes, then offsets turned into pointers */
    char *arena;
    size_t arena_len, arena_cap;
    size_t *offs, *lens;
    char **fields;
    unsigned n_fields, cap_fields;
};

static void flaw(struct reader *r, enum rp_csv_flaw f, unsigned field)
{
    if (r->flaw == RP_CSV_OK) {
        r->flaw = f;
        r->flaw_field = field;
    }
}

static void on_field(void *s, size_t len, void *data)
{
    struct reader *r = data;

    if (r->failed || r->skipping)
        return;
    if (len > r->max_field) {
        flaw(r, RP_CSV_LONG_FIELD, r->n_fields + 1);
        len = 0;
    } else if (len && memchr(s, '\0', len)) {
        flaw(r, RP_CSV_NUL, r->n_fields + 1);
    } else if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        flaw(r, RP_CSV_BOM, r->n_fields + 1);
    }
    if (r->arena_len + len + 1 > r->arena_cap) {
        while (r->arena_len + len + 1 > r->arena_cap)
            r->arena_cap = r->arena_cap ? r->arena_cap * 2 : 4096;
        r->arena = g_realloc(r->arena, r->arena_cap);
    }
    if (r->n_fields == r->cap_fields) {
        r->cap_fields = r->cap_fields ? r->cap_fields * 2 : 64;
        r->offs = g_renew(size_t, r->offs, r->cap_fields);
        r->lens = g_renew(size_t, r->lens, r->cap_fields);
        r->fields = g_renew(char *, r->fields, r->cap_fields);
    }
    if (len)
        memcpy(r->arena + r->arena_len, s, len);
    r->arena[r->arena_len + len] = '\0';
    r->offs[r->n_fields] = r->arena_len;
    r->lens[r->n_fields] = len;
    r->n_fields++;
    r->arena_len += len + 1;
}

/* Any byte >= 0x80?  Eight at a time: most exports are mostly ASCII, and
 * an ASCII record needs no UTF-8 validation. */
static bool is_ascii(const char *s, size_t n)
{
    uint64_t acc = 0, w;
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        memcpy(&w, s + i, 8);
        acc |= w;
    }
    for (; i < n; i++)
        acc |= (unsigned char)s[i];
    return (acc & 0x8080808080808080ull) == 0;
}

static void on_record(int c, void *data)
{
    struct reader *r = data;
    struct rp_csv_record rec;

    (void)c;
    r->rec_ended = true;
    if (r->failed || r->skipping)
        return;
    for (unsigned i = 0; i < r->n_fields; i++)
        r->fields[i] = r->arena + r->offs[i];
    rec.line = r->rec_line;
    rec.n_fields = r->n_fields;
    rec.fields = r->fields;
    rec.lens = r->lens;
    rec.delimiter = r->delimiter;
    rec.offset = r->rec_offset;
    rec.ascii = is_ascii(r->arena, r->arena_len);
    rec.flaw = r->flaw;
    rec.flaw_field = r->flaw_field;
    rec.last_line = r->line;
    if (r->fn(r->ctx, &rec, r->err) < 0)
        r->failed = 1;
    r->header_seen = true;
    r->n_fields = 0;
    r->arena_len = 0;
    r->flaw = RP_CSV_OK;
    r->flaw_field = 0;
}

/* Spaces are trimmed around fields, but a tab is data when it delimits.
 * Only tab files get a space function: libcsv calls it for every byte,
 * while its built-in test (space or tab) is inline. */
static int is_space_only(unsigned char c)
{
    return c == ' ';
}

static void set_delimiter(struct csv_parser *p, char d)
{
    csv_set_delim(p, (unsigned char)d);
    if (d == '\t')
        csv_set_space_func(p, is_space_only);
}

static char detect_delimiter(const char *s, size_t n)
{
    size_t commas = 0, semis = 0, tabs = 0;
    bool quoted = false;

    for (size_t i = 0; i < n && s[i] != '\n'; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == ',')
            commas++;
        else if (!quoted && s[i] == ';')
            semis++;
        else if (!quoted && s[i] == '\t')
            tabs++;
    }
    if (tabs > commas && tabs >= semis)
        return '\t';
    if (semis > commas)
        return ';';
    return ',';
}

static int parser_init(struct reader *r)
{
    if (csv_init(&r->p, CSV_APPEND_NULL) != 0)
        return -1;
    if (r->opts && r->opts->realloc_fn)
        csv_set_realloc_func(&r->p, r->opts->realloc_fn);
    if (r->delimiter)
        set_delimiter(&r->p, r->delimiter);
    return 0;
}

/* A physical line ended: the next starts a record unless a quoted field
 * is open. */
static void end_line(struct reader *r)
{
    if (r->rec_ended || r->p.pstate == LIBCSV_ROW_NOT_BEGUN) {
        r->rec_line = r->line + 1;
        r->rec_offset = r->fed;
    }
    r->rec_ended = false;
    r->line++;
}

/* The open record grew past max_record: hand it on as a flawed record with
 * no fields (its lines are named), drop libcsv's half of it and start
 * afresh on the next line. */
static void long_record(struct reader *r)
{
    struct rp_csv_record rec = {0};

    rec.line = r->rec_line;
    rec.last_line = r->line;
    rec.delimiter = r->delimiter;
    rec.offset = r->rec_offset;
    rec.flaw = RP_CSV_LONG_RECORD;
    rec.ascii = true;
    rec.fields = r->fields;
    rec.lens = r->lens;
    if (r->fn(r->ctx, &rec, r->err) < 0)
        r->failed = 1;
    r->header_seen = true;
    r->skipping = false;
    r->n_fields = 0;
    r->arena_len = 0;
    r->flaw = RP_CSV_OK;
    r->flaw_field = 0;
    csv_free(&r->p);
    if (parser_init(r) < 0) {
        struct rp_loc loc = {r->name, r->line, 0};
        rp_err_set(r->err, RP_EIO, &loc, "out of memory");
        r->failed = 1;
    }
    r->rec_ended = true;    /* the next line starts a record */
}

/* Feed one piece of a physical line; @eol says the piece ends it. */
static void feed(struct reader *r, const char *s, size_t n, bool eol)
{
    if (!r->delimiter) {
        r->delimiter = detect_delimiter(s, n);
        set_delimiter(&r->p, r->delimiter);
    }
    if (!r->skipping && r->fed + n - r->rec_offset > r->max_record)
        r->skipping = true;
    if (!r->skipping && n) {
        size_t done = csv_parse(&r->p, s, n, on_field, on_record, r);
        if (done < n && !r->failed) {
            struct rp_loc loc = {r->name, r->line, 0};
            int e = csv_error(&r->p);
            rp_err_set(r->err, e == CSV_ENOMEM ? RP_EIO : RP_EDATA, &loc,
                       "%s", e == CSV_ENOMEM ? "out of memory"
                                             : csv_strerror(e));
            r->failed = 1;
            return;
        }
    }
    r->fed += n;
    if (eol) {
        if (r->skipping)
            long_record(r);
        end_line(r);
    }
}

/* Split @n bytes of UTF-8 into physical lines (LF, CRLF or a lone CR) and
 * feed them; a BOM at the very start of the file is dropped. */
static void feed_block(struct reader *r, const char *s, size_t n)
{
    if (!r->started && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
        s += 3;
        n -= 3;
    }
    r->started = r->started || n > 0;
    if (r->pending_cr && n && s[0] == '\n') {
        feed(r, s, 1, false);       /* the LF of a CRLF split by a block */
        s++;
        n--;
    }
    r->pending_cr = false;
    while (n && !r->failed) {
        const char *nl = memchr(s, '\n', n);
        size_t upto = nl ? (size_t)(nl - s) : n;
        const char *cr = memchr(s, '\r', upto);
        const char *end = nl;
        if (cr && cr + 1 < s + n && cr[1] != '\n')
            end = cr;               /* a lone CR ends the line */
        else if (cr && cr + 1 == s + n) {
            end = cr;               /* CR at the block's end: see next */
            r->pending_cr = true;
        }
        size_t k = end ? (size_t)(end - s) + 1 : n;
        feed(r, s, k, end != NULL);
        s += k;
        n -= k;
    }
}

int rp_csv_column(const struct rp_csv_record *rec, const char *name)
{
    size_t want = strlen(name);

    for (unsigned i = 0; i < rec->n_fields; i++) {
        const char *f = rec->fields[i];
        size_t n = rec->lens[i];
        while (n && g_ascii_isspace(*f)) {
            f++;
            n--;
        }
        while (n && g_ascii_isspace(f[n - 1]))
            n--;
        if (n == want && g_ascii_strncasecmp(f, name, n) == 0)
            return (int)i;
    }
    return -1;
}

int rp_csv_encoding_ok(const char *enc)
{
    static const char *const ok[] = {"auto", "utf-8", "utf8", "gb18030", "gbk",
                                     "gb2312", "utf-16", "utf-16le",
                                     "utf-16be"};
    if (!enc)
        return 1;
    for (size_t i = 0; i < G_N_ELEMENTS(ok); i++)
        if (g_ascii_strcasecmp(enc, ok[i]) == 0)
            return 1;
    return 0;
}

static const char *iconv_name(const char *enc)
{
    if (!enc || g_ascii_strcasecmp(enc, "utf-8") == 0 ||
        g_ascii_strcasecmp(enc, "utf8") == 0 ||
        g_ascii_strcasecmp(enc, "auto") == 0)
        return NULL;
    /* GB18030 is a superset of GBK and GB2312: read them all as it */
    if (g_ascii_strncasecmp(enc, "gb", 2) == 0)
        return "GB18030";
    if (g_ascii_strcasecmp(enc, "utf-16le") == 0)
        return "UTF-16LE";
    if (g_ascii_strcasecmp(enc, "utf-16be") == 0)
        return "UTF-16BE";
    return "UTF-16";
}

/* Count newlines in a block, for locating a decoding error. */
static unsigned count_lines(const char *s, size_t n)
{
    unsigned k = 0;
    for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + n - p))); p++)
        k++;
    return k;
}

/* The encoding of the file open on @fd when none was named: a UTF-16
 * byte-order mark says UTF-16 (Excel's "Unicode text"); bytes that are not
 * UTF-8 in the first 4 MiB but convert cleanly from GB18030 say GB18030
 * (Excel's "CSV" on Chinese Windows); else NULL, UTF-8. */
static const char *sniff(int fd)
{
    /* 3 bytes past the window complete a character that starts in it */
    enum { SNIFF = 4 << 20, READ = SNIFF + 3 };
    g_autofree char *head = g_malloc(READ);
    ssize_t n = pread(fd, head, READ, 0);
    const char *end;

    if (n >= 2 && (((unsigned char)head[0] == 0xFF &&
                    (unsigned char)head[1] == 0xFE) ||
                   ((unsigned char)head[0] == 0xFE &&
                    (unsigned char)head[1] == 0xFF)))
        return "UTF-16";
    if (n <= 0 || g_utf8_validate(head, n, &end) || end - head >= SNIFF)
        return NULL;
    /* a character cut at the end of what was read is still UTF-8 */
    if (n == READ && g_utf8_get_char_validated(end, head + n - end) ==
                         (gunichar)-2)
        return NULL;
    /* likewise a GB18030 character (1, 2 or 4 bytes) cut there */
    for (ssize_t cut = 0; cut < (n == READ ? 4 : 1); cut++) {
        g_autofree char *u = g_convert(head, n - cut, "UTF-8", "GB18030",
                                       NULL, NULL, NULL);
        if (u)
            return "GB18030";
    }
    return NULL;
}

int rp_csv_read(const char *path, const char *name,
                const struct rp_csv_opts *opts, rp_csv_record_fn fn,
                void *ctx, struct rp_err *err)
{
    struct reader r = {0};
    struct rp_loc loc = {name, 0, 0};
    const char *from = iconv_name(opts ? opts->encoding : NULL);
    GIConv cd = (GIConv)-1;
    char *buf = NULL, *conv = NULL;
    size_t carry = 0;   /* undecoded bytes kept from the last block */
    int fd = -1, rc = -1;

    r.name = name;
    r.fn = fn;
    r.ctx = ctx;
    r.err = err;
    r.opts = opts;
    r.line = 1;
    r.rec_line = 1;
    r.delimiter = opts ? opts->delimiter : 0;
    r.max_field = opts && opts->max_field ? opts->max_field : RP_CSV_MAX_FIELD;
    r.max_record = opts && opts->max_record ? opts->max_record
                                            : RP_CSV_MAX_RECORD;
    if (parser_init(&r) < 0) {
        rp_err_set(err, RP_EIO, &loc, "out of memory");
        return -1;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rp_err_set(err, errno == ENOENT ? RP_ENOINPUT : RP_EIO, &loc,
                   "cannot open: %s", g_strerror(errno));
        goto out;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        /* a device or a pipe may never end */
        rp_err_set(err, RP_ENOINPUT, &loc,
                   "not a regular file (a device, pipe or folder): revpack "
                   "reads exports saved as files");
        goto out;
    }
    if (!from && !(opts && opts->encoding &&
                   g_ascii_strncasecmp(opts->encoding, "utf", 3) == 0)) {
        from = sniff(fd);       /* auto: what the bytes say */
        if (from && opts && opts->detected)
            g_strlcpy(opts->detected, from, 16);
    }
    if (from) {
        cd = g_iconv_open("UTF-8", from);
        if (cd == (GIConv)-1) {
            rp_err_set(err, RP_EUSAGE, NULL, "encoding '%s' is not available",
                       opts && opts->encoding ? opts->encoding : from);
            goto out;
        }
        conv = g_malloc(BLOCK * 4 + 16);
    }
    buf = g_malloc(BLOCK + 16);
    for (;;) {
        ssize_t got = read(fd, buf + carry, BLOCK);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            rp_err_set(err, RP_EIO, &loc, "read failed: %s", g_strerror(errno));
            goto out;
        }
        if (opts && opts->checksum && got > 0)
            g_checksum_update(opts->checksum, (const guchar *)buf + carry,
                              (gssize)got);
        if (!from) {
            if (got == 0)
                break;
            feed_block(&r, buf, (size_t)got);
        } else {
            gchar *in = buf, *out = conv;
            gsize in_left = carry + (size_t)got, out_left = BLOCK * 4 + 16;
            if (got == 0 && carry == 0)
                break;
            size_t res = g_iconv(cd, &in, &in_left, &out, &out_left);
            if (res == (size_t)-1 && (errno == EILSEQ ||
                                      (errno == EINVAL && got == 0))) {
                loc.line = r.line + count_lines(conv, (size_t)(out - conv));
                rp_err_set(err, RP_EDATA, &loc, "bytes that are not valid %s",
                           from);
                goto out;
            }
            feed_block(&r, conv, (size_t)(out - conv));
            memmove(buf, in, in_left);
            carry = in_left;
            if (got == 0)
                break;
        }
        if (r.failed)
            goto out;
    }
    if (r.failed)
        goto out;
    if (r.skipping) {           /* an over-long last record: no newline */
        long_record(&r);
        if (r.failed)
            goto out;
    }
    if (r.p.pstate == LIBCSV_FIELD_BEGUN && r.p.quoted) {
        loc.line = r.rec_line;
        loc.col = r.n_fields + 1;
        rp_err_set(err, RP_EDATA, &loc,
                   "unterminated quoted field (a quote opened here never "
                   "closes)");
        goto out;
    }
    csv_fini(&r.p, on_field, on_record, &r);
    if (!r.failed)
        rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (cd != (GIConv)-1)
        g_iconv_close(cd);
    csv_free(&r.p);
    g_free(buf);
    g_free(conv);
    g_free(r.arena);
    g_free(r.offs);
    g_free(r.lens);
    g_free(r.fields);
    return rc;
}

void rp_csv_append_field(GString *out, const char *s)
{
    if (!s)
        return;
    /* OWASP CSV injection: a cell a spreadsheet would read as a formula
     * (= + - @, tab, CR first) is written as text, behind a ' and quoted */
    bool formula = *s && strchr("=+-@\t\r", *s);
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        g_string_append(out, s);
        return;
    }
    g_string_append_c(out, '"');
    if (formula)
        g_string_append_c(out, '\'');
    for (; *s; s++) {
        if (*s == '"')
            g_string_append_c(out, '"');
        g_string_append_c(out, *s);
    }
    g_string_append_c(out, '"');
}
