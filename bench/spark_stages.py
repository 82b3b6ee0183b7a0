#!/usr/bin/python3
"""Where a run's Spark seconds went, from Spark's event log: per fitscore stage (the job description fitscore sets,
"fitscore <stage>"), and per Spark stage within the ones asked for: wall seconds, task seconds (executor run time) and
CPU seconds, input bytes and records, shuffle bytes written and read, spill to memory and disk, GC seconds.

   spark_stages.py EVENT_LOG [--detail read-join]       one table per run, markdown
The event log is what spark.eventLog.enabled=true writes (fitscore: -Dfitscore.spark.conf."spark.eventLog.enabled"=true
-Dfitscore.spark.conf."spark.eventLog.dir"=file:///tmp/events)."""
import argparse, collections, json

p = argparse.ArgumentParser()
p.add_argument("log")
p.add_argument("--detail", default="read-join", help="fitscore stages whose Spark stages are listed one by one (comma-separated)")
a = p.parse_args()

METRICS = {"internal.metrics.executorRunTime": ("task_s", 1e-3), "internal.metrics.executorCpuTime": ("cpu_s", 1e-9),
           "internal.metrics.input.bytesRead": ("input_mb", 1 / 2**20), "internal.metrics.input.recordsRead": ("input_records", 1),
           "internal.metrics.shuffle.write.bytesWritten": ("shuffle_write_mb", 1 / 2**20),
           "internal.metrics.shuffle.read.remoteBytesRead": ("shuffle_read_mb", 1 / 2**20),
           "internal.metrics.shuffle.read.localBytesRead": ("shuffle_read_mb", 1 / 2**20),
           "internal.metrics.memoryBytesSpilled": ("spill_memory_mb", 1 / 2**20), "internal.metrics.diskBytesSpilled": ("spill_disk_mb", 1 / 2**20),
           "internal.metrics.jvmGCTime": ("gc_s", 1e-3)}
COLUMNS = ["wall_s", "task_s", "cpu_s", "input_mb", "input_records", "shuffle_write_mb", "shuffle_read_mb", "spill_memory_mb", "spill_disk_mb", "gc_s"]

import glob, os
files = sorted(glob.glob(os.path.join(a.log, "events_*"))) if os.path.isdir(a.log) else [a.log]
lines = (line for f in files for line in open(f))

stage_owner = {}
stages = []
for line in lines:
    e = json.loads(line)
    kind = e.get("Event")
    if kind == "SparkListenerJobStart":
        description = (e.get("Properties") or {}).get("spark.job.description") or "(no fitscore stage)"
        owner = description.removeprefix("fitscore ")
        for sid in e.get("Stage IDs", []):
            stage_owner[sid] = owner
    elif kind == "SparkListenerStageCompleted":
        info = e["Stage Info"]
        if info.get("Submission Time") is None or info.get("Completion Time") is None:
            continue
        row = collections.Counter()
        row["wall_s"] = (info["Completion Time"] - info["Submission Time"]) / 1000
        for acc in info.get("Accumulables", []):
            name = acc.get("Name")
            if name in METRICS:
                column, scale = METRICS[name]
                row[column] += float(acc.get("Value") or 0) * scale
        stages.append((info["Stage ID"], info.get("Stage Name", ""), info.get("Number of Tasks", 0), row))

def fmt(row):
    return " | ".join(f"{row[c]:,.0f}" if c == "input_records" else f"{row[c]:.1f}" for c in COLUMNS)

by_owner = collections.OrderedDict()
for sid, name, tasks, row in stages:
    owner = stage_owner.get(sid, "(no fitscore stage)")
    total = by_owner.setdefault(owner, collections.Counter())
    total.update(row)
    total["stages"] += 1
print("| fitscore stage | Spark stages | " + " | ".join(COLUMNS) + " |")
print("|---|---|" + "---|" * len(COLUMNS))
for owner, row in by_owner.items():
    print(f"| {owner} | {row['stages']} | {fmt(row)} |")
for wanted in a.detail.split(","):
    print()
    print(f"Spark stages of {wanted}:")
    print("| id | name | tasks | " + " | ".join(COLUMNS) + " |")
    print("|---|---|---|" + "---|" * len(COLUMNS))
    for sid, name, tasks, row in stages:
        if stage_owner.get(sid) == wanted:
            print(f"| {sid} | {name} | {tasks} | {fmt(row)} |")
