#!/usr/bin/env bash
# Benchmarks the whole job (packaged jar, against a local S3Proxy) and the pandas + scikit-learn
# equivalent on the same inputs, several runs each; prints medians (bench/summary.py).
#
#   bench/run.sh LABEL RUNS [MOVIES]
#     LABEL=course  the course data from ../shared/data/vlerick (copied into the bench's S3Proxy folder,
#                   outside the project)
#     other LABEL   MOVIES generated course-like movies (about half of them survive the join)
# Settings (environment): BENCH_DIR (/tmp/fitscore-bench), BENCH_TREES (100, the forest's trees when --trainer random-forest is used), BENCH_TRAIN_MAX_ROWS (300000, fitscore's
# default training sample; the same for pandas), BENCH_ARGS (extra fitscore arguments, e.g. "--trainer xgboost"),
# BENCH_XMX (8g, the driver's heap), BENCH_JAVA_OPTS (extra JVM flags, after the launcher's own), BENCH_PORT (9790), BENCH_SKIP_PANDAS (unset),
# BENCH_PANDAS_MAX_KB (20000000: pandas' address-space limit, so a data set too big for it fails alone
# instead of waking the machine's OOM killer).
# Needs: ./mvnw package (target/fitscore, the launcher, with its AOT cache), /usr/bin/time, python3-pandas and python3-sklearn.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
label=$1 runs=$2 movies=${3:-0}
dir=${BENCH_DIR:-/tmp/fitscore-bench}
trees=${BENCH_TREES:-100} max_rows=${BENCH_TRAIN_MAX_ROWS:-300000} xmx=${BENCH_XMX:-8g} port=${BENCH_PORT:-9790}
data=$dir/s3 input=$dir/inputs/$label results=$dir/results
mkdir -p "$input" "$results"
app=$here/target/fitscore
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }

if [ ! -f "$input/after_release.csv" ]; then
  if [ "$label" = course ]; then
    cp "$here/../shared/data/vlerick/pre_release.csv" "$here/../shared/data/vlerick/after_release.csv" "$input/"
  else
    echo "generating $movies movies into $input"
    /usr/bin/time -f "generated in %e s" env FITSCORE_HEAP=8g "$app" sample --movies "$movies" --dir "$input" --seed 99
  fi
fi
ls -la "$input"

mkdir -p "$data/bench"
pid=$("$here/bench/s3proxy.sh" start "$data" "$port")
trap '"$here/bench/s3proxy.sh" stop "$data"' EXIT
if [ ! -f "$data/bench/$label/after_release.csv" ]; then
  for f in pre_release.csv after_release.csv; do "$here/bench/s3proxy.sh" put "$port" "bench/$label/$f" "$input/$f"; done
fi

for run in $(seq "$runs"); do
  rm -rf "$data/bench/$label-out"
  log=$results/$label-fitscore-$run.log
  /usr/bin/time -o "$results/time.txt" -f "%e %M" env -i PATH="$PATH" HOME="$HOME" \
    FITSCORE_INPUTS="s3://bench/$label/pre_release.csv,s3://bench/$label/after_release.csv" \
    FITSCORE_OUTPUT="s3://bench/$label-out/fitscore/" FITSCORE_ARTIFACTS="s3://bench/$label-out/artifacts/" \
    FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only \
    FITSCORE_TRAINER_TREES="$trees" FITSCORE_TRAIN_MAX_ROWS="$max_rows" \
    FITSCORE_HEAP="$xmx" FITSCORE_JAVA_OPTS="${BENCH_JAVA_OPTS:-}" "$app" run ${BENCH_ARGS:-} > "$log" 2>&1 || { echo "fitscore run $run failed: $log" >&2; tail -5 "$log" >&2; exit 1; }
  read -r wall rss < "$results/time.txt"
  python3 - "$data/bench/$label-out/artifacts/2026-01-01/metrics.json" "$wall" "$rss" "$run" >> "$results/$label.jsonl" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(json.dumps({"tool": "fitscore", "run": int(sys.argv[4]), "wall_s": float(sys.argv[2]), "peak_rss_mb": int(sys.argv[3]) / 1024,
                  "rows_joined": m["rows"]["joined"], "rows_trained": m["rows"]["train"], "holdout_rmse": m["evaluation"]["rmse"],
                  "holdout_r2": m["evaluation"]["r2"], "seconds": m["seconds"]}))
PY
  echo "fitscore run $run: $(tail -1 "$results/$label.jsonl" | cut -c1-200)"

  if [ -z "${BENCH_SKIP_PANDAS:-}" ]; then
    rm -rf "$dir/pandas-out"
    (ulimit -v "${BENCH_PANDAS_MAX_KB:-20000000}"; exec /usr/bin/time -o "$results/time.txt" -f "%e %M" /usr/bin/python3 "$here/bench/pandas_sklearn.py" \
      --pre "$input/pre_release.csv" --after "$input/after_release.csv" --out "$dir/pandas-out" \
      --trees "$trees" --train-max-rows "$max_rows") > "$results/pandas.json" 2> "$results/$label-pandas-$run.log" \
      || { echo "pandas run $run failed: $results/$label-pandas-$run.log" >&2; tail -3 "$results/$label-pandas-$run.log" >&2; continue; }
    read -r wall rss < "$results/time.txt"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.update(tool="pandas+sklearn", run=int(sys.argv[4]), wall_s=float(sys.argv[2]), peak_rss_mb=int(sys.argv[3])/1024); print(json.dumps(d))' \
      "$results/pandas.json" "$wall" "$rss" "$run" >> "$results/$label.jsonl"
    echo "pandas run $run: $(tail -1 "$results/$label.jsonl" | cut -c1-200)"
  fi
done
python3 "$here/bench/summary.py" "$results/$label.jsonl"
