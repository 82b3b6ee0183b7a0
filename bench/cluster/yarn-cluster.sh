#!/usr/bin/env bash
# Runs the EMR step (docker/emr/daily-retrain-step-emr7.json for Spark 3.5, -emr8.json for 4.0) for real on a YARN
# cluster on this machine, as EMR's command-runner would: spark-submit --master yarn --deploy-mode cluster with the
# step's own arguments and settings (spark.yarn.appMasterEnv.*), the local test's S3 endpoint, bucket and jar path in
# place of the real ones, and a cluster-sized driver (1 GB, not the step's 4 GB). YARN is Hadoop's MiniYARNCluster
# (bench/cluster/yarn/: a ResourceManager and a NodeManager in one JVM on JDK 17); the Spark home is the line's, as
# bench/cluster/spark-cluster.sh builds it. Credentials reach the driver and the executors the way a role gives them
# on a cluster: FITSCORE_CREDENTIALS=default through the container credentials endpoint (docker/credentials-endpoint.py).
# Checks: the application ends SUCCEEDED, its results equal local[*] of the shipped build row for row, and the jar
# of another line ends FAILED with the line naming the right jar in the driver's log. On the 3.5 line it also runs
# what the EMR Serverless 7 request (docker/emr-serverless/) and the Glue 5 job (docker/glue/) start, on the same YARN
# in cluster mode (bench/cluster/yarn/submit_args.py says how each is read), and checks their rows too.
# Stops everything it starts.
#
#   SPARK_LINE=3.5 bench/cluster/yarn-cluster.sh [MOVIES]      (lines 3.5 and 4.0; default 3.5, 3000 movies)
# Needs: ./mvnw package (target/fitscore). Work folder: YARN_DIR (default /tmp/fitscore-yarn).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
movies=${1:-3000}
dir=${YARN_DIR:-/tmp/fitscore-yarn}
s3_port=${YARN_S3_PORT:-9793}
source "$here/bench/cluster/lines.sh"
line=${SPARK_LINE:-3.5}
case "$line" in
  3.5) step=emr7 other=4.0 ;;
  4.0) step=emr8 other=3.5 ;;
  *) echo "SPARK_LINE: '$line' has no EMR step here (3.5: EMR 7, 4.0: EMR 8)" >&2; exit 2 ;;
esac
line_versions "$line"
java17=${CLUSTER_JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
java17_home=$(dirname "$(dirname "$java17")")
app=$here/target/fitscore
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
jar=$(spark_jar "$line") || exit 1
other_jar=$(spark_jar "$other") || exit 1
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED)

# 1. The line's Spark home (with spark-yarn) and the YARN server's jars, from Maven.
export SPARK_HOME=$dir/spark-home-$line
mkdir -p "$dir"
spark_home "$line" "$SPARK_HOME" yarn || exit 1
if [ ! -d "$dir/yarn-jars" ] || [ "$here/bench/cluster/yarn/pom.xml" -nt "$dir/yarn-jars" ]; then
  rm -rf "$dir/yarn-jars"
  "$here/mvnw" -q -f "$here/bench/cluster/yarn/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$dir/yarn-jars"
fi
echo "Spark $spark_version (Scala $scala) on YARN (MiniYARNCluster, Hadoop 3.4.1), $("$java17" -version 2>&1 | head -1); jar $(basename "$jar")"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$here/bench/s3proxy.sh" stop "$dir/s3"
}
trap cleanup EXIT

# 2. YARN, S3Proxy with the inputs, and the role's credentials endpoint.
rm -rf "$dir/yarn" "$dir/conf" "$dir/logs" && mkdir -p "$dir/yarn" "$dir/logs"
(cd "$dir/yarn" && exec env JAVA_HOME="$java17_home" "$java17" "${opens[@]}" -Xmx1g -cp "$dir/yarn-jars/*" \
  "$here/bench/cluster/yarn/MiniYarn.java" "$dir/conf") > "$dir/logs/mini-yarn.log" 2>&1 &
pids+=($!)
rm -rf "$dir/s3" "$dir/in" && mkdir -p "$dir/s3/cluster"
"$app" sample --movies "$movies" --dir "$dir/in" > /dev/null
"$here/bench/s3proxy.sh" start "$dir/s3" "$s3_port" > /dev/null
for f in pre_release.csv after_release.csv; do "$here/bench/s3proxy.sh" put "$s3_port" "cluster/in/$f" "$dir/in/$f"; done
python3 "$here/docker/credentials-endpoint.py" fitscore-bench fitscore-bench-local-only yarn-token > "$dir/logs/creds.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$dir/logs/creds.log" ] && break; sleep 0.1; done
creds_port=$(head -1 "$dir/logs/creds.log")
for _ in $(seq 600); do grep -q "yarn ready" "$dir/logs/mini-yarn.log" && break; sleep 0.2; done
grep -q "yarn ready" "$dir/logs/mini-yarn.log" || { echo "YARN did not start; see $dir/logs/mini-yarn.log" >&2; exit 1; }
echo "YARN: $(grep "yarn ready" "$dir/logs/mini-yarn.log")"

# 3. The reference: local[*] with the shipped build, on the same inputs and run date.
run_date=$(date -u +%F)
env -i PATH="$PATH" HOME="$HOME" FITSCORE_INPUTS="s3://cluster/in/pre_release.csv,s3://cluster/in/after_release.csv" \
  FITSCORE_OUTPUT=s3://cluster/local/ FITSCORE_ARTIFACTS=s3://cluster/local-artifacts/ FITSCORE_OUTPUT_LAYOUT=dated \
  FITSCORE_RUN_DATE="$run_date" FITSCORE_S3_ENDPOINT="http://127.0.0.1:$s3_port" AWS_REGION=eu-west-1 \
  AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only FITSCORE_HEAP=2g \
  "$app" run > "$dir/logs/local.log" 2>&1 || { echo "the local[*] run failed; see $dir/logs/local.log" >&2; exit 1; }
echo "local: $(grep -m1 holdout "$dir/logs/local.log" | tr -s ' ')"

# 4. The EMR step's own spark-submit arguments, on YARN in cluster mode.
args_of() { # kind definition jar name: what the service runs, as spark-submit arguments (bench/cluster/yarn/submit_args.py)
  python3 "$here/bench/cluster/yarn/submit_args.py" "$1" "$2" "$3" "$4" "$s3_port" "$creds_port" "$dir/glue/glue-script.jar"
}
step_args() { args_of step "$here/docker/emr/daily-retrain-step-$step.json" "$@"; }
serverless_args() { args_of serverless "$here/docker/emr-serverless/daily-retrain-emr7.json" "$@"; }
glue_args() { args_of glue "$here/docker/glue/daily-retrain-job.json" "$@"; }
submit() { # jar name [args-maker]: spark-submit's exit code; its output in logs/NAME.log
  local args
  mapfile -t args < <("${3:-step_args}" "$1" "$2")
  env -i PATH="$PATH" HOME="$HOME" JAVA_HOME="$java17_home" SPARK_HOME="$SPARK_HOME" HADOOP_CONF_DIR="$dir/conf" \
    SPARK_LOCAL_IP=127.0.0.1 "$java17" -Xmx512m -cp "$SPARK_HOME/jars/*:$dir/conf" org.apache.spark.deploy.SparkSubmit \
    --conf "spark.yarn.jars=local:$SPARK_HOME/jars/*" "${args[@]}" > "$dir/logs/$2.log" 2>&1
}
driver_log() { # name: the driver's (the ApplicationMaster's) stdout and stderr
  local app_id
  app_id=$(grep -o "application_[0-9]*_[0-9]*" "$dir/logs/$1.log" | head -1)
  find "$dir/yarn" -path "*$app_id*" -path "*_000001*" \( -name stdout -o -name stderr \) -exec cat {} + 2>/dev/null
}
submit "$jar" yarn || { echo "the step failed on YARN; see $dir/logs/yarn.log, $dir/logs/mini-yarn.log and the driver's log:" >&2; driver_log yarn | grep -v "^\s*at " | tail -20 >&2; exit 1; }
grep -q "final status: SUCCEEDED" "$dir/logs/yarn.log" || { echo "the application did not end SUCCEEDED; see $dir/logs/yarn.log" >&2; exit 1; }
echo "yarn (cluster mode): final status SUCCEEDED; $(driver_log yarn | grep -m1 holdout | tr -s ' ')"
served=$(grep -c "served /good" "$dir/logs/creds.log" || true)
echo "credentials endpoint served $served requests"
[ "$served" -ge 2 ] || { echo "the role's credentials endpoint was asked $served times" >&2; exit 1; }

# 5. The other line's jar: FAILED, with the line that names this line's jar in the driver's log.
set +e
submit "$other_jar" wrong-line
code=$?
set -e
wrong=$(driver_log wrong-line | grep -m1 "fitscore: error:" || true)
echo "wrong-line ($(basename "$other_jar")): spark-submit exit $code, $(grep -o "final status: [A-Z]*" "$dir/logs/wrong-line.log" | tail -1); $wrong"
grep -q "final status: FAILED" "$dir/logs/wrong-line.log" || { echo "the wrong line's jar did not end FAILED" >&2; exit 1; }
echo "$wrong" | grep -q "submit fitscore-spark-${line}_${scala}-" || { echo "the driver's log does not name the $line jar" >&2; exit 1; }

# 6. On the 3.5 line, what the other services of that line run: the EMR Serverless 7 start-job-run request and the
#    Glue 5 job (its Scala script compiled as Glue compiles it, by Scala 2.12's compiler with the jar on the class path).
runs=(yarn)
if [ "$line" = 3.5 ]; then
  submit "$jar" serverless serverless_args || { echo "the EMR Serverless request failed on YARN; see $dir/logs/serverless.log" >&2; driver_log serverless | grep -v "^\s*at " | tail -20 >&2; exit 1; }
  grep -q "final status: SUCCEEDED" "$dir/logs/serverless.log" || { echo "the EMR Serverless run did not end SUCCEEDED; see $dir/logs/serverless.log" >&2; exit 1; }
  echo "EMR Serverless request (cluster mode): final status SUCCEEDED; $(driver_log serverless | grep -m1 holdout | tr -s ' ')"
  scalac=$dir/scala-2.12.18
  if [ ! -d "$scalac" ]; then
    for artifact in scala-compiler scala-reflect scala-library; do
      "$here/mvnw" -q dependency:copy -Dartifact="org.scala-lang:$artifact:2.12.18" -DoutputDirectory="$scalac" > /dev/null
    done
  fi
  rm -rf "$dir/glue" && mkdir -p "$dir/glue/classes"
  "$java17" -cp "$scalac/*" scala.tools.nsc.Main -usejavacp -cp "$jar" -d "$dir/glue/classes" "$here/docker/glue/FitscoreGlueJob.scala" \
    || { echo "docker/glue/FitscoreGlueJob.scala does not compile against $(basename "$jar")" >&2; exit 1; }
  "$java17_home/bin/jar" cf "$dir/glue/glue-script.jar" -C "$dir/glue/classes" .
  submit "$jar" glue glue_args || { echo "the Glue job failed on YARN; see $dir/logs/glue.log" >&2; driver_log glue | grep -v "^\s*at " | tail -20 >&2; exit 1; }
  grep -q "final status: SUCCEEDED" "$dir/logs/glue.log" || { echo "the Glue job did not end SUCCEEDED; see $dir/logs/glue.log" >&2; exit 1; }
  echo "Glue job (cluster mode): final status SUCCEEDED; $(driver_log glue | grep -m1 holdout | tr -s ' ')"
  runs+=(serverless glue)
fi

# 7. The same rows as local[*].
python3 - "$dir/s3/cluster" "$run_date" "${runs[@]}" <<'PY'
import glob, json, sys
root, run_date, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
def rows(folder):
    out = []
    for f in sorted(glob.glob(f"{folder}/run_date={run_date}/part-*.json")):
        out += [json.loads(l) for l in open(f) if l.strip()]
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True))
a = rows(f"{root}/local")
failed = False
for run in runs:
    b = rows(f"{root}/{run}")
    assert a and len(a) == len(b), f"row counts differ: local {len(a)}, {run} {len(b)}"
    diff = sum(1 for x, y in zip(a, b) if x != y)
    print(f"local[*] and {run} results: {len(a)} rows each, {diff} differ")
    failed |= diff > 0
sys.exit(1 if failed else 0)
PY
echo "yarn check passed (Spark $spark_version, Scala $scala)"
