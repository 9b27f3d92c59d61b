#!/usr/bin/env bash
# Benchmark: N AuroraMigrations (default 10) started together on the local data plane (moto + real
# PostgreSQL 13/15, pg_basebackup and pg_upgrade, the in-process API server), against one alone in the same
# run: wall time, each completed exactly once, heap after GC. See WaveBenchmark; CSV under bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-moto.sh
bash .ci/install-postgres.sh
cd operator
mvn -B -q -DskipTests test-compile exec:java \
  -Dexec.mainClass=dev.dbops.aurora.bench.WaveBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-10} ../examples/local-demo/migration.yaml ../bench/results"
