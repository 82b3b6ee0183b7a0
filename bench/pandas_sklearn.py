#!/usr/bin/python3
"""The same job as fitscore in pandas + scikit-learn, for a side-by-side benchmark.

Reads the two CSVs, cleans and joins them as fitscore does (titles trimmed of spaces and U+00A0,
keyless rows and exact duplicates dropped, inner join), trains on a seeded sample of at most
--train-max-rows labelled rows (25% of it held out) scikit-learn's histogram gradient boosting with
fitscore's default boosting settings (--model hgb, the default) or a random forest (--model rf), scores
every joined row and writes JSON lines. Prints one JSON object: seconds per stage, rows, holdout RMSE/R2 and peak RSS.
Single machine by design: pandas holds every row in memory.
"""
import argparse, json, os, resource, sys, time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor

p = argparse.ArgumentParser()
p.add_argument("--pre", required=True)
p.add_argument("--after", required=True)
p.add_argument("--out", required=True)
p.add_argument("--train-max-rows", type=int, default=100000)
p.add_argument("--trees", type=int, default=400)
p.add_argument("--max-depth", type=int, default=10)
p.add_argument("--feature-fraction", type=float, default=0.4)
p.add_argument("--jobs", type=int, default=2)
p.add_argument("--model", choices=["hgb", "rf"], default="hgb")
p.add_argument("--rounds", type=int, default=800)
a = p.parse_args()

KEY, TARGET = "movie_title", "imdb_score"
EXCLUDE = {"director_name", "actor_1_name", "actor_2_name", "actor_3_name", "num_critic_for_reviews", "gross",
           "num_voted_users", "num_user_for_reviews", "movie_facebook_likes"}
seconds = {}
clock = time.perf_counter()


def stage(name):
    global clock
    now = time.perf_counter()
    seconds[name] = round(now - clock, 3)
    clock = now


def read(path):
    df = pd.read_csv(path)
    df[KEY] = df[KEY].astype(str).str.strip(" \u00a0\t")
    return df[df[KEY] != ""].drop_duplicates()


pre, after = read(a.pre), read(a.after)
joined = pre.merge(after, on=KEY, how="inner")
joined[TARGET] = pd.to_numeric(joined[TARGET], errors="coerce")
del pre, after
stage("read-join")

labelled = joined[joined[TARGET].notna()]
sample = labelled.sample(n=min(a.train_max_rows, len(labelled)), random_state=42)
stage("collect")

numeric = [c for c in joined.columns if c not in EXCLUDE and c not in (KEY, TARGET) and pd.api.types.is_numeric_dtype(joined[c])]
categorical = [c for c in ("language", "country", "content_rating") if c in joined.columns]
medians = sample[numeric].median()
levels = {c: [v for v, n in sample[c].value_counts().items() if n >= 10] for c in categorical}
genres = sorted({g for gs in sample["genres"].dropna() for g in gs.split("|")})


def features(df):
    x = df[numeric].fillna(medians)
    parts = [x, df[numeric].isna().astype(float).add_suffix("@missing")]
    for c in categorical:
        parts.append(pd.DataFrame({f"{c}={v}": (df[c] == v).astype(float) for v in levels[c]}, index=df.index))
    g = df["genres"].fillna("")
    parts.append(pd.DataFrame({f"genres:{v}": g.str.contains(v, regex=False).astype(float) for v in genres}, index=df.index))
    return pd.concat(parts, axis=1).to_numpy(dtype=np.float32)


test = sample.sample(frac=0.25, random_state=42)
train = sample.drop(test.index)
if a.model == "rf":
    model = RandomForestRegressor(n_estimators=a.trees, max_depth=a.max_depth, max_features=a.feature_fraction,
                                  min_samples_leaf=2, n_jobs=a.jobs, random_state=42)
else:  # fitscore's default boosting: 800 rounds, depth 4, learning rate 0.01
    model = HistGradientBoostingRegressor(max_iter=a.rounds, learning_rate=0.01, max_depth=4, min_samples_leaf=20,
                                          early_stopping=False, random_state=42)
model.fit(features(train), train[TARGET])
pred = model.predict(features(test))
rmse = float(np.sqrt(np.mean((test[TARGET].to_numpy() - pred) ** 2)))
r2 = float(1 - np.sum((test[TARGET].to_numpy() - pred) ** 2) / np.sum((test[TARGET] - test[TARGET].mean()) ** 2))
stage("train-evaluate")

os.makedirs(a.out, exist_ok=True)
chunk = 500_000
for i, start in enumerate(range(0, len(joined), chunk)):
    part = joined.iloc[start:start + chunk]
    out = pd.DataFrame({KEY: part[KEY], TARGET: part[TARGET], "prediction": model.predict(features(part))})
    out.to_json(os.path.join(a.out, f"part-{i:05d}.json"), orient="records", lines=True)
stage("score-write-results")

print(json.dumps({"rows_joined": len(joined), "rows_trained": len(train), "holdout_rmse": rmse, "holdout_r2": r2,
                  "seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
