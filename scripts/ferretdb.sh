#!/usr/bin/env bash
# FerretDB v1.24.2 (MongoDB-compatible, SQLite-backed) for tests and CI: `path` builds/caches it, `start <port> <datadir>`, `stop <datadir>`.
set -euo pipefail

VERSION=v1.24.2
CACHE_DIR="${IDENTITY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/identity-service}/ferretdb-$VERSION"

die () { echo "ferretdb.sh: $*" >&2; exit 1; }
usage () { die "usage: $0 path | start <port> <datadir> | stop <datadir>"; }

# Zombies count as dead: PID 1 in some containers never reaps orphans.
alive () { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z ' "/proc/$1/stat"; }

# Prints the absolute path of the cached binary, building it first if needed.
binary_path () {
  mkdir -p "$CACHE_DIR"
  local bin; bin="$(cd "$CACHE_DIR" && pwd)/ferretdb"
  [[ -x $bin ]] || build "$bin"
  echo "$bin"
}

build () {
  command -v go >/dev/null || die "'go' is not on PATH; install Go >= 1.24 (https://go.dev/dl/) to build FerretDB $VERSION"
  local tmp json src
  tmp=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  # shellcheck disable=SC2064 # expand $tmp now
  trap "chmod -R u+w '$tmp' 2>/dev/null; rm -rf '$tmp'" EXIT # copies of the Go module cache are read-only
  echo "ferretdb.sh: building FerretDB $VERSION into $CACHE_DIR (first time only, about a minute)" >&2
  # `go install` is not enough: the module zip lacks build/version/version.txt and the binary
  # then panics at start, so build from a writable copy of the module source with that file added.
  json=$(cd "$tmp" && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION") ||
    die "go mod download failed: $json"
  src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  [[ -d $src ]] || die "go mod download gave no module directory: $json"
  cp -r "$src" "$tmp/src"
  chmod -R u+w "$tmp/src"
  echo "$VERSION" >"$tmp/src/build/version/version.txt"
  # GOWORK=off and -buildvcs=false: ignore any go.work or git repo around the cache dir.
  (cd "$tmp/src" && GOWORK=off go build -buildvcs=false -o "$tmp/ferretdb" ./cmd/ferretdb) >&2
  mv -f "$tmp/ferretdb" "$1" # same file system, so atomic: never a half-written binary
}

start () {
  local port=$1 data bin pid
  [[ $port =~ ^[0-9]+$ ]] || die "port must be a number, got '$port'"
  mkdir -p "$2"; data=$(cd "$2" && pwd)
  # Otherwise the readiness check below would be fooled by whatever already listens there.
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || die "127.0.0.1:$port is already in use"
  bin=$(binary_path)
  "$bin" --handler=sqlite --sqlite-url="file:$data/" --state-dir="$data" \
    --listen-addr="127.0.0.1:$port" --telemetry=disable --debug-addr=- --log-level=warn \
    </dev/null >"$data/ferretdb.log" 2>&1 &
  pid=$!
  echo "$pid" >"$data/ferretdb.pid"
  for _ in $(seq 100); do # 100 x 0.2 s = 20 s
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "ferretdb.sh: FerretDB $VERSION listening on 127.0.0.1:$port (pid $pid, data $data)" >&2
      return 0
    fi
    alive "$pid" || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  tail -n 30 "$data/ferretdb.log" >&2 || true
  die "FerretDB did not accept connections on 127.0.0.1:$port (log: $data/ferretdb.log)"
}

stop () {
  local pidfile="$1/ferretdb.pid" pid
  [[ -f $pidfile ]] || { echo "ferretdb.sh: no $pidfile, nothing to stop" >&2; return 0; }
  pid=$(<"$pidfile")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done # up to 5 s
    if alive "$pid"; then
      echo "ferretdb.sh: FerretDB (pid $pid) ignored TERM, sending KILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  path) [[ $# -eq 1 ]] || usage; binary_path ;;
  start) [[ $# -eq 3 ]] || usage; start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
