#!/usr/bin/env bash
# Model quality on tables of different shapes, each with every setting at its default (only inputs, an empty join
# key and the target given; the course data with its shipped configuration): fitscore's 5x5 CV R2 as metrics.json
# reports it beside every scikit-learn reference on the same rows (5x5 repeated k-fold: bench/quality_refs.py, and
# bench/course_cv.py for the course data), the gap to the best reference, and for generated tables the noise ceiling
# (1 - noise variance / target variance) and fitscore's share of it. Prints one table, and every candidate's score
# in auto's own comparison below it.
#   bench/quality_suite.sh            all tables;   BENCH_TABLES="petrol wide" bench/quality_suite.sh   some
# Needs: ./mvnw package (target/fitscore.jar), /usr/bin/python3 with pandas and scikit-learn (Debian's python3-pandas
# python3-sklearn). The course row takes about 5 minutes of scikit-learn on 2 cores; the whole suite about 25.
# FITSCORE_* variables of the caller (e.g. FITSCORE_TRAINER_AUTO_CANDIDATES) reach every fitscore run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/fitscore-bench}/suite
jar=$here/target/fitscore.jar
course=$here/../shared/data/vlerick
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$dir/tmp"
java=${JAVA:-java}
sample() { "$java" -jar "$jar" sample "$@" > /dev/null; }
mapfile -t passed < <(env | grep "^FITSCORE_" || true)
# name | sample arguments | file | target | columns to drop | categorical | noise sd
tables=(
  "petrol|--kind petrol|petrol.csv|petrol_consumption|state||15"
  "wide|--kind wide --rows 5000|wide.csv|y|id||2"
  "function-2k|--kind function --rows 2000|function.csv|y|id|region|1"
  "smooth-20k|--kind function --rows 20000 --seed 8|function.csv|y|id|region|1"
  "course|||imdb_score|||"
)
rm -f "$dir/rows.jsonl"
for t in "${tables[@]}"; do
  IFS='|' read -r name args file target drop cat noise <<< "$t"
  if [ -n "${BENCH_TABLES:-}" ] && [[ " $BENCH_TABLES " != *" $name "* ]]; then continue; fi
  data=$dir/$name; rm -rf "$data"; mkdir -p "$data"
  if [ "$name" = course ]; then
    inputs="file://$course/pre_release.csv,file://$course/after_release.csv" key=movie_title
  else
    # shellcheck disable=SC2086
    sample $args --dir "$data"
    inputs="file://$data/$file" key=
  fi
  env -i PATH="$PATH" HOME="$HOME" "${passed[@]}" FITSCORE_INPUTS="$inputs" FITSCORE_JOIN_KEY="$key" FITSCORE_TARGET="$target" \
    FITSCORE_OUTPUT="file://$data/out/" FITSCORE_ARTIFACTS="file://$data/art/" FITSCORE_RUN_DATE=2026-01-01 \
    FITSCORE_CV_FOLDS=5 FITSCORE_CV_REPEATS=5 "$java" -Djava.io.tmpdir="$dir/tmp" -jar "$jar" run > "$data/fitscore.log" 2>&1 \
    || { tail -3 "$data/fitscore.log" >&2; exit 1; }
  if [ "$name" = course ]; then
    /usr/bin/python3 "$here/bench/course_cv.py" --pre "$course/pre_release.csv" --after "$course/after_release.csv" > "$data/refs.jsonl"
  else
    /usr/bin/python3 "$here/bench/quality_refs.py" "$data/$file" "$target" --drop "$drop" --categorical "$cat" > "$data/refs.jsonl"
  fi
  /usr/bin/python3 - "$data" "$name" "$file" "$target" "$noise" >> "$dir/rows.jsonl" <<'PY'
import json, sys
import pandas as pd
data, name, file, target, noise = sys.argv[1:6]
m = json.load(open(f"{data}/art/2026-01-01/metrics.json"))
refs = [json.loads(l) for l in open(f"{data}/refs.jsonl")]
ceiling = None
if noise:
    y = pd.read_csv(f"{data}/{file}")[target]
    ceiling = 1 - float(noise) ** 2 / y.var()
rows = m["rows"]["collected"] - m["rows"]["unlabelled"]
print(json.dumps({"name": name, "rows": rows, "cv": m["cv"], "chose": m["trainer"]["name"], "ceiling": ceiling,
                  "refs": [{"model": r.get("model") or r.get("recipe"), "r2_mean": r["r2_mean"]} for r in refs],
                  "auto": [(c["name"], c["r2_mean"], c["r2_sd"], c["seconds"]) for c in (m.get("model_selection") or {}).get("candidates", [])],
                  "chosen_in_training": m["trainer"].get("chosen_in_training")}))
PY
done
/usr/bin/python3 - "$dir/rows.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| data set | rows | fitscore default 5x5 CV R2 (sd) | auto chose | scikit-learn references (5x5 CV R2) | best reference | gap | noise ceiling | share of it |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    best = max(r["refs"], key=lambda x: x["r2_mean"])
    cv = r["cv"]
    refs = ", ".join(f"{x['model']} {x['r2_mean']:.4f}" for x in r["refs"])
    ceiling = f"{r['ceiling']:.4f}" if r["ceiling"] else "unknown"
    share = f"{cv['r2_mean'] / r['ceiling']:.3f}" if r["ceiling"] else ""
    print(f"| {r['name']} | {r['rows']:,} | {cv['r2_mean']:.4f} ({cv['r2_sd']:.4f}) | {r['chose']} | {refs} | {best['model']} {best['r2_mean']:.4f} "
          f"| {cv['r2_mean'] - best['r2_mean']:+.4f} | {ceiling} | {share} |")
print()
print("auto's comparison on each table's training split (candidate: CV R2 mean (sd), seconds):")
for r in rows:
    print(f"- {r['name']}: " + "; ".join(f"{n} {m:.4f} ({s:.4f}) {sec:.1f} s" for n, m, s, sec in r["auto"])
          + (f"; chosen in training: {r['chosen_in_training']}" if r["chosen_in_training"] else ""))
PY
