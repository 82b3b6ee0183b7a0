/**
 * The shared vocabulary of failure at the bottom of the layers: the documented exit codes, the exception that
 * carries one, and validation's problems.
 */
package io.fitscore.failure;
