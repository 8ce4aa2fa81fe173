/* csv.h - CSV records with their physical lines, on a tokenizer of our own.
 *
 * The file is read a window (16 MiB) at a time; a window is cut at line
 * starts into chunks that worker threads tokenize at once.  A chunk's start
 * is a guess (a quoted newline may cross it): the guess is checked against
 * where the chunk before really ended, in file order, and a wrong one is
 * parsed again, so the records are those of one reading from the start.
 * Fields arrive NUL-terminated in a per-record arena that is reused.  The
 * syntax is libcsv's (non-strict): spaces around unquoted fields are
 * trimmed, a quote inside an unquoted field is data, blank lines are no
 * records (tests/test_csv.c checks the two agree on generated input).
 *
 *     struct rp_csv_opts o = {.encoding = NULL};
 *     if (rp_csv_read("data/leads.csv", "leads.csv", &o, on_record, ctx,
 *                     &err) < 0)
 *         ... err says "leads.csv:812: unterminated quoted field"
 */
#ifndef REVPACK_CSV_H
#define REVPACK_CSV_H

#include <stdbool.h>
#include <stdint.h>
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
    char *sha256;           /* if set (65 bytes): hex SHA-256 of the
                               file's bytes as read */
    size_t max_field;       /* longest field kept, bytes; 0 = 1 MiB */
    size_t max_record;      /* longest record, bytes; 0 = 16 MiB */
    /* if set: called on the reading thread after each window with the
     * file's name and the bytes and records read so far */
    void (*progress)(void *ctx, const char *name, uint64_t bytes,
                     uint64_t records);
    void *progress_ctx;
    size_t window;          /* text per round, bytes; 0 = 4 MiB (tests
                               make it small to cross many windows) */
    char *detected;         /* if set (16 bytes): the encoding chosen when
                               none was named and the file is not UTF-8 */
    /* with sha256: later files (NULL-terminated), hashed beside this
     * one's bytes; this file's own, if one was (rp_csv_rider) */
    struct rp_csv_rider *const *riders;
    struct rp_csv_rider *hashed_ahead;
};

/* A file to be read later, hashed meanwhile beside the one being read:
 * the SHA instructions hash two streams in the time of one (sha256.h).
 * Its bytes are read a second time, with pread().  NULL where the CPU
 * has no SHA extensions, or @path cannot be opened or is not a regular
 * file.  The read of the file takes over the digest (opts->hashed_ahead)
 * if the file is still the one opened here (device, inode, size,
 * modification and change times) and no read of it came short; else it
 * hashes the file afresh.  Used by one thread at a time. */
struct rp_csv_rider;
struct rp_csv_rider *rp_csv_rider_new(const char *path);
void rp_csv_rider_free(struct rp_csv_rider *r);

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
    bool utf8;              /* every field is valid UTF-8 */
    uint64_t offset;        /* where the record's first line starts in the
                               text (UTF-8, after any conversion) */
    enum rp_csv_flaw flaw;
    unsigned flaw_field;    /* 1-based */
    unsigned last_line;     /* physical line the record ends on */
    bool lines_shifted;     /* line and last_line count from its chunk's
                               first line, as 0: the file's are not known
                               yet (rp_csv_par.shift_lines) */
};

#define RP_CSV_NEED_LINES 1

/* Called once per record, the header included.  Return 0 to go on, -1
 * (with @err set) to stop the read; RP_CSV_NEED_LINES only for a record
 * whose lines are shifted, to have its chunk read again once they are
 * known (a message that names a line). */
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

/* The parallel reading: the header goes to @header on the caller's
 * thread; the other records to @record on up to @jobs threads, each chunk
 * of them into a shard of its own; the shards come back to @shard_end on
 * the caller's thread in file order (records of a shard are in file order
 * too).  A shard made on a wrong guess goes to @shard_free instead, so
 * @record must touch nothing but its shard (and what is safe to share).
 * With @shift_lines, a chunk's records are read before the lines of the
 * chunks before it are counted (the count was a pass over the text, 5%
 * of a 1 GB pack's CPU): their lines count from the chunk's start
 * (rec->lines_shifted), and @shard_end gets the lines to add to those
 * its shard keeps (0 if none). */
struct rp_csv_window;           /* the text a shard was read from */

struct rp_csv_par {
    unsigned jobs;              /* threads; 0 = the number of cores */
    rp_csv_record_fn header;    /* fn(ctx, rec) */
    void *(*shard_new)(void *ctx);
    rp_csv_record_fn record;    /* fn(shard, rec) */
    int (*shard_end)(void *ctx, void *shard, const struct rp_csv_window *w,
                     unsigned shift, struct rp_err *err); /* takes the
                                                             shard */
    void (*shard_free)(void *ctx, void *shard);
    /* after the last record of a shard's chunk, on the thread that read
     * it (may be NULL): work a shard does better in one batch */
    void (*shard_read)(void *shard);
    bool shift_lines;
};

int rp_csv_read_par(const char *path, const char *name,
                    const struct rp_csv_opts *opts,
                    const struct rp_csv_par *par, void *ctx,
                    struct rp_err *err);

/* Hand the record at text @offset (a record's `offset`) of window @w,
 * which starts on physical @line, to @fn again: for a shard_end that needs
 * a record's fields after all. */
int rp_csv_reread(const struct rp_csv_window *w, uint64_t offset,
                  unsigned line, rp_csv_record_fn fn, void *ctx,
                  struct rp_err *err);

/* Append @s to @out as one CSV field, quoted when it must be (a comma,
 * quote or line break in it); a value a spreadsheet would run as a formula
 * (first character = + - @, tab or CR) gets a leading ' inside quotes
 * (OWASP).  NULL appends nothing. */
void rp_csv_append_field(GString *out, const char *s);

/* The bytes rp_csv_put_field() may write for a value of @n bytes: each
 * byte a doubled quote, and the quotes around them (a ' comes only before
 * a first byte that is not a quote). */
#define RP_CSV_FIELD_ROOM(n) (2 * (size_t)(n) + 2)

/* rp_csv_append_field() of @s (@n bytes, no NUL in them) into @p, which
 * has RP_CSV_FIELD_ROOM(@n) bytes.  Returns the end of what it wrote. */
char *rp_csv_put_field(char *p, const char *s, size_t n);

/* Is @enc an encoding rp_csv_read accepts? */
int rp_csv_encoding_ok(const char *enc);

#endif
