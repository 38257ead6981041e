#!/usr/bin/env bash
# FerretDB v1.24.2 (MongoDB-compatible, SQLite-backed) for tests and CI: `path` builds/caches it, `start <port> <datadir>`, `stop <datadir>`.
set -euo pipefail

VERSION=v1.24.2
CACHE_ROOT="${IDENTITY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/identity-service}"
CACHE_DIR="$CACHE_ROOT/ferretdb-$VERSION"
# Seconds between "still building" lines: a silent minute looks like a hang.
PROGRESS_EVERY="${FERRETDB_PROGRESS_SECONDS:-15}"
DOWNLOADING='^go: downloading '

say () { echo "ferretdb.sh: $*" >&2; }
die () { say "$*"; exit 1; }
usage () { die "usage: $0 path | start <port> <datadir> | stop <datadir>"; }

# Zombies count as dead: PID 1 in some containers never reaps orphans.
alive () { kill -0 "$1" 2>/dev/null && ! grep -qs '^[0-9]* (.*) Z ' "/proc/$1/stat"; }

# Prints the absolute path of the cached binary, building it first if needed.
binary_path () {
  mkdir -p "$CACHE_DIR"
  local bin; bin="$(cd "$CACHE_DIR" && pwd)/ferretdb"
  if [[ ! -x $bin ]]; then
    # One build at a time per cache: a second caller waits for the first instead of building
    # again. The kernel drops the lock when its holder dies, so an interrupted build never blocks.
    exec 9>"$CACHE_DIR/build.lock"
    if ! flock -n 9; then
      say "another process is building FerretDB $VERSION into $CACHE_DIR; waiting for it"
      flock 9
    fi
    [[ -x $bin ]] || build "$bin"
    exec 9>&-
  fi
  echo "$bin"
}

build () {
  command -v go >/dev/null ||
    die "the Go toolchain is not on PATH. It is needed once, to build FerretDB $VERSION (the embedded database used when no mongod can be downloaded): install Go >= 1.24 from https://go.dev/dl/, or set MONGODB_URI to a MongoDB server"
  # We hold the lock, so any build folder left here is from an interrupted build: start clean.
  find "$CACHE_DIR" -maxdepth 1 -name 'build.*' -type d -exec chmod -R u+w {} + -exec rm -rf {} + 2>/dev/null || true
  local tmp json src started ticker status
  worker=
  tmp=$(mktemp -d "$CACHE_DIR/build.XXXXXX")
  started=$(date +%s)
  # Go's output goes to a file: its `go: downloading <module>` lines (about 70 on an empty module
  # cache) become a count in the progress lines, and whatever else Go says is shown at the end.
  : >"$tmp/go.log"
  say "building FerretDB $VERSION with $(go env GOVERSION) into $CACHE_DIR: once per machine, usually 1-5 minutes on 2 cores"
  # The ticker closes the lock (fd 9) and stops within a second of this shell, even when this shell
  # is killed (short sleeps: a sleeping child would keep our stderr open for its whole nap).
  ( exec 9>&-; next=$((started + PROGRESS_EVERY))
    while sleep 1 && kill -0 $$ 2>/dev/null; do
      (($(date +%s) >= next)) || continue
      next=$((next + PROGRESS_EVERY))
      say "still building FerretDB $VERSION: $(($(date +%s) - started)) s so far, $(modules "$tmp") Go modules downloaded (only this first time; later starts reuse it)"
    done ) &
  ticker=$!
  # shellcheck disable=SC2064 # expand $tmp and $ticker now
  trap "kill $ticker \$worker 2>/dev/null; chmod -R u+w '$tmp' 2>/dev/null; rm -rf '$tmp'" EXIT # copies of the Go module cache are read-only
  trap 'exit 130' INT TERM # so that the EXIT trap above cleans up on Ctrl-C or kill too
  # `go install` is not enough: the module zip lacks build/version/version.txt and the binary
  # then panics at start, so build from a writable copy of the module source with that file added.
  # Go runs in the background with `wait`: bash runs a signal's trap only once a foreground command ends.
  (cd "$tmp" && GOFLAGS=-mod=mod exec go mod download -json "github.com/FerretDB/FerretDB@$VERSION" 9>&-) >"$tmp/module.json" 2>>"$tmp/go.log" &
  worker=$!
  wait "$worker" || { go_said "$tmp"; die "go mod download failed: $(<"$tmp/module.json")"; }
  json=$(<"$tmp/module.json")
  src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")
  [[ -d $src ]] || die "go mod download gave no module directory: $json"
  cp -r "$src" "$tmp/src"
  chmod -R u+w "$tmp/src"
  echo "$VERSION" >"$tmp/src/build/version/version.txt"
  # GOWORK=off and -buildvcs=false: ignore any go.work or git repo around the cache dir.
  (cd "$tmp/src" && GOWORK=off exec go build -buildvcs=false -o "$tmp/ferretdb" ./cmd/ferretdb 9>&-) >>"$tmp/go.log" 2>&1 &
  worker=$!
  status=0; wait "$worker" || status=$?
  go_said "$tmp"
  ((status == 0)) || die "go build of FerretDB $VERSION failed (exit $status): $(grep -v "$DOWNLOADING" "$tmp/go.log" | tail -n 1)"
  mv -f "$tmp/ferretdb" "$1" # same file system, so atomic: never a half-written binary
  kill "$ticker" 2>/dev/null || true
  say "built FerretDB $VERSION in $(($(date +%s) - started)) s, $(modules "$tmp") Go modules downloaded: $1"
  trap - EXIT INT TERM
  rm -rf "$tmp"
}

# How many modules Go has downloaded so far in this build.
modules () { grep -c "$DOWNLOADING" "$1/go.log" 2>/dev/null || true; }
# Whatever Go said besides its downloads (warnings, compile errors), as it said it.
go_said () { grep -v "$DOWNLOADING" "$1/go.log" >&2 || true; }

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
      say "FerretDB $VERSION listening on 127.0.0.1:$port (pid $pid, data $data)"
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
  [[ -f $pidfile ]] || { say "no $pidfile, nothing to stop"; return 0; }
  pid=$(<"$pidfile")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done # up to 5 s
    if alive "$pid"; then
      say "FerretDB (pid $pid) ignored TERM, sending KILL"
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
