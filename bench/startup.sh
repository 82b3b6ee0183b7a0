#!/usr/bin/env bash
# How much the start-up measures save on the course job: runs it RUNS times in each variant, interleaved
# (so a drift of the machine's speed hits every variant alike), and prints median wall seconds.
#   bench/startup.sh RUNS
# Variants: plain | class archive (docker/class-archive.sh, as the image runs) | archive without quick JIT
# (fitscore.spark.quick-jit=false). Needs ./mvnw package and the course data (bench/run.sh course 1 seeds it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=$1 dir=${BENCH_DIR:-/tmp/fitscore-bench} port=${BENCH_PORT:-9790}
jar=$here/target/quarkus-app/quarkus-run.jar archive=$dir/fitscore.jsa
[ -f "$dir/s3/bench/course/after_release.csv" ] || { echo "seed the course data first: bench/run.sh course 1" >&2; exit 2; }
"$here/docker/class-archive.sh" "$here/target/quarkus-app" "$archive" -Xmx8g
"$here/bench/s3proxy.sh" start "$dir/s3" "$port" > /dev/null
trap '"$here/bench/s3proxy.sh" stop "$dir/s3"' EXIT
one() { # variant name, JVM flags...
  local name=$1; shift
  rm -rf "$dir/s3/bench/course-out"
  /usr/bin/time -o "$dir/startup-time.txt" -f "%e" env -i PATH="$PATH" HOME="$HOME" \
    FITSCORE_INPUTS="s3://bench/course/pre_release.csv,s3://bench/course/after_release.csv" \
    FITSCORE_OUTPUT="s3://bench/course-out/fitscore/" FITSCORE_ARTIFACTS="s3://bench/course-out/artifacts/" \
    FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only \
    java -Xmx8g "$@" -jar "$jar" run > "$dir/startup-$name.log" 2>&1 || { tail -5 "$dir/startup-$name.log" >&2; exit 1; }
  echo "$name $(cat "$dir/startup-time.txt")" | tee -a "$dir/startup.txt"
}
rm -f "$dir/startup.txt"
for _ in $(seq "$runs"); do
  one plain
  one archive "-XX:SharedArchiveFile=$archive"
  one archive-no-quick-jit "-XX:SharedArchiveFile=$archive" -Dfitscore.spark.quick-jit=false
done
python3 - "$dir/startup.txt" <<'PY'
import statistics, sys
walls = {}
for line in open(sys.argv[1]):
    name, wall = line.split()
    walls.setdefault(name, []).append(float(wall))
for name, w in walls.items():
    print(f"{name:22s} median wall {statistics.median(w):5.1f} s over {len(w)} runs")
PY
