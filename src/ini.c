/* ini.c - INI files with line numbers and inline comments. */
#include "revpack/ini.h"

#include <string.h>

unsigned rp_ini_line(const struct rp_ini *ini, const char *group,
                     const char *key)
{
    unsigned line = 0;
    bool in_group = false;
    const char *p = ini->text;

    while (p && *p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        g_autofree char *l = g_strndup(p, n);
        g_strstrip(l);
        line++;
        if (l[0] == '[') {
            char *end = strchr(l, ']');
            in_group = end && (size_t)(end - l - 1) == strlen(group) &&
                       strncmp(l + 1, group, strlen(group)) == 0;
            if (in_group && !key)
                return line;
        } else if (in_group && key) {
            char *eq = strchr(l, '=');
            if (eq) {
                *eq = '\0';
                g_strstrip(l);
                if (strcmp(l, key) == 0)
                    return line;
            }
        }
        p = eol ? eol + 1 : NULL;
    }
    return 0;
}

/* Blank out ";" comments (full-line, or inline after white space) so that
 * GKeyFile sees plain values; line numbers are kept. */
static char *strip_comments(const char *text)
{
    char *s = g_strdup(text);
    char *p = s;

    while (*p) {
        char *eol = strchr(p, '\n');
        char *end = eol ? eol : p + strlen(p);
        char *q = p;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (*q == ';') {
            for (char *c = q; c < end; c++)
                *c = ' ';
        } else {
            for (char *c = q; c < end; c++) {
                if (*c == ';' && c > p && (c[-1] == ' ' || c[-1] == '\t')) {
                    for (; c < end; c++)
                        *c = ' ';
                    break;
                }
            }
        }
        p = eol ? eol + 1 : end;
    }
    return s;
}

/* GKeyFile merges a group written twice and keeps the last of a key
 * written twice: either is a mistake a person should hear about. */
static int check_repeats(const char *clean, const char *path,
                         struct rp_err *err)
{
    g_autoptr(GHashTable) groups = g_hash_table_new_full(g_str_hash,
                                                         g_str_equal, g_free,
                                                         NULL);
    g_autoptr(GHashTable) keys = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    g_autofree char *group = g_strdup("");
    unsigned line = 0;

    for (const char *p = clean; p && *p;) {
        const char *eol = strchr(p, '\n');
        g_autofree char *l = g_strndup(p, eol ? (size_t)(eol - p) : strlen(p));
        struct rp_loc loc = {path, ++line, 0};
        g_strstrip(l);
        if (l[0] == '[' && strchr(l, ']')) {
            *strchr(l, ']') = '\0';
            if (g_hash_table_contains(groups, l + 1))
                return rp_err_set(err, RP_EDATA, &loc,
                                  "[%s] appears twice (the second would "
                                  "silently merge into the first)",
                                  l + 1);
            g_hash_table_add(groups, g_strdup(l + 1));
            g_free(group);
            group = g_strdup(l + 1);
        } else if (l[0] && l[0] != '#' && strchr(l, '=')) {
            *strchr(l, '=') = '\0';
            g_strchomp(l);
            char *k = g_strdup_printf("%s\n%s", group, l);
            if (g_hash_table_contains(keys, k)) {
                g_free(k);
                return rp_err_set(err, RP_EDATA, &loc,
                                  "'%s' is set twice in [%s]", l, group);
            }
            g_hash_table_add(keys, k);
        }
        p = eol ? eol + 1 : NULL;
    }
    return 0;
}

int rp_ini_load(struct rp_ini *ini, const char *path, bool inline_comments,
                struct rp_err *err)
{
    g_autoptr(GError) gerr = NULL;
    g_autofree char *clean = NULL;
    struct rp_loc loc = {path, 0, 0};
    gsize len;

    memset(ini, 0, sizeof(*ini));
    if (!g_file_get_contents(path, &ini->text, &len, &gerr))
        return rp_err_set(err, RP_ENOINPUT, &loc, "cannot read: %s",
                          gerr->message);
    clean = inline_comments ? strip_comments(ini->text) : g_strdup(ini->text);
    if (check_repeats(clean, path, err) < 0) {
        rp_ini_release(ini);
        return -1;
    }
    ini->kf = g_key_file_new();
    if (!g_key_file_load_from_data(ini->kf, clean, strlen(clean),
                                   G_KEY_FILE_NONE, &gerr)) {
        rp_err_set(err, RP_EDATA, &loc, "not a valid INI file: %s",
                   gerr->message);
        rp_ini_release(ini);
        return -1;
    }
    ini->path = g_strdup(path);
    return 0;
}

void rp_ini_release(struct rp_ini *ini)
{
    g_free(ini->path);
    g_free(ini->text);
    if (ini->kf)
        g_key_file_unref(ini->kf);
    memset(ini, 0, sizeof(*ini));
}

char **rp_ini_list(const char *value, bool fold)
{
    char **parts = g_strsplit(value, ",", -1);
    GPtrArray *out = g_ptr_array_new();

    for (char **q = parts; *q; q++) {
        g_strstrip(*q);
        if (**q)
            g_ptr_array_add(out, fold ? g_utf8_strdown(*q, -1) : g_strdup(*q));
    }
    g_ptr_array_add(out, NULL);
    g_strfreev(parts);
    return (char **)g_ptr_array_free(out, FALSE);
}
