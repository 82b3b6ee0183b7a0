#!/usr/bin/env bash
# Start-up of the course job, process start to exit, on a local S3Proxy: each variant RUNS times, interleaved (so a
# drift of the machine's speed hits every variant alike); prints median wall seconds, the ratio to the first variant,
# and median seconds per stage (from metrics.json).
#   bench/startup.sh RUNS
# Variants:
#   previous   BENCH_PREVIOUS, the command that runs the build to compare with (omitted when unset), e.g.
#              BENCH_PREVIOUS="/usr/lib/jvm/java-17-openjdk-amd64/bin/java -Xmx8g -jar /tmp/old/quarkus-app/quarkus-run.jar"
#   launcher   target/fitscore with its AOT cache: as shipped (C1 only for these small inputs)
#   full-jit   the same with FITSCORE_JIT=full: both compilers, quick JIT turning C2 off at run time
#   no-cache   java -jar target/fitscore.jar with the launcher's JVM and heap, no AOT cache
#   image      BENCH_IMAGE (e.g. localhost/fitscore:check from docker/container-check.sh) under podman run, as
#              shipped: its launcher and its own AOT cache (omitted when unset)
# Needs ./mvnw package and the course data (../shared/data/vlerick). BENCH_DIR (/tmp/fitscore-bench), BENCH_PORT (9790).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=$1 dir=${BENCH_DIR:-/tmp/fitscore-bench} port=${BENCH_PORT:-9790}
[ -x "$here/target/fitscore" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
data=$dir/s3
"$here/bench/s3proxy.sh" start "$data" "$port" > /dev/null
trap '"$here/bench/s3proxy.sh" stop "$data"' EXIT
mkdir -p "$data/bench"
for f in pre_release.csv after_release.csv; do
  [ -f "$data/bench/course/$f" ] || "$here/bench/s3proxy.sh" put "$port" "bench/course/$f" "$here/../shared/data/vlerick/$f"
done
java=$(< "$here/target/fitscore.jvm")
[ -z "${BENCH_IMAGE:-}" ] || source "$here/docker/podman-env.sh"
results=$dir/startup
rm -rf "$results" && mkdir -p "$results"
one() { # variant, command...
  local name=$1; shift
  rm -rf "$data/bench/course-out"
  /usr/bin/time -o "$results/time.txt" -f "%e" env -i PATH="$PATH" HOME="$HOME" FITSCORE_HEAP=8g \
    FITSCORE_INPUTS="s3://bench/course/pre_release.csv,s3://bench/course/after_release.csv" \
    FITSCORE_OUTPUT="s3://bench/course-out/fitscore/" FITSCORE_ARTIFACTS="s3://bench/course-out/artifacts/" \
    FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only \
    "$@" run > "$results/$name.log" 2>&1 || { tail -5 "$results/$name.log" >&2; exit 1; }
  python3 - "$name" "$(cat "$results/time.txt")" "$data/bench/course-out/artifacts/2026-01-01/metrics.json" >> "$results/runs.jsonl" <<'PY'
import json, sys
m = json.load(open(sys.argv[3]))
print(json.dumps({"variant": sys.argv[1], "wall": float(sys.argv[2]), "r2": m["evaluation"]["r2"], "seconds": m["seconds"]}))
PY
  tail -1 "$results/runs.jsonl" | cut -c1-120
}
for _ in $(seq "$runs"); do
  # shellcheck disable=SC2086 # BENCH_PREVIOUS is a command line
  [ -n "${BENCH_PREVIOUS:-}" ] && one previous $BENCH_PREVIOUS
  one launcher "$here/target/fitscore"
  one full-jit env FITSCORE_JIT=full "$here/target/fitscore"
  one no-cache "$java" -Xmx8g -jar "$here/target/fitscore.jar"
  if [ -n "${BENCH_IMAGE:-}" ]; then
    one image env CONTAINERS_CONF="$CONTAINERS_CONF" podman run --rm --network=host $(printf -- '-e %s ' FITSCORE_HEAP \
      FITSCORE_INPUTS FITSCORE_OUTPUT FITSCORE_ARTIFACTS FITSCORE_RUN_DATE FITSCORE_S3_ENDPOINT AWS_REGION AWS_ACCESS_KEY_ID \
      AWS_SECRET_ACCESS_KEY) "$BENCH_IMAGE"
  fi
done
python3 - "$results/runs.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1])]
variants = list(dict.fromkeys(r["variant"] for r in runs))
median = {v: statistics.median(r["wall"] for r in runs if r["variant"] == v) for v in variants}
first = median[variants[0]]
for v in variants:
    rs = [r for r in runs if r["variant"] == v]
    stages = {s: round(statistics.median(r["seconds"].get(s, 0) for r in rs), 2) for s in rs[0]["seconds"]}
    print(f"{v:10s} median wall {median[v]:5.1f} s over {len(rs)} runs, {median[v] / first:.2f}x of {variants[0]}; "
          f"holdout R2 {rs[0]['r2']:.5f}")
    print(f"{'':10s} stages: {stages}")
PY
