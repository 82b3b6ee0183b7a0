/**
 * Linear SGD with its number of steps capped, so that large tables train in bounded time.
 */
package io.fitscore.ml.sgd;
