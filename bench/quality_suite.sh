#!/usr/bin/env bash
# Model quality on tables of different shapes, each with every setting at its default (only inputs, an empty join
# key and the target given): fitscore's 5x5 CV R2 as metrics.json reports it beside scikit-learn's on the same rows
# (bench/quality_refs.py, 5x5 repeated k-fold), the gap to the best reference, and for generated tables the noise
# ceiling (1 - noise variance / target variance) and fitscore's share of it.
#   bench/quality_suite.sh            all tables;   BENCH_TABLES="petrol wide" bench/quality_suite.sh   some
# Needs: ./mvnw package (target/fitscore.jar), /usr/bin/python3 with pandas and scikit-learn. The course data's
# references take minutes: bench/course_quality.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/fitscore-bench}/suite
jar=$here/target/fitscore.jar
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$dir/tmp"
java=${JAVA:-java}
sample() { "$java" -jar "$jar" sample "$@" > /dev/null; }
# name | sample arguments | file | target | columns to drop | categorical | noise sd
tables=(
  "petrol|--kind petrol|petrol.csv|petrol_consumption|state||15"
  "wide|--kind wide --rows 5000|wide.csv|y|id||2"
  "function-2k|--kind function --rows 2000|function.csv|y|id|region|1"
  "smooth-20k|--kind function --rows 20000 --seed 8|function.csv|y|id|region|1"
)
printf '| data set | rows | fitscore default 5x5 CV R2 (sd) | auto chose | best scikit-learn (5x5 CV R2) | gap | noise ceiling | share of it |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for t in "${tables[@]}"; do
  IFS='|' read -r name args file target drop cat noise <<< "$t"
  if [ -n "${BENCH_TABLES:-}" ] && [[ " $BENCH_TABLES " != *" $name "* ]]; then continue; fi
  data=$dir/$name; rm -rf "$data"; mkdir -p "$data"
  # shellcheck disable=SC2086
  sample $args --dir "$data"
  env -i PATH="$PATH" HOME="$HOME" FITSCORE_INPUTS="file://$data/$file" FITSCORE_JOIN_KEY= FITSCORE_TARGET="$target" \
    FITSCORE_OUTPUT="file://$data/out/" FITSCORE_ARTIFACTS="file://$data/art/" FITSCORE_RUN_DATE=2026-01-01 \
    FITSCORE_CV_FOLDS=5 FITSCORE_CV_REPEATS=5 "$java" -Djava.io.tmpdir="$dir/tmp" -jar "$jar" run > "$data/fitscore.log" 2>&1 \
    || { tail -3 "$data/fitscore.log" >&2; exit 1; }
  /usr/bin/python3 "$here/bench/quality_refs.py" "$data/$file" "$target" --drop "$drop" --categorical "$cat" > "$data/refs.jsonl"
  /usr/bin/python3 - "$data" "$name" "$file" "$target" "$noise" <<'PY'
import json, sys
import pandas as pd
data, name, file, target, noise = sys.argv[1:6]
m = json.load(open(f"{data}/art/2026-01-01/metrics.json"))
refs = [json.loads(l) for l in open(f"{data}/refs.jsonl")]
best = max(refs, key=lambda r: r["r2_mean"])
y = pd.read_csv(f"{data}/{file}")[target]
ceiling = 1 - float(noise) ** 2 / y.var()
cv = m["cv"]
print(f"| {name} | {len(y)} | {cv['r2_mean']:.4f} ({cv['r2_sd']:.4f}) | {m['trainer']['name']} | {best['model']} {best['r2_mean']:.4f} "
      f"| {cv['r2_mean'] - best['r2_mean']:+.4f} | {ceiling:.4f} | {cv['r2_mean'] / ceiling:.3f} |")
PY
done
