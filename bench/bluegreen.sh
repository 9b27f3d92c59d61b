#!/usr/bin/env bash
# Benchmark: BlueGreen's write-blocked window against SnapshotRestore's read-only window, in one run, on the same
# shop database under the same application load (PostgreSQL 13 → 15 on the local Aurora behind StrictRds, RDS
# durations and operator timings scaled by 1/SCALE, default 100). Prints a table and the ratio (goal ≤ 0.1),
# writes bench/results/bluegreen-window-*.csv; exits 1 if the load lost a committed write.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-moto.sh
bash .ci/install-postgres.sh
cd operator
mvn -B -q -DskipTests test-compile exec:java \
  -Dexec.mainClass=dev.dbops.aurora.migration.BlueGreenWindowBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-100}"
