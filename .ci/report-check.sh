#!/usr/bin/env bash
# Opens the reports of a real run, an elastic-net run of the course data, reduce (on generated images) and
# recommend, and the trend page of
# fitscore runs over two run dates, in headless Chromium and
# checks that every chart was drawn: the page's script marks data-charts-drawn with the count it drew,
# which must equal the charts the page carries, with a canvas per chart; a screenshot of each page is
# kept for a person to look at. Jobs run on local files (no S3 needed); Spark runs in local[*].
#
#   .ci/report-check.sh [WORK_DIR]      (default /tmp/fitscore-report-check)
# Needs: ./mvnw package (target/fitscore, the launcher) and chromium (Debian package; CI installs it).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/tmp/fitscore-report-check}
app=$here/target/fitscore
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium)" >&2; exit 2; }
rm -rf "$dir" && mkdir -p "$dir"
job() { # name command [KEY=VALUE...] -- arguments...
  local name=$1 cmd=$2; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  env -i PATH="$PATH" HOME="$HOME" FITSCORE_OUTPUT="file://$dir/$name/out/" FITSCORE_ARTIFACTS="file://$dir/$name/art/" \
    FITSCORE_RUN_DATE=2026-12-01 "${envs[@]}" "$app" "$cmd" "$@" > "$dir/$name.log" 2>&1 \
    || { echo "the $name job failed; see $dir/$name.log" >&2; tail -3 "$dir/$name.log" >&2; exit 1; }
}
"$app" sample --movies 1500 --dir "$dir/movies" > /dev/null
"$app" sample --kind shapes --images 40 --dir "$dir/images" > /dev/null
"$app" sample --kind orders --rows 20000 --dir "$dir/orders" > /dev/null
job run run FITSCORE_INPUTS="file://$dir/movies/pre_release.csv,file://$dir/movies/after_release.csv" FITSCORE_CV_FOLDS=3 --
job reduce reduce FITSCORE_REDUCE_SOURCE=images FITSCORE_REDUCE_COMPONENTS=3 FITSCORE_INPUTS="file://$dir/images/shapes/" \
  FITSCORE_JOIN_KEY= --
job recommend recommend FITSCORE_INPUTS="file://$dir/orders/orders.csv" --

# The course's real data (from ../shared, when it is there) with the elastic net: its importance chart shows each
# input column's mean |contribution|, and never the intercept (BIAS); the generated movies stand in when the data is absent.
course=$here/../shared/data/vlerick
[ -f "$course/pre_release.csv" ] || course=$dir/movies
job linear run FITSCORE_INPUTS="file://$course/pre_release.csv,file://$course/after_release.csv" FITSCORE_TRAINER_TYPE=elastic-net --

# A second run date, then the trend page over both.
job run2 run FITSCORE_INPUTS="file://$dir/movies/pre_release.csv,file://$dir/movies/after_release.csv" \
  FITSCORE_ARTIFACTS="file://$dir/run/art/" FITSCORE_RUN_DATE=2026-12-02 FITSCORE_TRAINER_TYPE=xgboost --
env -i PATH="$PATH" HOME="$HOME" "$app" runs --artifacts "file://$dir/run/art/" > "$dir/runs.log" 2>&1 \
  || { echo "fitscore runs failed; see $dir/runs.log" >&2; exit 1; }

failed=0
for name in run linear reduce recommend trend; do
  page=$dir/$name/art/2026-12-01/report.html
  [ $name = trend ] && page=$dir/run/art/trend.html
  expected=$(python3 -c 'import json,re,sys; h=open(sys.argv[1]).read(); m=re.search(r"id=\"fitscore-charts\">(.*?)</script>", h, re.S); print(len(json.loads(m.group(1))))' "$page")
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=5000 --dump-dom "file://$page" \
    2>/dev/null > "$dir/$name.dom.html"
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=5000 --window-size=1250,2400 \
    --screenshot="$dir/$name.png" "file://$page" > /dev/null 2>&1
  drawn=$(grep -o 'data-charts-drawn="[0-9]*"' "$dir/$name.dom.html" | grep -o '[0-9]*' || echo 0)
  canvases=$(grep -o '<canvas' "$dir/$name.dom.html" | wc -l)
  echo "$name: $expected charts in the page, $drawn drawn, $canvases canvases; screenshot $dir/$name.png ($(stat -c %s "$dir/$name.png") bytes)"
  [ "$drawn" = "$expected" ] && [ "$canvases" -ge "$expected" ] && [ "$expected" -ge 2 ] || failed=1
done
# The linear run's importance chart: the mean |contribution| of each input column over the holdout (a column's
# one-hot levels under its name), never the intercept (BIAS).
python3 - "$dir/linear/art/2026-12-01/report.html" <<'PY' || failed=1
import json, re, sys
page = open(sys.argv[1]).read()
charts = json.loads(re.search(r'id="fitscore-charts">(.*?)</script>', page, re.S).group(1))
bars = [c for c in charts if str(c.get("title", "")).startswith("What the predictions lean on")]
assert bars, "the elastic-net report has no chart of what the predictions lean on"
names = bars[0]["categories"]
print(f"linear: importance chart '{bars[0]['title']}', {len(names)} columns, first {names[:3]}")
assert "BIAS" not in names, f"the importance chart shows the intercept: {names}"
assert not [n for n in names if re.search(r"[=:@#]", n)], f"features not reported under their input columns: {names}"
assert "training mean" in bars[0]["title"], bars[0]["title"]
PY
[ $failed = 0 ] && echo "report check passed" || { echo "report check failed" >&2; exit 1; }
