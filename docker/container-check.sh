#!/usr/bin/env bash
# Builds the fitscore image and runs the container for real against S3Proxy on 127.0.0.1:
#   1. with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the environment         -> exit 0, results on S3
#   2. with only AWS_CONTAINER_CREDENTIALS_FULL_URI (the AWS Batch/ECS way)        -> exit 0, results on S3
#   3. with the container endpoint serving a wrong secret                          -> exit 4 (credentials)
# checks that the launcher gives the JVM 75% of a container's memory limit as its heap, that the AOT cache made in the
# build is used by the image's JVM, then that no credential is in the image (config, history, every layer) or in the job's output.
# Needs: podman, runc, debootstrap (apt-get install podman runc debootstrap), python3, curl, a JDK 25 (./mvnw package with it).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
source "$here/podman-env.sh"
image=localhost/fitscore:check
bucket=fitscore-container
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "container-check: FAILED: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

[ -f target/fitscore.jar ] || ./mvnw -B -q package -DskipTests
[ -f target/s3proxy/s3proxy.jar ] || ./mvnw -B -q initialize
bash "$here/base-image.sh"
t0=$(now)
podman build --network=host --pull=never --build-arg BASE_IMAGE=localhost/jre25-bookworm:local \
  -f docker/Dockerfile.jvm -t "$image" . > "$work/build.log" 2>&1 || { tail -20 "$work/build.log"; fail "image build"; }
build_s=$(elapsed "$t0")

# The heap the launcher gives the image's JVM under a container memory limit: 75% of it, as the JVM itself reports it.
heap_mib=$(podman run --rm --memory 6g -e FITSCORE_JAVA_OPTS=-Xlog:gc+init "$image" --version 2>&1 \
  | sed -n 's/.*Heap Max Capacity: \([0-9]*\)M.*/\1/p')
echo "max heap under podman run --memory 6g: ${heap_mib:-none} MiB (expected about 4608)"
[ -n "$heap_mib" ] && [ "$heap_mib" -ge 4560 ] && [ "$heap_mib" -le 4660 ] || fail "the launcher gave a 6 GiB container a max heap of ${heap_mib:-none} MiB"

# S3Proxy with a canary secret that must never show up in the image or the job's output.
run_date=2026-11-21
access=fitscore-container
secret="canary-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$access
s3proxy.credential=$secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=transient
CONF
java -Xmx256m -jar target/s3proxy/s3proxy.jar --properties "$work/s3proxy.conf" > "$work/s3proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
endpoint=http://127.0.0.1:$port
s3() { curl -sS -f --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access:$secret" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
s3 -X PUT "$endpoint/$bucket" > /dev/null
target/fitscore sample --dir "$work/sample" --movies 1200 > /dev/null 2>&1
for f in pre_release after_release; do s3 -T "$work/sample/$f.csv" "$endpoint/$bucket/vlerick/$f.csv" > /dev/null; done
keys_under() { s3 "$endpoint/$bucket?list-type=2&prefix=${1//\//%2F}" | grep -oE '<Key>[^<]+</Key>' | sed -E 's#</?Key>##g'; }

python3 "$here/credentials-endpoint.py" "$access" "$secret" "batch-token" > "$work/creds.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/creds.log" ] && break; sleep 0.1; done
creds_port=$(head -1 "$work/creds.log")

run_container() { # name, expected exit code, podman env args...
  local name=$1 expected=$2; shift 2
  local t0 code
  t0=$(now)
  set +e
  podman run --rm --network=host -e AWS_REGION=us-east-1 -e FITSCORE_S3_ENDPOINT="$endpoint" \
    -e FITSCORE_INPUTS="s3://$bucket/vlerick/pre_release.csv,s3://$bucket/vlerick/after_release.csv" \
    -e FITSCORE_OUTPUT="s3://$bucket/vlerick/$name/" -e FITSCORE_ARTIFACTS="s3://$bucket/vlerick/$name-artifacts/" \
    -e FITSCORE_RUN_DATE="$run_date" \
    "$@" "$image" > "$work/$name.out" 2> "$work/$name.err"
  code=$?
  set -e
  local seconds
  seconds=$(elapsed "$t0")
  printf 'run %-16s exit %s (expected %s) in %s s\n' "$name" "$code" "$expected" "$seconds"
  if [ "$code" != "$expected" ]; then
    tail -n 5 "$work/$name.out" "$work/$name.err"
    fail "$name exited $code, expected $expected"
  fi
  if grep -q -- "$secret" "$work/$name.out" "$work/$name.err"; then fail "$name printed the secret"; fi
}
expect_results() { # name
  local listing
  listing=$(keys_under "vlerick/$1")
  echo "$listing" | grep -q "vlerick/$1/_SUCCESS" || fail "$1: no _SUCCESS"
  echo "$listing" | grep -qE "vlerick/$1/part-.*\.json" || fail "$1: no JSON part files"
  local artifacts
  artifacts=$(keys_under "vlerick/$1-artifacts/")
  for f in metrics.json model.tribuo features.json provenance.json; do
    echo "$artifacts" | grep -q "vlerick/$1-artifacts/$run_date/$f" || fail "$1: no $run_date/$f"
  done
  for f in metrics.json provenance.json features.json; do
    if s3 "$endpoint/$bucket/vlerick/$1-artifacts/$run_date/$f" | grep -q -- "$secret"; then fail "$1: secret in $f"; fi
  done
  if echo "$listing$artifacts" | grep -q ".staging-"; then fail "$1: a staging folder was left"; fi
}

export AWS_ACCESS_KEY_ID=$access AWS_SECRET_ACCESS_KEY=$secret
run_container env-keys 0 -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
expect_results env-keys
grep -q "Credentials: static (auto: explicit keys are set)" "$work/env-keys.out" || fail "env-keys: credentials choice not logged"

run_container batch-role 0 -e AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$creds_port/good" \
  -e AWS_CONTAINER_AUTHORIZATION_TOKEN=batch-token
expect_results batch-role
grep -q "Credentials: default (auto: no explicit keys" "$work/batch-role.out" || fail "batch-role: credentials choice not logged"
served=$(grep -c "served /good" "$work/creds.log" || true)
[ "$served" -ge 1 ] || fail "batch-role: the container credentials endpoint was never asked"

run_container wrong-role 4 -e AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1:$creds_port/bad" \
  -e AWS_CONTAINER_AUTHORIZATION_TOKEN=batch-token
grep -q "fitscore: error: .*access denied" "$work/wrong-role.err" || fail "wrong-role: no clear error line"
[ -z "$(keys_under vlerick/wrong-role)" ] || fail "wrong-role wrote something"

# No credential in the image: its config, its history, and the content of every layer.
podman image inspect "$image" > "$work/inspect.json"
podman history --no-trunc "$image" > "$work/history.txt"
podman save --format docker-archive -o "$work/image.tar" "$image" > /dev/null
mkdir "$work/layers" && tar -C "$work/layers" -xf "$work/image.tar"
for layer in "$work"/layers/*.tar "$work"/layers/*/layer.tar; do
  [ -f "$layer" ] && tar -xOf "$layer" 2>/dev/null | grep -aq -- "$secret" && fail "secret inside layer $layer"
done
for f in "$work/inspect.json" "$work/history.txt"; do
  grep -q -- "$secret" "$f" && fail "secret in $(basename "$f")"
  grep -qE 'AWS_(SECRET_)?ACCESS_KEY' "$f" && fail "an AWS key variable is baked into the image ($(basename "$f"))"
done
# The AOT cache made during the build must be the one the image's JVM maps: -XX:AOTMode=on refuses to start
# otherwise, and no run may have said it went without it.
podman run --rm -e FITSCORE_JAVA_OPTS=-XX:AOTMode=on "$image" --help > "$work/aot.log" 2>&1 \
  || { cat "$work/aot.log"; fail "the image's AOT cache is not usable by its JVM"; }
if grep -h "without the AOT cache" "$work"/*.out "$work"/*.err; then fail "a run went without the image's AOT cache"; fi
aot_mb=$(podman run --rm --entrypoint du "$image" -m /deployments/fitscore.aot | cut -f1)
user=$(podman image inspect "$image" --format '{{.Config.User}}')
[ "$user" = "185" ] || fail "image runs as '$user', not the non-root user 185"

size=$(podman image inspect "$image" --format '{{.Size}}')
printf 'image %s: %d MB (AOT cache %s MB), built in %s s, user %s; served container credentials %s times\n' \
  "$image" $((size / 1000000)) "$aot_mb" "$build_s" "$user" "$served"
echo "container-check: all passed"
