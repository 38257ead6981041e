#!/usr/bin/env bash
# A newcomer's first `npm start`: with an empty cache folder (FerretDB built from scratch) it must serve /identify.
set -euo pipefail
cd "$(dirname "$0")/.."

LIMIT_SECONDS="${FIRST_START_LIMIT_SECONDS:-900}" # a cold FerretDB build on a busy 2-core machine, with room to spare
say () { echo "first-start-check: $*" >&2; }
fail () { say "$*"; tail -n 40 "$log" >&2 || true; exit 1; }

# A .env here would configure the service (MONGODB_URI, PORT): this check is about the defaults.
[[ ! -f .env ]] || { say ".env exists; move it away to check the first start"; exit 1; }

cache=$(mktemp -d)
log="$cache/npm-start.log"
pid=
cleanup () {
  # The whole process group of `npm start` (npm, sh, node; node stops its FerretDB on TERM).
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  chmod -R u+w "$cache" 2>/dev/null || true
  rm -rf "$cache"
}
trap cleanup EXIT

say "npm start with XDG_CACHE_HOME=$cache (empty), PORT=0, no MONGODB_URI"
started=$(date +%s)
env -u IDENTITY_CACHE_DIR -u MONGODB_URI -u DATABASE_URL -u HOST XDG_CACHE_HOME="$cache" PORT=0 LOG_LEVEL=info \
  setsid npm start >"$log" 2>&1 </dev/null &
pid=$!

url=
while [[ -z $url ]]; do
  kill -0 "$pid" 2>/dev/null || fail "npm start exited before listening"
  (($(date +%s) - started < LIMIT_SECONDS)) || fail "not listening after $LIMIT_SECONDS s"
  url=$(sed -n 's/.*"msg":"Server listening at \(http:[^"]*\)".*/\1/p' "$log" | head -n 1)
  [[ -n $url ]] || sleep 2
done

body=$(curl -sS "$url/identify" -H 'content-type: application/json' -d '{"email":"a@b.co"}')
[[ $body == '{"primaryContactId":1,"emails":["a@b.co"],"phoneNumbers":[],"secondaryContactIds":[]}' ]] ||
  fail "unexpected answer from $url/identify: $body"
grep -q 'still building FerretDB' "$log" || say "(no progress line: the build took under 15 s, or mongod was available)"
grep -q 'NOT persistent' "$log" || fail "no 'NOT persistent' warning in the log"
say "served /identify $(($(date +%s) - started)) s after npm start, from an empty cache: $body"
