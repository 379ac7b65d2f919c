#!/usr/bin/env bash
# Browser tests: Debian's chromium (driven by playwright-core) against local mode, through the demo
# page's app backend, with the demo page itself and the real Uppy packages from npm.
#   browser/run.sh               start local mode on free ports, run every test, stop it
#   browser/run.sh tests/x.mjs   only these test files
# Needs `npm ci` in browser/ first and chromium (CHROMIUM, default /usr/bin/chromium).
# Screenshots and local mode's log go to target/browser-artifacts/ (ARTIFACTS to change it).
# Exits non-zero when any test fails or local mode does not start.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
export ARTIFACTS="${ARTIFACTS:-$root/target/browser-artifacts}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
# The whole run is bounded: a hung browser or upload fails the run instead of holding the machine.
run_timeout="${BROWSER_TESTS_TIMEOUT:-900}"
start_timeout="${LOCAL_MODE_START_TIMEOUT:-300}"

[ -x "$CHROMIUM" ] || { echo "chromium not found at $CHROMIUM (apt-get install -y chromium)" >&2; exit 1; }
[ -d "$here/node_modules/playwright-core" ] || { echo "run npm ci in browser/ first" >&2; exit 1; }
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png "$ARTIFACTS"/chromium-*.pid

# Free ports, so the tests never meet a local mode someone else runs on 8080/8081/9000.
read -r api_port s3_port app_port < <(node -e '
  const net = require("net");
  const ports = [];
  const next = () => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      ports.push(s.address().port);
      if (ports.length < 3) { next(); } else { console.log(ports.join(" ")); process.exit(0); }
    });
  };
  next();')
data="$(mktemp -d)"
log="$ARTIFACTS/local-mode.log"
local_pid=""

stop_everything() {
  # A test stops its chromium itself; a pid file left behind means it was killed first.
  for pid_file in "$ARTIFACTS"/chromium-*.pid; do
    [ -e "$pid_file" ] || continue
    kill -9 "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  done
  if [ -n "$local_pid" ] && kill -0 "$local_pid" 2>/dev/null; then
    kill "$local_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$local_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$local_pid" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap stop_everything EXIT

echo "browser tests: starting local mode (API $api_port, S3 $s3_port, page $app_port; log $log)"
"$root/scripts/local.sh" --port "$api_port" --s3-port "$s3_port" --app-port "$app_port" \
  --data "$data" >"$log" 2>&1 &
local_pid=$!

export APP_URL="http://127.0.0.1:$app_port"
export S3_ENDPOINT="http://127.0.0.1:$s3_port"
deadline=$((SECONDS + start_timeout))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$APP_URL/")" = 200 ]; do
  if ! kill -0 "$local_pid" 2>/dev/null; then
    echo "local mode exited before it was ready; its log:" >&2; tail -n 40 "$log" >&2; exit 1
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "local mode was not ready after ${start_timeout}s; its log:" >&2; tail -n 40 "$log" >&2; exit 1
  fi
  sleep 1
done
echo "browser tests: local mode is ready at $APP_URL"

node "$here/build.mjs"
cd "$here"
if [ $# -gt 0 ]; then tests=("$@"); else tests=(tests/*.test.mjs); fi
status=0
timeout --kill-after=10 "$run_timeout" node --test --test-concurrency=1 "${tests[@]}" || status=$?
echo "browser tests: screenshots in ${ARTIFACTS#"$root/"}/"
exit "$status"
