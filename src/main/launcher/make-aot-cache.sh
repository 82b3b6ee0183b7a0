#!/usr/bin/env bash
# Makes fitscore's AOT cache (JDK 24+; JEP 483/514/515) beside the launcher: one training run of the course job's
# shape, `fitscore run` through s3a and the AWS SDK against the embedded S3 server (S3Proxy on 127.0.0.1, seeded with
# generated movies), so that the classes, links and method profiles of the S3, Spark and training paths are in it.
# The cache only serves the JVM and the jar that made it, so it is made by the JVM that will run it: `./mvnw package`
# calls this for target/, the image build for /deployments/.
#
#   make-aot-cache.sh APP_DIR S3PROXY_JAR
# APP_DIR holds fitscore (the launcher), fitscore.jar and fitscore.jvm (the JVM to use). Writes APP_DIR/fitscore.aot;
# with a JVM older than 24 it removes any old cache and makes none (the launcher then runs without one).
set -euo pipefail
app=$(cd "$1" && pwd) s3proxy=$2
java=$(< "$app/fitscore.jvm")
release=$(dirname "$(dirname "$(readlink -f "$java")")")/release
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release" 2>/dev/null || true)
rm -f "$app/fitscore.aot"
if [ "${feature:-0}" -lt 24 ]; then
  echo "fitscore: no AOT cache made: $java is JDK ${feature:-of unknown version}, the cache needs 24 or later (the launcher runs without it)"
  exit 0
fi
[ -f "$s3proxy" ] || { echo "make-aot-cache.sh: no S3Proxy jar at $s3proxy" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A free loopback port for the embedded server (bash's /dev/tcp: a refused connection means nothing listens).
port=
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "make-aot-cache.sh: no free port on 127.0.0.1" >&2; exit 1; }

start=$(date +%s)
# The training run goes through the launcher, so its JVM options are those of every later run; with both
# compilers, so that the method profiles in the cache serve the runs that restart with them (the quick start
# maps the same cache). Its credentials are
# the embedded server's own (not AWS keys); the spark-local settings keep a build container without a resolvable
# host name working.
if ! env -i PATH="$PATH" HOME="${HOME:-$work}" LANG=C.UTF-8 HADOOP_USER_NAME=fitscore SPARK_USER=fitscore \
    SPARK_LOCAL_HOSTNAME=localhost SPARK_LOCAL_IP=127.0.0.1 FITSCORE_HEAP="${FITSCORE_HEAP:-2g}" FITSCORE_JIT=full \
    FITSCORE_JAVA_OPTS="-XX:AOTCacheOutput=$app/fitscore.aot -Djava.io.tmpdir=$work" \
    FITSCORE_EMBEDDED_S3_ENABLED=true FITSCORE_EMBEDDED_S3_JAR="$s3proxy" FITSCORE_EMBEDDED_S3_PORT="$port" \
    FITSCORE_S3_ENDPOINT="http://127.0.0.1:$port" FITSCORE_CREDENTIALS=static AWS_REGION=us-east-1 \
    FITSCORE_AWS_ACCESS_KEY_ID=fitscore-aot FITSCORE_AWS_SECRET_ACCESS_KEY=fitscore-aot-local-only \
    FITSCORE_INPUTS=s3://fitscore-aot/movies/pre_release.csv,s3://fitscore-aot/movies/after_release.csv \
    FITSCORE_OUTPUT=s3://fitscore-aot/results/ FITSCORE_ARTIFACTS=s3://fitscore-aot/artifacts/ FITSCORE_RUN_DATE=2026-01-01 \
    "$app/fitscore" run > "$work/training.log" 2>&1; then
  grep -v "\[aot\]\|\[cds\]" "$work/training.log" | tail -20 >&2
  echo "make-aot-cache.sh: the training run failed (log above); no AOT cache made" >&2
  rm -f "$app/fitscore.aot"
  exit 1
fi
[ -s "$app/fitscore.aot" ] || { tail -5 "$work/training.log" >&2; echo "make-aot-cache.sh: the JVM wrote no cache" >&2; exit 1; }
echo "fitscore: AOT cache $app/fitscore.aot ($(du -m "$app/fitscore.aot" | cut -f1) MB) made by $java in $(( $(date +%s) - start )) s"
