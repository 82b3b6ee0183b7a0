#!/bin/sh
# Writes a class-data archive (AppCDS) of everything a fitscore run loads: one training run on generated
# sample data in local files, by the JVM that will later use the archive (an archive only works with the
# JVM build and the application jar that made it).
#   docker/class-archive.sh APP_DIR ARCHIVE [JAVA_OPTIONS...]
# APP_DIR holds quarkus-run.jar (target/quarkus-app, or /deployments in the image). Use the archive with
# java -XX:SharedArchiveFile=ARCHIVE ... -jar APP_DIR/quarkus-run.jar.
set -eu
app=$1 archive=$2
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar "$app/quarkus-run.jar" sample --dir "$work/in" --movies 1200 > "$work/sample.log" 2>&1
rm -f "$archive"
# A build container may not resolve its own host name, which Spark looks up.
if ! env SPARK_LOCAL_HOSTNAME=localhost SPARK_LOCAL_IP=127.0.0.1 FITSCORE_INPUTS="file://$work/in/pre_release.csv,file://$work/in/after_release.csv" \
    FITSCORE_OUTPUT="file://$work/out/" FITSCORE_ARTIFACTS="file://$work/artifacts/" FITSCORE_RUN_DATE=2026-01-01 \
    java "$@" -XX:ArchiveClassesAtExit="$archive" -jar "$app/quarkus-run.jar" run > "$work/run.log" 2>&1; then
  grep -v "\[cds\]" "$work/run.log" | tail -20 >&2
  exit 1
fi
test -s "$archive"
echo "class archive $archive: $(du -m "$archive" | cut -f1) MB"
