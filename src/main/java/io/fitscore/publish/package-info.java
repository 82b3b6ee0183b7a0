/**
 * Publishing staged results and artifacts in order, and the leases that keep two runs off the same destination.
 */
package io.fitscore.publish;
