#!/usr/bin/python3
"""scikit-learn references for bench/quality_suite.sh: the same rows, 5x5 repeated k-fold, one JSON line per model.

   quality_refs.py CSV TARGET --drop id --categorical region [--repeats 5] [--forest-max-rows 2000]
Numeric columns as they are (missing values: the column's mean), text columns one-hot; RidgeCV and ElasticNetCV on
standardised features, HistGradientBoosting as scikit-learn ships it and with more rounds and early stopping, and a
500-tree forest on tables small enough for 2 cores."""
import argparse, json, sys, time
import numpy as np, pandas as pd
from sklearn.compose import make_column_transformer
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import ElasticNetCV, RidgeCV
from sklearn.model_selection import RepeatedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

p = argparse.ArgumentParser()
p.add_argument("csv"); p.add_argument("target")
p.add_argument("--drop", default=""); p.add_argument("--categorical", default="")
p.add_argument("--repeats", type=int, default=5); p.add_argument("--forest-max-rows", type=int, default=2000)
a = p.parse_args()
df = pd.read_csv(a.csv)
df = df.dropna(subset=[a.target])
y = df[a.target].to_numpy()
drop = [c for c in a.drop.split(",") if c] + [a.target]
cat = [c for c in a.categorical.split(",") if c]
num = [c for c in df.columns if c not in drop and c not in cat]
X = df[num + cat]
def pre(scale):
    steps = [make_pipeline(SimpleImputer(), StandardScaler()) if scale else SimpleImputer()]
    return make_column_transformer((steps[0], num), *([(OneHotEncoder(handle_unknown="ignore", sparse_output=False), cat)] if cat else []))
models = {
    "ridge_cv": make_pipeline(pre(True), RidgeCV(alphas=np.logspace(-3, 3, 25))),
    "elastic_net_cv": make_pipeline(pre(True), ElasticNetCV(l1_ratio=0.5, cv=5, alphas=50, max_iter=5000)),
    "hist_gb": make_pipeline(pre(False), HistGradientBoostingRegressor(random_state=0)),
    "hist_gb_600": make_pipeline(pre(False), HistGradientBoostingRegressor(max_iter=600, learning_rate=0.05, early_stopping=True,
                                                                      validation_fraction=0.1, n_iter_no_change=30, random_state=0)),
}
if len(df) <= a.forest_max_rows:
    models["forest_500"] = make_pipeline(pre(False), RandomForestRegressor(n_estimators=500, max_features=0.4, n_jobs=2, random_state=0))
cv = RepeatedKFold(n_splits=5, n_repeats=a.repeats, random_state=42)
for name, model in models.items():
    start = time.time()
    scores = cross_val_score(model, X, y, cv=cv, scoring="r2", n_jobs=1)
    print(json.dumps({"model": name, "rows": len(df), "r2_mean": round(float(scores.mean()), 4), "r2_sd": round(float(scores.std()), 4),
                      "seconds": round(time.time() - start, 1)}), flush=True)
