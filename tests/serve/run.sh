#!/usr/bin/env bash
# End-to-end test of `detasim serve` in a real browser: installs Debian's
# chromium and playwright-core (tests/serve/package-lock.json) if absent,
# starts the server on a free port, drives the page (tests/serve/e2e.mjs),
# checks that the downloaded settings reproduce the page's numbers with
# `detasim run`, and that Ctrl-C (SIGINT) stops the server cleanly. Saves a
# screenshot as target/browser/serve.png. Prints "serve-e2e: 1 passed, 0 failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
bin="$root/target/release/detasim"
cargo build --release --quiet
if ! command -v chromium >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if [ ! -d tests/serve/node_modules/playwright-core ]; then
    (cd tests/serve && npm ci --no-audit --no-fund --loglevel=error)
fi
work="$(mktemp -d /tmp/detasim-serve.XXXXXX)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; fi
}
trap cleanup EXIT
fail() { echo "serve-e2e: $1"; echo "serve-e2e: 0 passed, 1 failed"; exit 1; }

"$bin" serve scenarios/baseline.toml --port 0 --quiet >"$work/stdout" 2>"$work/stderr" &
server=$!
address=""
for _ in $(seq 1 300); do
    address="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/stdout" || true)"
    [ -n "$address" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/stderr"; fail "the server did not start"; }
    sleep 0.1
done
[ -n "$address" ] || fail "no address printed within 30 s"

mkdir -p "$root/target/browser"
node tests/serve/e2e.mjs "$address" "$root/target/browser/serve.png" "$work/whatif.toml" \
    || fail "the browser test failed"

# The downloaded file reproduces the numbers the page showed.
grep -q '^level = 1.8' "$work/whatif.toml" || fail "the downloaded scenario does not hold the changed lever"
"$bin" run "$work/whatif.toml" --out "$work/rerun" --quiet
python3 - "$address" "$work/rerun/summary.csv" <<'PY' || fail "run of the downloaded scenario differs from the page"
import csv, json, sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "api/run", method="POST",
    data=json.dumps({"levers": {"werkbedrijf.fee.level": 1.8}}).encode(),
    headers={"Content-Type": "application/json"})
view = json.load(urllib.request.urlopen(request))
assert view["status"] == "ok", view
rows = {r["metric"]: r for r in csv.DictReader(open(sys.argv[2]))}
for m in view["metrics"]:
    for q in ("mean", "p5", "p50", "p95"):
        page, run = m["variant"][q], rows[m["id"]][q]
        same = (page is None and run == "") or (page is not None and run != "" and page == float(run))
        assert same, (m["id"], q, page, run)
print("serve-e2e: `run` of the downloaded scenario gives exactly the page's numbers for", len(view["metrics"]), "metrics")
PY
# Ctrl-C stops the server cleanly.
kill -INT "$server"
status=0
wait "$server" || status=$?
server=""
[ "$status" = 0 ] || fail "the server exited with status $status after SIGINT"
grep -q "stopped" "$work/stderr" || fail "no 'stopped' message after SIGINT"
echo "serve-e2e: screenshot target/browser/serve.png"
echo "serve-e2e: 1 passed, 0 failed"
