#!/usr/bin/env bash
# Browser test of the report: installs Debian's chromium if absent, writes a
# report for a small run, opens it from disk in headless Chromium, and checks
# that it loads without console errors and that every chart is laid out with
# a non-zero size; saves a screenshot in target/browser/. Prints
# "browser: 1 passed, 0 failed" on success.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
bin="$root/target/release/detasim"
[ -x "$bin" ] || cargo build --release --quiet
if ! command -v chromium >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
work="$(mktemp -d /tmp/detasim-browser.XXXXXX)"
cat > "$work/small.toml" <<TOML
extends = "$root/scenarios/baseline.toml"
name = "browser-test"
horizon_years = 3
warmup_years = 1
replications = 20
TOML
"$bin" run "$work/small.toml" --out "$work/run" --quiet
"$bin" report "$work/run" >/dev/null
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync)
dom="$(timeout 120 chromium "${flags[@]}" --user-data-dir="$work/profile1" --enable-logging=stderr --v=0 \
    --virtual-time-budget=5000 --dump-dom "file://$work/run/report.html" 2>"$work/console.log")"
mkdir -p "$root/target/browser"
timeout 120 chromium "${flags[@]}" --user-data-dir="$work/profile2" --window-size=1100,2600 \
    --screenshot="$root/target/browser/report.png" "file://$work/run/report.html" 2>/dev/null
fail() { echo "browser: $1"; echo "browser: 0 passed, 1 failed"; exit 1; }
drawn="$(printf '%s' "$dom" | grep -o 'data-charts="[0-9]*/[0-9]*"' | head -1 | tr -dc '0-9/')"
[ -n "$drawn" ] || fail "the page did not finish loading (no chart count)"
n="${drawn%/*}"; total="${drawn#*/}"
[ "$total" -ge 8 ] || fail "only $total charts in the report"
[ "$n" = "$total" ] || fail "$n of $total charts have a size"
if grep -E 'CONSOLE.*(Error|error|Uncaught)|Uncaught' "$work/console.log" >/dev/null; then
    grep -E 'CONSOLE|Uncaught' "$work/console.log" | head -5
    fail "console errors"
fi
[ -s "$root/target/browser/report.png" ] || fail "no screenshot"
echo "browser: $n of $total charts drawn; screenshot target/browser/report.png"
echo "browser: 1 passed, 0 failed"
