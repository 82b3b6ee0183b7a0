/**
 * ONNX vocabulary for the portable model: a graph of standard and ONNX-ML operators over a double feature matrix, and
 * the tree ensembles (XGBoost's float trees, Tribuo's double trees) as ONNX-ML {@code TreeEnsembleRegressor} nodes.
 * Knows nothing of Tribuo or fitscore's models; {@code io.fitscore.ml.PortableOnnx} says what goes in.
 */
package io.fitscore.ml.onnx;
