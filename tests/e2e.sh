#!/bin/sh
# End-to-end runs of the revpack binary on the data folders in tests/data.
# Usage: REVPACK=./revpack sh tests/e2e.sh   (run from the repository root)
# Each check compares exit codes, exact messages or whole files with
# expected values worked out by hand (tests/golden).

R=${REVPACK:-./revpack}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect_rc NAME WANT CMD...: run CMD, compare its exit status
expect_rc() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" = "$want" ]; then ok; else
        bad "$name: exit $got, want $want"; sed 's/^/  | /' "$T/err" | head -5
    fi
}

# expect_err NAME TEXT: the last command's stderr holds exactly this line
expect_err() {
    if grep -qxF -- "$2" "$T/err"; then ok; else
        bad "$1: stderr lacks '$2'"; sed 's/^/  | /' "$T/err" | head -5
    fi
}

expect_same() {
    if cmp -s "$2" "$3"; then ok; else
        bad "$1: $3 differs from $2"; diff "$2" "$3" | head -10
    fi
}

expect_absent() {
    if [ ! -e "$2" ]; then ok; else bad "$1: $2 was written"; fi
}

# --- command line -----------------------------------------------------
expect_rc "no command" 64 "$R"
expect_err "no command" "revpack: no command given (try 'revpack --help')"
expect_rc "unknown command" 64 "$R" frobnicate
expect_rc "unknown option" 64 "$R" check --data tests/data/defects --bogus
expect_rc "check without --data" 64 "$R" check
expect_err "check without --data" \
    "revpack: check needs --data DIR (try 'revpack --help')"
expect_rc "help" 0 "$R" --help
expect_rc "version" 0 "$R" --version
grep -q '^revpack [0-9]' "$T/out" && ok || bad "version text"
expect_rc "bad encoding" 64 "$R" check --data tests/data/defects --encoding latin-9

# --- every defect kind, row by row ------------------------------------
expect_rc "defects allowed" 0 "$R" check --data tests/data/defects \
    --allow-rejects --out "$T/defects"
expect_same "defects rejects.csv" tests/golden/defects/rejects.csv \
    "$T/defects/rejects.csv"
expect_same "defects metrics.csv" tests/golden/defects/metrics.csv \
    "$T/defects/metrics.csv"
expect_err "defects listed" \
    "leads.csv:5:1: warning: row rejected: duplicate lead_id 'L1' (first accepted on line 2)"
grep -q '^leads.csv  *13  *5  *8$' "$T/out" && ok || bad "summary leads row"
grep -qF 'anomalies: stage_order 1, activity_unknown_lead 1, opportunity_unknown_lead 1, closed_without_date 1' "$T/out" && ok || bad "summary anomalies"

# the same data without --allow-rejects: stop, write nothing
expect_rc "reject share" 65 "$R" check --data tests/data/defects --out "$T/share"
expect_err "reject share" \
    "leads.csv: error: 8 of 13 rows rejected (61.5%, more than max_reject_share 5.0%); fix the export or pass --allow-rejects"
expect_absent "reject share" "$T/share/rejects.csv"
# and a build of it: the later files were being hashed beside leads.csv
# (riders), which the failure after the read must give back once
expect_rc "reject share, build" 65 "$R" build --pack monthly-sla \
    --period 2025-06 --data tests/data/defects --out "$T/share-build"
expect_err "reject share, build" \
    "leads.csv: error: 8 of 13 rows rejected (61.5%, more than max_reject_share 5.0%); fix the export or pass --allow-rejects"

# a profile that allows the share lets it through
printf '[pipeline]\nmax_reject_share = 0.75\n' >"$T/lenient.ini"
expect_rc "lenient profile" 0 "$R" check --data tests/data/defects \
    --profile "$T/lenient.ini"

# --- hostile exports (each was a fault: see DEFINITIONS.md) -------------
# hd DIR: a data folder with tests/data/metrics' opportunities and the
# leads.csv given on stdin
hd() { mkdir -p "$1" && cp tests/data/metrics/opportunities.csv "$1/" && cat >"$1/leads.csv"; }
LH='lead_id,created_at,source,owner'

# an endless input (a device) is refused at once, never read forever
mkdir -p "$T/zero" && cp tests/data/metrics/opportunities.csv "$T/zero/"
ln -s /dev/zero "$T/zero/leads.csv"
expect_rc "leads.csv is /dev/zero" 66 timeout 20 "$R" check --data "$T/zero"
expect_err "leads.csv is /dev/zero" \
    "leads.csv: error: not a regular file (a device, pipe or folder): revpack reads exports saved as files"

# a field over the bound (here 2 KiB, from the profile) rejects its row
# with its line; a record over the bound is skipped to the next line; the
# rows after them are read
printf '[input]\nmax_field_bytes = 2048\nmax_record_bytes = 8192\n' >"$T/small.ini"
big=$(head -c 3000 /dev/zero | tr '\0' y)
huge=$(head -c 10000 /dev/zero | tr '\0' z)
{ echo "$LH"; echo "A1,2025-06-02,Web,$big"; echo "A2,2025-06-02,Web,Ann";
  echo "A3,2025-06-02,\"$huge"; echo "still the record"; echo "A4,2025-06-03,Web,Bo"; } | hd "$T/big"
expect_rc "over-long field and record" 0 "$R" check --data "$T/big" \
    --profile "$T/small.ini" --allow-rejects --out "$T/bigo"
expect_err "over-long field" \
    "leads.csv:2:4: warning: row rejected: field 4 is longer than 2048 bytes (the field limit)"
expect_err "over-long record" \
    "leads.csv:4: warning: row rejected: record of lines 4-4 is longer than 8192 bytes (the record limit); read on from the next line"
grep -q '^leads.csv  *5  *2  *3$' "$T/out" && ok || bad "rows read = used + rejected: $(grep '^leads' "$T/out")"
# the same deep in a file, in a chunk the second thread reads before the
# lines before it are counted (csv.h, shift_lines): its message names its
# lines as one thread's does
{ echo "$LH"; i=0; while [ $i -lt 3000 ]; do
    if [ $i = 1000 ]; then echo "Q$i,2025-06-02,Web,\"two"; echo "lines\"";
    elif [ $i = 2000 ]; then echo "A$i,2025-06-02,\"$huge"; echo "still it";
    else echo "A$i,2025-06-02,Web,Ann"; fi; i=$((i + 1)); done; } | hd "$T/deep"
for j in 1 2; do
    expect_rc "over-long record deep, --jobs $j" 0 "$R" check --data "$T/deep" \
        --profile "$T/small.ini" --allow-rejects --jobs $j
    expect_err "over-long record deep, --jobs $j" \
        "leads.csv:2003: warning: row rejected: record of lines 2003-2003 is longer than 8192 bytes (the record limit); read on from the next line"
done
# deep in a file of CRLF lines with a quoted line break every 97 rows, in
# chunks the second thread reads with its lines shifted: a bad value and a
# repeated id name their lines, and the row the id was first accepted on,
# as one thread does; every message and rejects.csv the same at --jobs 1
# and 2 (the lines worked out as the file is written, in $T/shift.want)
mkdir -p "$T/shift" && cp tests/data/metrics/opportunities.csv "$T/shift/"
awk -v want="$T/shift.want" 'BEGIN {
    printf "lead_id,created_at,source,owner\r\n"; line = 2
    for (i = 0; i < 3000; i++) {
        id = i == 2500 ? "A1500" : "A" i
        if (i == 1500) first = line
        if (i == 2500) dup = line
        if (i == 2200) bad = line
        at = i == 2200 ? "2025-13-01 10:00:00" : "2025-06-02 10:00:00"
        if (i % 97 == 0) {
            printf "%s,%s,\"Web\r\nsite\",Ann\r\n", id, at; line += 2
        } else {
            printf "%s,%s,Web,Ann\r\n", id, at; line++
        }
    }
    printf "leads.csv:%d:2: warning: row rejected: bad created_at '\''2025-13-01 10:00:00'\'': no such date\n", bad >want
    printf "leads.csv:%d:1: warning: row rejected: duplicate lead_id '\''A1500'\'' (first accepted on line %d)\n", dup, first >>want
}' >"$T/shift/leads.csv"
for j in 1 2; do
    expect_rc "lines shifted, --jobs $j" 0 "$R" check --data "$T/shift" \
        --allow-rejects --jobs $j --out "$T/shift$j"
    while IFS= read -r line; do
        expect_err "lines shifted, --jobs $j" "$line"
    done <"$T/shift.want"
    grep 'warning' "$T/err" >"$T/shift$j.err"
done
expect_same "lines shifted: messages" "$T/shift1.err" "$T/shift2.err"
expect_same "lines shifted: rejects.csv" "$T/shift1/rejects.csv" \
    "$T/shift2/rejects.csv"
# 5,000 one-field rows ahead of a long file ask for no memory up front
{ echo "$LH"; i=0; while [ $i -lt 5000 ]; do echo "x"; i=$((i + 1)); done
  echo "A9,2025-06-02,Web,Ann"; } | hd "$T/ones"
expect_rc "one-field rows" 0 "$R" check --data "$T/ones" --allow-rejects

# a NUL in a field rejects its row, shown escaped; never cut at the NUL
{ echo "$LH"; printf 'N1,2025-06-01\0junk,Web,Ann\n'; printf 'N2,2025-06-02,Web,Ann\0<evil>\n';
  echo "N3,2025-06-02,Web,Bo"; } | hd "$T/nul"
expect_rc "NUL bytes" 0 "$R" check --data "$T/nul" --allow-rejects --out "$T/nulo"
expect_err "NUL in a date" "leads.csv:2:2: warning: row rejected: NUL byte in the field (shown as \\0)"
expect_err "NUL in a name" "leads.csv:3:4: warning: row rejected: NUL byte in the field (shown as \\0)"
grep -qF 'N1,2025-06-01\0junk,Web,Ann' "$T/nulo/rejects.csv" && ok || bad "rejects.csv raw NUL: $(cat "$T/nulo/rejects.csv")"

# old Mac line endings (CR only) still give real line numbers
printf '%s\rC1,2025-06-02,Web,Ann\rC2,not a date,Web,Ann\rC3,2025-06-02,Web,Bo\r' "$LH" | hd "$T/cr"
expect_rc "CR line endings" 0 "$R" check --data "$T/cr" --allow-rejects
expect_err "CR line number" \
    "leads.csv:3:2: warning: row rejected: bad created_at 'not a date': expected a date such as 2025-06-30 or 2025-06-30 14:05:00"

# a byte-order mark inside the data (two exports joined) rejects the row
{ echo "$LH"; echo "B1,2025-06-02,Web,Ann"; printf '\357\273\277B2,2025-06-02,Web,Ann\n'; } | hd "$T/bom"
expect_rc "BOM inside" 0 "$R" check --data "$T/bom" --allow-rejects
expect_err "BOM inside" "leads.csv:3:1: warning: row rejected: byte-order mark inside the data (two files joined?)"

# data that acts on the reader: no raw control characters reach the
# terminal; formulas go into the CSV files as text
{ echo "$LH"; printf 'E1,\033[2J\033]0;owned\007,Web,Ann\n';
  printf 'E2,2025-06-02,=HYPERLINK("http://x"),+cmd|'"'"' /C calc'"'"'!A0\n';
  echo "E3,not a date,@SUM(A1),-2"; } | hd "$T/evil"
"$R" build --pack monthly-sla --period 2025-06 --data "$T/evil" --out "$T/ev" \
    --allow-rejects >"$T/out" 2>"$T/err"
grep -q "$(printf '\033')" "$T/out" "$T/err" && bad "an escape character reached the terminal" || ok
grep -qF '\x1B[2J' "$T/out" "$T/err" && ok || bad "escape not shown escaped: $(cat "$T/err")"
EV=$T/ev/monthly-sla-2025-06
grep -qF '"'"'"'=HYPERLINK(""http://x"")"' "$EV/metrics.csv" && ok || bad "formula source in metrics.csv: $(grep -a HYPER "$EV/metrics.csv" | head -2)"
grep -qF '"'"'"'+cmd|'"'"' /C calc'"'"'!A0"' "$EV/breaches.csv" && ok || bad "formula owner in breaches.csv: $(grep -a cmd "$EV/breaches.csv" | head -2)"
grep -q '^[=+@-]' "$EV/metrics.csv" "$EV/breaches.csv" "$EV/rejects.csv" && bad "a cell starts a formula" || ok
grep -q ',[=+@-]' "$EV/breaches.csv" && bad "a breaches cell starts a formula" || ok
# a right-to-left override in a team's name cannot turn a sentence around
{ echo "lead_id,created_at,source,team,mql_at"; printf 'R1,2025-06-02,Web,T\342\200\256eam,2025-06-02\n'; } | hd "$T/bidi"
"$R" build --pack monthly-sla --period 2025-06 --data "$T/bidi" --out "$T/bd" --quiet
grep -q "$(printf '\342\200\256')" "$T/bd/monthly-sla-2025-06/index.html" && bad "U+202E reached the page" || ok

# strict where lenient was wrong: each is an error with file and line
for bad_value in "timezone = /etc/passwd" "timezone = ../../etc/localtime" \
                 "holidays = 2025-02-31"; do
    printf '[calendar]\n%s\n' "$bad_value" >"$T/strict.ini"
    expect_rc "profile: $bad_value" 65 "$R" check --data tests/data/metrics --profile "$T/strict.ini"
    grep -q "strict.ini:2: error:" "$T/err" && ok || bad "profile: $bad_value: $(cat "$T/err")"
done
printf '[marketing]\nmql_per_month = 0x10\n' >"$T/strict.ini"
expect_rc "profile: hex number" 65 "$R" check --data tests/data/metrics --profile "$T/strict.ini"
printf '[calendar]\ntimezone = UTC\n[calendar]\nworkdays = Mon\n' >"$T/strict.ini"
expect_rc "profile: group twice" 65 "$R" check --data tests/data/metrics --profile "$T/strict.ini"
expect_err "profile: group twice" "$T/strict.ini:3: error: [calendar] appears twice (the second would silently merge into the first)"
for p in 2025QQ2 "2025- 6" " 2025-6" 2025-6 2025Q5 2025-13; do
    expect_rc "period '$p'" 64 "$R" build --pack monthly-sla --period "$p" \
        --data tests/data/metrics --out "$T/p"
done

# messages that say what to do
printf '\377\376l\000e\000' >"$T/u16"    # a UTF-16 BOM: read as UTF-16
iconv -f UTF-8 -t UTF-16 tests/data/metrics/leads.csv >"$T/u16.csv"
mkdir -p "$T/utf16" && cp tests/data/metrics/opportunities.csv "$T/utf16/" && cp "$T/u16.csv" "$T/utf16/leads.csv"
expect_rc "UTF-16 with a BOM, no --encoding" 0 "$R" check --data "$T/utf16"
iconv -f UTF-8 -t UTF-16LE tests/data/metrics/leads.csv >"$T/utf16/leads.csv"
expect_rc "UTF-16 without a BOM" 65 "$R" check --data "$T/utf16"
expect_err "UTF-16 without a BOM" "leads.csv:1: error: the header has NUL bytes: the file looks like UTF-16 (Excel's \"Unicode text\") without a byte-order mark; pass --encoding utf-16le"
expect_rc "--as-of before the data is read" 64 "$R" build --pack monthly-sla \
    --period 2025-06 --data "$T/zero" --out "$T/p" --as-of yesterday
# as root every folder is readable: drop to nobody to see "permission denied"
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
    mkdir -p "$T/locked" && cp tests/data/metrics/*.csv "$T/locked/" && chmod 700 "$T/locked"
    chmod 755 "$T" 2>/dev/null
    expect_rc "unreadable data folder" 74 setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$(cd "$(dirname "$R")" && pwd)/$(basename "$R")" check --data "$T/locked"
    grep -q "cannot read the data folder: Permission denied" "$T/err" && ok || bad "unreadable folder: $(cat "$T/err")"
fi

# --- several currencies (SPEC 2, Money and currency) -------------------
# USD reporting, [fx] CNY = 0.14: 1,000 yuan by symbol and 500 by the
# currency column become 140 and 70 dollars exactly; EUR has no rate; a
# symbol that contradicts the currency column is an error
mkdir -p "$T/fx" && cp tests/data/metrics/leads.csv "$T/fx/"
cat >"$T/fx/opportunities.csv" <<'CSV'
opportunity_id,created_at,lead_id,outcome,amount,currency,closed_at
X1,2025-06-02,L1,won,"¥1,000",,2025-06-10
X2,2025-06-02,L2,won,500,CNY,2025-06-11
X3,2025-06-02,L3,won,$100,,2025-06-12
X4,2025-06-02,L4,won,€100,,2025-06-13
X5,2025-06-02,L5,won,¥10,USD,2025-06-14
CSV
printf '[fx]\nCNY = 0.14\n' >"$T/fx.ini"
expect_rc "fx" 0 "$R" build --pack monthly-sla --period 2025-06 --data "$T/fx" \
    --profile "$T/fx.ini" --out "$T/fxo" --allow-rejects
expect_err "fx: no rate" "opportunities.csv:5:5: warning: row rejected: no [fx] rate for EUR; reporting currency USD"
expect_err "fx: contradiction" "opportunities.csv:6:5: warning: row rejected: amount is in CNY but the currency column says USD"
grep -qxF 'winrate.won_amount,all,all,310,,,,' "$T/fxo/monthly-sla-2025-06/metrics.csv" \
    && ok || bad "fx: won amount $(grep '^winrate.won_amount,all' "$T/fxo/monthly-sla-2025-06/metrics.csv")"
python3 tests/xlsx.py "$T/fxo/monthly-sla-2025-06/monthly-sla-2025-06.xlsx" right About Currency 1 | grep -qx USD \
    && ok || bad "About names the reporting currency"
# the Chinese profile reports in yuan: money labels say ¥
"$R" build --pack monthly-sla --period 2025-06 --data tests/data/metrics \
    --profile cn --out "$T/cny" --quiet --lang zh
grep -q '¥' "$T/cny/monthly-sla-2025-06/charts/velocity.svg" && ok || bad "yuan labels"

# --- structural errors --------------------------------------------------
expect_rc "unterminated quote" 65 "$R" check --data tests/data/unterminated \
    --out "$T/unterm"
expect_err "unterminated quote" \
    "leads.csv:3:3: error: unterminated quoted field (a quote opened here never closes)"
expect_absent "unterminated quote" "$T/unterm"

expect_rc "missing opportunities" 66 "$R" check --data tests/data/no-opps
expect_err "missing opportunities" \
    "opportunities.csv: error: required file missing from 'tests/data/no-opps'"
expect_rc "missing folder" 66 "$R" check --data tests/data/nowhere
expect_rc "cannot create output" 73 "$R" check --data tests/data/defects \
    --allow-rejects --out /proc/revpack-test

# --- profiles -----------------------------------------------------------
printf '[marketing]\nmql_per_month = 200\nicp_min = 1.5\n' >"$T/bad.ini"
expect_rc "bad profile" 65 "$R" check --data tests/data/defects --profile "$T/bad.ini"
expect_err "bad profile" \
    "$T/bad.ini:3: error: bad value '1.5' for icp_min: expected a fraction from 0 to 1"
expect_rc "missing profile" 66 "$R" check --data tests/data/defects --profile "$T/none.ini"
expect_rc "cn profile" 0 "$R" check --data tests/data/defects --profile cn \
    --allow-rejects

# --- encodings, delimiters, BOM, CRLF -----------------------------------
expect_rc "gb18030" 0 "$R" check --data tests/data/gb18030 --encoding gb18030 \
    --out "$T/gb"
grep -q '^leads.csv  *2  *2  *0$' "$T/out" && ok || bad "gb18030 leads used"
grep -q '^quality.rows_used.opportunities,all,all,1,' "$T/gb/metrics.csv" && ok || bad "gb18030 opps"
# read as UTF-8 the same bytes are invalid: rows rejected, never passed on
expect_rc "gb18030 as utf-8" 65 "$R" check --data tests/data/gb18030 --encoding utf-8
# without --encoding the reader sees the file is not UTF-8, reads it as
# GB18030 and says so
expect_rc "gb18030 sniffed" 0 "$R" check --data tests/data/gb18030 --out "$T/gbs"
expect_err "gb18030 sniffed" "revpack: note: leads.csv is not UTF-8; read as GB18030"
expect_same "gb18030 sniffed metrics" "$T/gb/metrics.csv" "$T/gbs/metrics.csv"

# --- same input, same bytes -------------------------------------------
"$R" check --data sample-data --out "$T/s1" >/dev/null 2>&1
"$R" check --data sample-data --out "$T/s2" >/dev/null 2>&1
expect_same "deterministic rejects" "$T/s1/rejects.csv" "$T/s2/rejects.csv"
expect_same "deterministic metrics" "$T/s1/metrics.csv" "$T/s2/metrics.csv"

# --- build: metrics, breaches (tests/golden/metrics, worked by hand) ----
# expect_rows NAME GOLDEN FILE: every non-comment line of GOLDEN is a line
# of FILE
expect_rows() {
    grep -v '^#' "$2" | while IFS= read -r row; do
        grep -qxF -- "$row" "$3" || echo "$row"
    done >"$T/missing"
    if [ -s "$T/missing" ]; then
        bad "$1: rows missing from $3"; sed 's/^/  - /' "$T/missing"
    else ok; fi
}

expect_rc "build usage" 64 "$R" build --pack monthly-sla --period 2025Q2 \
    --data tests/data/metrics --out "$T/b"
expect_err "build usage" \
    "revpack: bad period '2025Q2' for monthly-sla (want YYYY-MM) (try 'revpack --help')"
expect_rc "build unknown pack" 64 "$R" build --pack weekly --period 2025-06 \
    --data tests/data/metrics --out "$T/b"
expect_rc "build missing --out" 64 "$R" build --pack monthly-sla \
    --period 2025-06 --data tests/data/metrics
expect_rc "build bad lang" 64 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/metrics --out "$T/b" --lang fr

M=$T/b/monthly-sla-2025-06
expect_rc "build metrics" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/metrics --out "$T/b" --quiet
expect_rows "metrics by hand" tests/golden/metrics/expected.csv "$M/metrics.csv"
expect_same "breaches by hand" tests/golden/metrics/breaches.csv "$M/breaches.csv"
[ "$(grep -c ',month,' "$M/metrics.csv" | tr -d ' ')" -gt 0 ] && ok || bad "month trend"
[ "$(grep -c '^funnel.count.lead,month,' "$M/metrics.csv")" = 12 ] && ok || bad "12 trend months"
grep -q '^funnel.count.lead,month,2024-07,' "$M/metrics.csv" && ok || bad "trend starts 2024-07"
# SPEC 8.14: the data start on 2025-05-01, so April and before are n/a
# (empty, the target kept), May is covered
for row in 'funnel.count.lead,month,2025-04,,,,,' 'sla.m1,month,2024-07,,,,200,' \
           'velocity.open_opps,month,2025-04,,,,,' 'funnel.count.lead,month,2025-05,2,,,,'; do
    grep -qxF "$row" "$M/metrics.csv" && ok || bad "before the data: $row"
done

expect_rc "build as-of" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/metrics --out "$T/a" --as-of 2025-06-15 --quiet
expect_rows "as-of cut" tests/golden/metrics/as-of.csv \
    "$T/a/monthly-sla-2025-06/metrics.csv"

expect_rc "build weekend" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/sla-weekend --profile tests/data/sla-weekend/business.ini \
    --as-of "2025-06-30 11:00" --out "$T/w" --quiet
expect_rows "S1 business hours" tests/golden/metrics/weekend.csv \
    "$T/w/monthly-sla-2025-06/metrics.csv"
grep -q '^s1,LB,' "$T/w/monthly-sla-2025-06/breaches.csv" && ok || bad "LB breach"
grep -q '^s1,LA,' "$T/w/monthly-sla-2025-06/breaches.csv" && bad "LA pending listed" || ok

# without activities.csv the touch SLAs are n/a, never 0; S4 still computed
mkdir -p "$T/noact" && cp tests/data/metrics/leads.csv \
    tests/data/metrics/opportunities.csv "$T/noact/"
expect_rc "no activities" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/noact" --out "$T/na" --quiet
for row in 'sla.s1,all,all,,,,0.9,' 'sla.s2,all,all,,,,0.9,' \
           'sla.s3,all,all,,,,0.9,' 'sla.s4,all,all,0.5,1,2,0.9,FAIL'; do
    grep -qxF "$row" "$T/na/monthly-sla-2025-06/metrics.csv" && ok || bad "no activities: $row"
done

# --- stage flow time (SPEC 4.7), tests/golden/flow worked by hand ------
expect_rc "build flow" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/flow --out "$T/fl" --quiet
grep '^flow\.' "$T/fl/monthly-sla-2025-06/metrics.csv" >"$T/flow.csv"
grep -v '^#' tests/golden/flow/expected.csv >"$T/flow.want"
expect_same "every flow row" "$T/flow.want" "$T/flow.csv"

# the ICP role rule (SPEC 4.4) is read from the job title as the lead is
# read: case-insensitive beyond ASCII, a Chinese role, a title over the
# 255 bytes lower-cased on the stack
mkdir -p "$T/role" && cp tests/data/metrics/opportunities.csv \
    tests/data/metrics/activities.csv "$T/role/"
python3 - tests/data/metrics/leads.csv "$T/role/leads.csv" <<'PY'
import csv, sys
titles = {"L3": "DIRECTEUR GÉNÉRAL adjoint", "L10": "华东区销售总监",
          "L11": "x" * 280 + " CHIEF", "L5": "Ingénieur commercial"}
rows = list(csv.reader(open(sys.argv[1], newline="")))
col = rows[0].index("job_title")
for r in rows[1:]:
    r[col] = titles.get(r[0], r[col])
csv.writer(open(sys.argv[2], "w", newline=""), lineterminator="\n").writerows(rows)
PY
printf '[icp]\nroles = Directeur Général, 总监, chief\n' >"$T/role.ini"
expect_rc "ICP roles" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/role" --profile "$T/role.ini" --out "$T/ro" --quiet
grep '^m2,' "$T/ro/monthly-sla-2025-06/breaches.csv" | cut -d, -f2,10- >"$T/role.got"
printf '%s\n' 'L5,not_icp_fit,"size,role"' 'L8,icp_fit_no,' >"$T/role.want"
expect_same "ICP roles: L3, L10 and L11 fit by role, L5 not" "$T/role.want" "$T/role.got"

# a title's role is remembered once matched (each shard's memo, passed on
# to later shards) up to 4,096 titles, then matched afresh: 70,000 titles,
# each twice and far apart, half of them a role ("head of"), on one thread
# and on two
mkdir -p "$T/memo" && cp tests/data/metrics/opportunities.csv \
    tests/data/metrics/activities.csv "$T/memo/"
python3 - "$T/memo/leads.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("lead_id,created_at,mql_at,job_title,employees,annual_revenue\n")
    for k in range(140000):
        t = k % 70000 if k < 70000 else 139999 - k
        title = ("head of unit %d" if t % 2 else "Clerk %d") % t
        f.write("L%d,2025-06-02 09:00,2025-06-02 10:00,%s,100,10000000\n"
                % (k + 1, title))
PY
for j in 1 2; do
    expect_rc "roles remembered, --jobs $j" 0 "$R" build --pack monthly-sla \
        --period 2025-06 --data "$T/memo" --out "$T/memo-o$j" --jobs "$j" --quiet
    grep -q '^sla.m2,all,all,0.5,70000,140000,' "$T/memo-o$j/monthly-sla-2025-06/metrics.csv" &&
        ok || bad "roles remembered, --jobs $j: half the MQLs fit"
done

# instants outside rp_at's 4 bytes (1932-06-25 to 2068-01-19) live in the
# model's far table: the metrics data moved 56 years on and 112 back (the
# weekdays stay) give the same figures and breaches, read on two threads
for dy in 56 -112; do
    y=$((2025 + dy))
    python3 tests/shift_years.py "$dy" tests/data/metrics "$T/far$dy"
    expect_rc "far instants $y" 0 "$R" build --pack monthly-sla --period "$y-06" \
        --data "$T/far$dy" --out "$T/far$dy/out" --jobs 2 --quiet
    for f in metrics.csv breaches.csv; do
        python3 tests/shift_years.py "$((-dy))" "$T/far$dy/out/monthly-sla-$y-06/$f" \
            "$T/far$dy/$f.back"
        expect_same "far instants $y: $f" "$M/$f" "$T/far$dy/$f.back"
    done
done

# --- the workbook (SPEC 6), read back with tests/xlsx.py ----------------
X="python3 tests/xlsx.py"
W=$M/monthly-sla-2025-06.xlsx
# value at SHEET, N cells right of the cell reading TEXT, equals metrics.csv
# (metric, group, key) to 1e-9
expect_cell() {
    got=$($X "$W" right "$2" "$3" "$4")
    want=$(grep "^$5,$6,$7," "$M/metrics.csv" | cut -d, -f4)
    if python3 -c "import sys; sys.exit(abs(float('$got') - float('$want')) > 1e-9)" 2>/dev/null
    then ok; else bad "$1: cell '$got', metrics.csv '$want'"; fi
}
[ -f "$W" ] && ok || bad "workbook written"
expect_rc "workbook parts" 0 $X "$W" check
# src/zip_level.c: every part deflated at zlib's fastest level
expect_rc "workbook parts deflated fast" 0 $X "$W" fastest
$X "$W" sheets | tr '\n' '|' >"$T/sheets"
printf "%s" "Summary|Funnel|Flow|Win Rate|Velocity|SLA Marketing|SLA Sales|Breaches|Owners|Data Quality|About|" >"$T/want"
expect_same "monthly sheets, no Spend without spend.csv" "$T/want" "$T/sheets"
expect_cell "summary M2" Summary M2 3 sla.m2 all all
expect_cell "summary S4" Summary S4 3 sla.s4 all all
expect_cell "summary M1" Summary M1 3 sla.m1 all all
expect_cell "funnel MQL" Funnel MQL 1 funnel.count.mql all all
expect_cell "funnel SAL conv" Funnel SAL 2 funnel.conv.mql_sal all all
expect_cell "win rate all" "Win Rate" All 3 winrate all all
expect_cell "win rate Referral hi" "Win Rate" Referral 5 winrate.ci_high source Referral
expect_cell "won amount" "Win Rate" All 6 winrate.won_amount all all
expect_cell "velocity all" Velocity All 1 velocity all all
expect_cell "cycle days" Velocity All 5 velocity.cycle_days all all
expect_cell "SLA sales S1" "SLA Sales" S1 3 sla.s1 all all
expect_cell "owner S1" Owners T1 4 sla.s1 team T1
[ "$($X "$W" format Summary "$($X "$W" find Summary M2 | sed 's/A/D/')")" = "0.0%" ] && ok || bad "rate format"
$X "$W" format "Win Rate" "$($X "$W" find "Win Rate" All | sed 's/A/G/')" | grep -q '"\$"#,##0' && ok || bad "money format"
[ "$($X "$W" format Breaches G5)" = "yyyy-mm-dd hh:mm" ] && ok || bad "date-time format"
$X "$W" cell Breaches G5 | grep -qE '^4[0-9]{4}(\.[0-9]+)?$' && ok || bad "date is an Excel serial"
expect_rc "scorecard PASS/FAIL colours" 0 $X "$W" has Summary condformat
expect_rc "breaches frozen" 0 $X "$W" has Breaches freeze
expect_rc "breaches filter" 0 $X "$W" has Breaches autofilter
expect_rc "owners filter" 0 $X "$W" has Owners autofilter
expect_rc "funnel chart" 0 $X "$W" has Funnel drawing
[ "$($X "$W" cell Breaches A5)" = "M2" ] && ok || bad "first breach is M2"
[ "$($X "$W" right About SHA-256 0 >/dev/null; $X "$W" right About leads.csv 2)" = \
  "$(sha256sum tests/data/metrics/leads.csv | cut -d' ' -f1)" ] && ok || bad "About SHA-256"
grep -q "missing from" "$T/err" && bad "labels missing: $(cat "$T/err")" || ok

expect_rc "build quarterly zh" 0 "$R" build --pack quarterly-strategy \
    --period 2025Q2 --data tests/data/metrics --out "$T/qz" --lang zh --quiet
WZ=$T/qz/quarterly-strategy-2025Q2/quarterly-strategy-2025Q2.xlsx
$X "$WZ" sheets | tr '\n' '|' >"$T/sheets"
printf "%s" "概览|漏斗|流转时长|赢单率|管道速度|市场 SLA|销售 SLA|违约明细|负责人|目标测算|数据质量|说明|" >"$T/want"
expect_same "quarterly sheets in Chinese, with Calculator" "$T/want" "$T/sheets"
[ "$($X "$WZ" right 概览 M2 7)" = "未达标" ] && ok || bad "zh status word"
grep -q "missing from" "$T/err" && bad "zh labels missing: $(cat "$T/err")" || ok
# the calculator's needed MQLs is a live formula with the engine's result
[ "$($X "$WZ" right 目标测算 每月所需\ MQL 1)" = \
  "$(grep '^calc.mqls_needed_per_month,all,all,' "$T/qz/quarterly-strategy-2025Q2/metrics.csv" | cut -d, -f4)" ] \
    && ok || bad "calculator needed"

# a list longer than the sheet may hold is cut with a note (limit lowered)
printf '[output]\nlist_rows = 2\n' >"$T/cut.ini"
"$R" build --pack monthly-sla --period 2025-06 --profile "$T/cut.ini" \
    --data tests/data/metrics --out "$T/cut" --quiet
$X "$T/cut/monthly-sla-2025-06/monthly-sla-2025-06.xlsx" cell Breaches A7 |
    grep -q "more rows are not shown: these sheets list at most 2 rows" && ok ||
    bad "cut note"

# lists with a filter keep it (constant_memory drops a late autofilter)
for sheet in "Win Rate" Velocity; do
    expect_rc "$sheet filter" 0 $X "$W" has "$sheet" autofilter
done

# Excel's cell limit: a 40,000-character owner and a 40,000-character
# rejected row are cut at 32,767 characters with a marker and a note
mkdir -p "$T/long" && cp tests/data/metrics/*.csv "$T/long/"
big=$(head -c 40000 /dev/zero | tr '\0' x)
sed -i "s/,Ann,T1,/,Ann$big,T1,/" "$T/long/leads.csv"
printf 'L99,2025-06-30 09:00,,,,%s\n' "$big" >>"$T/long/leads.csv"
expect_rc "40,000 characters" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/long" --out "$T/lg" --allow-rejects --quiet
WL=$T/lg/monthly-sla-2025-06/monthly-sla-2025-06.xlsx
for sheet in Breaches "Data Quality"; do
    [ "$($X "$WL" longest "$sheet")" = 32767 ] && ok || bad "$sheet longest cell $($X "$WL" longest "$sheet")"
    $X "$WL" contains "$sheet" "[cut: Excel holds 32,767 characters]" >/dev/null && ok || bad "$sheet cut marker"
done
$X "$WL" contains Breaches "cells on this sheet held more than" >/dev/null && ok || bad "Breaches cut note"
$X "$WL" contains "Data Quality" "cells in this workbook held more than" >/dev/null && ok || bad "workbook cut count"
grep -qF "Ann$big," "$T/lg/monthly-sla-2025-06/breaches.csv" && ok || bad "breaches.csv keeps the whole owner"

# the quarterly pack: 8 quarters of trend ending with the period
expect_rc "build quarterly" 0 "$R" build --pack quarterly-strategy \
    --period 2025Q2 --data tests/data/metrics --out "$T/q" --quiet
Q=$T/q/quarterly-strategy-2025Q2/metrics.csv
[ "$(grep -c '^funnel.count.lead,quarter,' "$Q")" = 8 ] && ok || bad "8 trend quarters"
grep -q '^funnel.count.lead,quarter,2023Q3,' "$Q" && ok || bad "trend starts 2023Q3"
grep -qxF 'sla.m1,all,all,7,7,,600,FAIL' "$Q" && ok || bad "quarterly M1 target 3 x 200"

# --- charts, deck and page (SPEC 5), tests/data/metrics worked by hand ---
C=$M/charts
svg_title() {
    python3 -c "import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
print(r.find('{http://www.w3.org/2000/svg}title').text)" "$1"
}
for id in funnel winrate velocity mql_volume sla_scorecard first_touch pipeline_revenue spend; do
    svg_title "$C/$id.svg" >/dev/null 2>&1 && ok || bad "$id.svg is not XML with a title"
    set -- $(python3 tests/png.py "$C/$id.png")
    [ "$1x$2" = 1600x900 ] && ok || bad "$id.png is $1x$2"
    [ "$3" -gt 5 ] && ok || bad "$id.png looks blank ($3 colours)"
done
# titles state the finding: 8 leads, 7 MQLs (7/8 = 87.5% -> 88%), 2 won;
# 6 MQLs against 200, calculator 9,334; velocity 135 only in June
[ "$(svg_title "$C/funnel.svg")" = "7 of 8 leads created in 2025-06 became MQLs (88%); 2 won so far" ] \
    && ok || bad "funnel title: $(svg_title "$C/funnel.svg")"
[ "$(svg_title "$C/mql_volume.svg")" = "6 MQLs in 2025-06, short of the SLA of 200; the revenue goal needs 9,334" ] \
    && ok || bad "MQL title: $(svg_title "$C/mql_volume.svg")"
# velocity against the period before (May: n/a), not the trend's start
[ "$(svg_title "$C/velocity.svg")" = 'Pipeline velocity is $135 a day in 2025-06; the period before is n/a' ] \
    && ok || bad "velocity title: $(svg_title "$C/velocity.svg")"
# 4 closed deals in all (Partner 1/1, Website 2/2, Referral 0/1): no
# source has the 10 closed deals a ranking needs
[ "$(svg_title "$C/winrate.svg")" = "3 of 4 closed deals won (75%); too few closed deals to rank sources (at least 10 each)" ] \
    && ok || bad "win-rate title: $(svg_title "$C/winrate.svg")"
# first touch in the scorecard's own terms: S1 = 4 of 6
[ "$(svg_title "$C/first_touch.svg")" = "4 of 6 MQLs were touched within 24 h (67%); median 1.0 h" ] \
    && ok || bad "first-touch title: $(svg_title "$C/first_touch.svg")"

# ranking needs n: Partner 9/12 [0.47, 0.91] and Website 1/11 [0.02, 0.38]
# are named; Webinar's 2/2 (100%) is not, however high
mkdir -p "$T/rank"
cp tests/data/metrics/leads.csv "$T/rank/"
{
    echo "opportunity_id,created_at,source,outcome,amount,closed_at"
    i=0
    for spec in Partner:9:3 Website:1:10 Webinar:2:0; do
        src=${spec%%:*}; rest=${spec#*:}; won=${rest%%:*}; lost=${rest#*:}
        k=0
        while [ $k -lt $((won + lost)) ]; do
            i=$((i + 1))
            if [ $k -lt "$won" ]; then o=won; else o=lost; fi
            echo "R$i,2025-06-01,$src,$o,1000,2025-06-20"
            k=$((k + 1))
        done
    done
} >"$T/rank/opportunities.csv"
expect_rc "build rank" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/rank" --out "$T/rk" --quiet
RT=$(svg_title "$T/rk/monthly-sla-2025-06/charts/winrate.svg")
[ "$RT" = "Partner wins 75% of 12 closed deals, clearly more than Website at 9% of 11" ] \
    && ok || bad "ranked win-rate title: $RT"
# the same with Website at 3/11 [0.10, 0.57]: the intervals overlap
sed -i 's/^R15,\(.*\),lost,/R15,\1,won,/; s/^R14,\(.*\),lost,/R14,\1,won,/' "$T/rank/opportunities.csv"
"$R" build --pack monthly-sla --period 2025-06 --data "$T/rank" --out "$T/rk" --quiet
RT=$(svg_title "$T/rk/monthly-sla-2025-06/charts/winrate.svg")
[ "$RT" = "No source wins clearly more: Partner 75% of 12 and Website 27% of 11 are within each other's 95% range" ] \
    && ok || bad "overlapping win-rate title: $RT"
grep -q '100%  (n = 2)' "$C/winrate.svg" && ok || bad "Website n beside its bar"
grep -q 'M2  MQLs that fit the ICP | 50% / 90%  FAIL' "$C/sla_scorecard.svg" && ok || bad "scorecard M2 label"
[ -e "$M/deck.pdf" ] && bad "monthly pack has a deck" || ok

Q2=$T/q/quarterly-strategy-2025Q2
pdfinfo "$Q2/deck.pdf" >"$T/pdfinfo"
grep -q '^Pages: *11$' "$T/pdfinfo" && ok || bad "deck pages: $(grep Pages "$T/pdfinfo")"
grep -q '^Page size: *960 x 540 pts' "$T/pdfinfo" && ok || bad "deck not 16:9"
grep -q '^CreationDate: .*2025' "$T/pdfinfo" && ok || bad "deck date is not as_of"
pdffonts "$Q2/deck.pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' \
    && ok || bad "a deck font is not embedded"
pdftotext -f 2 -l 2 "$Q2/deck.pdf" - | grep -q "What changed since last period" && ok || bad "KPI page"
# the data start in 2025-05: the trend's 7 quarters before 2025Q2 are n/a on
# the MQL volume chart, each said under its quarter, not left as a gap
pdftotext -f 9 -l 9 "$Q2/deck.pdf" "$T/mqlpage"
grep -q "^MQLs per period" "$T/mqlpage" && [ "$(grep -c '^n/a$' "$T/mqlpage")" = 7 ] \
    && ok || bad "MQL volume: n/a quarters: $(grep -c '^n/a$' "$T/mqlpage")"

H=$M/index.html
grep -qE 'https?://' "$H" && bad "page names a URL" || ok
grep -q 'id="chart-funnel"' "$H" && ok || bad "page inlines the charts"
grep -q 'href="monthly-sla-2025-06.xlsx"' "$H" && ok || bad "page links the workbook"

# hostile names from the data are shown as text, in the page and the SVG
mkdir -p "$T/hostile" && cp tests/data/metrics/*.csv "$T/hostile/"
sed -i 's/,Website,/,<script>alert(1)<\/script>,/; s/,T1,/,<b>T\&1<\/b>,/' "$T/hostile/leads.csv"
expect_rc "build hostile" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/hostile" --out "$T/h" --quiet
HH=$T/h/monthly-sla-2025-06
grep -q '<script' "$HH/index.html" && bad "a <script> reached the page" || ok
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$HH/index.html" && ok || bad "hostile source not escaped in the page"
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$HH/charts/winrate.svg" && ok || bad "hostile source not escaped in the SVG"
svg_title "$HH/charts/winrate.svg" >/dev/null && ok || bad "hostile SVG does not parse"

# the page in a real browser: a non-blank screenshot, no console message
if command -v chromium >/dev/null; then
    for page in "$H" "$HH/index.html"; do
        rm -rf "$T/chr"
        timeout 60 chromium --headless --no-sandbox --disable-gpu \
            --disable-background-networking --user-data-dir="$T/chr" \
            --enable-logging=stderr --v=0 --window-size=1200,2400 \
            --screenshot="$T/shot.png" "file://$(cd "$(dirname "$page")" && pwd)/index.html" \
            >/dev/null 2>"$T/chrome.err"
        set -- $(python3 tests/png.py "$T/shot.png" 2>/dev/null || echo 0 0 0)
        [ "$3" -gt 20 ] && ok || bad "screenshot of $page is blank"
        grep -q 'CONSOLE' "$T/chrome.err" && bad "console: $(grep CONSOLE "$T/chrome.err" | head -3)" || ok
    done
    # on a phone (420 px wide) the scorecard's status column stays in view:
    # its FAIL fill (#FFC7CE) is in the screenshot of the viewport
    rm -rf "$T/chr"
    timeout 60 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --user-data-dir="$T/chr" \
        --window-size=420,1400 --screenshot="$T/phone.png" \
        "file://$(cd "$(dirname "$H")" && pwd)/index.html" >/dev/null 2>&1
    python3 tests/png.py "$T/phone.png" has FFC7CE && ok || bad "status column off a phone screen"
    # on a desktop no chart's box scrolls sideways: a copy of the page with
    # a script (the page's policy allows none) that counts the boxes whose
    # content is wider than they are
    sed '/Content-Security-Policy/d; s#</body>#<script>document.body.setAttribute("data-over", [...document.querySelectorAll("figure .scroll")].filter(e => e.scrollWidth > e.clientWidth).length + "/" + document.querySelectorAll("figure .scroll").length)</script></body>#' \
        "$H" >"$T/overflow.html"
    rm -rf "$T/chr"
    got=$(timeout 60 chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --user-data-dir="$T/chr" \
        --window-size=1200,2400 --dump-dom \
        "file://$(cd "$T" && pwd)/overflow.html" 2>/dev/null |
        grep -o 'data-over="[^"]*"')
    case $got in
    'data-over="0/'[1-9]*) ok ;;
    *) bad "charts scroll sideways on a desktop: $got (boxes over/all)" ;;
    esac
else
    bad "chromium is not installed (make test-deps installs it)"
fi

# --- outputs: never destroy, never leave half a pack ---------------------
# OUT/PACK-P is a link to a folder of precious files: refused, they survive
mkdir -p "$T/precious/sub" "$T/lk"
echo keep >"$T/precious/a.txt"; echo keep >"$T/precious/sub/b.txt"
ln -s "$T/precious" "$T/lk/monthly-sla-2025-06"
expect_rc "pack folder is a link" 73 "$R" build --pack monthly-sla \
    --period 2025-06 --data tests/data/metrics --out "$T/lk" --quiet
grep -q "is a symbolic link; revpack replaces only a pack folder" "$T/err" && ok || bad "link message"
[ -f "$T/precious/a.txt" ] && [ -f "$T/precious/sub/b.txt" ] && ok || bad "a link's target lost files"
[ -L "$T/lk/monthly-sla-2025-06" ] && ok || bad "the link was removed"
[ -z "$(ls -A "$T/lk" | grep tmp)" ] && ok || bad "a temporary folder was left: $(ls -A "$T/lk")"

# SIGTERM while writing: the partial pack is removed, exit 143; SIGKILL
# leaves it, and the next build removes it and says so
stop_while_writing() {   # SIGNAL OUT: start a build, signal it mid-write
    rm -rf "$2"
    "$R" build --pack quarterly-strategy --period 2026Q3 --data sample-data \
        --out "$2" --quiet 2>"$T/sig.err" &
    pid=$!
    k=0
    while [ $k -lt 2000 ] && ! ls -A "$2" 2>/dev/null | grep -q '\.tmp-'; do
        k=$((k + 1)); sleep 0.005
    done
    kill -"$1" $pid 2>/dev/null
    wait $pid
}
# (a build that finished before the signal arrived exits 0: try again)
for try in 1 2 3; do
    stop_while_writing TERM "$T/sig"
    rc=$?
    [ $rc = 0 ] || break
done
[ $rc = 143 ] && ok || bad "SIGTERM exit status $rc: $(cat "$T/sig.err")"
[ -z "$(ls -A "$T/sig" 2>/dev/null)" ] && ok || bad "SIGTERM left: $(ls -A "$T/sig")"
stop_while_writing KILL "$T/sig"
ls -A "$T/sig" | grep -q '\.tmp-' && ok || bad "SIGKILL left no temporary folder to clean"
expect_rc "build after a kill" 0 "$R" build --pack quarterly-strategy \
    --period 2026Q3 --data sample-data --out "$T/sig" --quiet
grep -q "revpack: note: removed '.*quarterly-strategy-2026Q3.tmp-.*', left by revpack process [0-9]*, which is gone" "$T/err" \
    && ok || bad "stale folder not reported: $(cat "$T/err")"
[ "$(ls -A "$T/sig")" = quarterly-strategy-2026Q3 ] && ok || bad "after a kill: $(ls -A "$T/sig")"

# a full disk at any point: exit 74 (I/O error), nothing left behind
if unshare -m true 2>/dev/null; then
    # sizes that run out in the workbook, the charts, the deck, the page:
    # the deck's from the size of what is written before it (in 4 KiB
    # pages, as tmpfs counts).  --jobs 1 writes the files in a fixed
    # order (workbook, CSV files, charts, deck, page); with helpers the
    # deck may be written before the last chart
    "$R" build --pack quarterly-strategy --period 2025Q2 --data tests/data/metrics \
        --out "$T/sizes" --quiet --jobs 1
    before=$(find "$T/sizes/quarterly-strategy-2025Q2" -type f ! -name deck.pdf \
        ! -name index.html -printf '%s\n' | awk '{ kb += int(($1 + 4095) / 4096) * 4 } END { print kb + 8 }')
    # breaches.csv (written in pieces, not whole) right after the
    # workbook and metrics.csv
    csv_at=$(find "$T/sizes/quarterly-strategy-2025Q2" -maxdepth 1 \( -name '*.xlsx' \
        -o -name metrics.csv \) -printf '%s\n' | awk '{ kb += int(($1 + 4095) / 4096) * 4 } END { print kb }')
    deck_full=no breaches_full=no
    for kb in 40 120 400 800 $csv_at $before $((before + 8)) $((before + 16)) \
              $((before + 24)) $((before + 32)) 2600; do
        unshare -m sh -c "mkdir -p '$T/full' && mount -t tmpfs -o size=${kb}k tmpfs '$T/full' &&
            '$R' build --pack quarterly-strategy --period 2025Q2 --data tests/data/metrics \
                --out '$T/full' --quiet --jobs 1 2>'$T/full.err'; echo \$? >'$T/full.rc';
            ls -A '$T/full' >'$T/full.ls'"
        rc=$(cat "$T/full.rc")
        if [ "$rc" = 0 ]; then
            [ "$(cat "$T/full.ls")" = quarterly-strategy-2025Q2 ] && ok || bad "disk ${kb}k: $(cat "$T/full.ls")"
        else
            [ "$rc" = 74 ] && ok || bad "disk ${kb}k full: exit $rc, $(cat "$T/full.err")"
            [ -z "$(cat "$T/full.ls")" ] && ok || bad "disk ${kb}k full left $(cat "$T/full.ls")"
            grep -q 'deck.pdf: error: cannot write' "$T/full.err" && deck_full=yes
            grep -q 'breaches.csv: error: cannot write: No space left' "$T/full.err" &&
                breaches_full=yes
        fi
    done
    [ $deck_full = yes ] && ok || bad "no size ran out at deck.pdf"
    [ $breaches_full = yes ] && ok || bad "no size ran out at breaches.csv"
    # with helpers writing beside the drawing: the same clean failure
    for kb in 40 120 400; do
        unshare -m sh -c "mkdir -p '$T/full' && mount -t tmpfs -o size=${kb}k tmpfs '$T/full' &&
            '$R' build --pack quarterly-strategy --period 2025Q2 --data tests/data/metrics \
                --out '$T/full' --quiet --jobs 2 2>'$T/full.err'; echo \$? >'$T/full.rc';
            ls -A '$T/full' >'$T/full.ls'"
        [ "$(cat "$T/full.rc")" = 74 ] && ok || bad "jobs 2, disk ${kb}k full: exit $(cat "$T/full.rc"), $(cat "$T/full.err")"
        [ -z "$(cat "$T/full.ls")" ] && ok || bad "jobs 2, disk ${kb}k full left $(cat "$T/full.ls")"
        # the error names the file, copied whole from the thread that hit it
        grep -Eq "^$T/full/\.quarterly-strategy-2025Q2\.tmp-[0-9]+-[A-Za-z0-9]+/[A-Za-z_/.0-9-]+: error: cannot write" "$T/full.err" \
            && ok || bad "jobs 2, disk ${kb}k full: $(cat "$T/full.err")"
    done
else
    echo "SKIP: disk-full checks need 'unshare -m' (a private mount namespace)"
fi

# --jobs out of range is a usage error, for each command that takes it
expect_rc "check --jobs 65" 64 "$R" check --data tests/data/metrics --jobs 65
expect_err "check --jobs 65" "revpack: --jobs takes 1 to 64 (0: the cores) (try 'revpack --help')"
expect_rc "build --jobs -1" 64 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/metrics --out "$T/jobs" --jobs -1
expect_err "build --jobs -1" "revpack: --jobs takes 1 to 64 (0: the cores) (try 'revpack --help')"

# a structural error writes no pack at all
expect_rc "build structural" 65 "$R" build --pack monthly-sla --period 2025-06 \
    --data tests/data/unterminated --out "$T/u"
expect_absent "build structural" "$T/u/monthly-sla-2025-06"

# the sample packs: every SPEC 5.1 metric name, same bytes twice
"$R" build --pack monthly-sla --period 2026-10 --data sample-data \
    --out "$T/s1" --quiet 2>/dev/null
"$R" build --pack monthly-sla --period 2026-10 --data sample-data \
    --out "$T/s2" --quiet 2>/dev/null
S=$T/s1/monthly-sla-2026-10
for f in metrics.csv breaches.csv rejects.csv; do
    expect_same "deterministic $f" "$S/$f" "$T/s2/monthly-sla-2026-10/$f"
done
# the workbook names its command line (About), so rebuild to the same --out
cp "$S/monthly-sla-2026-10.xlsx" "$T/first.xlsx"
"$R" build --pack monthly-sla --period 2026-10 --data sample-data \
    --out "$T/s1" --quiet 2>/dev/null
expect_same "deterministic workbook" "$T/first.xlsx" "$S/monthly-sla-2026-10.xlsx"
for f in index.html charts/funnel.svg charts/funnel.png charts/pipeline_revenue.svg \
         charts/winrate.png; do
    expect_same "deterministic $f" "$S/$f" "$T/s2/monthly-sla-2026-10/$f"
done
for o in qa qb; do
    "$R" build --pack quarterly-strategy --period 2026Q3 --data sample-data \
        --out "$T/$o" --quiet --lang zh 2>/dev/null
done
expect_same "deterministic deck" "$T/qa/quarterly-strategy-2026Q3/deck.pdf" \
    "$T/qb/quarterly-strategy-2026Q3/deck.pdf"
[ "$(wc -c <"$S/monthly-sla-2026-10.xlsx")" -lt 2000000 ] && ok || bad "workbook under 2 MB"
# a reader's first minute: every value under its own heading (numbers
# under right-aligned ones), no overlapping <col> (Excel's repair prompt),
# no cell over 32,767 characters, every sheet one page wide at 70% or
# more, print titles on the lists
for wbk in "$S/monthly-sla-2026-10.xlsx" \
           "$T/qa/quarterly-strategy-2026Q3/quarterly-strategy-2026Q3.xlsx"; do
    $X "$wbk" layout "Breaches,Owners,Data Quality,违约明细,负责人,数据质量" >"$T/layout" \
        && ok || bad "layout of $wbk: $(head -5 "$T/layout")"
done
# no count in the Summary's sentences exceeds the total it is read against
python3 - "$S/monthly-sla-2026-10.xlsx" <<'PY' && ok || bad "summary counts exceed their totals"
import re, sys
sys.path.insert(0, "tests")
import xlsx
b = xlsx.Book(sys.argv[1])
text = " ".join(v for _, v, _ in b.cells("Summary"))
pairs = re.findall(r"([\d,]+) of ([\d,]+) (?:measured )?(MQLs|SLAs|leads)", text)
assert pairs, text
for n, total, what in pairs:
    assert int(n.replace(",", "")) <= int(total.replace(",", "")), (n, total, what)
# M4 and M5 promise leads created, S3 open leads: never "of MQLs"
assert "of MQLs reach the CRM" not in text and "of MQLs have source" not in text
PY
$X "$S/monthly-sla-2026-10.xlsx" sheets | grep -x Spend >/dev/null && ok || bad "Spend sheet with spend.csv"
for name in funnel.count.lead funnel.count.mql funnel.count.sal funnel.count.sql \
    funnel.count.opportunity funnel.count.won funnel.conv.lead_mql \
    funnel.conv.mql_sal funnel.conv.sal_sql funnel.conv.sql_opportunity \
    funnel.conv.opportunity_won funnel.conv.lead_won winrate winrate.ci_low \
    winrate.ci_high winrate.won_amount winrate.avg_deal velocity \
    velocity.open_opps velocity.win_rate velocity.avg_deal velocity.cycle_days \
    sla.m1 sla.m2 sla.m3 sla.m4 sla.m5 sla.s1 sla.s2 sla.s3 sla.s4 \
    calc.avg_deal calc.mql_to_won calc.mqls_needed_per_month \
    quality.rows_read.leads quality.rows_rejected.leads \
    quality.anomalies.stage_order quality.anomalies.activity_unknown_lead \
    quality.anomalies.opportunity_unknown_lead \
    quality.anomalies.closed_without_date spend.cac spend.cost_per_mql \
    pipeline.created revenue.won revenue.marketing_share; do
    grep -q "^$name,all,all," "$S/metrics.csv" || bad "sample lacks $name"
done
ok
head -1 "$S/metrics.csv" | grep -qx 'metric,group,key,value,numerator,denominator,target,status' && ok || bad "metrics header"

# --- vendor exports: mappings and recognition (SPEC 2, 7) ---------------
# tests/data/vendor/S is S's export of 300 generated leads; S-twin holds the
# same records in canonical form (make fixtures): one answer from both
V=tests/data/vendor
QR='^quality\.\(mapping\|encoding\|trailer_lines\)\.'
for s in hubspot salesforce-report salesforce-api fxiaoke jiandaoyun; do
    expect_rc "vendor $s" 0 "$R" build --pack quarterly-strategy \
        --period 2026Q3 --data "$V/$s" --out "$T/v-$s"
    cp "$T/err" "$T/v-$s.err"
    expect_rc "vendor $s twin" 0 "$R" build --pack quarterly-strategy \
        --period 2026Q3 --data "$V/$s-twin" --out "$T/v-$s-twin" --quiet
    grep -v "$QR" "$T/v-$s/quarterly-strategy-2026Q3/metrics.csv" >"$T/v-$s.m"
    grep -v "$QR" "$T/v-$s-twin/quarterly-strategy-2026Q3/metrics.csv" \
        >"$T/v-$s-twin.m"
    expect_same "vendor $s = its canonical twin" "$T/v-$s-twin.m" "$T/v-$s.m"
    VM="$T/v-$s/quarterly-strategy-2026Q3/metrics.csv"
    grep -q "^quality.mapping.leads,mapping,$s,300," "$VM" && ok ||
        bad "vendor $s: leads read with mapping $s"
    grep -q '^quality.rows_rejected.leads,all,all,0,' "$VM" && ok ||
        bad "vendor $s: no lead rejected"
    grep -q '^revenue.won,all,all,[1-9]' "$VM" && ok ||
        bad "vendor $s: deals won"
done
if [ -x build/gen ]; then   # the fixtures are what the generator writes
    for s in hubspot fxiaoke; do
        mkdir -p "$T/regen-$s"
        build/gen --leads 300 --seed 7 --shape $s --out "$T/regen-$s"
        diff -r "$V/$s" "$T/regen-$s" >/dev/null && ok || bad "fixture $s is stale"
    done
fi
cp "$T/v-hubspot.err" "$T/err"
expect_err "hubspot contacts recognised" \
    "revpack: note: read hubspot-crm-exports-all-contacts-2026-11-01.csv as leads: mapping hubspot, 16 of 16 signature headers"
expect_err "hubspot deals recognised" \
    "revpack: note: read hubspot-crm-exports-all-deals-2026-11-01.csv as opportunities: mapping hubspot, 11 of 11 signature headers"
expect_err "hubspot has no SAL date" \
    "revpack: note: hubspot-crm-exports-all-contacts-2026-11-01.csv has no SAL date (sal_at); figures that need it are n/a"
VM="$T/v-hubspot/quarterly-strategy-2026Q3/metrics.csv"
for k in funnel.count.sal funnel.conv.mql_sal funnel.conv.sal_sql flow.mql_sal.n; do
    grep -q "^$k,all,all,,,,,$" "$VM" && ok || bad "hubspot: $k is n/a without a SAL date"
done
grep -q '^funnel.count.sql,all,all,[1-9]' "$VM" && ok || bad "hubspot: SQL counted"
$X "$T/v-hubspot/quarterly-strategy-2026Q3/quarterly-strategy-2026Q3.xlsx" \
    contains About "has no SAL date" >/dev/null && ok || bad "About sheet says there is no SAL date"
cp "$T/v-salesforce-report.err" "$T/err"
expect_err "salesforce footer counted" \
    "revpack: note: report1730000000001.csv: 5 report footer lines skipped"
grep -q '^quality.trailer_lines.opportunities,all,all,5,' \
    "$T/v-salesforce-report/quarterly-strategy-2026Q3/metrics.csv" && ok ||
    bad "quality.trailer_lines.opportunities"
cp "$T/v-fxiaoke.err" "$T/err"
expect_err "fxiaoke GB18030 without a flag" \
    "revpack: note: 销售线索.csv is not UTF-8; read as GB18030"
grep -q '^quality.encoding.leads,encoding,GB18030,300,' \
    "$T/v-fxiaoke/quarterly-strategy-2026Q3/metrics.csv" && ok || bad "quality.encoding GB18030"
# names as the vendor gives them, data after a footer, a folder mixing a
# vendor export with canonical spend.csv
cp "$V/salesforce-report/report1730000000002.csv" "$T/sfr.csv"
mkdir -p "$T/sfmix"
cp "$V/salesforce-report/report1730000000001.csv" "$T/sfmix/Leads Report.csv"
{ cat "$T/sfr.csv"; printf '"0065g0000000999AAB","X","X","Closed Won","USD","10.00","50","8/4/2026","7/1/2026 9:40 AM","A","B","SMB","Web","","1","1","Q3"\n'; } \
    >"$T/sfmix/Opps.csv"
expect_rc "data after a report footer" 0 "$R" check --data "$T/sfmix" \
    --out "$T/sfmix-o" --allow-rejects
grep -q "^Opps.csv,4[0-9],,a row after the report footer that starts on line 3[0-9]," \
    "$T/sfmix-o/rejects.csv" && ok || bad "a row after the footer is rejected, with its line"

# mapping errors: each names the file, the mapping and what is wrong
expect_rc "unknown mapping" 66 "$R" check --data "$V/hubspot" --mapping nosuch
expect_err "unknown mapping" \
    "error: no mapping 'nosuch' (neither templates/mappings/nosuch.ini nor a file)"
expect_rc "canonical only" 66 "$R" check --data "$V/hubspot" --mapping canonical
mkdir -p "$T/hsbad"
cp "$V/hubspot/"*deals* "$T/hsbad/"
sed '1s/"Record ID",//; 2,$s/^"[0-9]*",//' "$V/hubspot/"*contacts* >"$T/hsbad/contacts.csv"
expect_rc "required column unmatched" 65 "$R" check --data "$T/hsbad"
grep -q "^contacts.csv:1: error: looks like hubspot leads: 15 of 16 signature headers, but missing required column 'lead_id' (mapping .*hubspot.ini; headers found: First Name, Last Name, Email," "$T/err" && ok ||
    bad "required column unmatched: message"
sed '1s/"Original Traffic Source",/"Original Source","Original Traffic Source",/; 2,$s/^\("[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*","[^"]*",\)/\1"x",/' \
    "$V/hubspot/"*contacts* >"$T/hsbad/contacts.csv"
expect_rc "two headers for one column" 65 "$R" check --data "$T/hsbad"
grep -q "two headers match source: 'original source' and 'original traffic source'" "$T/err" && ok ||
    bad "two headers for one column: message"
mkdir -p "$T/two"
cp "$V/hubspot/"* "$T/two/" && cp "$V/hubspot-twin/leads.csv" "$T/two/"
expect_rc "two files for leads" 65 "$R" check --data "$T/two"
grep -q "two files read as leads: hubspot-crm-exports-all-contacts-2026-11-01.csv (hubspot leads: 16 of 16 signature headers) and leads.csv (canonical leads); keep one" "$T/err" && ok ||
    bad "two files for leads: message"
cp -r templates "$T/tpl"
cp "$T/tpl/mappings/hubspot.ini" "$T/tpl/mappings/hubspot-eu.ini"
export REVPACK_TEMPLATES="$T/tpl"
expect_rc "two close mappings" 65 "$R" check --data "$V/hubspot"
grep -q "^hubspot-crm-exports-all-activities-2026-11-01.csv:1: error: cannot tell which export this is: hubspot-eu activities: 7 of 7 signature headers, or hubspot activities: 7 of 7 signature headers; name one with --mapping" "$T/err" && ok ||
    bad "two close mappings: message"
expect_rc "--mapping settles it" 0 "$R" check \
    --data "$V/hubspot" --mapping hubspot-eu
unset REVPACK_TEMPLATES
printf '[mapping]\nname = x\n\n[leads]\nsignature = a\nlead_id = a\ncreated_at = b\nbogus = c\n' >"$T/badmap.ini"
expect_rc "bad mapping file" 65 "$R" check --data "$V/hubspot" --mapping "$T/badmap.ini"
expect_err "bad mapping file" \
    "$T/badmap.ini:8: error: 'bogus' is not a column of the canonical file"

# a user's own mapping: semicolons, decimal commas, German dates, several
# deal ids in one cell, a won/lost column in the CRM's own words
cat >"$T/mycrm.ini" <<'INI'
[mapping]
name = Mein CRM
decimal = comma
multi_separator = comma

[leads]
signature = Lead-Nr | Angelegt | MQL am | Deals
lead_id = Lead-Nr
created_at = Angelegt
source = Quelle
mql_at = MQL am
opportunity_id = Deals
multi = opportunity_id

[opportunities]
signature = Deal-Nr | Eröffnet | Wert | Ergebnis
opportunity_id = Deal-Nr
created_at = Eröffnet
amount = Wert
outcome = Ergebnis
closed_at = Abschluss

[opportunities.outcome]
gewonnen = won
verloren = lost
offen = open
INI
mkdir -p "$T/my"
printf 'Lead-Nr;Angelegt;Quelle;MQL am;Deals\nA1;01.06.2025 09:00;Messe;02.06.2025 10:00;D1, D2\nA2;03.06.2025;Web;;\n' >"$T/my/leads export.csv"
printf 'Deal-Nr;Eröffnet;Wert;Ergebnis;Abschluss\nD1;05.06.2025;1.234,50;gewonnen;20.06.2025\nD2;06.06.2025;10.000,00;verloren;21.06.2025\n' >"$T/my/deals.csv"
expect_rc "own mapping" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/my" --mapping "$T/mycrm.ini" --out "$T/my-o" --quiet
MM="$T/my-o/monthly-sla-2025-06/metrics.csv"
# A1 links to both deals (one cell, two ids): 1 won of 2 closed; the won
# amount is 1,234.50 read with a decimal comma
grep -q '^winrate,all,all,0.5,1,2,' "$MM" && ok || bad "own mapping: win rate 1 of 2"
grep -q '^revenue.won,all,all,1234.5,' "$MM" && ok || bad "own mapping: 1.234,50 is 1234.5"
grep -q '^funnel.count.opportunity,all,all,1,' "$MM" && ok || bad "own mapping: A1 reached opportunity"
grep -q '^funnel.count.mql,all,all,1,' "$MM" && ok || bad "own mapping: German dates"

# --- burst: one sub-pack per team (SPEC 5.2) ----------------------------
expect_rc "burst team" 0 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$V/hubspot-twin" --out "$T/bt" --burst team
BT="$T/bt/monthly-sla-2026-10"
# the per-team lead counts add up to the whole
whole=$(grep '^quality.rows_used.leads,' "$BT/metrics.csv" | cut -d, -f4)
parts=$(cat "$BT"/by-team/*/metrics.csv |
    awk -F, '/^quality.rows_used.leads,/ { n += $4 } END { print n }')
[ "$whole" = 300 ] && [ "$parts" = "$whole" ] && ok || bad "burst: teams add up ($parts of $whole)"
[ -f "$BT/by-team/华东/monthly-sla-2026-10-华东.xlsx" ] && ok || bad "burst: 华东 workbook"
# one team's figures = a plain run on a folder holding only its rows
python3 tests/burst_filter.py "$V/hubspot-twin" EMEA "$T/bt-emea"
"$R" build --pack monthly-sla --period 2026-10 --data "$T/bt-emea" \
    --out "$T/bt-emea-o" --quiet 2>/dev/null
expect_same "burst EMEA = EMEA alone" "$T/bt-emea-o/monthly-sla-2026-10/metrics.csv" \
    "$BT/by-team/EMEA/metrics.csv"
$X "$BT/by-team/EMEA/monthly-sla-2026-10-EMEA.xlsx" contains Summary \
    "Team EMEA: " >/dev/null && ok || bad "burst: the Summary says whose pack it is"
$X "$BT/by-team/EMEA/monthly-sla-2026-10-EMEA.xlsx" contains Summary \
    "of the 300 leads in the data" >/dev/null && ok || bad "burst: share of the whole"
# in a team's own pack the breach sentence does not name the team
if $X "$BT/by-team/EMEA/monthly-sla-2026-10-EMEA.xlsx" contains Summary \
    "of them are in" >/dev/null; then bad "burst: breach sentence names its own team"; else ok; fi
$X "$BT/monthly-sla-2026-10.xlsx" contains Summary "of them are in" >/dev/null && ok ||
    bad "whole pack: the breach sentence names the team with most"
# hostile team names stay inside OUT; two that clash are an error
mkdir -p "$T/hn"
printf 'lead_id,created_at,team\nL1,2026-10-01 09:00,../x\nL2,2026-10-01 09:00,a/b\nL3,2026-10-01 09:00,CON\nL4,2026-10-01 09:00,销售一部\nL5,2026-10-01 09:00,\nL6,2026-10-01 09:00,.hidden\n' >"$T/hn/leads.csv"
printf 'opportunity_id,created_at,lead_id\n' >"$T/hn/opportunities.csv"
expect_rc "burst hostile names" 0 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$T/hn" --out "$T/hn-o" --burst team --quiet
(cd "$T/hn-o/monthly-sla-2026-10/by-team" && ls -A | sort | tr '\n' ' ') >"$T/hn.ls"
[ "$(cat "$T/hn.ls")" = "(none) _._x _CON _hidden a_b 销售一部 " ] && ok ||
    bad "burst: safe folder names ($(cat "$T/hn.ls"))"
[ ! -e "$T/x" ] && [ ! -e "$T/hn-o/x" ] && ok || bad "burst: ../x escaped OUT"
printf 'L7,2026-10-01 09:00,a\\b\n' >>"$T/hn/leads.csv"
expect_rc "burst names that clash" 65 "$R" build --pack monthly-sla \
    --period 2026-10 --data "$T/hn" --out "$T/hn-o2" --burst team --quiet
expect_err "burst names that clash" \
    "error: team 'a/b' and 'a\\b' would both be written to the folder 'a_b': rename one in the data"
expect_absent "burst names that clash" "$T/hn-o2/monthly-sla-2026-10"
expect_rc "burst bad kind" 64 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$T/hn" --out "$T/hn-o3" --burst region

# --- mail: one message per recipient, and delivery (SPEC 5.2) -----------
printf '[mail]\nfrom = RevOps <revops@example.com>\n' >"$T/mail.ini"
printf 'key,name,email,cc\n*,Wei Chen,cmo@example.com,cro@example.com\nEMEA,Greta Lind,greta@example.com,\n华东,张伟,zhangwei@example.cn,\nNowhere,X,x@example.com,\nEMEA,Bad,not-an-address,\nAPAC,Refused,refuse@example.com,\n' >"$T/rcpt.csv"
expect_rc "mail" 0 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$V/hubspot-twin" --out "$T/ml" --burst team --mail "$T/rcpt.csv" \
    --profile "$T/mail.ini"
expect_err "mail: bad address" \
    "rcpt.csv:6:3: warning: row left out: bad email address 'not-an-address'"
expect_err "mail: key without data" \
    "rcpt.csv:5: note: no data for team 'Nowhere': no message for x@example.com"
ML="$T/ml/monthly-sla-2026-10"
ls "$ML/mail" | tr '\n' ' ' >"$T/ml.ls"
[ "$(cat "$T/ml.ls")" = "01-all.eml 02-EMEA.eml 03-华东.eml 05-APAC.eml " ] && ok ||
    bad "mail: messages written ($(cat "$T/ml.ls"))"
python3 tests/eml.py "$ML/mail/01-all.eml" "$ML/monthly-sla-2026-10.xlsx" \
    "Monthly SLA review 2026-10" "Wei Chen <cmo@example.com>" && ok || bad "mail: whole pack message"
python3 tests/eml.py "$ML/mail/03-华东.eml" \
    "$ML/by-team/华东/monthly-sla-2026-10-华东.xlsx" \
    "Monthly SLA review 2026-10 · Team 华东" "张伟 <zhangwei@example.cn>" &&
    ok || bad "mail: Chinese subject, name and file name"
grep -q '^Cc: cro@example.com' "$ML/mail/01-all.eml" && ok || bad "mail: cc"
grep -q '^Date: Sun, 01 Nov 2026 00:00:00 +0000' "$ML/mail/01-all.eml" && ok || bad "mail: Date is as_of"
cp "$ML/mail/02-EMEA.eml" "$T/first.eml"
"$R" build --pack monthly-sla --period 2026-10 --data "$V/hubspot-twin" \
    --out "$T/ml" --burst team --mail "$T/rcpt.csv" --profile "$T/mail.ini" \
    2>/dev/null >/dev/null
expect_same "mail: same bytes" "$T/first.eml" "$ML/mail/02-EMEA.eml"
expect_rc "mail in Chinese" 0 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$V/hubspot-twin" --out "$T/mlz" --burst team --mail "$T/rcpt.csv" \
    --profile "$T/mail.ini" --lang zh --quiet
python3 tests/eml.py "$T/mlz/monthly-sla-2026-10/mail/02-EMEA.eml" \
    "$T/mlz/monthly-sla-2026-10/by-team/EMEA/monthly-sla-2026-10-EMEA.xlsx" \
    "月度 SLA 复盘 2026-10 · 团队 EMEA" "Greta Lind <greta@example.com>" &&
    ok || bad "mail: Chinese message"
# libcurl and GMime are opened by the runs that mail, and by no other
# (dlib.h): a pack without --mail maps neither
LD_DEBUG=files "$R" build --pack monthly-sla --period 2026-10 \
    --data "$V/hubspot-twin" --out "$T/mlq" --burst team --quiet \
    >/dev/null 2>"$T/ld.none"
LD_DEBUG=files "$R" build --pack monthly-sla --period 2026-10 \
    --data "$V/hubspot-twin" --out "$T/mlq" --burst team --mail "$T/rcpt.csv" \
    --profile "$T/mail.ini" --quiet >/dev/null 2>"$T/ld.mail"
if grep -q 'file=lib\(curl\|gmime\)' "$T/ld.none"; then
    bad "mail libraries: opened without --mail"
elif ! grep -q 'file=libgmime-3.0.so.0 .*dynamically loaded by' "$T/ld.mail"; then
    bad "mail libraries: GMime opened for --mail"
else
    ok
fi
expect_rc "mail without from" 64 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$V/hubspot-twin" --out "$T/ml3" --mail "$T/rcpt.csv" --quiet
expect_rc "send without smtp_url" 64 "$R" build --pack monthly-sla \
    --period 2026-10 --data "$V/hubspot-twin" --out "$T/ml3" \
    --mail "$T/rcpt.csv" --profile "$T/mail.ini" --send --quiet

# delivery to a real SMTP server on 127.0.0.1 that refuses one address
if /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    /usr/bin/python3 tests/smtp_sink.py "$T/smtp.port" "$T/inbox" refuse@example.com &
    SINK=$!
    for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/smtp.port" ] && break; sleep 0.5; done
    printf '[mail]\nfrom = RevOps <revops@example.com>\nsmtp_url = smtp://127.0.0.1:%s\n' \
        "$(cat "$T/smtp.port")" >"$T/send.ini"
    expect_rc "send: one refused" 75 "$R" build --pack monthly-sla \
        --period 2026-10 --data "$V/hubspot-twin" --out "$T/ms" --burst team \
        --mail "$T/rcpt.csv" --profile "$T/send.ini" --send --quiet
    MS="$T/ms/monthly-sla-2026-10"
    grep -q '^  mail/05-APAC.eml  refuse@example.com  failed: RCPT failed: 550' "$T/out" &&
        ok || bad "send: the refusal is reported"
    ls "$T/inbox" | wc -l | grep -qx 4 && ok || bad "send: 4 deliveries (one with a cc)"
    expect_same "send: delivered bytes" "$MS/mail/02-EMEA.eml" "$T/inbox/3-greta@example.com.eml"
    expect_same "send: delivered cc" "$MS/mail/01-all.eml" "$T/inbox/2-cro@example.com.eml"
    grep -c ',sent,$' "$MS/mail/sent.csv" | grep -qx 3 && ok || bad "send: sent.csv has 3 sent"
    grep -q '^mail/05-APAC.eml,refuse@example.com,[0-9a-f]*@example.com,failed,RCPT failed: 550' \
        "$MS/mail/sent.csv" && ok || bad "send: sent.csv has the failure"
    # a rerun sends only what failed
    expect_rc "send: rerun" 75 "$R" build --pack monthly-sla \
        --period 2026-10 --data "$V/hubspot-twin" --out "$T/ms" --burst team \
        --mail "$T/rcpt.csv" --profile "$T/send.ini" --send --quiet
    ls "$T/inbox" | wc -l | grep -qx 4 && ok || bad "send: rerun sent nothing twice"
    grep -q '^  mail/02-EMEA.eml  greta@example.com  sent before$' "$T/out" && ok ||
        bad "send: rerun says what went before"
    expect_rc "send: --resend" 75 "$R" build --pack monthly-sla \
        --period 2026-10 --data "$V/hubspot-twin" --out "$T/ms" --burst team \
        --mail "$T/rcpt.csv" --profile "$T/send.ini" --send --resend --quiet
    ls "$T/inbox" | wc -l | grep -qx 8 && ok || bad "send: --resend sends again"
    kill $SINK 2>/dev/null
    wait $SINK 2>/dev/null
else
    bad "send: python3-aiosmtpd is missing (make test-deps installs it)"
fi

# review fixes: a stray unreadable file is a note, not a stop; a footer
# line has one cell ("Total Wine" is a deal); trailer lines exclude a row
# rejected after the footer
mkdir -p "$T/stray"
cp tests/data/metrics/*.csv "$T/stray/"
printf '"a,b\nc,d\n' >"$T/stray/zz.csv"
expect_rc "stray file" 0 "$R" check --data "$T/stray"
grep -q "^revpack: note: ignored zz.csv: its header cannot be read (zz.csv:1:" "$T/err" &&
    ok || bad "stray file: note"
mkdir -p "$T/sft"
printf '"Lead ID","Create Date","Lead Source","Lead Owner","Lead Status","Company / Account","Title","Converted","Converted Opportunity ID","Email"\n"Total 1","6/1/2025 9:00 AM","Web","A","Open","Total Wine","CEO","0","","a@x.com"\n"00Q2","6/1/2025 9:00 AM","Web","A","Open","X","CEO","0","","b@x.com"\n\n"Grand Total (2 records)"\n\n\n"Grand Total (2 records)"\n"00Q3","6/1/2025 9:00 AM","Web","A","Open","X","CEO","0","","c@x.com"\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n' \
    >"$T/sft/leads report.csv"
printf 'opportunity_id,created_at\n' >"$T/sft/opportunities.csv"
expect_rc "footer lines" 0 "$R" check --data "$T/sft" --out "$T/sft-o" --allow-rejects
grep -q '^quality.rows_used.leads,all,all,2,' "$T/sft-o/metrics.csv" && ok ||
    bad "footer: 'Total 1' with other cells is a row"
grep -q '^quality.trailer_lines.leads,all,all,6,' "$T/sft-o/metrics.csv" && ok ||
    bad "footer: 6 trailer lines of 10 (header, 2 rows, 1 rejected)"
# burst: a deal named by a lead of T1 but whose lead_id is a T2 lead is no
# unknown-lead anomaly in T1; by source, a deal goes by its own source
mkdir -p "$T/bx"
printf 'lead_id,created_at,source,team,opportunity_id\nL1,2026-10-01 09:00,Web,T1,O1\nL2,2026-10-01 09:00,Web,T2,\n' >"$T/bx/leads.csv"
printf 'opportunity_id,created_at,lead_id,source,outcome,amount,closed_at\nO1,2026-10-02 09:00,L2,Partner,won,1000,2026-10-20 09:00\n' >"$T/bx/opportunities.csv"
expect_rc "burst anomalies" 0 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$T/bx" --out "$T/bx-t" --burst team --quiet
grep -q '^quality.anomalies.opportunity_unknown_lead,all,all,0,' \
    "$T/bx-t/monthly-sla-2026-10/by-team/T1/metrics.csv" && ok ||
    bad "burst: no unknown-lead anomaly the whole pack lacks"
expect_rc "burst source" 0 "$R" build --pack monthly-sla --period 2026-10 \
    --data "$T/bx" --out "$T/bx-s" --burst source --quiet
grep -q '^revenue.won,all,all,1000,' "$T/bx-s/monthly-sla-2026-10/by-source/Partner/metrics.csv" &&
    grep -q '^revenue.won,source,Partner,1000,' "$T/bx-s/monthly-sla-2026-10/metrics.csv" && ok ||
    bad "burst source: the deal is Partner's, as in the whole pack"

# a mapping that names its encoding recognises its files in it (UTF-16LE
# without a byte-order mark)
mkdir -p "$T/sf16"
sed 's/^\[mapping\]$/[mapping]\nencoding = utf-16le/' \
    templates/mappings/salesforce-report.ini >"$T/sf16.ini"
for f in "$V"/salesforce-report/report*.csv; do
    iconv -f utf-8 -t utf-16le "$f" >"$T/sf16/$(basename "$f")"
done
expect_rc "mapping encoding" 0 "$R" check --data "$T/sf16" --mapping "$T/sf16.ini" \
    --out "$T/sf16-o"
grep -q '^quality.encoding.leads,encoding,UTF-16LE,300,' "$T/sf16-o/metrics.csv" && ok ||
    bad "mapping encoding: leads read as UTF-16LE"

# Salesforce tasks on contacts (WhoId 003...) are kept and listed as such
mkdir -p "$T/sfc"
cp "$V/salesforce-api/"* "$T/sfc/"
printf '"00T5g0000099999AAB","0035g0000000001AAB","","Call","2026-10-05","Completed","Normal","Chloe Nguyen","call","call","2026-10-05T09:12:00.000+0000","2026-10-05T09:12:00.000+0000","false"\n' \
    >>"$T/sfc/Task.csv"
expect_rc "salesforce contact task" 0 "$R" build --pack monthly-sla \
    --period 2026-10 --data "$T/sfc" --out "$T/sfc-o" --quiet
$X "$T/sfc-o/monthly-sla-2026-10/monthly-sla-2026-10.xlsx" contains \
    "Data Quality" "names no lead: ids like 003* are something else (mapping salesforce-api)" \
    >/dev/null && ok || bad "salesforce contact task: the anomaly says why"

# a HubSpot activity on several contacts counts for the first known one;
# one on none is an anomaly that lists each id as the export wrote it
mkdir -p "$T/hmc"
cp "$V/hubspot/"* "$T/hmc/"
printf '%s\n' '"9399999998","2026-10-16 09:12","Chloe Nguyen","call","2026-10-16 09:12","519999999;510000001",""' \
    '"9399999999","2026-10-16 09:13","Chloe Nguyen","call","2026-10-16 09:13","519999998; 519999997",""' \
    >>"$T/hmc/hubspot-crm-exports-all-activities-2026-11-01.csv"
expect_rc "activity on several contacts" 0 "$R" build --pack monthly-sla \
    --period 2026-10 --data "$T/hmc" --out "$T/hmc-o" --quiet
grep -q '^quality.anomalies.activity_unknown_lead,all,all,1,' \
    "$T/hmc-o/monthly-sla-2026-10/metrics.csv" && ok ||
    bad "several contacts: one anomaly, the known contact's touch linked"
[ "$($X "$T/hmc-o/monthly-sla-2026-10/monthly-sla-2026-10.xlsx" right \
    "Data Quality" "lead_id '519999998', '519999997' is not in leads" 1)" = \
    "519999998, 519999997" ] && ok || bad "several contacts: the ids as written"
# the export's own long file name, in the list of anomalies, is whole:
# wrapped in its column, not cut off by the line number beside it
$X "$T/hmc-o/monthly-sla-2026-10/monthly-sla-2026-10.xlsx" layout \
    "Breaches,Owners,Data Quality" >"$T/hmc-layout" && ok ||
    bad "vendor file names in Data Quality: $(head -3 "$T/hmc-layout")"

# an activity keeps its lead_id only when it names no lead: a rejected
# duplicate's unknown lead is no anomaly, the next row's is, on its line
mkdir -p "$T/orph"
cp tests/data/metrics/leads.csv tests/data/metrics/opportunities.csv "$T/orph/"
printf 'activity_id,lead_id,occurred_at,type\nA1,L1,2025-06-02 11:00,call\nA1,L998,2025-06-02 12:00,call\nA2,L997,2025-06-03 11:00,call\nA3,L2,2025-06-04 11:00,call\n' \
    >"$T/orph/activities.csv"
expect_rc "orphan activities" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/orph" --out "$T/orph-o" --allow-rejects --quiet
W2="$T/orph-o/monthly-sla-2025-06/monthly-sla-2025-06.xlsx"
[ "$($X "$W2" right "Data Quality" "lead_id 'L997' is not in leads" -2)" = 4 ] &&
    ok || bad "orphan activity: its anomaly names line 4"
$X "$W2" contains "Data Quality" "lead_id 'L998'" >/dev/null &&
    bad "orphan activity: a rejected row's lead_id is listed" || ok
$X "$W2" contains "Data Quality" "duplicate activity_id 'A1' (first accepted on line 2)" \
    >/dev/null && ok || bad "orphan activity: the duplicate is rejected"

# a coded text of 16 bytes or fewer is found by its bytes (model.c
# "memo"): texts of every length 1-20 that differ in their first, middle
# or last byte only, and two Chinese ones, each on its own number of
# leads, are counted each under its own source
mkdir -p "$T/memo"
cp tests/data/metrics/opportunities.csv "$T/memo/"
awk 'BEGIN {
    print "lead_id,created_at,source"
    n = 0
    for (len = 1; len <= 20; len++) {
        base = ""
        for (i = 0; i < len; i++) base = base "a"
        split("", seen)
        src[1] = base
        src[2] = "b" substr(base, 2)
        src[3] = substr(base, 1, int(len / 2)) "b" substr(base, int(len / 2) + 2)
        src[4] = substr(base, 1, len - 1) "b"
        for (v = 1; v <= 4; v++) {
            if (src[v] in seen) continue
            seen[src[v]] = 1
            for (k = 0; k < v; k++)
                printf "M%d,2025-06-10 09:00,%s\n", ++n, src[v]
            printf "%s,%d\n", src[v], v > "/dev/stderr"
        }
    }
    printf "M%d,2025-06-10 09:00,\345\215\216\344\270\234\n", ++n
    for (k = 0; k < 2; k++)
        printf "M%d,2025-06-10 09:00,\345\215\216\350\245\277\n", ++n
}' >"$T/memo/leads.csv" 2>"$T/memo.want0"
expect_rc "short texts" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/memo" --out "$T/memo-o" --allow-rejects --quiet
printf '%s\n' "华东,1" "华西,2" >>"$T/memo.want0"
sort "$T/memo.want0" >"$T/memo.want"
grep '^funnel.count.lead,source,' "$T/memo-o/monthly-sla-2025-06/metrics.csv" |
    grep -v ',(none),' | cut -d, -f3,4 | sort >"$T/memo.got"
# by hand: 2 texts of 1 byte, 3 of 2, 4 of each length 3-20, 2 Chinese
[ "$(wc -l <"$T/memo.want")" = 79 ] && ok || bad "short texts: 79 sources"
expect_same "short texts: each source its own count" "$T/memo.want" \
    "$T/memo.got"

# an activity_id is kept as a 32-bit fingerprint while the file is read
# (DEFINITIONS "A duplicate id"); A908187 and A1542646 share one and its
# slot (test_idindex "fpset"), yet are two ids: both stay, and the repeats
# of each, found when the file is read again, name the right first line;
# L404's row goes with its anomaly, L405's anomaly keeps its line
mkdir -p "$T/fpc"
cp tests/data/metrics/leads.csv tests/data/metrics/opportunities.csv "$T/fpc/"
printf '%s\n' 'activity_id,lead_id,occurred_at,type' \
    'A908187,L1,2025-06-02 10:00,call' 'A1542646,L1,2025-06-02 11:00,call' \
    'A1542646,L404,2025-06-02 12:00,call' 'A7,L405,2025-06-03 09:00,call' \
    'A908187,L2,2025-06-04 09:00,call' 'A8,L2,2025-06-04 10:00,call' >"$T/fpc/activities.csv"
expect_rc "fingerprints shared" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/fpc" --out "$T/fpc-o" --allow-rejects --quiet
grep '^activities' "$T/fpc-o/monthly-sla-2025-06/rejects.csv" | cut -d, -f2-4 >"$T/fpc.got"
printf '%s\n' "4,1,duplicate activity_id 'A1542646' (first accepted on line 3)" \
    "6,1,duplicate activity_id 'A908187' (first accepted on line 2)" >"$T/fpc.want"
expect_same "fingerprints shared: the repeats" "$T/fpc.want" "$T/fpc.got"
grep -qx 'quality.rows_used.activities,all,all,4,,,,' \
    "$T/fpc-o/monthly-sla-2025-06/metrics.csv" && ok ||
    bad "fingerprints shared: 4 activities used: $(grep 'rows_used.act' "$T/fpc-o/monthly-sla-2025-06/metrics.csv")"
W4="$T/fpc-o/monthly-sla-2025-06/monthly-sla-2025-06.xlsx"
[ "$($X "$W4" right "Data Quality" "lead_id 'L405' is not in leads" -2)" = 5 ] &&
    ok || bad "fingerprints shared: L405's anomaly names line 5"
$X "$W4" contains "Data Quality" "lead_id 'L404'" >/dev/null &&
    bad "fingerprints shared: a repeat's lead_id is listed" || ok

# acts_read NAME WHAT AWK: activities.csv made by the awk program AWK
# beside the metrics leads, checked on two threads (the case WHAT); its
# rejects' lines and reasons into $T/NAME.got
acts_read() {
    mkdir -p "$T/$1"
    cp tests/data/metrics/leads.csv tests/data/metrics/opportunities.csv "$T/$1/"
    awk "$3" >"$T/$1/activities.csv"
    expect_rc "$2" 0 "$R" check --data "$T/$1" --allow-rejects \
        --out "$T/$1-o" --jobs 2
    grep '^activities' "$T/$1-o/rejects.csv" | cut -d, -f2,4 >"$T/$1.got"
}

# the second read of activities.csv over many windows, on two threads:
# 200,000 rows (11 MB), every 50,000th repeating A7, the last A123456
acts_read rep "repeats far apart" 'BEGIN {
    print "activity_id,lead_id,occurred_at,type"
    for (i = 1; i <= 200000; i++)
        printf "A%d,L1,2025-06-02 10:00,call\n", i % 50000 ? i : 7
    print "A123456,L2,2025-06-03 10:00,call" }'
for l in 50001 100001 150001 200001; do
    echo "$l,duplicate activity_id 'A7' (first accepted on line 8)"
done >"$T/rep.want"
echo "200002,duplicate activity_id 'A123456' (first accepted on line 123457)" >>"$T/rep.want"
expect_same "repeats far apart: each names its first line" "$T/rep.want" "$T/rep.got"

# ids in order need no find (DEFINITIONS "A duplicate id"): the order
# broken late, going down, by a repeat of an id read when none was looked
# up; each repeat still names its first line.  200,000 activities from
# A200000 down, A199990 again in place of A175000, A125000, A75000 and
# A25000 (the order breaks at the first), and A190000 again at the end:
# its one repeat comes after the break, its first before it
acts_read down "ids going down" 'BEGIN {
    print "activity_id,lead_id,occurred_at,type"
    for (i = 200000; i >= 1; i--)
        printf "A%d,L1,2025-06-02 10:00,call\n", i % 50000 == 25000 ? 199990 : i
    print "A190000,L2,2025-06-03 10:00,call" }'
for l in 25002 75002 125002 175002; do
    echo "$l,duplicate activity_id 'A199990' (first accepted on line 12)"
done >"$T/down.want"
echo "200002,duplicate activity_id 'A190000' (first accepted on line 10002)" >>"$T/down.want"
expect_same "ids going down: each repeat names its first line" "$T/down.want" "$T/down.got"
# leads in order, 150,000 of them: a repeat at the end, and one whose
# created_at is bad too, which is named a repeat as any such row is
mkdir -p "$T/lup"
cp tests/data/metrics/opportunities.csv "$T/lup/"
awk 'BEGIN { print "lead_id,created_at,source"
    for (i = 1; i <= 150000; i++)
        printf "L%07d,2025-06-0%d 09:00:00,Web\n", i, i % 9 + 1
    print "L0000005,2025-06-01 09:00:00,Web"
    print "L0000004,yesterday,Web" }' >"$T/lup/leads.csv"
expect_rc "leads in order" 0 "$R" check --data "$T/lup" --allow-rejects \
    --out "$T/lup-o" --jobs 2
grep '^leads' "$T/lup-o/rejects.csv" | cut -d, -f2,4 >"$T/lup.got"
printf '%s\n' "150002,duplicate lead_id 'L0000005' (first accepted on line 6)" \
    "150003,duplicate lead_id 'L0000004' (first accepted on line 5)" >"$T/lup.want"
expect_same "leads in order: the repeats at the end" "$T/lup.want" "$T/lup.got"

# an owner written "(none)" and an empty one are one group (SPEC 8.8): one
# row on the Owners sheet, breaches counted together
mkdir -p "$T/nonekey"
cp tests/data/metrics/*.csv "$T/nonekey/"
sed 's/^\(L1,.*\),Ann,T1,/\1,(none),T1,/; s/^\(L3,.*\),Ann,T1,/\1,,T1,/' \
    tests/data/metrics/leads.csv >"$T/nonekey/leads.csv"
expect_rc "owner (none)" 0 "$R" build --pack monthly-sla --period 2025-06 \
    --data "$T/nonekey" --out "$T/nonekey-o" --quiet
W3="$T/nonekey-o/monthly-sla-2025-06/monthly-sla-2025-06.xlsx"
[ "$($X "$W3" count Owners "(none)")" = 1 ] && ok ||
    bad "owner (none): one row, got $($X "$W3" count Owners "(none)")"
[ "$($X "$W3" right Owners "(none)" 1)" = T1 ] && ok ||
    bad "owner (none): its team is T1"

# --- one thread or two: the same bytes ------------------------------------
# every data folder of the tests, the hostile shapes and the sample pack
# read with --jobs 1 and --jobs 2 give the same files and messages (the
# workbook's About sheet quotes the command line, so that cell aside)
mkdir -p "$T/jx"
printf '\357\273\277lead_id,created_at,source,company\r\n' >"$T/jx/leads.csv"
i=0
while [ $i -lt 3000 ]; do
    printf 'J%d,2026-10-0%d 09:00:00,Web,"Acme\r\nLine %d, Inc"\r\n' $i $((i % 9 + 1)) $i
    printf 'K%d,2026-10-0%d 10:00:00,"Ads ""x""",  Plain %d  \r\n' $i $((i % 9 + 1)) $i
    i=$((i + 1))
done >>"$T/jx/leads.csv"
printf 'J1,2026-10-01 09:00:00,Web,dup\r\n' >>"$T/jx/leads.csv"
cp tests/data/metrics/opportunities.csv "$T/jx/"
for d in tests/data/defects tests/data/metrics tests/data/flow \
    tests/data/gb18030 tests/data/sla-weekend tests/data/vendor/hubspot \
    tests/data/vendor/salesforce-report tests/data/vendor/fxiaoke "$T/jx" \
    "$T/fpc" "$T/rep" "$T/down" "$T/lup"; do
    n=$(basename "$d")
    for j in 1 2; do
        "$R" check --data "$d" --allow-rejects --out "$T/j$j-$n" --jobs $j \
            >"$T/j$j-$n.out" 2>"$T/j$j-$n.err"
    done
    if cmp -s "$T/j1-$n.out" "$T/j2-$n.out" && cmp -s "$T/j1-$n.err" "$T/j2-$n.err" &&
        diff -r "$T/j1-$n" "$T/j2-$n" >/dev/null; then ok; else
        bad "jobs 1 and 2 differ on $d"; diff -r "$T/j1-$n" "$T/j2-$n" | head -5
    fi
done
grep -q "leads.csv:9002:1: warning: row rejected: duplicate lead_id 'J1' (first accepted on line 5)" \
    "$T/j2-jx.err" && ok || bad "jobs 2: the duplicate names its first line: $(grep dup "$T/j2-jx.err")"
for j in 1 2; do
    "$R" build --pack quarterly-strategy --period 2026Q3 --data sample-data \
        --out "$T/js$j" --jobs $j --quiet --timings 2>"$T/js$j.time"
done
# --timings: the phases, then the file tasks by kind, indented
for j in 1 2; do
    for ph in "read and validate" "metrics" "charts" "file tasks (here)" \
              "deck" "file tasks (wait)" "  workbook" "  csv files" \
              "  charts (png)" "page" "commit" "total"; do
        grep -q "^revpack: time: $ph  *[0-9]*\.[0-9]* s\$" "$T/js$j.time" && ok ||
            bad "jobs $j timings lack '$ph': $(cat "$T/js$j.time")"
    done
    # the phases' wall times, those not indented, add up to the total:
    # none of the run goes unshown (to the millisecond each line shows)
    awk '/^revpack: time: [^ ]/ { s = $NF == "s" ? $(NF - 1) : 0
             if ($3 == "total") t = s; else { sum += s; n++ } }
         END { d = sum - t; if (d < 0) d = -d; exit !(t > 0 && d <= 0.0005 * n + 0.001) }' \
        "$T/js$j.time" && ok ||
        bad "jobs $j: the timings do not add up to the total: $(cat "$T/js$j.time")"
done
python3 - "$T/js1/quarterly-strategy-2026Q3" "$T/js2/quarterly-strategy-2026Q3" <<'PY' && ok || bad "jobs 1 and 2 give different sample packs"
import os, sys, zipfile
a, b = sys.argv[1], sys.argv[2]
def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, fs in os.walk(root) for f in fs)
assert files(a) == files(b), (files(a), files(b))
for f in files(a):
    x, y = open(os.path.join(a, f), 'rb').read(), open(os.path.join(b, f), 'rb').read()
    if f.endswith('.xlsx'):
        za, zb = zipfile.ZipFile(os.path.join(a, f)), zipfile.ZipFile(os.path.join(b, f))
        assert za.namelist() == zb.namelist(), f
        for n in za.namelist():
            p = za.read(n)
            q = zb.read(n).replace(b'--jobs 2', b'--jobs 1').replace(b'/js2', b'/js1')
            assert p == q, (f, n)
    else:
        assert x == y, f
PY

# SHA-256 of a file of several of the digest's 4 MiB reads (the last one
# short), with and without a byte-order mark (which the read skips and
# the digest does not): on a thread of its own beside the read with
# --jobs 2, from the map between rounds with --jobs 1; all sha256sum's.
# The later files are hashed beside leads.csv's read where the CPU has the
# SHA extensions (sha256.h): opportunities.csv wholly, activities.csv (16
# MB, larger than leads.csv) in part, its own read going on from there
mkdir -p "$T/sha" "$T/shab"
awk 'BEGIN { print "lead_id,created_at,source,company";
             for (i = 0; i < 120000; i++)
                 printf "S%07d,2026-10-%02d 09:%02d:00,Web,Company number %d of a file of several reads\n",
                        i, i % 28 + 1, i % 60, i }' >"$T/sha/leads.csv"
{ printf '\357\273\277'; cat "$T/sha/leads.csv"; } >"$T/shab/leads.csv"
awk 'BEGIN { print "activity_id,lead_id,occurred_at,type,owner";
             for (i = 0; i < 240000; i++)
                 printf "T%07d,S%07d,2026-10-%02d 10:%02d:00,call,An owner of activities\n",
                        i, i % 120000, i % 28 + 1, i % 60 }' >"$T/sha/activities.csv"
[ "$(wc -c <"$T/sha/leads.csv")" -gt 9000000 ] && ok || bad "the SHA-256 file is under 9 MB"
[ "$(wc -c <"$T/sha/activities.csv")" -gt "$(wc -c <"$T/sha/leads.csv")" ] && ok ||
    bad "activities.csv is not larger than leads.csv"
for d in sha shab; do
    cp tests/data/metrics/opportunities.csv "$T/$d/"
    for j in 1 2; do
        expect_rc "build of a 9 MB file ($d), jobs $j" 0 "$R" build \
            --pack monthly-sla --period 2026-10 --data "$T/$d" --out "$T/$d$j" \
            --jobs $j --quiet
        for f in leads.csv opportunities.csv activities.csv; do
            [ -f "$T/$d/$f" ] || continue
            sha_want=$(sha256sum "$T/$d/$f" | cut -d' ' -f1)
            sha_got=$($X "$T/$d$j/monthly-sla-2026-10/monthly-sla-2026-10.xlsx" right About $f 2)
            [ "$sha_got" = "$sha_want" ] && ok ||
                bad "$d, jobs $j: About SHA-256 of $f $sha_got, sha256sum $sha_want"
        done
    done
done

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
