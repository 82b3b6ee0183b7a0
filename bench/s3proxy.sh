#!/usr/bin/env bash
# Starts or stops a filesystem-backed S3Proxy on 127.0.0.1 for the benchmarks and the cluster script.
#   bench/s3proxy.sh start DATA_DIR PORT   -> prints the PID; objects live under DATA_DIR/<bucket>/<key>
#   bench/s3proxy.sh put PORT BUCKET/KEY FILE  -> uploads through S3 (so the object has an ETag, which s3a
#                                                 requires; a file merely copied into DATA_DIR has none)
#   bench/s3proxy.sh stop DATA_DIR
# Credentials of this local server only (not AWS keys): fitscore-bench / fitscore-bench-local-only.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cmd=$1 data=${2:-}
case "$cmd" in
  start)
    port=$3
    mkdir -p "$data"
    cat > "$data.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=fitscore-bench
s3proxy.credential=fitscore-bench-local-only
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$data
CONF
    java -Xmx512m -jar "$here/target/s3proxy/s3proxy.jar" --properties "$data.conf" > "$data.log" 2>&1 &
    echo $! > "$data.pid"
    for _ in $(seq 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then cat "$data.pid"; exit 0; fi
      sleep 0.2
    done
    echo "S3Proxy did not start; see $data.log" >&2; exit 1 ;;
  put)
    port=$2 key=$3 file=$4
    curl -sf -X PUT -T "$file" --aws-sigv4 "aws:amz:us-east-1:s3" -u fitscore-bench:fitscore-bench-local-only \
      -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "http://127.0.0.1:$port/$key" ;;
  stop)
    [ -f "$data.pid" ] && kill "$(cat "$data.pid")" 2>/dev/null || true
    rm -f "$data.pid" ;;
esac
