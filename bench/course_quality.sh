#!/usr/bin/env bash
# Model quality on the course data, fitscore beside scikit-learn, both by 5x5 repeated k-fold CV on the
# same cleaned rows: runs the packaged job (default configuration plus FITSCORE_CV_FOLDS=5,
# FITSCORE_CV_REPEATS=5) against a local S3Proxy holding ../shared/data/vlerick, then bench/course_cv.py.
#   bench/course_quality.sh [extra fitscore arguments, e.g. --trainer random-forest]
# Needs: ./mvnw package (target/fitscore, the launcher), python3-pandas and python3-sklearn. BENCH_SKIP_SKLEARN=1 runs
# only fitscore's side. FITSCORE_* variables of the caller (e.g. FITSCORE_TRAINER_AUTO_CANDIDATES=blend) reach the job.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${BENCH_DIR:-/tmp/fitscore-bench} port=${BENCH_PORT:-9791}
data=$dir/s3-quality src=$here/../shared/data/vlerick
app=$here/target/fitscore
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
mkdir -p "$data/bench"  # a folder of the filesystem backend is a bucket
"$here/bench/s3proxy.sh" start "$data" "$port" > /dev/null
trap '"$here/bench/s3proxy.sh" stop "$data"' EXIT
for f in pre_release.csv after_release.csv; do "$here/bench/s3proxy.sh" put "$port" "bench/course/$f" "$src/$f"; done
mapfile -t passed < <(env | grep "^FITSCORE_" || true)
env -i PATH="$PATH" HOME="$HOME" "${passed[@]}" \
  FITSCORE_INPUTS="s3://bench/course/pre_release.csv,s3://bench/course/after_release.csv" \
  FITSCORE_OUTPUT="s3://bench/quality-out/fitscore/" FITSCORE_ARTIFACTS="s3://bench/quality-out/artifacts/" \
  FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only \
  FITSCORE_CV_FOLDS=5 FITSCORE_CV_REPEATS=5 "$app" run "$@" > "$dir/quality-fitscore.log" 2>&1 \
  || { tail -5 "$dir/quality-fitscore.log" >&2; exit 1; }
python3 - "$data/bench/quality-out/artifacts/2026-01-01/metrics.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
cv = m["cv"]
print(json.dumps({"tool": "fitscore", "recipe": m["trainer"]["name"] + " " + m["trainer"]["settings"],
                  "rows": m["rows"]["collected"] - m["rows"]["unlabelled"], "folds": len(cv["per_fold"]),
                  "r2_mean": round(cv["r2_mean"], 4), "r2_sd": round(cv["r2_sd"], 4), "rmse_mean": round(cv["rmse_mean"], 4),
                  "rmse_sd": round(cv["rmse_sd"], 4), "auto": [(c["name"], round(c["r2_mean"], 4)) for c in (m.get("model_selection") or {}).get("candidates", [])]}))
PY
# scikit-learn's side takes several minutes on 2 cores (25 folds of a 500-tree forest and two boostings).
[ -n "${BENCH_SKIP_SKLEARN:-}" ] || /usr/bin/python3 "$here/bench/course_cv.py" --pre "$src/pre_release.csv" --after "$src/after_release.csv"
