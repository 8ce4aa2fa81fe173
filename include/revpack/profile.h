/* profile.h - the SLA profile of SPEC 7.1 (an INI file read with GKeyFile).
 *
 * The key names are fixed.  A missing key takes the built-in default (the
 * values of templates/sla/default.ini; a test keeps the two equal); an
 * unknown group or key, or a bad value, is an error naming file, line and
 * key.  Inline comments after " ;" are allowed, as in the SPEC.
 */
#ifndef REVPACK_PROFILE_H
#define REVPACK_PROFILE_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "revpack/clock.h"
#include "revpack/err.h"

struct rp_profile {
    char *path;                  /* as loaded; "(built-in)" for defaults */
    GKeyFile *kf;                /* values as written, for the About sheet */
    /* [calendar] */
    char *timezone;
    unsigned workdays;           /* bit 0 = Monday .. bit 6 = Sunday */
    int work_start, work_end;    /* seconds after local midnight */
    GArray *holidays;            /* int64 local day numbers, sorted */
    enum rp_date_order date_order;
    GArray *extra_workdays;      /* int64 local day numbers, sorted */
    /* [marketing] */
    double mql_per_month, icp_min, completeness_min, intake_hours,
        intake_min, tagging_min;
    char **required_fields, **tag_fields;   /* canonical lead columns */
    /* [sales] */
    double first_touch_hours, first_touch_min, persistence_min, status_days,
        status_min, recycle_hours, recycle_min;
    bool first_touch_business;
    int64_t min_attempts;
    /* [icp] */
    bool has_icp;                /* the file has an [icp] section */
    int64_t min_employees;       /* RP_INT_NONE = any size */
    int64_t min_annual_revenue;  /* minor units; RP_MONEY_NONE = any */
    char **industries, **roles, **regions;  /* lower case; empty = any */
    /* [pipeline] */
    char **won_stages, **lost_stages, **marketing_sources; /* lower case */
    int64_t velocity_lookback_days;
    int64_t revenue_goal_per_month;         /* minor units */
    double max_reject_share;
    int64_t rank_min_closed;     /* closed deals a source needs to be ranked */
    /* [money], [fx] */
    char currency[4];            /* the reporting currency, ISO 4217 */
    GPtrArray *symbols;          /* SYMBOL, CODE pairs (strings) */
    GHashTable *fx;              /* CODE -> (double *) units of currency */
    /* [mail] */
    char *mail_from, *smtp_url, *smtp_user;
    /* [input] */
    int64_t max_field_bytes, max_record_bytes;  /* longer rows are rejected */
    int64_t list_rows;      /* [output]: rows a workbook list shows */
};

/* Load @path over the built-in defaults; @path NULL gives the defaults.
 * Returns: (transfer full) free with rp_profile_free(), or NULL with @err
 * set (RP_ENOINPUT if unreadable, RP_EDATA if invalid). */
struct rp_profile *rp_profile_load(const char *path, struct rp_err *err);
void rp_profile_free(struct rp_profile *p);

/* The rate of @code into the reporting currency (1 for itself); false
 * when [fx] has none. */
bool rp_profile_rate(const struct rp_profile *p, const char *code,
                     double *rate);

/* Is @s (any case) in the lower-cased list @list? */
bool rp_profile_list_has(char *const *list, const char *s);

/* @s (@len bytes of UTF-8) lower-cased as the profile holds its lists
 * (g_utf8_strdown): an ASCII text, nearly every one, into @buf (@size
 * bytes) when it fits, for the same text without an allocation.
 * Returns NULL when the text is in @buf, else a string to g_free(). */
char *rp_profile_down(const char *s, size_t len, char *buf, size_t size);

/* Every "group.key = value" in force, in schema order, for the About
 * sheet.  Returns: (transfer full) g_ptr_array_unref(); pairs of strings. */
GPtrArray *rp_profile_describe(const struct rp_profile *p);

#endif
