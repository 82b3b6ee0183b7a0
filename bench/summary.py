#!/usr/bin/env python3
"""Medians per tool from bench/run.sh's JSON lines: rows, wall seconds, rows/s, peak RSS, seconds per stage."""
import json, statistics, sys

for path in sys.argv[1:]:
    runs = [json.loads(line) for line in open(path) if line.strip()]
    for tool in dict.fromkeys(r["tool"] for r in runs):
        rs = [r for r in runs if r["tool"] == tool]
        med = lambda f: statistics.median(f(r) for r in rs)
        wall = med(lambda r: r["wall_s"])
        stages = {s: round(med(lambda r: r["seconds"].get(s, 0.0)), 1) for s in rs[0]["seconds"]}
        print(f"{path.split('/')[-1]:<14} {tool:<15} runs {len(rs)}  rows {rs[0]['rows_joined']:>10,}  wall {wall:8.1f} s  "
              f"rows/s {rs[0]['rows_joined'] / wall:>10,.0f}  peak RSS {med(lambda r: r['peak_rss_mb']):7.0f} MB  "
              f"holdout RMSE {med(lambda r: r['holdout_rmse']):.3f}  R2 {med(lambda r: r['holdout_r2']):.3f}")
        print(f"{'':<30} stages (median s): {stages}")
