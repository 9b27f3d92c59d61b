#!/usr/bin/env bash
# Benchmark: what the shared DescribeDBClusters inventory costs with many clusters (default 200).
# Prints RDS calls per inventory interval, mean lookup time and heap; see InventoryBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/install-moto.sh
cd operator
mvn -B -q -DskipTests test-compile exec:java \
  -Dexec.mainClass=dev.dbops.aurora.bench.InventoryBenchmark \
  -Dexec.classpathScope=test \
  -Dexec.args="${1:-200}"
