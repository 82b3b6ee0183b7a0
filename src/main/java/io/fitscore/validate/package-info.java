/**
 * Validation before any Spark work: each input's head read, checked and split into lines as Spark splits them, and
 * the output folders probed.
 */
package io.fitscore.validate;
