#!/usr/bin/env bash
# Runs fitscore's jobs (run, reduce, recommend) on a real Spark standalone cluster on this machine and checks each
# gets the same results as local[*]: a master and two workers, each its own JVM on 127.0.0.1, Spark's jars from Maven
# (bench/cluster/pom.xml), inputs and outputs on a local S3Proxy. Then `run` once more through spark-submit with the
# spark-submit packaging (target/spark-submit/fitscore-<version>-spark.jar; Spark, Hadoop and the AWS SDK from the
# cluster), in client and in cluster deploy mode. Stops everything it starts, by PID.
#
#   bench/cluster/spark-cluster.sh [MOVIES]     (default 3000 generated movies)
# Needs: ./mvnw package (target/fitscore, the launcher); builds the spark-submit jar (./mvnw package -Pspark-submit) when it is
# missing. Work folder: CLUSTER_DIR (default /tmp/fitscore-cluster).
# Exit 0 only when every run succeeds, the executors did the scoring, and the results are identical.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
movies=${1:-3000}
dir=${CLUSTER_DIR:-/tmp/fitscore-cluster}
master_port=${CLUSTER_MASTER_PORT:-7177} s3_port=${CLUSTER_S3_PORT:-9791}
app=$here/target/fitscore
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
submit_jar=$(ls "$here"/target/spark-submit/fitscore-*-spark.jar 2>/dev/null | head -1 || true)
if [ -z "$submit_jar" ]; then
  "$here/mvnw" -q -B -f "$here/pom.xml" package -Pspark-submit -DskipTests > "${TMPDIR:-/tmp}/fitscore-spark-jar-build.log" 2>&1 \
    || { tail -20 "${TMPDIR:-/tmp}/fitscore-spark-jar-build.log" >&2; exit 1; }
  submit_jar=$(ls "$here"/target/spark-submit/fitscore-*-spark.jar | head -1)
fi
export SPARK_HOME=$dir/spark-home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

# 1. A Spark home: what the cluster provides (Spark, hadoop-aws, the AWS SDK's S3 modules), from Maven.
if [ ! -f "$SPARK_HOME/RELEASE" ] || [ "$here/bench/cluster/pom.xml" -nt "$SPARK_HOME/RELEASE" ]; then
  rm -rf "$SPARK_HOME" && mkdir -p "$SPARK_HOME/jars"
  "$here/mvnw" -q -f "$here/bench/cluster/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$SPARK_HOME/jars"
  echo "Spark 4.2.0 (jars from Maven Central for fitscore's cluster check)" > "$SPARK_HOME/RELEASE"
fi
echo "Spark home: $(ls "$SPARK_HOME/jars" | wc -l) jars"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  "$here/bench/s3proxy.sh" stop "$dir/s3"
}
trap cleanup EXIT
await_port() {
  for _ in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "nothing listens on 127.0.0.1:$1; see $2" >&2; exit 1
}

# 2. The cluster: a master and two workers (1 core, 1500 MB each), separate JVMs.
rm -rf "$dir/work" "$dir/logs" && mkdir -p "$dir/logs"
java "${opens[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port $((master_port + 1)) > "$dir/logs/master.log" 2>&1 &
pids+=($!)
await_port "$master_port" "$dir/logs/master.log"
for w in 1 2; do
  java "${opens[@]}" -Xmx256m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 1500m --work-dir "$dir/work/worker-$w" --webui-port $((master_port + 10 + w)) \
    "spark://127.0.0.1:$master_port" > "$dir/logs/worker-$w.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 150); do [ "$(grep -c 'Registering worker' "$dir/logs/master.log" || true)" -ge 2 ] && break; sleep 0.2; done
grep -c 'Registering worker' "$dir/logs/master.log" | grep -q 2 || { echo "workers did not register; see $dir/logs" >&2; exit 1; }
echo "master spark://127.0.0.1:$master_port with 2 workers (PIDs ${pids[*]})"

# 3. Inputs on a local S3Proxy.
rm -rf "$dir/s3" "$dir/in" && mkdir -p "$dir/s3/cluster"
"$app" sample --movies "$movies" --dir "$dir/in" > /dev/null
"$app" sample --kind lowrank --rows 20000 --dir "$dir/in" > /dev/null
"$app" sample --kind orders --rows 20000 --dir "$dir/in" > /dev/null
"$here/bench/s3proxy.sh" start "$dir/s3" "$s3_port" > /dev/null
for f in pre_release.csv after_release.csv lowrank.csv orders.csv; do "$here/bench/s3proxy.sh" put "$s3_port" "cluster/in/$f" "$dir/in/$f"; done

# 4. The same job twice: local[*], then on the cluster. The executors get the spark-submit jar (fitscore's classes
#    with Tribuo, OLCUT, protobuf and XGBoost's xgboost4j, which scores the default model in batches) through
#    spark.jars; Spark, Hadoop and the AWS SDK are the cluster's own.
executor_jars=$submit_jar
run_job() { # job name master [java options...]
  local job=$1 name=$2 master=$3; shift 3
  local inputs="s3://cluster/in/pre_release.csv,s3://cluster/in/after_release.csv" summary=holdout
  [ "$job" = reduce ] && inputs="s3://cluster/in/lowrank.csv" summary=component
  [ "$job" = recommend ] && inputs="s3://cluster/in/orders.csv" summary="precision@k ALS"
  env -i PATH="$PATH" HOME="$HOME" \
    FITSCORE_INPUTS="$inputs" FITSCORE_JOIN_KEY=$([ "$job" = reduce ] && echo id || echo movie_title) \
    FITSCORE_OUTPUT="s3://cluster/$name/results/" FITSCORE_ARTIFACTS="s3://cluster/$name/artifacts/" \
    FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$s3_port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only \
    FITSCORE_SPARK_MASTER="$master" FITSCORE_TRAINER_TREES=100 \
    FITSCORE_HEAP=2g FITSCORE_JAVA_OPTS="$*" "$app" "$job" > "$dir/logs/$name.log" 2>&1 \
    || { echo "the $name run failed; see $dir/logs/$name.log" >&2; tail -5 "$dir/logs/$name.log" >&2; exit 1; }
  echo "$name: $(grep -m1 "$summary" "$dir/logs/$name.log" | tr -s ' ')"
}
on_cluster=('-Dfitscore.spark.conf."spark.jars"='"$executor_jars"
  '-Dfitscore.spark.conf."spark.driver.host"=127.0.0.1' '-Dfitscore.spark.conf."spark.driver.bindAddress"=127.0.0.1'
  '-Dfitscore.spark.conf."spark.executor.memory"=1g' '-Dfitscore.spark.conf."spark.cores.max"=2')
run_job run local 'local[*]'
run_job run cluster "spark://127.0.0.1:$master_port" "${on_cluster[@]}"
run_job reduce reduce-local 'local[*]'
run_job reduce reduce-cluster "spark://127.0.0.1:$master_port" "${on_cluster[@]}"
# recommend tunes ALS within a time budget, which the cluster's slower fits could spend on fewer candidates: an
# unbounded budget makes both runs choose by the same validation scores.
run_job recommend recommend-local 'local[*]' -Dfitscore.recommend.tune-budget-seconds=100000
run_job recommend recommend-cluster "spark://127.0.0.1:$master_port" "${on_cluster[@]}" \
  -Dfitscore.recommend.checkpoint-dir=s3://cluster/checkpoints/ -Dfitscore.recommend.tune-budget-seconds=100000

# 5. spark-submit with the spark-submit jar: spark-submit's own class (what Spark's bin/spark-submit runs; this
#    Spark home comes from Maven, without the scripts), the job's settings from the environment as on a cluster's
#    edge node. In cluster mode the driver runs on a worker (its log in the worker's driver-* folder) and
#    spark-submit waits for it; standalone's spark-submit exits 0 either way, so the driver's state is checked.
submit_job() { # deploy-mode name
  local mode=$1 name=$2 log=$dir/logs/$2.log
  env -i PATH="$PATH" HOME="$HOME" SPARK_HOME="$SPARK_HOME" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 \
    FITSCORE_INPUTS="s3://cluster/in/pre_release.csv,s3://cluster/in/after_release.csv" FITSCORE_JOIN_KEY=movie_title \
    FITSCORE_OUTPUT="s3://cluster/$name/results/" FITSCORE_ARTIFACTS="s3://cluster/$name/artifacts/" \
    FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$s3_port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only FITSCORE_TRAINER_TREES=100 \
    java "${opens[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
      --master "spark://127.0.0.1:$master_port" --deploy-mode "$mode" --class io.quarkus.runner.GeneratedMain \
      --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.memory=1g \
      --conf "spark.driver.extraJavaOptions=${opens[*]}" --conf spark.executor.memory=1g --conf spark.cores.max=2 \
      --conf spark.standalone.submit.waitAppCompletion=true "$submit_jar" run > "$log" 2>&1 \
    || { echo "spark-submit ($mode) failed; see $log" >&2; tail -5 "$log" >&2; exit 1; }
  if [ "$mode" = cluster ]; then
    grep -q "is FINISHED" "$log" || { echo "the $mode-mode driver did not finish; see $log and $dir/work/*/driver-*" >&2; exit 1; }
    cat "$dir"/work/worker-*/driver-*/stdout >> "$log"
  fi
  echo "$name: $(grep -m1 holdout "$log" | tr -s ' ')"
}
submit_job client submit-client
submit_job cluster submit-cluster

# 6. Same results (run: identical; reduce: equal to 1e-9, as sums over other partitions round differently;
#    recommend: the same customers, and at least 95% of their recommended items the same, as ALS's float
#    sums may round differently and reorder near-ties),
#    and proof that the executors (not the driver) did the work: their task logs exist.
python3 - "$dir/s3/cluster" <<'PY'
import glob, json, sys
def rows(folder):
    out = []
    for f in sorted(glob.glob(folder + "/part-*.json")):
        out += [json.loads(l) for l in open(f) if l.strip()]
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True) if "id" not in r else r["id"])
def close(x, y):
    return x.keys() == y.keys() and all(x[k] == y[k] or isinstance(x[k], float) and abs(x[k] - y[k]) <= 1e-9 * max(1, abs(x[k])) for k in x)
failed = False
for job, other, exact in (("", "cluster", True), ("", "submit-client", True), ("", "submit-cluster", True), ("reduce-", "reduce-cluster", False)):
    a, b = rows(f"{sys.argv[1]}/{job}local/results"), rows(f"{sys.argv[1]}/{other}/results")
    assert a and len(a) == len(b), f"{job or 'run '}row counts differ: local {len(a)}, {other} {len(b)}"
    diff = sum(1 for x, y in zip(a, b) if (x != y if exact else not close(x, y)))
    print(f"{job or 'run-'}local[*] and {other} results: {len(a)} rows each, {diff} differ")
    failed |= diff > 0
a, b = rows(f"{sys.argv[1]}/recommend-local/results"), rows(f"{sys.argv[1]}/recommend-cluster/results")
by_user = lambda rs: {json.dumps(r["user"]): {x["item"] for x in r["recommendations"]} for r in rs}
la, lb = by_user(a), by_user(b)
same = sum(len(la[u] & lb.get(u, set())) for u in la) / max(1, sum(len(v) for v in la.values()))
print(f"recommend-local[*] and cluster results: {len(la)} and {len(lb)} customers, {same:.3f} of recommended items the same")
failed |= la.keys() != lb.keys() or same < 0.95
sys.exit(1 if failed else 0)
PY
executors=$(find "$dir/work" -path '*/app-*/*' -name stderr | wc -l)
echo "executor logs on the workers: $executors"
[ "$executors" -ge 8 ] || { echo "the cluster runs used fewer executors than expected (2 each, 1 with a driver on a worker)" >&2; exit 1; }
grep -h "Finished task" "$dir"/work/worker-*/app-*/*/stderr 2>/dev/null | wc -l | xargs echo "tasks finished on executors:"
echo "cluster check passed"
