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

# a profile that allows the share lets it through
printf '[pipeline]\nmax_reject_share = 0.75\n' >"$T/lenient.ini"
expect_rc "lenient profile" 0 "$R" check --data tests/data/defects \
    --profile "$T/lenient.ini"

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
expect_rc "gb18030 as utf-8" 65 "$R" check --data tests/data/gb18030

# --- same input, same bytes -------------------------------------------
"$R" check --data sample-data --out "$T/s1" >/dev/null 2>&1
"$R" check --data sample-data --out "$T/s2" >/dev/null 2>&1
expect_same "deterministic rejects" "$T/s1/rejects.csv" "$T/s2/rejects.csv"
expect_same "deterministic metrics" "$T/s1/metrics.csv" "$T/s2/metrics.csv"

echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
