/**
 * The command line (picocli's top command and its version), the spark-submit jars' entry point that checks the
 * cluster's Spark line first, and the one check the launcher's AOT cache needs at start: whether this JVM maps it.
 */
package io.fitscore;
