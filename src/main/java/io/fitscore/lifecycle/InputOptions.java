package io.fitscore.lifecycle;

import picocli.CommandLine.Option;

/** Command-line options every command that reads inputs and writes results shares. */
public class InputOptions {

    @Option(names = "--inputs", description = "Comma-separated input URIs (overrides FITSCORE_INPUTS).")
    public String inputs;

    @Option(names = "--join-key", description = "Join column; empty for a single input (overrides FITSCORE_JOIN_KEY).")
    public String joinKey;

    @Option(names = "--output", description = "Prefix for the scored JSON lines (overrides FITSCORE_OUTPUT).")
    public String output;
}
