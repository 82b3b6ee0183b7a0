#!/usr/bin/env bash
# One fitscore recommend run on generated order logs against a local S3Proxy: rows, seconds per stage,
# the holdout metrics and peak memory, for the README's figures.
#
#   bench/recommend.sh [ROWS]        (default 1000000 order lines)
# BENCH_KIND=shop uses `fitscore sample --kind shop` (a shop's export: product ranges, baskets, cancellations) instead of
# --kind orders; BENCH_APP runs another build's launcher (e.g. the previous build's, to compare). Needs: ./mvnw package
# (target/fitscore, the launcher). Work folder: BENCH_DIR (default /tmp/fitscore-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rows=${1:-1000000}
dir=${BENCH_DIR:-/tmp/fitscore-bench} port=${BENCH_S3_PORT:-9792}
app=${BENCH_APP:-$here/target/fitscore}
kind=${BENCH_KIND:-orders}
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$dir/$kind-$rows"
[ -f "$dir/$kind-$rows/$kind.csv" ] || "$here/target/fitscore" sample --kind "$kind" --rows "$rows" --dir "$dir/$kind-$rows"
s3=$dir/recommend-s3
rm -rf "$s3"
trap '"$here/bench/s3proxy.sh" stop "$s3"' EXIT
"$here/bench/s3proxy.sh" start "$s3" "$port" > /dev/null
mkdir -p "$s3/bench"
"$here/bench/s3proxy.sh" put "$port" "bench/logs/$kind.csv" "$dir/$kind-$rows/$kind.csv"
echo "input: $(du -h "$dir/$kind-$rows/$kind.csv" | cut -f1), $(($(wc -l < "$dir/$kind-$rows/$kind.csv") - 1)) lines"
env -i PATH="$PATH" HOME="$HOME" FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only \
  /usr/bin/time -f "wall %e s, peak RSS %M KB" env FITSCORE_JAVA_OPTS="${BENCH_JAVA_OPTS:-}" "$app" recommend \
  --inputs s3://bench/logs/ --output s3://bench/recommendations/ --artifacts s3://bench/artifacts/ --run-date 2026-12-01 \
  2>&1 | grep -v ' INFO \|^\s*$'
python3 - "$s3/bench/artifacts/2026-12-01/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
h = m["holdout"]
print("pairs", m["pairs"])
print("holdout: train %d, held out %d, cold dropped %d, customers %d, rmse %s" % (h["train_pairs"], h["holdout_pairs"],
      h["cold_start_dropped"], h["customers_evaluated"], h["rmse"]))
for name in ("als", "popularity", "cooccurrence"):
    if name in h:
        print(" ", name, {k: round(v, 4) for k, v in h[name].items()})
t = m.get("tuning")
if t:
    print("tuning:", t["chosen"], "searched" if t["searched"] else "configured")
    for c in t["candidates"]:
        print("  ", c)
if "spark" in m:
    print("spark:", {k: m["spark"][k] for k in ("jobs", "input_records", "shuffle_write_bytes")}, "s3a:", m["spark"]["s3"]["s3a"])
print("served", m["served"], "item coverage %.3f" % m["item_coverage"])
PY
