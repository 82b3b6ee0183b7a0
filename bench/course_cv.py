#!/usr/bin/python3
"""scikit-learn recipes on the course data, scored the way fitscore scores itself: 5x5 repeated k-fold CV.

Cleans and joins exactly as fitscore does (titles trimmed of spaces and U+00A0, keyless rows and exact
duplicates dropped, inner join, rows without a numeric target dropped), builds the same kind of features
per fold (numbers with training medians and @missing flags, language/country/content_rating one-hot with
levels seen at least 10 times, genres one flag per label; names and after-release columns left out), and
prints one JSON line per recipe: mean and standard deviation of R2 and RMSE over all 25 folds.
Needs Debian's python3-pandas and python3-sklearn.
"""
import argparse, json

import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor, HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.model_selection import RepeatedKFold

p = argparse.ArgumentParser()
p.add_argument("--pre", required=True)
p.add_argument("--after", required=True)
p.add_argument("--folds", type=int, default=5)
p.add_argument("--repeats", type=int, default=5)
a = p.parse_args()

KEY, TARGET = "movie_title", "imdb_score"
EXCLUDE = {"director_name", "actor_1_name", "actor_2_name", "actor_3_name", "num_critic_for_reviews", "gross",
           "num_voted_users", "num_user_for_reviews", "movie_facebook_likes"}


def read(path):
    df = pd.read_csv(path)
    df[KEY] = df[KEY].astype(str).str.strip(" \u00a0\t")
    return df[df[KEY] != ""].drop_duplicates()


joined = read(a.pre).merge(read(a.after), on=KEY, how="inner")
joined[TARGET] = pd.to_numeric(joined[TARGET], errors="coerce")
rows = joined[joined[TARGET].notna()].reset_index(drop=True)
numeric = [c for c in rows.columns if c not in EXCLUDE and c not in (KEY, TARGET) and pd.api.types.is_numeric_dtype(rows[c])]
categorical = [c for c in ("language", "country", "content_rating") if c in rows.columns]


def featurizer(train):
    medians = train[numeric].median()
    levels = {c: [v for v, n in train[c].value_counts().items() if n >= 10] for c in categorical}
    genres = sorted({g for gs in train["genres"].dropna() for g in gs.split("|")})

    def features(df):
        parts = [df[numeric].fillna(medians), df[numeric].isna().astype(float).add_suffix("@missing")]
        for c in categorical:
            parts.append(pd.DataFrame({f"{c}={v}": (df[c] == v).astype(float) for v in levels[c]}, index=df.index))
        g = df["genres"].fillna("")
        parts.append(pd.DataFrame({f"genres:{v}": g.str.contains(v, regex=False).astype(float) for v in genres}, index=df.index))
        return pd.concat(parts, axis=1).to_numpy(dtype=np.float64)
    return features


RECIPES = {
    "random-forest-500 (depth 10, max_features 0.4, min_samples_leaf 2)": lambda: RandomForestRegressor(
        n_estimators=500, max_depth=10, max_features=0.4, min_samples_leaf=2, n_jobs=2, random_state=42),
    "gradient-boosting (400 trees, depth 3, lr 0.02, subsample 0.7)": lambda: GradientBoostingRegressor(
        n_estimators=400, max_depth=3, learning_rate=0.02, subsample=0.7, random_state=42),
    "hist-gradient-boosting (800 iter, lr 0.01, depth 4, min_samples_leaf 20)": lambda: HistGradientBoostingRegressor(
        max_iter=800, learning_rate=0.01, max_depth=4, min_samples_leaf=20, random_state=42),
}
scores = {name: [] for name in list(RECIPES) + ["average of forest and gradient boosting"]}
for train_idx, test_idx in RepeatedKFold(n_splits=a.folds, n_repeats=a.repeats, random_state=42).split(rows):
    train, test = rows.iloc[train_idx], rows.iloc[test_idx]
    f = featurizer(train)
    xtr, xte, ytr, yte = f(train), f(test), train[TARGET].to_numpy(), test[TARGET].to_numpy()
    preds = {}
    for name, make in RECIPES.items():
        preds[name] = make().fit(xtr, ytr).predict(xte)
    preds["average of forest and gradient boosting"] = (preds[list(RECIPES)[0]] + preds[list(RECIPES)[1]]) / 2
    tss = np.sum((yte - yte.mean()) ** 2)
    for name, pr in preds.items():
        sse = np.sum((yte - pr) ** 2)
        scores[name].append((1 - sse / tss, np.sqrt(sse / len(yte))))
for name, s in scores.items():
    r2, rmse = np.array([x[0] for x in s]), np.array([x[1] for x in s])
    print(json.dumps({"tool": "scikit-learn", "recipe": name, "rows": len(rows), "folds": len(s), "r2_mean": round(r2.mean(), 4),
                      "r2_sd": round(r2.std(ddof=1), 4), "rmse_mean": round(rmse.mean(), 4), "rmse_sd": round(rmse.std(ddof=1), 4)}))
