/* csv.h - streaming CSV records with positions, on libcsv.
 *
 * The file is read in 1 MiB blocks and handed to libcsv one physical line
 * at a time, so each record knows the physical line it starts on (a quoted
 * newline makes a record span lines).  Fields arrive NUL-terminated in a
 * per-record arena that is reused: nothing is allocated per field.  The
 * reader keeps all its state in its own struct, so two readers can run on
 * two threads.
 *
 *     struct rp_csv_opts o = {.encoding = NULL};
 *     if (rp_csv_read("data/leads.csv", "leads.csv", &o, on_record, ctx,
 *                     &err) < 0)
 *         ... err says "leads.csv:812: unterminated quoted field"
 */
#ifndef REVPACK_CSV_H
#define REVPACK_CSV_H

#include <stdbool.h>
#include <glib.h>
#include <stddef.h>

#include "revpack/err.h"

struct rp_csv_opts {
    const char *encoding;   /* NULL or "auto": UTF-8 unless the bytes say
                               UTF-16 (BOM) or GB18030; "utf-8": strictly;
                               else gb18030, gbk, utf-16, utf-16le,
                               utf-16be: converted with GIConv */
    char delimiter;         /* 0: comma unless the header line has more
                               ';' or tabs outside quotes */
    GChecksum *checksum;    /* if set, fed every byte of the file as read */
    size_t max_field;       /* longest field kept, bytes; 0 = 1 MiB */
    size_t max_record;      /* longest record, bytes; 0 = 16 MiB */
    void *(*realloc_fn)(void *, size_t); /* libcsv's allocator; NULL =
                                            realloc (tests inject failure) */
    char *detected;         /* if set (16 bytes): the encoding chosen when
                               none was named and the file is not UTF-8 */
};

#define RP_CSV_MAX_FIELD ((size_t)1 << 20)
#define RP_CSV_MAX_RECORD ((size_t)16 << 20)

/* What makes a record unusable before any value is looked at; the record
 * still arrives, so its row is listed, never silently dropped. */
enum rp_csv_flaw {
    RP_CSV_OK,
    RP_CSV_LONG_FIELD,      /* field `flaw_field` over max_field: emptied */
    RP_CSV_LONG_RECORD,     /* over max_record: skipped to the line's end,
                               no fields */
    RP_CSV_NUL,             /* a NUL byte in field `flaw_field` */
    RP_CSV_BOM              /* a byte-order mark opens field `flaw_field`
                               (a second file pasted in?) */
};

struct rp_csv_record {
    unsigned line;          /* physical line the record starts on, 1-based */
    unsigned n_fields;
    char **fields;          /* (transfer none) valid during the callback */
    size_t *lens;
    char delimiter;         /* the one in use */
    bool ascii;             /* every byte of every field is < 0x80 */
    unsigned long long offset; /* bytes of the file read before the record
                                  (converted bytes for other encodings) */
    enum rp_csv_flaw flaw;
    unsigned flaw_field;    /* 1-based */
    unsigned last_line;     /* physical line the record ends on */
};

/* Called once per record, the header included.  Return 0 to go on, -1
 * (with @err set) to stop the read. */
typedef int (*rp_csv_record_fn)(void *ctx, const struct rp_csv_record *rec,
                                struct rp_err *err);

/* The first field of header record @rec that is @name, ignoring ASCII
 * case and surrounding white space (the fields are not changed); -1 if
 * none. */
int rp_csv_column(const struct rp_csv_record *rec, const char *name);

/* Read @path; @name is how messages name the file.  A file that is
 * missing, or is not a regular file (a device or pipe could be endless), is
 * RP_ENOINPUT; one that cannot be read RP_EIO; an unterminated quote, an
 * undecodable byte in a converted encoding or UTF-16 read as UTF-8 is
 * RP_EDATA with the line.  Lines end at LF, CRLF or a lone CR. */
int rp_csv_read(const char *path, const char *name,
                const struct rp_csv_opts *opts, rp_csv_record_fn fn,
                void *ctx, struct rp_err *err);

/* Append @s to @out as one CSV field, quoted when it must be (a comma,
 * quote or line break in it); a value a spreadsheet would run as a formula
 * (first character = + - @, tab or CR) gets a leading ' inside quotes
 * (OWASP).  NULL appends nothing. */
void rp_csv_append_field(GString *out, const char *s);

/* Is @enc an encoding rp_csv_read accepts? */
int rp_csv_encoding_ok(const char *enc);

#endif
