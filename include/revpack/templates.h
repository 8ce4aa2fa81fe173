/* templates.h - the templates folder (SPEC 7): pack templates, SLA
 * profiles, label files, mappings and the page template.  Its path is an
 * option of every build, never process-wide state. */
#ifndef REVPACK_TEMPLATES_H
#define REVPACK_TEMPLATES_H

/* The default folder: $REVPACK_TEMPLATES, else "templates" beside the
 * executable, else ./templates.  Returns: (transfer full) g_free(). */
char *rp_templates_default(void);

/* @dir/@subdir/@name.ini, when @name is a plain name (letters, digits,
 * '-', '_') and the file exists; else NULL.  Returns: (transfer full)
 * g_free(). */
char *rp_templates_file(const char *dir, const char *subdir,
                        const char *name);

#endif
