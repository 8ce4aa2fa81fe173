/* profile.c - SLA profile loading and validation. */
#include "revpack/profile.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "revpack/ini.h"
#include "revpack/value.h"

enum ktype {
    K_NUM,      /* double within [min, max] */
    K_INT,      /* integer within [min, max]; empty = RP_INT_NONE if nullable */
    K_MONEY,    /* money; empty = RP_MONEY_NONE if nullable */
    K_LIST,     /* comma list, lower-cased */
    K_TZ, K_WORKDAYS, K_WORKHOURS, K_HOLIDAYS, K_DATEORDER, K_CLOCK,
    K_CODE,     /* an ISO 4217 code: three letters, upper-cased */
    K_SYMBOLS,  /* SYMBOL=CODE, ... */
    K_ADDRESS,  /* empty, or "Name <a@b.c>" / "a@b.c" */
    K_URL,      /* empty, or smtp://host[:port] / smtps://host[:port] */
    K_TEXT      /* any text */
};

struct key {
    const char *group, *name;
    enum ktype type;
    size_t off;
    double min, max;
    bool nullable;
    const char *def;    /* default, as it would be written in the file */
};

#define O(f) offsetof(struct rp_profile, f)
static const struct key keys[] = {
    {"calendar", "timezone", K_TZ, O(timezone), 0, 0, false, "UTC"},
    {"calendar", "workdays", K_WORKDAYS, O(workdays), 0, 0, false,
     "Mon,Tue,Wed,Thu,Fri"},
    {"calendar", "workhours", K_WORKHOURS, O(work_start), 0, 0, false,
     "09:00-18:00"},
    {"calendar", "holidays", K_HOLIDAYS, O(holidays), 0, 0, false, ""},
    {"calendar", "date_order", K_DATEORDER, O(date_order), 0, 0, false, "ymd"},
    {"calendar", "extra_workdays", K_HOLIDAYS, O(extra_workdays), 0, 0, false,
     ""},
    {"marketing", "mql_per_month", K_NUM, O(mql_per_month), 0, 1e9, false, "200"},
    {"marketing", "icp_min", K_NUM, O(icp_min), 0, 1, false, "0.90"},
    {"marketing", "required_fields", K_LIST, O(required_fields), 0, 0, false,
     "company,job_title,phone"},
    {"marketing", "completeness_min", K_NUM, O(completeness_min), 0, 1, false,
     "0.95"},
    {"marketing", "intake_hours", K_NUM, O(intake_hours), 0, 1e6, false, "4"},
    {"marketing", "intake_min", K_NUM, O(intake_min), 0, 1, false, "0.95"},
    {"marketing", "tag_fields", K_LIST, O(tag_fields), 0, 0, false,
     "source,campaign"},
    {"marketing", "tagging_min", K_NUM, O(tagging_min), 0, 1, false, "1.00"},
    {"sales", "first_touch_hours", K_NUM, O(first_touch_hours), 0, 1e6, false,
     "24"},
    {"sales", "first_touch_clock", K_CLOCK, O(first_touch_business), 0, 0, false,
     "clock"},
    {"sales", "first_touch_min", K_NUM, O(first_touch_min), 0, 1, false, "0.90"},
    {"sales", "min_attempts", K_INT, O(min_attempts), 0, 1e6, false, "6"},
    {"sales", "persistence_min", K_NUM, O(persistence_min), 0, 1, false, "0.90"},
    {"sales", "status_days", K_NUM, O(status_days), 0, 1e5, false, "7"},
    {"sales", "status_min", K_NUM, O(status_min), 0, 1, false, "0.90"},
    {"sales", "recycle_hours", K_NUM, O(recycle_hours), 0, 1e6, false, "48"},
    {"sales", "recycle_min", K_NUM, O(recycle_min), 0, 1, false, "0.90"},
    {"icp", "min_employees", K_INT, O(min_employees), 0, 1e12, true, "50"},
    {"icp", "min_annual_revenue", K_MONEY, O(min_annual_revenue), 0, 0, true,
     "5000000"},
    {"icp", "industries", K_LIST, O(industries), 0, 0, false, ""},
    {"icp", "roles", K_LIST, O(roles), 0, 0, false,
     "chief,vp,vice president,director,head,manager,owner,founder"},
    {"icp", "regions", K_LIST, O(regions), 0, 0, false, ""},
    {"pipeline", "won_stages", K_LIST, O(won_stages), 0, 0, false,
     "closed won,won"},
    {"pipeline", "lost_stages", K_LIST, O(lost_stages), 0, 0, false,
     "closed lost,lost"},
    {"pipeline", "marketing_sources", K_LIST, O(marketing_sources), 0, 0, false,
     "website,paid search,webinar,content,event,trade show,social,email"},
    {"pipeline", "velocity_lookback_days", K_INT, O(velocity_lookback_days), 1,
     3650, false, "90"},
    {"pipeline", "revenue_goal_per_month", K_MONEY, O(revenue_goal_per_month),
     0, 0, false, "1000000"},
    {"pipeline", "max_reject_share", K_NUM, O(max_reject_share), 0, 1, false,
     "0.05"},
    {"pipeline", "rank_min_closed", K_INT, O(rank_min_closed), 1, 1e6, false,
     "10"},
    {"money", "currency", K_CODE, O(currency), 0, 0, false, "USD"},
    {"money", "symbols", K_SYMBOLS, O(symbols), 0, 0, false,
     "$=USD,US$=USD,\xc2\xa5=CNY,\xef\xbf\xa5=CNY,RMB=CNY,\xe2\x82\xac=EUR,"
     "\xc2\xa3=GBP,\xe2\x82\xb9=INR,\xe2\x82\xa9=KRW"},
    {"mail", "from", K_ADDRESS, O(mail_from), 0, 0, false, ""},
    {"mail", "smtp_url", K_URL, O(smtp_url), 0, 0, false, ""},
    {"mail", "user", K_TEXT, O(smtp_user), 0, 0, false, ""},
    {"input", "max_field_bytes", K_INT, O(max_field_bytes), 1024, 2147483647.0,
     false, "1048576"},
    {"input", "max_record_bytes", K_INT, O(max_record_bytes), 1024,
     2147483647.0, false, "16777216"},
    {"output", "list_rows", K_INT, O(list_rows), 1, 1000000, false, "20000"},
};
#undef O

static const char *const day_names[] = {"mon", "tue", "wed", "thu",
                                        "fri", "sat", "sun"};

static int parse_hhmm(const char *s, int *secs)
{
    int h, m;
    char tail;
    if (sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 ||
        m < 0 || m > 59 || (h == 24 && m != 0) || strlen(s) != 5)
        return -1;
    *secs = h * 3600 + m * 60;
    return 0;
}

static gint cmp_i64(gconstpointer a, gconstpointer b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Set one key from text @v.  Returns NULL or a static reason. */
static const char *set_key(struct rp_profile *p, const struct key *k,
                           const char *v)
{
    char *field = (char *)p + k->off;
    const char *why = NULL;

    switch (k->type) {
    case K_NUM: {
        char *end;
        /* plain decimals only: strtod would also take 0x10, inf, 1e3 */
        bool plain = *v != '\0';
        for (const char *c = v; *c; c++)
            plain &= g_ascii_isdigit(*c) || *c == '.' ||
                     (*c == '-' && c == v);
        double d = plain ? g_ascii_strtod(v, &end) : 0;
        if (!plain || *end || d < k->min || d > k->max || d != d)
            return k->max == 1 ? "expected a fraction from 0 to 1"
                               : "expected a non-negative number";
        *(double *)field = d;
        return NULL;
    }
    case K_INT: {
        int64_t i;
        if (!*v && k->nullable) {
            *(int64_t *)field = RP_INT_NONE;
            return NULL;
        }
        if (rp_value_int(v, &i, &why) < 0 || i < (int64_t)k->min ||
            i > (int64_t)k->max)
            return "expected a whole number in range";
        *(int64_t *)field = i;
        return NULL;
    }
    case K_MONEY: {
        int64_t m;
        if (!*v && k->nullable) {
            *(int64_t *)field = RP_MONEY_NONE;
            return NULL;
        }
        if (rp_value_money(v, &m, NULL, &why) < 0 || m < 0)
            return "expected a non-negative amount";
        *(int64_t *)field = m;
        return NULL;
    }
    case K_LIST:
        g_strfreev(*(char ***)field);
        *(char ***)field = rp_ini_list(v, true);
        return NULL;
    case K_TZ: {
        struct rp_clock c;
        /* an IANA name ("Asia/Shanghai", "UTC"), never a path */
        bool name = g_ascii_isalpha(*v) && !strstr(v, "..") &&
                    !strstr(v, "//") && !g_str_has_suffix(v, "/");
        for (const char *ch = v; *ch; ch++)
            name &= g_ascii_isalnum(*ch) || strchr("/_+-", *ch);
        if (!name || rp_clock_init(&c, v, RP_DATE_YMD) < 0)
            return "unknown time zone (expected an IANA name such as "
                   "Asia/Shanghai)";
        rp_clock_release(&c);
        g_free(p->timezone);
        p->timezone = g_strdup(v);
        return NULL;
    }
    case K_WORKDAYS: {
        g_auto(GStrv) l = rp_ini_list(v, true);
        unsigned mask = 0;
        for (char **q = l; *q; q++) {
            unsigned i;
            for (i = 0; i < 7 && strcmp(*q, day_names[i]) != 0; i++)
                ;
            if (i == 7)
                return "expected day names Mon,Tue,Wed,Thu,Fri,Sat,Sun";
            mask |= 1u << i;
        }
        p->workdays = mask;
        return NULL;
    }
    case K_WORKHOURS: {
        g_auto(GStrv) part = g_strsplit(v, "-", 3);
        int a, b;
        if (g_strv_length(part) != 2 || parse_hhmm(g_strstrip(part[0]), &a) ||
            parse_hhmm(g_strstrip(part[1]), &b) || b <= a)
            return "expected HH:MM-HH:MM with the end after the start";
        p->work_start = a;
        p->work_end = b;
        return NULL;
    }
    case K_HOLIDAYS: {
        g_auto(GStrv) l = rp_ini_list(v, true);
        GArray *days = *(GArray **)field;
        g_array_set_size(days, 0);
        for (char **q = l; *q; q++) {
            int y, m, d;
            char tail;
            int cy;
            unsigned cm, cd;
            if (strlen(*q) != 10 || (*q)[4] != '-' || (*q)[7] != '-' ||
                !g_ascii_isdigit((*q)[0]) ||
                sscanf(*q, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
                m > 12 || d < 1 || d > 31)
                return "expected comma-separated dates YYYY-MM-DD";
            int64_t day = rp_clock_days_from_civil(y, (unsigned)m, (unsigned)d);
            rp_clock_civil_from_days(day, &cy, &cm, &cd);
            if (cy != y || (int)cm != m || (int)cd != d)
                return "no such date (expected YYYY-MM-DD)";
            g_array_append_val(days, day);
        }
        g_array_sort(days, cmp_i64);
        return NULL;
    }
    case K_CODE:
        if (strlen(v) != 3 || !g_ascii_isalpha(v[0]) ||
            !g_ascii_isalpha(v[1]) || !g_ascii_isalpha(v[2]))
            return "expected a three-letter ISO 4217 code such as USD";
        for (int i = 0; i < 3; i++)
            ((char *)field)[i] = g_ascii_toupper(v[i]);
        ((char *)field)[3] = '\0';
        return NULL;
    case K_SYMBOLS: {
        g_auto(GStrv) l = rp_ini_list(v, false);
        GPtrArray *pairs = g_ptr_array_new_with_free_func(g_free);
        for (char **q = l; *q; q++) {
            char *eq = strrchr(*q, '=');
            if (!eq || eq == *q || strlen(eq + 1) != 3) {
                g_ptr_array_unref(pairs);
                return "expected SYMBOL=CODE pairs such as $=USD";
            }
            g_ptr_array_add(pairs, g_strndup(*q, (gsize)(eq - *q)));
            g_ptr_array_add(pairs, g_ascii_strup(eq + 1, -1));
        }
        if (*(GPtrArray **)field)
            g_ptr_array_unref(*(GPtrArray **)field);
        *(GPtrArray **)field = pairs;
        return NULL;
    }
    case K_ADDRESS: {
        const char *lt = strchr(v, '<'), *at = strchr(v, '@');
        if (*v && (!at || strchr(at + 1, '@') ||
                   (lt && (!g_str_has_suffix(v, ">") || at < lt)) ||
                   (!lt && strpbrk(v, " <>\""))))
            return "expected an address such as RevOps <revops@example.com>";
        g_free(*(char **)field);
        *(char **)field = g_strdup(v);
        return NULL;
    }
    case K_URL:
        if (*v && !g_str_has_prefix(v, "smtp://") &&
            !g_str_has_prefix(v, "smtps://"))
            return "expected smtp://host:port or smtps://host:port";
        g_free(*(char **)field);
        *(char **)field = g_strdup(v);
        return NULL;
    case K_TEXT:
        g_free(*(char **)field);
        *(char **)field = g_strdup(v);
        return NULL;
    case K_DATEORDER:
        if (strcmp(v, "ymd") == 0)
            p->date_order = RP_DATE_YMD;
        else if (strcmp(v, "mdy") == 0)
            p->date_order = RP_DATE_MDY;
        else if (strcmp(v, "dmy") == 0)
            p->date_order = RP_DATE_DMY;
        else
            return "expected mdy, dmy or ymd";
        return NULL;
    case K_CLOCK:
        if (strcmp(v, "clock") == 0)
            p->first_touch_business = false;
        else if (strcmp(v, "business") == 0)
            p->first_touch_business = true;
        else
            return "expected clock or business";
        return NULL;
    }
    return "unknown key type";
}

void rp_profile_free(struct rp_profile *p)
{
    if (!p)
        return;
    g_free(p->path);
    if (p->kf)
        g_key_file_unref(p->kf);
    g_free(p->timezone);
    if (p->holidays)
        g_array_unref(p->holidays);
    if (p->extra_workdays)
        g_array_unref(p->extra_workdays);
    if (p->fx)
        g_hash_table_unref(p->fx);
    if (p->symbols)
        g_ptr_array_unref(p->symbols);
    g_free(p->mail_from);
    g_free(p->smtp_url);
    g_free(p->smtp_user);
    g_strfreev(p->required_fields);
    g_strfreev(p->tag_fields);
    g_strfreev(p->industries);
    g_strfreev(p->roles);
    g_strfreev(p->regions);
    g_strfreev(p->won_stages);
    g_strfreev(p->lost_stages);
    g_strfreev(p->marketing_sources);
    g_free(p);
}

static bool group_known(const char *g)
{
    if (strcmp(g, "fx") == 0)
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        if (strcmp(keys[i].group, g) == 0)
            return true;
    return false;
}

static const struct key *key_find(const char *g, const char *k)
{
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        if (strcmp(keys[i].group, g) == 0 && strcmp(keys[i].name, k) == 0)
            return &keys[i];
    return NULL;
}

/* [fx] CODE = RATE: one unit of CODE is RATE units of the reporting
 * currency (SPEC 7.1). */
static const char *set_rate(struct rp_profile *p, const char *code,
                            const char *v)
{
    char *end;
    bool plain = *v != '\0';

    if (strlen(code) != 3 || !g_ascii_isalpha(code[0]) ||
        !g_ascii_isalpha(code[1]) || !g_ascii_isalpha(code[2]))
        return "the key must be a three-letter currency code";
    for (const char *c = v; *c; c++)
        plain &= g_ascii_isdigit(*c) || *c == '.';
    double rate = plain ? g_ascii_strtod(v, &end) : 0;
    if (!plain || *end || !(rate > 0))
        return "expected a positive decimal rate";
    double *r = g_new(double, 1);
    *r = rate;
    g_hash_table_replace(p->fx, g_ascii_strup(code, -1), r);
    return NULL;
}

bool rp_profile_rate(const struct rp_profile *p, const char *code,
                     double *rate)
{
    if (g_ascii_strcasecmp(code, p->currency) == 0) {
        *rate = 1;
        return true;
    }
    const double *r = g_hash_table_lookup(p->fx, code);
    if (!r)
        return false;
    *rate = *r;
    return true;
}

struct rp_profile *rp_profile_load(const char *path, struct rp_err *err)
{
    struct rp_profile *p = g_new0(struct rp_profile, 1);
    struct rp_ini ini = {0};
    char **groups = NULL;
    struct rp_loc loc = {path, 0, 0};

    p->holidays = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->extra_workdays = g_array_new(FALSE, FALSE, sizeof(int64_t));
    p->fx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    p->path = g_strdup(path ? path : "(built-in)");
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        const char *why = set_key(p, &keys[i], keys[i].def);
        g_assert(why == NULL);
    }
    if (!path) {
        p->kf = g_key_file_new();
        p->has_icp = true; /* default.ini has an [icp] section */
        return p;
    }

    if (rp_ini_load(&ini, path, true, err) < 0)
        goto fail;
    p->kf = g_key_file_ref(ini.kf);
    p->has_icp = g_key_file_has_group(p->kf, "icp");

    groups = g_key_file_get_groups(p->kf, NULL);
    for (char **g = groups; *g; g++) {
        if (!group_known(*g)) {
            loc.line = rp_ini_line(&ini, *g, NULL);
            rp_err_set(err, RP_EDATA, &loc, "unknown section [%s]", *g);
            goto fail;
        }
        g_auto(GStrv) names = g_key_file_get_keys(p->kf, *g, NULL, NULL);
        for (char **k = names; *k; k++) {
            loc.line = rp_ini_line(&ini, *g, *k);
            if (strcmp(*g, "fx") == 0) {    /* CODE = RATE */
                g_autofree char *v = g_key_file_get_value(p->kf, *g, *k, NULL);
                const char *why = set_rate(p, *k, g_strstrip(v));
                if (why) {
                    rp_err_set(err, RP_EDATA, &loc, "bad [fx] %s = %s: %s",
                               *k, v, why);
                    goto fail;
                }
                continue;
            }
            const struct key *spec = key_find(*g, *k);
            if (!spec) {
                rp_err_set(err, RP_EDATA, &loc, "unknown key '%s' in [%s]", *k,
                           *g);
                goto fail;
            }
            g_autofree char *v = g_key_file_get_value(p->kf, *g, *k, NULL);
            g_strstrip(v);
            const char *why = set_key(p, spec, v);
            if (why) {
                rp_err_set(err, RP_EDATA, &loc, "bad value '%s' for %s: %s", v,
                           *k, why);
                goto fail;
            }
        }
    }
    g_strfreev(groups);
    groups = NULL;
    for (guint i = 0; i < p->extra_workdays->len; i++) {
        int64_t d = g_array_index(p->extra_workdays, int64_t, i);
        if (p->holidays->len &&     /* else ->data may be NULL */
            bsearch(&d, p->holidays->data, p->holidays->len, sizeof(int64_t),
                    cmp_i64)) {
            loc.line = rp_ini_line(&ini, "calendar", "extra_workdays");
            rp_err_set(err, RP_EDATA, &loc,
                       "a date is in both holidays and extra_workdays");
            goto fail;
        }
    }
    rp_ini_release(&ini);
    return p;
fail:
    g_strfreev(groups);
    rp_ini_release(&ini);
    rp_profile_free(p);
    return NULL;
}

char *rp_profile_down(const char *s, size_t len, char *buf, size_t size)
{
    bool ascii = len < size;

    for (size_t i = 0; ascii && i < len; i++)
        ascii = !(s[i] & 0x80);
    if (!ascii)
        return g_utf8_strdown(s, (gssize)len);
    for (size_t i = 0; i < len; i++)     /* g_ascii_tolower(): a call */
        buf[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
    buf[len] = '\0';
    return NULL;
}

bool rp_profile_list_has(char *const *list, const char *s)
{
    char buf[128];
    g_autofree char *own = rp_profile_down(s, strlen(s), buf, sizeof(buf));
    const char *low = own ? own : buf;

    for (; list && *list; list++)
        if (strcmp(*list, low) == 0)
            return true;
    return false;
}

GPtrArray *rp_profile_describe(const struct rp_profile *p)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        const struct key *k = &keys[i];
        char *v = g_key_file_get_value(p->kf, k->group, k->name, NULL);
        if (v)
            g_strstrip(v);
        g_ptr_array_add(out, g_strdup_printf("%s.%s", k->group, k->name));
        g_ptr_array_add(out, v ? v : g_strdup(k->def));
    }
    return out;
}
