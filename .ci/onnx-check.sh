#!/usr/bin/env bash
# The portable model in a real ONNX runtime: every model.onnx PortableOnnxTest wrote under target/onnx-check (each
# trainer type, the blend, XGBoost's forest, the course data's default model) is loaded in onnxruntime and must predict
# what fitscore predicts, within 1e-4. Needs the verify run before it; makes a venv with onnxruntime and numpy from the
# machine's package index under target/ (about 20 s the first time).
set -euo pipefail
cd "$(dirname "$0")/.."
cases=target/onnx-check
[ -d "$cases" ] || { echo "onnx check: no $cases; run ./mvnw verify first" >&2; exit 1; }
venv=target/onnx-venv
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q onnxruntime numpy; }
# 9 generated cases always; the course case too where ../shared/data/vlerick is present.
min=9
[ -f ../shared/data/vlerick/pre_release.csv ] && min=10
"$venv/bin/python" .ci/onnx_check.py "$cases" "$min"
