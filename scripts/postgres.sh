#!/usr/bin/env bash
# A throwaway PostgreSQL cluster (Debian's postgresql package) for the import tests: `start <port> <datadir>` prints its URL, `stop <datadir>`.
set -euo pipefail

say () { echo "postgres.sh: $*" >&2; }
die () { say "$*"; exit 1; }

# The newest installed server's binaries (Debian keeps them out of PATH).
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -n $BIN && -x $BIN/initdb ]] || die "no PostgreSQL server installed (Debian: apt-get install -y postgresql)"

# PostgreSQL refuses to run as root: run it as the package's user then.
as_owner () {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || die "usage: $0 start <port> <datadir>"
    port=$2 dir=$3
    mkdir -p "$dir"
    [[ $(id -u) -ne 0 ]] || chown postgres "$dir"
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync >/dev/null
    # Local connections only, the socket in the data folder (not /var/run, which may not be ours).
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ $# -eq 2 ]] || die "usage: $0 stop <datadir>"
    as_owner "$BIN/pg_ctl" -D "$2/data" -m fast -w stop >/dev/null
    ;;
  *) die "usage: $0 start <port> <datadir> | stop <datadir>" ;;
esac
