/* mapping.h - vendor exports onto the canonical files (SPEC 2, 7).
 *
 * A mapping (templates/mappings/NAME.ini, or --mapping PATH) says, for
 * each canonical file, which vendor headers feed which canonical column,
 * how vendor values read (a value map per column), which cells hold
 * several ids, and the file's formats.  The format, in full:
 *
 *     [mapping]
 *     name = HubSpot (UI export)
 *     date_order = mdy             ; formats, all optional
 *     encoding = auto
 *     decimal = comma              ; "1.234,50"
 *     multi_separator = ;
 *     footer = Grand Total | Copyright
 *
 *     [leads]                      ; the export that becomes leads.csv
 *     files = *contacts*.csv       ; names that break a tie
 *     signature = Record ID | Lifecycle Stage | Contact owner
 *     signature_api = hs_object_id | lifecyclestage   ; any signature* key
 *     lead_id = Record ID | hs_object_id
 *     mql_at = Became a Marketing Qualified Lead Date | Date entered "Marketing Qualified Lead (Lifecycle Stage Pipeline)"
 *     multi = opportunity_id
 *
 *     [opportunities]
 *     amount = Amount in company currency > Amount
 *     currency = - > Currency
 *     outcome = Is Closed Won + Is closed lost
 *
 *     [opportunities.outcome]      ; a value map: vendor value = canonical
 *     true+false = won
 *     * = open
 *
 * A column's sources: `|` separates aliases (two present is an error),
 * `>` separates choices (the first with a header present wins; `-` is
 * "none"), `+` joins several headers into one value "a+b".  `currency`
 * follows `amount`: its k-th choice goes with amount's k-th.  Headers
 * match after trimming, case folding, one space for any run of white
 * space and `""` read as `"`.
 */
#ifndef REVPACK_MAPPING_H
#define REVPACK_MAPPING_H

#include <glib.h>
#include <stdbool.h>

#include "revpack/err.h"
#include "revpack/model.h"

#define RP_MAP_MAX_COLS 32
#define RP_MAP_MAX_JOIN 4

/* One alias: one header, or several joined by '+'. */
struct rp_map_alias {
    unsigned n;
    char *headers[RP_MAP_MAX_JOIN];     /* normalised (rp_mapping_norm) */
};

/* One choice: aliases of the same thing; none = the choice "-". */
struct rp_map_choice {
    unsigned n;
    struct rp_map_alias *aliases;
};

struct rp_map_col {
    unsigned n_choices;                 /* 0: the column is not mapped */
    struct rp_map_choice *choices;
    GHashTable *values;                 /* folded vendor value -> value */
    char *other;                        /* the "*" entry, or NULL */
    bool multi;                         /* cells hold several ids */
};

/* What the canonical schema looks like, for checking a mapping's keys. */
struct rp_map_schema {
    const char *names[RP_N_FILES][RP_MAP_MAX_COLS];
    bool required[RP_N_FILES][RP_MAP_MAX_COLS];
    unsigned n[RP_N_FILES];
};

struct rp_map_role {
    bool present;
    char **globs;                       /* file-name patterns, folded */
    char **other_ids;                   /* lead_id patterns that name no
                                           lead (Salesforce contacts 003*) */
    GPtrArray *signatures;              /* GStrv each: normalised headers
                                           (signature, signature_api...) */
    struct rp_map_col cols[RP_MAP_MAX_COLS];
};

struct rp_mapping {
    char *id;               /* "hubspot", "canonical", a file's base name */
    char *name;             /* as the person reads it */
    char *path;             /* NULL for the built-in canonical mapping */
    bool canonical;         /* the canonical file names and headers */
    char *encoding;         /* NULL: as the command line says */
    int date_order;         /* enum rp_date_order, or -1: the profile's */
    bool decimal_comma;
    char multi_sep;
    char **footer;          /* folded first-cell prefixes of a footer */
    struct rp_map_role roles[RP_N_FILES];
};

/* Load @path against @schema.  An unknown section or column, a bad
 * format value or a value map for an unmapped column is RP_EDATA with the
 * file and line.  Returns: (transfer full) rp_mapping_free(), or NULL. */
struct rp_mapping *rp_mapping_load(const char *path,
                                   const struct rp_map_schema *schema,
                                   struct rp_err *err);
/* The canonical files as a mapping: each column its own name. */
struct rp_mapping *rp_mapping_canonical(const struct rp_map_schema *schema);
void rp_mapping_free(struct rp_mapping *m);

/* A header or value as mappings compare it.  Returns: (transfer full). */
char *rp_mapping_norm(const char *s, size_t len);

/* A file's header resolved against a role: for each canonical column the
 * 0-based fields it reads (n 0 = absent) and the choice taken. */
struct rp_map_plan {
    unsigned n[RP_MAP_MAX_COLS];
    int field[RP_MAP_MAX_COLS][RP_MAP_MAX_JOIN];
    unsigned choice[RP_MAP_MAX_COLS];
    unsigned sig_found, sig_total;      /* signature headers present, of
                                           the signature that has most */
};

/* Resolve @headers (normalised, @n of them) for @role of @schema's
 * @file.  Returns 0; -1 with @why (transfer full) when two headers match
 * one column, or a required column has none. */
int rp_mapping_resolve(const struct rp_mapping *m, enum rp_file file,
                       const struct rp_map_schema *schema,
                       char *const *headers, unsigned n,
                       struct rp_map_plan *plan, char **why);

/* The mapped value of @v for column @c: the value map's entry, else its
 * "*" entry, else @v.  (transfer none) */
const char *rp_mapping_value(const struct rp_map_col *c, const char *v);

/* Whether @name (a file's base name) matches one of @role's globs. */
bool rp_mapping_file_matches(const struct rp_map_role *role,
                             const char *name);

/* Whether a record whose first cell is @cell starts @m's footer. */
bool rp_mapping_is_footer(const struct rp_mapping *m, const char *cell);

#endif
