/* tr.c - label files. */
#include "revpack/tr.h"

#include <stdarg.h>
#include <string.h>

#include "revpack/fmt.h"
#include "revpack/ini.h"
#include "revpack/templates.h"

static gint cmp_keys(gconstpointer a, gconstpointer b, gpointer data)
{
    (void)data;
    return strcmp(a, b);
}

struct rp_tr *rp_tr_load_path(const char *lang, const char *path,
                                  struct rp_err *err)
{
    struct rp_ini ini;

    if (rp_ini_load(&ini, path, false, err) < 0)
        return NULL;
    struct rp_tr *t = g_new0(struct rp_tr, 1);
    t->lang = g_strdup(lang);
    t->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    t->missing = g_tree_new_full(cmp_keys, NULL, g_free, NULL);
    g_mutex_init(&t->lock);
    g_auto(GStrv) groups = g_key_file_get_groups(ini.kf, NULL);
    for (char **g = groups; *g; g++) {
        g_auto(GStrv) keys = g_key_file_get_keys(ini.kf, *g, NULL, NULL);
        for (char **k = keys; *k; k++) {
            char *v = g_key_file_get_string(ini.kf, *g, *k, NULL);
            if (v)
                g_hash_table_replace(t->labels,
                                     g_strdup_printf("%s.%s", *g, *k), v);
        }
    }
    rp_ini_release(&ini);
    return t;
}

struct rp_tr *rp_tr_load(const char *templates, const char *lang,
                         struct rp_err *err)
{
    if (!lang)
        lang = "en";
    g_autofree char *path = rp_templates_file(templates, "i18n", lang);
    if (!path) {
        rp_err_set(err, RP_EUSAGE, NULL,
                   "no labels for language '%s' (no %s.ini in %s/i18n)", lang,
                   lang, templates);
        return NULL;
    }
    return rp_tr_load_path(lang, path, err);
}

void rp_tr_free(struct rp_tr *t)
{
    if (!t)
        return;
    g_free(t->lang);
    g_hash_table_unref(t->labels);
    g_tree_unref(t->missing);
    g_mutex_clear(&t->lock);
    g_free(t);
}

const char *rp_tr(struct rp_tr *t, const char *key)
{
    const char *v = g_hash_table_lookup(t->labels, key);
    if (v)
        return v;
    gpointer stored;
    g_mutex_lock(&t->lock);
    if (!g_tree_lookup_extended(t->missing, key, &stored, NULL)) {
        stored = g_strdup(key);
        g_tree_insert(t->missing, stored, NULL);
    }
    g_mutex_unlock(&t->lock);
    return stored;
}

const char *rp_tr_opt(const struct rp_tr *t, const char *key)
{
    return g_hash_table_lookup(t->labels, key);
}

const char *rp_tr_group(struct rp_tr *t, const char *group, const char *key)
{
    char buf[256];
    g_snprintf(buf, sizeof(buf), "%s.%s", group, key);
    return rp_tr(t, buf);
}

static char *expand(const char *text, va_list ap)
{
    GPtrArray *kv = g_ptr_array_new();
    GString *out = g_string_sized_new(strlen(text) + 32);
    const char *name;

    while ((name = va_arg(ap, const char *))) {
        g_ptr_array_add(kv, (gpointer)name);
        g_ptr_array_add(kv, (gpointer)va_arg(ap, const char *));
    }
    for (const char *p = text; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        bool done = false;
        if (close) {
            size_t n = (size_t)(close - p - 1);
            for (guint i = 0; i + 1 < kv->len; i += 2) {
                const char *k = g_ptr_array_index(kv, i);
                if (strlen(k) == n && strncmp(k, p + 1, n) == 0) {
                    const char *v = g_ptr_array_index(kv, i + 1);
                    /* a value from the data must not turn the sentence
                     * around it (U+202E in a team's name) */
                    g_autofree char *clean = rp_fmt_no_bidi(v ? v : "");
                    g_string_append(out, clean);
                    p = close + 1;
                    done = true;
                    break;
                }
            }
        }
        if (!done)
            g_string_append_c(out, *p++);
    }
    g_ptr_array_unref(kv);
    return g_string_free(out, FALSE);
}

char *rp_tr_fmt(struct rp_tr *t, const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    char *s = expand(rp_tr(t, key), ap);
    va_end(ap);
    return s;
}

static gboolean add_key(gpointer key, gpointer value, gpointer out)
{
    (void)value;
    g_ptr_array_add(out, key);
    return FALSE;
}

GPtrArray *rp_tr_missing(const struct rp_tr *t)
{
    GPtrArray *out = g_ptr_array_new();
    g_tree_foreach(t->missing, add_key, out);   /* already in order */
    return out;
}
