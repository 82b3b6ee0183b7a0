/** Linear models solved rather than approximated: the elastic net with its penalty chosen by inner cross-validation. */
package io.fitscore.ml.linear;
