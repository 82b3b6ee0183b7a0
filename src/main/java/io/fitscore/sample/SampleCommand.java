package io.fitscore.sample;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fitscore sample}: writes generated course-like inputs to a local folder. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Writes generated data to a folder: movies (pre_release.csv and after_release.csv, course-like) or "
                + "function (function.csv: a known nonlinear function plus noise of sd 1, target y) or "
                + "lowrank (lowrank.csv: ten columns from three hidden factors plus noise, known variance shares, for reduce).")
public class SampleCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "sample-data", description = "Folder to write to (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--movies", defaultValue = "2000",
            description = "Number of movies (default: ${DEFAULT-VALUE}); about half of them reach the join.")
    long movies;

    @Option(names = "--kind", defaultValue = "movies", description = "movies, function or lowrank (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--rows", defaultValue = "10000", description = "Rows of the function or lowrank data (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        if (kind.equals("function")) {
            try (Writer out = Files.newBufferedWriter(dir.resolve("function.csv"), StandardCharsets.UTF_8)) {
                FunctionSample.generate(rows, seed, out);
            }
            System.out.println("Wrote " + dir.resolve("function.csv") + " (target y, noise sd " + FunctionSample.NOISE_SD + ")");
            return 0;
        }
        if (kind.equals("lowrank")) {
            try (Writer out = Files.newBufferedWriter(dir.resolve("lowrank.csv"), StandardCharsets.UTF_8)) {
                LowRankSample.generate(rows, seed, out);
            }
            System.out.println("Wrote " + dir.resolve("lowrank.csv") + " (id, x1..x10, group; variance shares "
                    + java.util.Arrays.toString(java.util.Arrays.stream(LowRankSample.varianceShares()).limit(4)
                            .mapToObj(v -> String.format(java.util.Locale.ROOT, "%.3f", v)).toArray()) + "...)");
            return 0;
        }
        if (!kind.equals("movies")) {
            System.err.println("fitscore: error: --kind: '" + kind + "' is not movies, function or lowrank [exit 2: bad command line]");
            return 2;
        }
        // Streamed: the benchmarks generate inputs of several GB.
        try (Writer pre = Files.newBufferedWriter(dir.resolve("pre_release.csv"), StandardCharsets.UTF_8);
                Writer after = Files.newBufferedWriter(dir.resolve("after_release.csv"), StandardCharsets.UTF_8)) {
            MovieSample.generate(movies, seed, pre, after);
        }
        System.out.println("Wrote " + dir.resolve("pre_release.csv") + " and " + dir.resolve("after_release.csv"));
        return 0;
    }
}
