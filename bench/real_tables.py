#!/usr/bin/env python3
"""Nested 5x5 comparison on real tables for bench/quality_suite.sh: one seeded RepeatedKFold split of a table's labelled
rows, the same fold indices for fitscore and every reference.

   real_tables.py folds CSV TARGET DIR      writes DIR/fold-NN/input.csv (every labelled row, a fitscore_row column, the
                                            fold's test rows with their target blanked) and DIR/folds.json
   real_tables.py refs CSV TARGET DIR       scikit-learn and LightGBM on the same folds, on the columns fitscore kept
                                            (read from fold 1's features.json); one JSON line per model
   real_tables.py fitscore DIR TARGET       fitscore's R2 on each fold's test rows, from each fold's results

fitscore runs the whole default job on each fold's input (bench/quality_suite.sh): its holdout, auto's choice and the
final model see only the fold's training rows; the blanked test rows are scored as unlabelled rows and matched back by
fitscore_row, which is the run's join key (so never a feature)."""
import argparse, glob, json, os, sys, time, warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
SEED, FOLDS, REPEATS = 42, 5, 5
ROW = "fitscore_row"


def labelled(csv, target):
    df = pd.read_csv(csv)
    df[target] = pd.to_numeric(df[target], errors="coerce")
    return df[df[target].notna()].reset_index(drop=True)


def r2(y, p):
    return float(1 - ((y - p) ** 2).sum() / ((y - y.mean()) ** 2).sum())


def folds(a):
    from sklearn.model_selection import RepeatedKFold
    df = labelled(a.csv, a.target)
    splits = [te.tolist() for _, te in RepeatedKFold(n_splits=FOLDS, n_repeats=REPEATS, random_state=SEED).split(df)]
    os.makedirs(a.dir, exist_ok=True)
    json.dump({"rows": len(df), "test": splits}, open(f"{a.dir}/folds.json", "w"))
    for i, test in enumerate(splits):
        d = f"{a.dir}/fold-{i + 1:02d}"
        os.makedirs(d, exist_ok=True)
        out = df.copy()
        out.insert(0, ROW, range(len(df)))
        out[a.target] = out[a.target].astype(object)
        out.loc[test, a.target] = ""
        out.to_csv(f"{d}/input.csv", index=False)


def kept_columns(d):
    """The raw columns fitscore made features of in fold 1, as numeric or categorical for the references."""
    pipeline = json.load(open(glob.glob(f"{d}/fold-01/art/*/features.json")[0]))["pipeline"]
    num, cat = [], []
    for e in pipeline["encodings"]:
        (num if e["kind"] == "numeric" else cat).append(e["column"])
    return list(dict.fromkeys(num)), list(dict.fromkeys(cat))


def refs(a):
    import lightgbm as lgb
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import ElasticNetCV, LinearRegression, RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler
    df = labelled(a.csv, a.target)
    num, cat = kept_columns(a.dir)
    X, y = df[num + cat], df[a.target].to_numpy(dtype=float)
    splits = json.load(open(f"{a.dir}/folds.json"))["test"]

    def pre(scale):
        numeric = make_pipeline(SimpleImputer(), StandardScaler()) if scale else SimpleImputer()
        return make_column_transformer((numeric, num), *([(OneHotEncoder(handle_unknown="ignore", sparse_output=False), cat)] if cat else []))

    models = {
        "ols": lambda: make_pipeline(pre(True), LinearRegression()),
        "ridge_cv": lambda: make_pipeline(pre(True), RidgeCV(alphas=np.logspace(-3, 3, 25))),
        "elastic_net_cv": lambda: make_pipeline(pre(True), ElasticNetCV(l1_ratio=0.5, cv=5, alphas=50, max_iter=5000)),
        "random_forest": lambda: make_pipeline(pre(False), RandomForestRegressor(n_estimators=300, max_features=0.4, n_jobs=2, random_state=0)),
        "hist_gb": lambda: make_pipeline(pre(False), HistGradientBoostingRegressor(random_state=0)),
        "lightgbm": lambda: make_pipeline(pre(False), lgb.LGBMRegressor(random_state=0, n_jobs=2, verbose=-1)),
        "lightgbm_600": lambda: make_pipeline(pre(False), lgb.LGBMRegressor(n_estimators=600, learning_rate=0.03, random_state=0,
                                                                             n_jobs=2, verbose=-1)),
    }
    everything = np.arange(len(df))
    for name, make in models.items():
        start, scores = time.time(), []
        for test in splits:
            train = np.setdiff1d(everything, test)
            model = make().fit(X.iloc[train], y[train])
            scores.append(r2(y[test], model.predict(X.iloc[test])))
        print(json.dumps({"model": name, "columns": num + cat, "r2": scores, "seconds": round(time.time() - start, 1)}), flush=True)


def fitscore(a):
    folds = json.load(open(f"{a.dir}/folds.json"))
    df = labelled(a.csv, a.target)
    y = df[a.target].to_numpy(dtype=float)
    scores, chose = [], []
    for i, test in enumerate(folds["test"]):
        d = f"{a.dir}/fold-{i + 1:02d}"
        out = pd.concat([pd.read_json(f, lines=True) for f in glob.glob(f"{d}/out/*.json")])
        out = out[out["split"] == "unlabelled"]
        predicted = out.set_index(out[ROW].astype(int))["prediction"]
        if sorted(predicted.index) != sorted(test):
            sys.exit(f"fold {i + 1}: fitscore scored rows {sorted(predicted.index)[:5]}..., not the fold's test rows")
        scores.append(r2(y[test], predicted.loc[test].to_numpy()))
        chose.append(json.load(open(glob.glob(f"{d}/art/*/metrics.json")[0]))["trainer"]["name"])
    print(json.dumps({"model": "fitscore", "r2": scores, "chose": chose}))


p = argparse.ArgumentParser()
p.add_argument("what", choices=["folds", "refs", "fitscore"])
p.add_argument("csv"); p.add_argument("target"); p.add_argument("dir")
a = p.parse_args()
{"folds": folds, "refs": refs, "fitscore": fitscore}[a.what](a)
