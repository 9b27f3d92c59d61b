#!/usr/bin/env bash
# Installs full PostgreSQL 13 and 15 server binaries (with pg_upgrade, pg_basebackup, pg_controldata,
# pg_dump) for the local Aurora data plane and the pg_upgrade corpus test. The zonky jars the other SQL
# tests use carry only initdb, pg_ctl and postgres.
#
# Where from: Debian's own packages, downloaded with a private source list and unpacked with dpkg -x into
# a cache outside the repo. The machine's apt configuration and package state are never touched.
#   postgresql-13  from bullseye (with bullseye's libssl1.1, libicu67, libldap-2.4-2 beside it)
#   postgresql-15  from bookworm (with its libraries, in case the machine lacks them)
# JIT is not installed (no libllvm): the data plane runs with jit=off.
#
# Idempotent: a cache whose stamp matches this script's package list is left alone (well under a second).
# Prints the root it installed into; PostgresInstallation.java reads the same default.
#
# Env: AURORA_PG_CACHE (default $HOME/.cache/aurora-operator-postgres; as root /var/cache/aurora-operator-postgres,
#      because PostgreSQL refuses to run as root, so the servers run as nobody, who cannot enter /root)
set -euo pipefail

if [[ $(id -u) -eq 0 ]]; then default_cache=/var/cache/aurora-operator-postgres; else default_cache="$HOME/.cache/aurora-operator-postgres"; fi
CACHE="${AURORA_PG_CACHE:-$default_cache}"
ROOT="$CACHE/root"
PACKAGES=(
  postgresql-13 postgresql-client-13 libssl1.1 libicu67 libldap-2.4-2
  postgresql-15 postgresql-client-15 libpq5 libicu72 libssl3 libldap-2.5-0 libxml2 libxslt1.1
)
STAMP="packages: ${PACKAGES[*]}"

if [[ -f "$ROOT/.stamp" && "$(cat "$ROOT/.stamp")" == "$STAMP" ]]; then
  echo "PostgreSQL binaries already in $ROOT"
  exit 0
fi

start=$SECONDS
APT="$CACHE/apt"
rm -rf "$APT" "$ROOT.partial"
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$ROOT.partial"
cat >"$APT/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bullseye-security main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
EOF
apt_private=(
  -q
  -o "Dir::Etc::sourcelist=$APT/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$APT/lists"
  -o "Dir::Cache=$APT/cache"
  -o "Debug::NoLocking=1"
  # Downloads land in a root-owned folder; apt's _apt user could not write there.
  -o "APT::Sandbox::User=root"
)
apt-get "${apt_private[@]}" update >"$APT/update.log" 2>&1 ||
  { cat "$APT/update.log" >&2; echo "install-postgres: apt-get update (private lists) failed" >&2; exit 1; }
(cd "$APT/debs" && apt-get "${apt_private[@]}" download "${PACKAGES[@]}" >"$APT/download.log" 2>&1) ||
  { cat "$APT/download.log" >&2; echo "install-postgres: apt-get download failed" >&2; exit 1; }
for deb in "$APT/debs"/*.deb; do
  dpkg -x "$deb" "$ROOT.partial"
done

export LD_LIBRARY_PATH="$ROOT.partial/usr/lib/x86_64-linux-gnu"
for major in 13 15; do
  for tool in postgres initdb pg_ctl pg_upgrade pg_basebackup pg_controldata pg_dump psql; do
    "$ROOT.partial/usr/lib/postgresql/$major/bin/$tool" --version >/dev/null ||
      { echo "install-postgres: $tool $major does not run" >&2; exit 1; }
  done
done

rm -rf "$ROOT"
mv "$ROOT.partial" "$ROOT"
ls "$APT/debs" >"$ROOT/.packages"
echo "$STAMP" >"$ROOT/.stamp"
rm -rf "$APT/lists" "$APT/cache"
export LD_LIBRARY_PATH="$ROOT/usr/lib/x86_64-linux-gnu"
echo "PostgreSQL $("$ROOT/usr/lib/postgresql/13/bin/postgres" --version | awk '{print $3}') and" \
  "$("$ROOT/usr/lib/postgresql/15/bin/postgres" --version | awk '{print $3}') installed in $ROOT in $((SECONDS - start)) s"
