#!/bin/sh
# make bench: time `revpack check` on a generated ~1 GB data folder and
# compare it with `wc -l` over the same bytes (the floor for reading them).
# Not part of make test: timings belong in a benchmark, never in a test.
set -e
DIR=${BENCH_DIR:-bench-data}
LEADS=${BENCH_LEADS:-2600000}
if [ ! -f "$DIR/.leads-$LEADS" ]; then
    echo "generating $LEADS leads into $DIR ..."
    rm -rf "$DIR" && mkdir -p "$DIR"
    build/gen --leads "$LEADS" --out "$DIR"
    touch "$DIR/.leads-$LEADS"
fi
bytes=$(cat "$DIR"/*.csv | wc -c)
mb=$(echo "$bytes / 1048576" | bc -l)
cat "$DIR"/*.csv >/dev/null   # warm the page cache for both runs

t0=$(date +%s.%N)
wc -l "$DIR"/*.csv >/dev/null
t1=$(date +%s.%N)
/usr/bin/time -f '%M' -o /tmp/revpack-bench-rss ./revpack check --data "$DIR" \
    --allow-rejects >/dev/null 2>&1
t2=$(date +%s.%N)

wc_s=$(echo "$t1 - $t0" | bc -l)
rp_s=$(echo "$t2 - $t1" | bc -l)
rss=$(cat /tmp/revpack-bench-rss)
printf 'input            %.0f MB in %s\n' "$mb" "$DIR"
printf 'wc -l            %.2f s  %.0f MB/s\n' "$wc_s" "$(echo "$mb / $wc_s" | bc -l)"
printf 'revpack check    %.2f s  %.0f MB/s  max RSS %.0f MB  (%.1fx wc -l)\n' \
    "$rp_s" "$(echo "$mb / $rp_s" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
    "$(echo "$rp_s / $wc_s" | bc -l)"
