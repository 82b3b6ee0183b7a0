/**
 * A random forest of Tribuo CART trees trained on every core.
 */
package io.fitscore.ml.forest;
