# Sourced by the docker/ scripts: podman settings this sandboxed machine needs (NOTES-containers.md).
# The VM lacks CAP_SYS_RESOURCE (so ulimits must stay within the hard limit) and crun refuses its
# hybrid cgroups, hence runc with cgroupfs.
FITSCORE_PODMAN_CONF="${TMPDIR:-/tmp}/fitscore-containers.conf"
nofile=$(ulimit -Hn)
[ "$nofile" = "unlimited" ] && nofile=1048576
cat > "$FITSCORE_PODMAN_CONF" <<CONF
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$FITSCORE_PODMAN_CONF"
