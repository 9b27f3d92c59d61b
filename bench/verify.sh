#!/usr/bin/env bash
# Benchmark: verification throughput against the server's cheapest full-content hash of the same rows.
# A generated database of about SIZE MiB per side (default 2048) on real PostgreSQL 13 (source) and 15
# (target); 1, 2 and 4 workers (or WORKERS, e.g. 1,2). Prints a table, writes bench/results/verify-*.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-postgres.sh
cd operator
mvn -B -q -DskipTests test-compile exec:java \
  -Dexec.mainClass=dev.dbops.aurora.bench.VerifyBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-2048} ${2:-1,2,4}"
