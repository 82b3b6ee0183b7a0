#!/usr/bin/env bash
# Explanations' cost: scoring rows as every Spark task does (encode, predict) against scoring and explaining them
# (plus exact TreeSHAP by input column and the top 3 picked), on all cores, for fitscore's default boosting, the
# xgboost-fast candidate and the elastic net, on generated known-function rows.
#   bench/explain/run.sh [ROWS]   (default 1000000; needs ./mvnw package)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/target/fitscore.jar
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
exec java -Xmx8g -cp "$jar" "$here/bench/explain/ExplainBench.java" "${1:-1000000}"
