#!/usr/bin/env bash
# A whole AuroraMigration on this machine, no AWS account or Kubernetes cluster needed: moto plays AWS,
# real PostgreSQL 13 and 15 servers (the local Aurora data plane) hold the data, an in-process API server plays
# Kubernetes, and the real operator migrates examples/local-demo/migration.yaml while you watch.
# Needs Java 17, Maven, Python 3 and apt-get/dpkg; the first run downloads moto and PostgreSQL 13/15 packages.
# ./demo.sh --blue-green migrates the same shop database with the BlueGreen strategy
# (examples/local-demo/migration-bluegreen.yaml); either way the shop application writes throughout and the
# summary shows how long its writes were refused.
set -euo pipefail
cd "$(dirname "$0")"
bash .ci/install-moto.sh
bash .ci/install-postgres.sh
example=../examples/local-demo/migration.yaml
[ "${1:-}" != "--blue-green" ] || example=../examples/local-demo/migration-bluegreen.yaml
cd operator
mvn -B -q -DskipTests test-compile exec:java \
  -Dexec.mainClass=dev.dbops.aurora.demo.LocalMigrationDemo \
  -Dexec.classpathScope=test \
  -Dexec.args="$example"
