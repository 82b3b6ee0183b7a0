/**
 * Boosting whose number of rounds is chosen by early stopping on a validation split carved from its own training rows.
 */
package io.fitscore.ml.boosting;
