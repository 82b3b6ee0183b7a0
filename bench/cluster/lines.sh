# Sourced by bench/cluster/spark-cluster.sh and yarn-cluster.sh: the Spark lines fitscore builds a spark-submit jar
# for, the line's jar (built when missing or stale) and a Spark home of the line's jars from Maven. Needs $here, the project.

# Sets spark_version, hadoop_version, scala and profiles for a line (3.5, 4.0, 4.1, 4.2); fails for any other.
line_versions() {
  case "$1" in
    4.2) spark_version=4.2.0 hadoop_version=3.5.0 scala=2.13 profiles=spark-submit ;;
    4.1) spark_version=4.1.0 hadoop_version=3.4.2 scala=2.13 profiles=spark-submit,spark-4.1 ;;
    4.0) spark_version=4.0.1 hadoop_version=3.4.1 scala=2.13 profiles=spark-submit,spark-4.0 ;;
    3.5) spark_version=3.5.6 hadoop_version=3.4.1 scala=2.12 profiles=spark-submit,spark-3.5 ;;
    *) return 1 ;;
  esac
}

# Prints the line's spark-submit jar, building it (./mvnw package -P<profiles>) when target/ has none or an older one
# than the sources.
spark_jar() {
  local line=$1 jar log=${TMPDIR:-/tmp}/fitscore-spark-$1-jar-build.log spark_version hadoop_version scala profiles
  jar=$(ls "$here"/target/spark-"$line"/fitscore-spark-"$line"_*.jar 2>/dev/null | head -1 || true)
  # A jar older than the sources is built again: a stale one would check an earlier build's code.
  if [ -n "$jar" ] && [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" -print -quit)" ]; then
    jar=
  fi
  if [ -z "$jar" ]; then
    line_versions "$line" || return 1
    "$here/mvnw" -q -B -f "$here/pom.xml" package -P"$profiles" -DskipTests > "$log" 2>&1 || { tail -20 "$log" >&2; return 1; }
    jar=$(ls "$here"/target/spark-"$line"/fitscore-spark-"$line"_*.jar | head -1)
  fi
  echo "$jar"
}

# Makes a Spark home of the line's jars (Spark with MLlib, Hadoop's client and hadoop-aws of one version, the AWS
# SDK's S3 modules: bench/cluster/pom.xml; with a third argument "yarn", spark-yarn too) in a folder, again when
# that pom is newer.
spark_home() { # line folder [yarn]
  local line=$1 home=$2 yarn=${3:-} spark_version hadoop_version scala profiles
  line_versions "$line" || return 1
  if [ ! -f "$home/RELEASE" ] || [ "$here/bench/cluster/pom.xml" -nt "$home/RELEASE" ]; then
    rm -rf "$home" && mkdir -p "$home/jars"
    "$here/mvnw" -q -f "$here/bench/cluster/pom.xml" dependency:copy-dependencies -DincludeScope=runtime ${yarn:+-Pyarn} \
      -Dspark.version="$spark_version" -Dhadoop.version="$hadoop_version" -Dscala.binary.version="$scala" \
      -DoutputDirectory="$home/jars" || return 1
    echo "Spark $spark_version, Scala $scala, Hadoop $hadoop_version (jars from Maven Central for fitscore's cluster checks)" \
      > "$home/RELEASE"
  fi
}
