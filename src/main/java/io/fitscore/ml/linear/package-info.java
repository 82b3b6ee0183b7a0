/**
 * Linear models solved rather than approximated: the elastic net by coordinate descent on sums of the rows (one pass
 * serves every inner fold), its penalty chosen along a warm-started path by inner cross-validation, saved as Tribuo's
 * sparse linear model.
 */
package io.fitscore.ml.linear;
