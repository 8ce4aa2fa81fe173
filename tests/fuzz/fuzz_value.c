/* libFuzzer target: the scalar parsers of SPEC 2 and 8.5 (value.c,
 * clock.c) on arbitrary text.  make fuzz. */
#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "revpack/clock.h"
#include "revpack/value.h"

static struct rp_clock clocks[3];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rp_clock_init(&clocks[0], "UTC", RP_DATE_YMD);
    rp_clock_init(&clocks[1], "America/New_York", RP_DATE_MDY);
    rp_clock_init(&clocks[2], "Asia/Shanghai", RP_DATE_DMY);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = g_strndup((const char *)data, size);
    const char *why;
    int64_t i, t;
    int b, y, m;
    struct rp_currency cur;

    rp_value_money(s, &i, &cur, &why);
    rp_value_int(s, &i, &why);
    rp_value_bool(s, &b, &why);
    rp_value_month(s, &y, &m, &why);
    for (int k = 0; k < 3; k++)
        if (rp_clock_parse(&clocks[k], s, &t, &why) == 0) {
            char buf[32];
            rp_clock_format(&clocks[k], t, buf);   /* any instant prints */
        }
    g_free(s);
    return 0;
}
