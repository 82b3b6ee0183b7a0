#!/usr/bin/env bash
# Scoring alone, rows per second: the compiled batch path (as in every Spark task) against Tribuo's per-row
# predict, for fitscore's default XGBoost and a 100-tree forest, on generated known-function rows; with "explain",
# scoring against scoring and explaining every row (exact TreeSHAP or linear contributions by input column, top 3),
# for the default boosting, a smaller one and the elastic net.
#   bench/scoring/run.sh [ROWS] [xgboost|all|explain]   (default 1000000 all; needs ./mvnw package)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/target/fitscore.jar
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
exec java -Xmx8g -cp "$jar" "$here/bench/scoring/ScoringBench.java" "${1:-1000000}" "${2:-all}"
