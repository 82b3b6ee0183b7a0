/**
 * The shared vocabulary of failure at the bottom of the layers: the documented exit codes, the exception that
 * carries one and its error line, validation's problems, and how a run that ran out of heap or local disk is
 * recognised and told.
 */
package io.fitscore.failure;
