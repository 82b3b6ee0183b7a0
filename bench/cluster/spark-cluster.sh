#!/usr/bin/env bash
# Runs fitscore's jobs (run, reduce, recommend) on a real Spark standalone cluster of one Spark line on this machine
# and checks each gets the same results as local[*] of the shipped build: a master and two workers, each its own JVM
# on 127.0.0.1 on JDK 17 (what managed Spark runs), the line's Spark and Hadoop jars from Maven (bench/cluster/pom.xml),
# inputs and outputs on a local S3Proxy. The jobs go through spark-submit with the line's spark-submit jar
# (target/spark-<line>/fitscore-spark-<line>_<scala>-<version>.jar; Spark, Hadoop and the AWS SDK from the cluster):
# run in client and in cluster deploy mode, reduce and recommend in client mode. On the shipped line (4.2) the
# launcher's own driver also runs each job against the cluster. Then the jar of another line is submitted to this
# cluster and must stop at once with exit 3 and a line naming the right jar. Stops everything it starts, by PID.
#
#   bench/cluster/spark-cluster.sh [MOVIES]     (default 3000 generated movies)
#   SPARK_LINE=3.5 bench/cluster/spark-cluster.sh   (lines: 3.5 on Scala 2.12; 4.0, 4.1, 4.2 on Scala 2.13)
# Needs: ./mvnw package (target/fitscore, the launcher); builds the line's spark-submit jar (./mvnw package
# -Pspark-submit,spark-<line>) when it is missing. JDK 17: CLUSTER_JAVA, else /usr/lib/jvm/java-17-openjdk-amd64.
# Work folder: CLUSTER_DIR (default /tmp/fitscore-cluster).
# Exit 0 only when every run succeeds, the executors did the work, and the results are the same.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
movies=${1:-3000}
dir=${CLUSTER_DIR:-/tmp/fitscore-cluster}
master_port=${CLUSTER_MASTER_PORT:-7177} s3_port=${CLUSTER_S3_PORT:-9791}
app=$here/target/fitscore
[ -f "$app" ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
source "$here/bench/cluster/lines.sh"
line=${SPARK_LINE:-4.2}
line_versions "$line" || { echo "SPARK_LINE: '$line' is not 3.5, 4.0, 4.1 or 4.2" >&2; exit 2; }
java17=${CLUSTER_JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}
[ -x "$java17" ] || { echo "no JDK 17 at $java17 (set CLUSTER_JAVA)" >&2; exit 2; }
submit_jar=$(spark_jar "$line") || exit 1
echo "Spark $spark_version (Scala $scala, Hadoop $hadoop_version) on $("$java17" -version 2>&1 | head -1); jar $(basename "$submit_jar")"
export SPARK_HOME=$dir/spark-home-$line SPARK_SCALA_VERSION=$scala SPARK_LOCAL_IP=127.0.0.1
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)

# 1. A Spark home: what the cluster provides (Spark, hadoop-aws, the AWS SDK's S3 modules), from Maven.
spark_home "$line" "$SPARK_HOME" || exit 1
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
"$java17" "${opens[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port $((master_port + 1)) > "$dir/logs/master.log" 2>&1 &
pids+=($!)
await_port "$master_port" "$dir/logs/master.log"
for w in 1 2; do
  JAVA_HOME=$(dirname "$(dirname "$java17")") "$java17" "${opens[@]}" -Xmx256m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
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

# 4. Each job in local[*] with the shipped build (the reference); on the shipped line also with the launcher's own
#    driver against the cluster, whose executors get the spark-submit jar (fitscore's classes with Tribuo, OLCUT,
#    protobuf and XGBoost's xgboost4j, which scores the default model in batches) through spark.jars; Spark, Hadoop
#    and the AWS SDK are the cluster's own.
job_settings() { # job name: the job's environment, as on a cluster's edge node
  local job=$1 name=$2 inputs="s3://cluster/in/pre_release.csv,s3://cluster/in/after_release.csv"
  [ "$job" = reduce ] && inputs="s3://cluster/in/lowrank.csv"
  [ "$job" = recommend ] && inputs="s3://cluster/in/orders.csv"
  echo FITSCORE_INPUTS="$inputs" FITSCORE_JOIN_KEY=$([ "$job" = reduce ] && echo id || echo movie_title) \
    FITSCORE_OUTPUT="s3://cluster/$name/results/" FITSCORE_ARTIFACTS="s3://cluster/$name/artifacts/" \
    FITSCORE_RUN_DATE=2026-01-01 FITSCORE_S3_ENDPOINT="http://127.0.0.1:$s3_port" AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=fitscore-bench AWS_SECRET_ACCESS_KEY=fitscore-bench-local-only FITSCORE_TRAINER_TREES=100 \
    FITSCORE_RECOMMEND_RANK=10 FITSCORE_RECOMMEND_REGULARIZATION=0.1 FITSCORE_RECOMMEND_ALPHA=1 FITSCORE_RECOMMEND_CONFIDENCE=log
}
summary_of() { case "$1" in reduce) echo component ;; recommend) echo "precision@k ALS" ;; *) echo holdout ;; esac; }
run_job() { # job name master [java options...]
  local job=$1 name=$2 master=$3; shift 3
  # shellcheck disable=SC2046 # job_settings prints NAME=value words without spaces
  env -i PATH="$PATH" HOME="$HOME" $(job_settings "$job" "$name") FITSCORE_SPARK_MASTER="$master" \
    FITSCORE_HEAP=2g FITSCORE_JAVA_OPTS="$*" "$app" "$job" > "$dir/logs/$name.log" 2>&1 \
    || { echo "the $name run failed; see $dir/logs/$name.log" >&2; tail -5 "$dir/logs/$name.log" >&2; exit 1; }
  echo "$name: $(grep -m1 "$(summary_of "$job")" "$dir/logs/$name.log" | tr -s ' ')"
}
on_cluster=('-Dfitscore.spark.conf."spark.jars"='"$submit_jar"
  '-Dfitscore.spark.conf."spark.driver.host"=127.0.0.1' '-Dfitscore.spark.conf."spark.driver.bindAddress"=127.0.0.1'
  '-Dfitscore.spark.conf."spark.executor.memory"=1g' '-Dfitscore.spark.conf."spark.cores.max"=2')
# recommend runs with its ALS settings given (in job_settings), not tuned: tuning within a time budget could try
# fewer candidates on the cluster's slower fits, and the cluster is here to show the same fit gives the same items.
for job in run reduce recommend; do
  run_job "$job" "$job-local" 'local[*]'
done
if [ "$line" = 4.2 ]; then
  run_job run run-cluster "spark://127.0.0.1:$master_port" "${on_cluster[@]}"
  run_job reduce reduce-cluster "spark://127.0.0.1:$master_port" "${on_cluster[@]}"
  run_job recommend recommend-cluster "spark://127.0.0.1:$master_port" "${on_cluster[@]}" \
    -Dfitscore.recommend.checkpoint-dir=s3://cluster/checkpoints/
fi

# 5. spark-submit with the line's spark-submit jar: spark-submit's own class (what Spark's bin/spark-submit runs; this
#    Spark home comes from Maven, without the scripts), the job's settings from the environment. In cluster mode the
#    driver runs on a worker (its log in the worker's driver-* folder) and spark-submit waits for it; standalone's
#    spark-submit exits 0 either way, so the driver's state is checked.
submit() { # jar job deploy-mode name: spark-submit's exit code; its output in logs/NAME.log
  local jar=$1 job=$2 mode=$3 name=$4
  # shellcheck disable=SC2046
  env -i PATH="$PATH" HOME="$HOME" SPARK_HOME="$SPARK_HOME" SPARK_SCALA_VERSION="$scala" SPARK_LOCAL_IP=127.0.0.1 \
    JAVA_HOME="$(dirname "$(dirname "$java17")")" $(job_settings "$job" "$name") \
    FITSCORE_RECOMMEND_CHECKPOINT_DIR=s3://cluster/checkpoints/ \
    "$java17" "${opens[@]}" -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.SparkSubmit \
      --master "spark://127.0.0.1:$master_port" --deploy-mode "$mode" --class io.fitscore.SparkSubmitMain \
      --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.driver.memory=1g \
      --conf "spark.driver.extraJavaOptions=${opens[*]}" --conf spark.executor.memory=1g --conf spark.cores.max=2 \
      --conf spark.standalone.submit.waitAppCompletion=true "$jar" "$job" > "$dir/logs/$name.log" 2>&1
}
submit_job() { # job deploy-mode name
  local job=$1 mode=$2 name=$3 log=$dir/logs/$3.log
  submit "$submit_jar" "$job" "$mode" "$name" || { echo "spark-submit $job ($mode) failed; see $log" >&2; tail -5 "$log" >&2; exit 1; }
  if [ "$mode" = cluster ]; then
    grep -q "is FINISHED" "$log" || { echo "the $mode-mode driver did not finish; see $log and $dir/work/*/driver-*" >&2; exit 1; }
    cat "$dir"/work/worker-*/driver-*/stdout >> "$log"
  fi
  echo "$name: $(grep -m1 "$(summary_of "$job")" "$log" | tr -s ' ')"
}
submit_job run client run-submit-client
submit_job run cluster run-submit-cluster
submit_job reduce client reduce-submit-client
submit_job recommend client recommend-submit-client

# The jar of another line, submitted to this cluster: exit 3 and one line that names this line's jar, before any
# Spark work (client mode: spark-submit's exit code is the driver's).
other=$([ "$line" = 3.5 ] && echo 4.0 || echo 3.5)
other_jar=$(spark_jar "$other") || exit 1
set +e
submit "$other_jar" run client wrong-line
code=$?
set -e
wrong=$(grep -m1 "fitscore: error:" "$dir/logs/wrong-line.log" || true)
echo "wrong-line ($(basename "$other_jar") on Spark $spark_version): exit $code: $wrong"
[ "$code" = 3 ] || { echo "the $other jar on the $line cluster exited $code, not 3; see $dir/logs/wrong-line.log" >&2; exit 1; }
echo "$wrong" | grep -q "fitscore-spark-${line}_${scala}-" || { echo "the wrong-line message does not name the $line jar" >&2; exit 1; }

# 6. Same results as local[*] of the shipped build (run: identical; reduce: equal to 1e-9, as sums over other
#    partitions round differently; recommend: the same customers, and at least 95% of their recommended items the
#    same, as ALS's float sums may round differently and reorder near-ties), and proof that the executors (not the
#    driver) did the work: their task logs exist.
python3 - "$dir/s3/cluster" "$line" <<'PY'
import glob, json, sys
root, line = sys.argv[1], sys.argv[2]
def rows(folder):
    out = []
    for f in sorted(glob.glob(folder + "/part-*.json")):
        out += [json.loads(l) for l in open(f) if l.strip()]
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True) if "id" not in r else r["id"])
def close(x, y):
    return x.keys() == y.keys() and all(x[k] == y[k] or isinstance(x[k], float) and abs(x[k] - y[k]) <= 1e-9 * max(1, abs(x[k])) for k in x)
failed = False
others = {"run": ["run-submit-client", "run-submit-cluster"], "reduce": ["reduce-submit-client"], "recommend": ["recommend-submit-client"]}
if line == "4.2":
    for job in others:
        others[job].append(job + "-cluster")
for job in ("run", "reduce"):
    for other in others[job]:
        a, b = rows(f"{root}/{job}-local/results"), rows(f"{root}/{other}/results")
        assert a and len(a) == len(b), f"{job} row counts differ: local {len(a)}, {other} {len(b)}"
        diff = sum(1 for x, y in zip(a, b) if (x != y if job == "run" else not close(x, y)))
        print(f"{job} local[*] and {other} results: {len(a)} rows each, {diff} differ")
        failed |= diff > 0
by_user = lambda rs: {json.dumps(r["user"]): {x["item"] for x in r["recommendations"]} for r in rs}
la = by_user(rows(f"{root}/recommend-local/results"))
for other in others["recommend"]:
    lb = by_user(rows(f"{root}/{other}/results"))
    same = sum(len(la[u] & lb.get(u, set())) for u in la) / max(1, sum(len(v) for v in la.values()))
    print(f"recommend local[*] and {other} results: {len(la)} and {len(lb)} customers, {same:.3f} of recommended items the same")
    failed |= la.keys() != lb.keys() or same < 0.95
sys.exit(1 if failed else 0)
PY
executors=$(find "$dir/work" -path '*/app-*/*' -name stderr | wc -l)
echo "executor logs on the workers: $executors"
expected=$([ "$line" = 4.2 ] && echo 8 || echo 5) # 2 a run, 1 when the driver takes a worker's core; the wrong-line run none
[ "$executors" -ge "$expected" ] || { echo "the cluster runs used fewer executors than expected ($expected)" >&2; exit 1; }
grep -h "Finished task" "$dir"/work/worker-*/app-*/*/stderr 2>/dev/null | wc -l | xargs echo "tasks finished on executors:"
echo "cluster check passed (Spark $spark_version, Scala $scala)"
