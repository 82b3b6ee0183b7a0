#!/usr/bin/env bash
# Model quality with every setting at its default, in two suites.
# Generated tables (petrol-like, wide, known function, smooth 20k) and the course data (with its shipped configuration):
# fitscore's 5x5 CV R2 as metrics.json reports it beside every scikit-learn reference on the same rows (5x5 repeated
# k-fold: bench/quality_refs.py, and bench/course_cv.py for the course data), the gap to the best reference, and for
# generated tables the noise ceiling (1 - noise variance / target variance) and fitscore's share of it; every candidate's
# score in auto's own comparison below.
# Real tables (../shared/data/real-tables, bench/real_suite.sh): nested 5x5, the whole default job fitted on each outer
# training part and scored on its test part, beside scikit-learn and LightGBM on the same folds.
#   bench/quality_suite.sh          both suites;   BENCH_SUITE=real bench/quality_suite.sh   one of them (generated, real)
#   BENCH_TABLES="petrol statecrime" bench/quality_suite.sh                                   some tables
# Needs: ./mvnw package (target/fitscore.jar and the launcher). Python: BENCH_PYTHON, else a venv made under the bench
# folder from the machine's package index (pandas, scikit-learn, lightgbm). About 25 minutes for the generated suite
# (the course row 5 of them), 40 for the real one, on 2 cores.
# FITSCORE_* variables of the caller (e.g. FITSCORE_TRAINER_AUTO_CANDIDATES) reach every fitscore run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/fitscore-bench}/suite
jar=$here/target/fitscore.jar
course=$here/../shared/data/vlerick
[ -f "$jar" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$dir/tmp"
java=${JAVA:-java}
python=${BENCH_PYTHON:-}
if [ -z "$python" ]; then
  python=$dir/venv/bin/python
  [ -x "$python" ] || { python3 -m venv "$dir/venv" && "$dir/venv/bin/pip" install -q pandas scikit-learn lightgbm; }
fi
suite=${BENCH_SUITE:-all}
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
  [ "$suite" = real ] && break
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
    "$python" "$here/bench/course_cv.py" --pre "$course/pre_release.csv" --after "$course/after_release.csv" > "$data/refs.jsonl"
  else
    "$python" "$here/bench/quality_refs.py" "$data/$file" "$target" --drop "$drop" --categorical "$cat" > "$data/refs.jsonl"
  fi
  "$python" - "$data" "$name" "$file" "$target" "$noise" >> "$dir/rows.jsonl" <<'PY'
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
if [ "$suite" != real ]; then
"$python" - "$dir/rows.jsonl" <<'PY'
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
fi
if [ "$suite" != generated ]; then
  BENCH_PYTHON=$python BENCH_DIR=${BENCH_DIR:-/tmp/fitscore-bench} bash "$here/bench/real_suite.sh"
  "$python" - "$dir/real.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
def stats(r2):
    return statistics.mean(r2), statistics.stdev(r2) / len(r2) ** 0.5
print()
print("Real tables, nested 5x5 (the whole default job on each outer training part, R2 on its test part; mean (standard error) over 25 folds):")
print("| table | rows | columns kept | fitscore (auto chose) | " + " | ".join(m["model"] for m in rows[0]["models"][1:]) + " | best reference | gap | bar | |")
print("|" + "---|" * (len(rows[0]["models"]) + 7))
above = 0
for r in rows:
    fit, refs = r["models"][0], r["models"][1:]
    f_mean, f_se = stats(fit["r2"])
    scored = [(m["model"], *stats(m["r2"])) for m in refs]
    best = max(scored, key=lambda x: x[1])
    bar = best[1] - max(0.005, best[2])
    chose = {}
    for c in fit["chose"]:
        chose[c] = chose.get(c, 0) + 1
    verdict = "above the best" if f_mean >= best[1] else ("within the bar" if f_mean >= bar else "BELOW THE BAR")
    above += f_mean >= best[1]
    cells = " | ".join(f"{m:.4f} ({se:.4f})" for _, m, se in scored)
    print(f"| {r['name']} | {r['rows']:,} | {', '.join(r['columns'])} | {f_mean:.4f} ({f_se:.4f}) "
          f"({', '.join(f'{k} {v}' for k, v in sorted(chose.items(), key=lambda x: -x[1]))}) | {cells} | {best[0]} {best[1]:.4f} "
          f"| {f_mean - best[1]:+.4f} | {bar:.4f} | {verdict} |")
print(f"\nat or above the best reference on {above} of {len(rows)} tables; fitscore's runs took "
      + ", ".join(f"{r['name']} {r['fitscore_seconds']} s" for r in rows))
PY
fi
