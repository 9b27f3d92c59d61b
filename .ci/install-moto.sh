#!/usr/bin/env bash
# Installs moto's server (the AWS emulator behind the *MotoTest integration tests) into <repo>/.venv.
# Idempotent: a venv that already has the pinned version is left alone, so a second run costs well under
# a second. The pin matters because moto's RDS behaviour (status transitions, which APIs exist) changes
# between releases and the tests record what this version does.
set -euo pipefail

MOTO_VERSION="5.2.5"
repo_root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$repo_root/.venv"

if [[ -x "$venv/bin/moto_server" ]] \
    && [[ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("moto"))' 2>/dev/null)" == "$MOTO_VERSION" ]]; then
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
echo "moto $MOTO_VERSION installed in $venv (moto_server: $venv/bin/moto_server)"
