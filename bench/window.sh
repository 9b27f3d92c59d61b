#!/usr/bin/env bash
# Benchmark: the operator's share of the read-only window. A whole migration (13 → 15, real pg_upgrade) on
# StrictRds in front of the local Aurora, RDS durations and operator timings scaled down by 1/SCALE
# (default 100), adaptive polling against a fixed 20 s poll ("adaptive" as second argument: without it). Prints a table, writes bench/results/window-*.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-moto.sh
bash .ci/install-postgres.sh
cd operator
mvn -B -q -DskipTests test-compile exec:java \
  -Dexec.mainClass=dev.dbops.aurora.migration.WindowBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-100} ${2:-}"
