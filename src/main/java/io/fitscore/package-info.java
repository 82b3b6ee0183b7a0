/**
 * The command line (picocli's top command and its version), and the one check the launcher's AOT cache needs at
 * start: whether this JVM maps it.
 */
package io.fitscore;
