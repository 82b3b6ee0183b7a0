/**
 * Linear models solved rather than approximated, from sums of the rows (x·xᵀ, x·y, y²) of standardised features: ridge,
 * its penalty chosen by generalised cross-validation from one eigendecomposition, and the elastic net by coordinate
 * descent (one pass serves every inner fold), its penalty chosen along a warm-started path by inner cross-validation;
 * both saved as Tribuo's sparse linear model.
 */
package io.fitscore.ml.linear;
