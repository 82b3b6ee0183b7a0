#!/usr/bin/env bash
# The real-table half of bench/quality_suite.sh: for each real table of ../shared/data/real-tables, fitscore's whole default
# job (only inputs, target and the fitscore_row key given) run on each of 25 folds of one seeded 5x5 RepeatedKFold split,
# scored on the fold's test rows it never saw, beside scikit-learn and LightGBM on the same folds (bench/real_tables.py).
# Writes one JSON line per table to $dir/real.jsonl; quality_suite.sh prints them.
#   BENCH_TABLES="diabetes statecrime" bench/real_suite.sh      some tables
# Needs: ./mvnw package (target/fitscore, the launcher), a venv with pandas, scikit-learn and lightgbm (BENCH_PYTHON, made
# by quality_suite.sh from the machine's package index).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/fitscore-bench}/suite
real=$here/../shared/data/real-tables
python=${BENCH_PYTHON:?set BENCH_PYTHON to a python with pandas, scikit-learn and lightgbm}
launcher=${BENCH_LAUNCHER:-$here/target/fitscore}
[ -x "$launcher" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$dir/tmp"
mapfile -t passed < <(env | grep "^FITSCORE_" || true)
# name | file | target
tables=(
  "statecrime|statecrime.csv|violent"
  "grunfeld|grunfeld.csv|invest"
  "auto-mpg|auto_mpg.csv|Miles_per_Gallon"
  "diabetes|diabetes.csv|target"
  "randhie|randhie.csv|mdvis"
)
rm -f "$dir/real.jsonl"
for t in "${tables[@]}"; do
  IFS='|' read -r name file target <<< "$t"
  if [ -n "${BENCH_TABLES:-}" ] && [[ " $BENCH_TABLES " != *" $name "* ]]; then continue; fi
  data=$dir/real-$name; rm -rf "$data"; mkdir -p "$data"
  "$python" "$here/bench/real_tables.py" folds "$real/$file" "$target" "$data"
  start=$(date +%s)
  for fold in "$data"/fold-*; do
    env -i PATH="$PATH" HOME="$HOME" "${passed[@]}" FITSCORE_INPUTS="file://$fold/input.csv" FITSCORE_JOIN_KEY=fitscore_row \
      FITSCORE_TARGET="$target" FITSCORE_OUTPUT="file://$fold/out/" FITSCORE_ARTIFACTS="file://$fold/art/" FITSCORE_RUN_DATE=2026-01-01 \
      FITSCORE_JAVA_OPTS="-Djava.io.tmpdir=$dir/tmp" "$launcher" run > "$fold/fitscore.log" 2>&1 \
      || { echo "$name $(basename "$fold"):" >&2; tail -3 "$fold/fitscore.log" >&2; exit 1; }
  done
  seconds=$(( $(date +%s) - start ))
  "$python" "$here/bench/real_tables.py" fitscore "$real/$file" "$target" "$data" > "$data/fitscore.jsonl"
  "$python" "$here/bench/real_tables.py" refs "$real/$file" "$target" "$data" > "$data/refs.jsonl"
  "$python" - "$data" "$name" "$seconds" >> "$dir/real.jsonl" <<'PY'
import json, sys
data, name, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [json.loads(l) for l in open(f"{data}/fitscore.jsonl")] + [json.loads(l) for l in open(f"{data}/refs.jsonl")]
print(json.dumps({"name": name, "rows": json.load(open(f"{data}/folds.json"))["rows"], "fitscore_seconds": seconds,
                  "columns": lines[1]["columns"], "models": lines}))
PY
  echo "$name: done in $seconds s of fitscore runs" >&2
done
