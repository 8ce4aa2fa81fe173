/* pack.c - pack templates. */
#include "revpack/pack.h"

#include <string.h>

#include "revpack/ini.h"
#include "revpack/templates.h"

bool rp_pack_has(char *const *list, const char *id)
{
    for (; list && *list; list++)
        if (strcmp(*list, id) == 0)
            return true;
    return false;
}

static bool known_has(rp_pack_id_fn ids, const char *id)
{
    const char *k;
    for (size_t i = 0; (k = ids(i)); i++)
        if (strcmp(k, id) == 0)
            return true;
    return false;
}

/* "a, b, c": the ids @ids knows.  Returns: g_free(). */
static char *known_list(rp_pack_id_fn ids)
{
    GString *s = g_string_new(NULL);
    const char *k;
    for (size_t i = 0; (k = ids(i)); i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", k);
    return g_string_free(s, FALSE);
}

/* [@group] @key as a list of ids @ids knows; NULL with @err on a bad one. */
static char **id_list(const struct rp_ini *ini, const char *group,
                      const char *key, rp_pack_id_fn ids, struct rp_err *err)
{
    g_autofree char *v = g_key_file_get_value(ini->kf, group, key, NULL);
    char **list = rp_ini_list(v ? v : "", true);
    struct rp_loc loc = {ini->path, rp_ini_line(ini, group, key), 0};

    for (char **p = list; *p; p++) {
        if (!known_has(ids, *p)) {
            g_autofree char *all = known_list(ids);
            rp_err_set(err, RP_EDATA, &loc, "unknown %s '%s' in [%s] (known: %s)",
                       key, *p, group, all);
            g_strfreev(list);
            return NULL;
        }
        for (char **q = list; q < p; q++)
            if (strcmp(*q, *p) == 0) {
                rp_err_set(err, RP_EDATA, &loc, "'%s' listed twice in [%s]", *p,
                           group);
                g_strfreev(list);
                return NULL;
            }
    }
    return list;
}

struct rp_pack_tmpl *rp_pack_load_path(const char *name, const char *path,
                                       const struct rp_pack_known *known,
                                       struct rp_err *err)
{
    static const char *const allowed[][2] = {
        {"pack", "period"},  {"workbook", "sheets"}, {"charts", "charts"},
        {"deck", "pages"},   {"html", "page"}};
    struct rp_ini ini;
    struct rp_pack_tmpl *p;
    struct rp_loc loc = {path, 0, 0};
    g_autofree char *period = NULL;
    g_autoptr(GError) gerr = NULL;
    g_auto(GStrv) groups = NULL;

    if (rp_ini_load(&ini, path, true, err) < 0)
        return NULL;
    p = g_new0(struct rp_pack_tmpl, 1);
    p->name = g_strdup(name);
    p->path = g_strdup(path);

    groups = g_key_file_get_groups(ini.kf, NULL);
    for (char **g = groups; *g; g++) {
        g_auto(GStrv) keys = g_key_file_get_keys(ini.kf, *g, NULL, NULL);
        for (char **k = keys; *k; k++) {
            bool ok = false;
            for (size_t i = 0; i < G_N_ELEMENTS(allowed); i++)
                ok |= strcmp(allowed[i][0], *g) == 0 &&
                      strcmp(allowed[i][1], *k) == 0;
            if (!ok) {
                loc.line = rp_ini_line(&ini, *g, *k);
                rp_err_set(err, RP_EDATA, &loc, "unknown key '%s' in [%s]", *k,
                           *g);
                goto fail;
            }
        }
    }

    period = g_key_file_get_value(ini.kf, "pack", "period", NULL);
    if (period)
        g_strstrip(period);
    if (period && strcmp(period, "month") == 0) {
        p->period = RP_PERIOD_MONTH;
    } else if (period && strcmp(period, "quarter") == 0) {
        p->period = RP_PERIOD_QUARTER;
    } else {
        loc.line = rp_ini_line(&ini, "pack", "period");
        rp_err_set(err, RP_EDATA, &loc,
                   "[pack] period must be month or quarter");
        goto fail;
    }
    if (!(p->sheets = id_list(&ini, "workbook", "sheets", known->sheet,
                              err)) ||
        !(p->charts = id_list(&ini, "charts", "charts", known->chart, err)) ||
        !(p->pages = id_list(&ini, "deck", "pages", known->page, err)))
        goto fail;
    p->html = g_key_file_has_key(ini.kf, "html", "page", NULL) &&
              g_key_file_get_boolean(ini.kf, "html", "page", &gerr);
    if (gerr) {
        loc.line = rp_ini_line(&ini, "html", "page");
        rp_err_set(err, RP_EDATA, &loc, "[html] page must be true or false");
        goto fail;
    }
    rp_ini_release(&ini);
    return p;
fail:
    rp_ini_release(&ini);
    rp_pack_free(p);
    return NULL;
}

struct rp_pack_tmpl *rp_pack_load(const char *templates, const char *name,
                                  const struct rp_pack_known *known,
                                  struct rp_err *err)
{
    g_autofree char *path = rp_templates_file(templates, "packs", name);
    if (!path) {
        rp_err_set(err, RP_EUSAGE, NULL,
                   "unknown pack '%s' (no %s.ini in %s/packs)", name, name,
                   templates);
        return NULL;
    }
    return rp_pack_load_path(name, path, known, err);
}

void rp_pack_free(struct rp_pack_tmpl *p)
{
    if (!p)
        return;
    g_free(p->name);
    g_free(p->path);
    g_strfreev(p->sheets);
    g_strfreev(p->charts);
    g_strfreev(p->pages);
    g_free(p);
}
