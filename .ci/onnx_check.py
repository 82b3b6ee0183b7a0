"""Loads each model.onnx that PortableOnnxTest wrote in onnxruntime and compares its predictions with fitscore's.

Usage: python .ci/onnx_check.py CASES_DIR MIN_CASES
Every case folder holds model.onnx, features.f64 (rows x width little-endian doubles, NaN where a row lacks a feature),
expected.f64 (fitscore's predictions) and case.json. Fails unless at least MIN_CASES cases are there and every
prediction is within 1e-4 of fitscore's (relative to the prediction's size where that is above 1).
"""
import json
import pathlib
import sys

import numpy as np
import onnxruntime as ort

TOLERANCE = 1e-4


def main(root, min_cases):
    cases = sorted(p.parent for p in pathlib.Path(root).glob("*/model.onnx"))
    if len(cases) < min_cases:
        sys.exit(f"onnx check: {len(cases)} cases under {root}, expected at least {min_cases}")
    worst_overall = 0.0
    for case in cases:
        meta = json.loads((case / "case.json").read_text())
        features = np.fromfile(case / "features.f64", dtype="<f8").reshape(meta["rows"], meta["width"])
        expected = np.fromfile(case / "expected.f64", dtype="<f8")
        session = ort.InferenceSession(str(case / "model.onnx"), providers=["CPUExecutionProvider"])
        predicted = session.run(["prediction"], {"features": features})[0]
        if predicted.shape != (meta["rows"], 1):
            sys.exit(f"onnx check: {case.name}: prediction shape {predicted.shape}, expected ({meta['rows']}, 1)")
        error = np.abs(predicted[:, 0] - expected) / np.maximum(1.0, np.abs(expected))
        worst = float(error.max())
        worst_overall = max(worst_overall, worst)
        print(f"onnx check: {case.name:24s} {meta['model']:28s} rows {meta['rows']:5d} width {meta['width']:4d} "
              f"worst error {worst:.2e}")
        if not worst <= TOLERANCE:
            row = int(error.argmax())
            sys.exit(f"onnx check: {case.name}: row {row} predicted {predicted[row, 0]!r} by onnxruntime, {expected[row]!r} by fitscore")
    print(f"onnx check passed: {len(cases)} models, onnxruntime {ort.__version__}, worst error {worst_overall:.2e}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
