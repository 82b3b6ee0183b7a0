/**
 * fitscore runs: the runs under an artifacts prefix, read from their metrics.json, as a table and a trend page.
 */
package io.fitscore.history;
