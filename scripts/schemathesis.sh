#!/usr/bin/env bash
# Contract fuzzing: builds and starts the service on a free loopback port against MONGODB_URI, runs schemathesis (PyPI, cached venv) with all its checks on its /openapi.json, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.32.5
CACHE="${IDENTITY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/identity-service}/schemathesis-$VERSION"
# Cases per operation and phase: enough to find a schema that says more or less than the
# service accepts, bounded so that CI stays within a minute or two. Override to dig deeper.
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-50}"

die () { echo "schemathesis.sh: $*" >&2; exit 1; }
[[ -n ${MONGODB_URI:-} ]] || die 'set MONGODB_URI (a MongoDB or FerretDB the service can use; it gets a database of its own)'

if [[ ! -x "$CACHE/bin/schemathesis" ]]; then
  python3 -m venv "$CACHE" >&2
  "$CACHE/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
fi

npm run --silent build

PORT=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })")
DB_NAME="schemathesis_$(date +%s)_$$"
LOG=$(mktemp)
# With an admin token, so that the admin routes are in the document and fuzzed too.
ADMIN_TOKEN="schemathesis-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
PORT="$PORT" HOST=127.0.0.1 MONGODB_DB_NAME="$DB_NAME" LOG_LEVEL=warn ADMIN_TOKEN="$ADMIN_TOKEN" node dist/server.js >"$LOG" 2>&1 &
SERVER=$!
stop_server () {
  kill -TERM "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  # The generated contacts are of no further use: drop the run's database.
  node --input-type=module -e "
    import mongoose from 'mongoose'
    const c = await mongoose.createConnection(process.argv[1], { dbName: process.argv[2], serverSelectionTimeoutMS: 5000 }).asPromise()
    await c.dropDatabase(); await c.close()" "$MONGODB_URI" "$DB_NAME" || echo "schemathesis.sh: could not drop database $DB_NAME" >&2
  rm -f "$LOG"
}
trap stop_server EXIT

BASE="http://127.0.0.1:$PORT"
for _ in $(seq 150); do # 150 x 0.2 s = 30 s
  curl -fsS "$BASE/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$LOG" >&2; die 'the service exited before it was ready'; }
  sleep 0.2
done
curl -fsS "$BASE/health/ready" >/dev/null || { cat "$LOG" >&2; die "the service was not ready on $BASE after 30 s"; }

echo "schemathesis.sh: schemathesis $VERSION against $BASE/openapi.json (database $DB_NAME, $MAX_EXAMPLES examples per operation)" >&2
status=0
"$CACHE/bin/schemathesis" run "$BASE/openapi.json" \
  --checks all --max-examples "$MAX_EXAMPLES" --workers 1 --seed "${SCHEMATHESIS_SEED:-1955}" \
  --request-timeout 20 --generation-database none --no-color \
  --header "Authorization: Bearer $ADMIN_TOKEN" "$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "schemathesis.sh: failures above; the service's log:" >&2
  tail -n 50 "$LOG" >&2
fi
exit "$status"
