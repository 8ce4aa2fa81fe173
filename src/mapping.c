/* mapping.c - vendor exports onto the canonical files: the mapping files
 * and header resolution (see mapping.h for the format). */
#include "revpack/mapping.h"

#include <string.h>

#include "revpack/clock.h"
#include "revpack/ini.h"

static const char *const file_keys[RP_N_FILES] = {"leads", "opportunities",
                                                  "activities", "spend"};

char *rp_mapping_norm(const char *s, size_t len)
{
    GString *g = g_string_sized_new(len);
    bool space = false;

    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = g->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(g, ' ');
        space = false;
        if (c == '"' && i + 1 < len && s[i + 1] == '"')
            i++;        /* HubSpot's Date entered ""X"" headers */
        g_string_append_c(g, c);
    }
    char *folded = g_utf8_validate(g->str, (gssize)g->len, NULL)
                       ? g_utf8_casefold(g->str, (gssize)g->len)
                       : g_ascii_strdown(g->str, (gssize)g->len);
    g_string_free(g, TRUE);
    return folded;
}

static void free_col(struct rp_map_col *c)
{
    for (unsigned k = 0; k < c->n_choices; k++) {
        struct rp_map_choice *ch = &c->choices[k];
        for (unsigned a = 0; a < ch->n; a++)
            for (unsigned h = 0; h < ch->aliases[a].n; h++)
                g_free(ch->aliases[a].headers[h]);
        g_free(ch->aliases);
    }
    g_free(c->choices);
    if (c->values)
        g_hash_table_unref(c->values);
    g_free(c->other);
    memset(c, 0, sizeof(*c));
}

void rp_mapping_free(struct rp_mapping *m)
{
    if (!m)
        return;
    for (int f = 0; f < RP_N_FILES; f++) {
        struct rp_map_role *r = &m->roles[f];
        g_strfreev(r->globs);
        g_strfreev(r->other_ids);
        if (r->signatures)
            g_ptr_array_unref(r->signatures);
        for (unsigned c = 0; c < RP_MAP_MAX_COLS; c++)
            free_col(&r->cols[c]);
    }
    g_strfreev(m->footer);
    g_free(m->id);
    g_free(m->name);
    g_free(m->path);
    g_free(m->encoding);
    g_free(m);
}

/* "A | B" -> normalised parts, empty ones dropped. */
static char **split_norm(const char *v, const char *sep)
{
    char **parts = g_strsplit(v, sep, -1);
    GPtrArray *out = g_ptr_array_new();

    for (char **p = parts; *p; p++) {
        char *n = rp_mapping_norm(*p, strlen(*p));
        if (*n)
            g_ptr_array_add(out, n);
        else
            g_free(n);
    }
    g_strfreev(parts);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/* "A | B > C + D > -" into @c's choices.  Returns NULL or what is wrong. */
static const char *parse_sources(struct rp_map_col *c, const char *v)
{
    g_auto(GStrv) choices = g_strsplit(v, ">", -1);

    c->n_choices = g_strv_length(choices);
    c->choices = g_new0(struct rp_map_choice, c->n_choices);
    for (unsigned k = 0; k < c->n_choices; k++) {
        struct rp_map_choice *ch = &c->choices[k];
        g_autofree char *t = g_strstrip(g_strdup(choices[k]));
        if (strcmp(t, "-") == 0)
            continue;           /* "none": the column is absent */
        g_auto(GStrv) aliases = g_strsplit(t, "|", -1);
        ch->aliases = g_new0(struct rp_map_alias, g_strv_length(aliases));
        for (char **a = aliases; *a; a++) {
            g_auto(GStrv) parts = split_norm(*a, "+");
            unsigned n = g_strv_length(parts);
            if (n == 0)
                return "an empty header name between '|', '>' or '+'";
            if (n > RP_MAP_MAX_JOIN)
                return "more than 4 headers joined with '+'";
            struct rp_map_alias *al = &ch->aliases[ch->n++];
            al->n = n;
            for (unsigned h = 0; h < n; h++)
                al->headers[h] = g_strdup(parts[h]);
        }
    }
    return NULL;
}

static int find_col(const struct rp_map_schema *s, int f, const char *name)
{
    for (unsigned c = 0; c < s->n[f]; c++)
        if (strcmp(s->names[f][c], name) == 0)
            return (int)c;
    return -1;
}

static int bad(struct rp_err *err, const struct rp_ini *ini, const char *group,
               const char *key, const char *fmt, const char *what)
{
    struct rp_loc loc = {ini->path, rp_ini_line(ini, group, key), 0};
    return rp_err_set(err, RP_EDATA, &loc, fmt, what);
}

/* @group's @key, or NULL with @err set: GKeyFile refuses a value with a
 * bad escape ("\\q") or invalid UTF-8. */
static char *value(const struct rp_ini *ini, const char *group,
                   const char *key, struct rp_err *err)
{
    g_autoptr(GError) gerr = NULL;
    char *v = g_key_file_get_string(ini->kf, group, key, &gerr);

    if (!v)
        bad(err, ini, group, key, "unreadable value: %s", gerr->message);
    return v;
}

static int load_formats(struct rp_mapping *m, const struct rp_ini *ini,
                        struct rp_err *err)
{
    g_auto(GStrv) keys = g_key_file_get_keys(ini->kf, "mapping", NULL, NULL);

    for (char **k = keys; k && *k; k++) {
        g_autofree char *v = value(ini, "mapping", *k, err);
        if (!v)
            return -1;
        g_strstrip(v);
        if (strcmp(*k, "name") == 0) {
            g_free(m->name);
            m->name = g_strdup(v);
        } else if (strcmp(*k, "encoding") == 0) {
            m->encoding = g_strdup(v);
        } else if (strcmp(*k, "date_order") == 0) {
            m->date_order = strcmp(v, "ymd") == 0   ? RP_DATE_YMD
                            : strcmp(v, "mdy") == 0 ? RP_DATE_MDY
                            : strcmp(v, "dmy") == 0 ? RP_DATE_DMY
                                                    : -2;
            if (m->date_order == -2)
                return bad(err, ini, "mapping", *k,
                           "bad date_order '%s': expected ymd, mdy or dmy", v);
        } else if (strcmp(*k, "decimal") == 0) {
            if (strcmp(v, "comma") != 0 && strcmp(v, "point") != 0)
                return bad(err, ini, "mapping", *k,
                           "bad decimal '%s': expected point or comma", v);
            m->decimal_comma = strcmp(v, "comma") == 0;
        } else if (strcmp(*k, "multi_separator") == 0) {
            m->multi_sep = 0;
            /* ';' would start a comment: the separators by name too */
            static const char *const named[][2] = {
                {"semicolon", ";"}, {"comma", ","}, {"pipe", "|"},
                {"space", " "},     {"newline", "\n"}};
            for (size_t i = 0; i < G_N_ELEMENTS(named); i++)
                if (strcmp(v, named[i][0]) == 0)
                    m->multi_sep = named[i][1][0];
            if (strlen(v) == 1)
                m->multi_sep = v[0];
            else if (!m->multi_sep)
                return bad(err, ini, "mapping", *k,
                           "bad multi_separator '%s': expected one character "
                           "or semicolon, comma, pipe, space, newline",
                           v);
        } else if (strcmp(*k, "footer") == 0) {
            m->footer = split_norm(v, "|");
        } else {
            return bad(err, ini, "mapping", *k,
                       "unknown key '%s' in [mapping] (name, encoding, "
                       "date_order, decimal, multi_separator, footer)",
                       *k);
        }
    }
    return 0;
}

static int load_role(struct rp_mapping *m, const struct rp_ini *ini, int f,
                     const struct rp_map_schema *s, struct rp_err *err)
{
    struct rp_map_role *r = &m->roles[f];
    const char *g = file_keys[f];
    g_auto(GStrv) keys = g_key_file_get_keys(ini->kf, g, NULL, NULL);

    r->present = true;
    for (char **k = keys; k && *k; k++) {
        g_autofree char *v = value(ini, g, *k, err);
        if (!v)
            return -1;
        int c;
        if (strcmp(*k, "files") == 0) {
            r->globs = split_norm(v, "|");
        } else if (strcmp(*k, "other_ids") == 0) {
            r->other_ids = split_norm(v, "|");
        } else if (g_str_has_prefix(*k, "signature")) {
            if (!r->signatures)
                r->signatures = g_ptr_array_new_with_free_func(
                    (GDestroyNotify)g_strfreev);
            g_ptr_array_add(r->signatures, split_norm(v, "|"));
        } else if (strcmp(*k, "multi") == 0) {
            g_auto(GStrv) cols = rp_ini_list(v, false);
            for (char **n = cols; *n; n++) {
                if ((c = find_col(s, f, *n)) < 0)
                    return bad(err, ini, g, *k,
                               "multi names '%s', which is not a column", *n);
                r->cols[c].multi = true;
            }
        } else if ((c = find_col(s, f, *k)) >= 0) {
            const char *why = parse_sources(&r->cols[c], v);
            if (why)
                return bad(err, ini, g, *k, "%s", why);
        } else {
            return bad(err, ini, g, *k,
                       "'%s' is not a column of the canonical file", *k);
        }
    }
    for (unsigned c = 0; c < s->n[f]; c++) {
        if (s->required[f][c] && !r->cols[c].n_choices) {
            struct rp_loc loc = {ini->path, rp_ini_line(ini, g, NULL), 0};
            return rp_err_set(err, RP_EDATA, &loc,
                              "[%s] does not map the required column %s", g,
                              s->names[f][c]);
        }
    }
    return 0;
}

/* [file.column] value maps. */
static int load_values(struct rp_mapping *m, const struct rp_ini *ini,
                       const char *group, const struct rp_map_schema *s,
                       struct rp_err *err)
{
    const char *dot = strchr(group, '.');
    int f = -1, c = -1;

    for (int i = 0; i < RP_N_FILES; i++)
        if ((size_t)(dot - group) == strlen(file_keys[i]) &&
            strncmp(group, file_keys[i], (size_t)(dot - group)) == 0)
            f = i;
    if (f >= 0)
        c = find_col(s, f, dot + 1);
    if (c < 0)
        return bad(err, ini, group, NULL,
                   "[%s] is not FILE.COLUMN of a canonical file", group);
    struct rp_map_col *col = &m->roles[f].cols[c];
    if (!col->n_choices)
        return bad(err, ini, group, NULL,
                   "[%s] maps values of a column the mapping does not read",
                   group);
    col->values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        g_free);
    g_auto(GStrv) keys = g_key_file_get_keys(ini->kf, group, NULL, NULL);
    for (char **k = keys; k && *k; k++) {
        char *v = value(ini, group, *k, err);
        if (!v)
            return -1;
        g_strstrip(v);
        if (strcmp(*k, "*") == 0)
            col->other = v;
        else
            g_hash_table_replace(col->values, rp_mapping_norm(*k, strlen(*k)),
                                 v);
    }
    return 0;
}

struct rp_mapping *rp_mapping_load(const char *path,
                                   const struct rp_map_schema *schema,
                                   struct rp_err *err)
{
    struct rp_ini ini;
    struct rp_mapping *m;
    g_auto(GStrv) groups = NULL;

    if (rp_ini_load(&ini, path, true, err) < 0)
        return NULL;
    m = g_new0(struct rp_mapping, 1);
    m->path = g_strdup(path);
    m->id = g_path_get_basename(path);
    if (g_str_has_suffix(m->id, ".ini"))
        m->id[strlen(m->id) - 4] = '\0';
    m->name = g_strdup(m->id);
    m->date_order = -1;
    m->multi_sep = ';';
    groups = g_key_file_get_groups(ini.kf, NULL);
    for (char **g = groups; *g; g++) {
        int f = -1;
        for (int i = 0; i < RP_N_FILES; i++)
            if (strcmp(*g, file_keys[i]) == 0)
                f = i;
        if (strcmp(*g, "mapping") == 0) {
            if (load_formats(m, &ini, err) < 0)
                goto fail;
        } else if (f >= 0) {
            if (load_role(m, &ini, f, schema, err) < 0)
                goto fail;
        } else if (!strchr(*g, '.')) {
            bad(err, &ini, *g, NULL,
                "unknown section [%s] (mapping, leads, opportunities, "
                "activities, spend, or FILE.COLUMN for a value map)",
                *g);
            goto fail;
        }
    }
    /* value maps once every role's columns are known */
    for (char **g = groups; *g; g++)
        if (strchr(*g, '.') && load_values(m, &ini, *g, schema, err) < 0)
            goto fail;
    for (int f = 0; f < RP_N_FILES; f++)
        if (m->roles[f].present && !m->roles[f].signatures) {
            struct rp_loc loc = {path, rp_ini_line(&ini, file_keys[f], NULL),
                                 0};
            rp_err_set(err, RP_EDATA, &loc,
                       "[%s] has no signature (the headers that recognise "
                       "the file)",
                       file_keys[f]);
            goto fail;
        }
    rp_ini_release(&ini);
    return m;
fail:
    rp_ini_release(&ini);
    rp_mapping_free(m);
    return NULL;
}

struct rp_mapping *rp_mapping_canonical(const struct rp_map_schema *s)
{
    struct rp_mapping *m = g_new0(struct rp_mapping, 1);

    m->id = g_strdup("canonical");
    m->name = g_strdup("canonical");
    m->canonical = true;
    m->date_order = -1;
    m->multi_sep = ';';
    for (int f = 0; f < RP_N_FILES; f++) {
        struct rp_map_role *r = &m->roles[f];
        r->present = true;
        r->globs = g_new0(char *, 2);
        r->globs[0] = g_strconcat(file_keys[f], ".csv", NULL);
        char **sig = g_new0(char *, s->n[f] + 1);
        r->signatures = g_ptr_array_new_with_free_func(
            (GDestroyNotify)g_strfreev);
        g_ptr_array_add(r->signatures, sig);
        for (unsigned c = 0; c < s->n[f]; c++) {
            struct rp_map_col *col = &r->cols[c];
            sig[c] = g_strdup(s->names[f][c]);
            col->n_choices = 1;
            col->choices = g_new0(struct rp_map_choice, 1);
            col->choices[0].n = 1;
            col->choices[0].aliases = g_new0(struct rp_map_alias, 1);
            col->choices[0].aliases[0].n = 1;
            col->choices[0].aliases[0].headers[0] = g_strdup(s->names[f][c]);
        }
    }
    return m;
}

static int find_header(char *const *headers, unsigned n, const char *h)
{
    for (unsigned i = 0; i < n; i++)
        if (strcmp(headers[i], h) == 0)
            return (int)i;
    return -1;
}

/* The first alias of @ch present in @headers; two present is an error. */
static int match_choice(const struct rp_map_choice *ch, char *const *headers,
                        unsigned n, int *fields, unsigned *nf,
                        const char *col, char **why)
{
    int found = -1;

    for (unsigned a = 0; a < ch->n; a++) {
        const struct rp_map_alias *al = &ch->aliases[a];
        int idx[RP_MAP_MAX_JOIN];
        unsigned h;
        for (h = 0; h < al->n; h++)
            if ((idx[h] = find_header(headers, n, al->headers[h])) < 0)
                break;
        if (h < al->n)
            continue;
        if (found >= 0 && *nf == al->n &&
            memcmp(fields, idx, sizeof(int) * al->n) == 0)
            continue;   /* "Industry | industry": the same header */
        if (found >= 0) {
            if (why)
                *why = g_strdup_printf(
                    "two headers match %s: '%s' and '%s'", col,
                    ch->aliases[found].headers[0], al->headers[0]);
            return -2;
        }
        found = (int)a;
        memcpy(fields, idx, sizeof(int) * al->n);
        *nf = al->n;
    }
    return found;
}

int rp_mapping_resolve(const struct rp_mapping *m, enum rp_file file,
                       const struct rp_map_schema *s, char *const *headers,
                       unsigned n, struct rp_map_plan *plan, char **why)
{
    const struct rp_map_role *r = &m->roles[file];
    int amount = find_col(s, (int)file, "amount"),
        currency = find_col(s, (int)file, "currency");

    memset(plan, 0, sizeof(*plan));
    for (guint i = 0; r->signatures && i < r->signatures->len; i++) {
        unsigned found = 0, total = 0;
        for (char **sg = r->signatures->pdata[i]; *sg; sg++) {
            total++;
            found += find_header(headers, n, *sg) >= 0;
        }
        if (total && (!plan->sig_total || found * plan->sig_total >
                                              plan->sig_found * total)) {
            plan->sig_found = found;
            plan->sig_total = total;
        }
    }
    for (unsigned c = 0; c < s->n[file]; c++) {
        const struct rp_map_col *col = &r->cols[c];
        unsigned k0 = 0, k1 = col->n_choices;
        /* currency goes with the amount it describes */
        if ((int)c == currency && amount >= 0 && amount < (int)c &&
            plan->n[amount] && col->n_choices > 1) {
            k0 = plan->choice[amount];
            k1 = MIN(k0 + 1, col->n_choices);
        }
        for (unsigned k = k0; k < k1; k++) {
            int a = match_choice(&col->choices[k], headers, n,
                                 plan->field[c], &plan->n[c], s->names[file][c],
                                 why);
            if (a == -2)
                return -1;
            if (a >= 0) {
                plan->choice[c] = k;
                break;
            }
        }
        if (s->required[file][c] && !plan->n[c]) {
            if (why)
                *why = g_strdup_printf("missing required column '%s'",
                                       s->names[file][c]);
            return -1;
        }
    }
    return 0;
}

const char *rp_mapping_value(const struct rp_map_col *c, const char *v)
{
    if (!c->values && !c->other)
        return v;
    g_autofree char *k = rp_mapping_norm(v, strlen(v));
    const char *to = c->values ? g_hash_table_lookup(c->values, k) : NULL;
    return to ? to : c->other ? c->other : v;
}

bool rp_mapping_file_matches(const struct rp_map_role *role, const char *name)
{
    g_autofree char *n = rp_mapping_norm(name, strlen(name));

    for (char **g = role->globs; g && *g; g++)
        if (g_pattern_match_simple(*g, n))
            return true;
    return false;
}

bool rp_mapping_is_footer(const struct rp_mapping *m, const char *cell)
{
    if (!m->footer)
        return false;
    g_autofree char *c = rp_mapping_norm(cell, strlen(cell));
    for (char **p = m->footer; *p; p++)
        if (g_str_has_prefix(c, *p))
            return true;
    return false;
}
