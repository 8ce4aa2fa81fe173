/* dlib.c - a shared library opened when first needed (see dlib.h). */
#include "revpack/dlib.h"

#include <dlfcn.h>
#include <glib.h>

int rp_dlib_load(const char *soname, const char *package,
                 const char *const *names, void **fn, size_t n, char **why)
{
    /* RTLD_NOW: a function missing is found here, not mid-send */
    void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

    if (!lib) {
        *why = g_strdup_printf("cannot load %s (Debian package %s): %s",
                               soname, package, dlerror());
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        dlerror();
        fn[i] = dlsym(lib, names[i]);
        if (!fn[i]) {
            *why = g_strdup_printf("cannot find %s in %s: %s", names[i],
                                   soname, dlerror());
            dlclose(lib);
            return -1;
        }
    }
    return 0;
}
