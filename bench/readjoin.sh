#!/usr/bin/env bash
# Where read-join's seconds go: the regression job on generated inputs with Spark's event log on, once through s3a
# against a local S3Proxy and once from the same files on local disk; prints the stage seconds of metrics.json, the
# Spark stages of read-join (bench/spark_stages.py: wall, task and CPU seconds, input, shuffle, spill, GC) and the
# bytes s3a read, so that the s3a read can be held against the local read of the same bytes.
#   bench/readjoin.sh MOVIES [RUNS]      e.g. bench/readjoin.sh 2000000 (1.07M joined rows, 420 MB of CSV)
# BENCH_PREVIOUS=<another build's target/fitscore> runs it too, interleaved with this build, run after run, and
# prints the medians of both; BENCH_WHERE="s3 local" (default both); BENCH_XMX (8g). The inputs are those of
# bench/run.sh (BENCH_DIR/inputs/m<MOVIES>, generated with seed 99 if absent). Each run's event log stays in
# BENCH_DIR/events/<build>-<where>-<run>/ until the next bench; BENCH_DETAIL names the fitscore stages whose Spark
# stages are listed (default read-join, and "(no fitscore stage)": builds before the Spark jobs were named).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
movies=$1 runs=${2:-1}
dir=${BENCH_DIR:-/tmp/fitscore-bench} port=${BENCH_PORT:-9794} xmx=${BENCH_XMX:-8g}
app=$here/target/fitscore
input=$dir/inputs/m$movies data=$dir/s3-readjoin events=$dir/events
[ -x "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$input" "$data/bench" "$events"
[ -f "$input/after_release.csv" ] || FITSCORE_HEAP=8g "$here/target/fitscore" sample --movies "$movies" --dir "$input" --seed 99 > /dev/null
"$here/bench/s3proxy.sh" start "$data" "$port" > /dev/null
trap '"$here/bench/s3proxy.sh" stop "$data"' EXIT
for f in pre_release.csv after_release.csv; do
  [ -f "$data/bench/m$movies/$f" ] || "$here/bench/s3proxy.sh" put "$port" "bench/m$movies/$f" "$input/$f"
done
rm -rf "$dir/readjoin-runs.jsonl" "$events"/*
for run in $(seq "$runs"); do
  for build in ${BENCH_PREVIOUS:+previous} this; do
  [ "$build" = previous ] && launcher=$BENCH_PREVIOUS || launcher=$app
  for where in ${BENCH_WHERE:-s3 local}; do
    if [ "$where" = s3 ]; then
      inputs="s3://bench/m$movies/pre_release.csv,s3://bench/m$movies/after_release.csv" out="s3://bench/readjoin-out"
    else
      inputs="file://$input/pre_release.csv,file://$input/after_release.csv" out="file://$dir/readjoin-out"
    fi
    # Each run's Spark event logs in their own folder, kept until the next bench (the newest is the run's: a large
    # input restarts the JVM, whose first one leaves a short log): events/<build>-<where>-<run>/
    runlog=$events/$build-$where-$run
    rm -rf "$runlog" "$dir/readjoin-out" "$data/bench/readjoin-out"
    mkdir -p "$runlog"
    /usr/bin/time -o "$dir/readjoin-time.txt" -f "%e %M" env -i PATH="$PATH" HOME="$HOME" FITSCORE_INPUTS="$inputs" \
      FITSCORE_OUTPUT="$out/fitscore/" FITSCORE_ARTIFACTS="$out/artifacts/" FITSCORE_RUN_DATE=2026-01-01 \
      FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=fitscore-bench \
      AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only FITSCORE_HEAP="$xmx" \
      FITSCORE_JAVA_OPTS="-Dfitscore.spark.conf.\"spark.eventLog.enabled\"=true -Dfitscore.spark.conf.\"spark.eventLog.dir\"=file://$runlog -Dfitscore.spark.conf.\"spark.eventLog.compress\"=false -Dfitscore.spark.conf.\"spark.eventLog.rolling.enabled\"=false ${BENCH_JAVA_OPTS:-}" \
      "$launcher" run > "$dir/readjoin-$where.log" 2>&1 || { tail -5 "$dir/readjoin-$where.log" >&2; exit 1; }
    read -r wall rss < "$dir/readjoin-time.txt"
    if [ "$where" = s3 ]; then metrics=$data/bench/readjoin-out/artifacts/2026-01-01/metrics.json; else metrics=$dir/readjoin-out/artifacts/2026-01-01/metrics.json; fi
    echo "== $build, $where, run $run: wall $wall s, peak RSS $((rss / 1024)) MB"
    python3 - "$metrics" "$build" "$where" "$wall" "$rss" >> "$dir/readjoin-runs.jsonl" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print(json.dumps({"build": sys.argv[2], "where": sys.argv[3], "wall": float(sys.argv[4]), "rss_mb": int(sys.argv[5]) // 1024,
                  "read_join": m["seconds"]["read-join"], "r2": m["evaluation"]["r2"],
                  "counts": [(i["rows_read"], i["dropped_missing_key"], i["dropped_duplicates"], i["unmatched_rows"]) for i in m["rows"]["inputs"]]}))
PY
    python3 - "$metrics" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
print("stages:", {k: round(v, 1) for k, v in m["seconds"].items() if v >= 0.1})
print("inputs:", [(i["uri"].rsplit("/", 1)[-1], i["rows_read"], i["dropped_missing_key"], i["dropped_duplicates"], i["unmatched_rows"]) for i in m["rows"]["inputs"]],
      "joined", m["rows"]["joined"], "holdout R2", round(m["evaluation"]["r2"], 5))
print("s3a:", m["spark"]["s3"]["s3a"])
PY
    [ -n "${BENCH_QUIET:-}" ] || python3 "$here/bench/spark_stages.py" "$(ls -td "$runlog"/* | head -1)" --detail "${BENCH_DETAIL:-read-join,(no fitscore stage)}"
  done
  done
done
python3 - "$dir/readjoin-runs.jsonl" <<'PY'
import collections, json, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs[(r["build"], r["where"])].append(r)
print("| build | inputs | runs | median wall s | median read-join s | median peak RSS MB | holdout R2 | per-input counts |")
print("|---|---|---|---|---|---|---|---|")
for (build, where), rs in runs.items():
    print(f"| {build} | {where} | {len(rs)} | {statistics.median(r['wall'] for r in rs):.1f} | {statistics.median(r['read_join'] for r in rs):.1f} "
          f"| {statistics.median(r['rss_mb'] for r in rs):.0f} | {sorted({round(r['r2'], 5) for r in rs})} | {rs[0]['counts']} |")
PY
