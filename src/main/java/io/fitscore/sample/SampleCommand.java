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
        description = "Writes generated pre_release.csv and after_release.csv (course-like movie data) to a folder.")
public class SampleCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "sample-data", description = "Folder to write to (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--movies", defaultValue = "2000",
            description = "Number of movies (default: ${DEFAULT-VALUE}); about half of them reach the join.")
    long movies;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        // Streamed: the benchmarks generate inputs of several GB.
        try (Writer pre = Files.newBufferedWriter(dir.resolve("pre_release.csv"), StandardCharsets.UTF_8);
                Writer after = Files.newBufferedWriter(dir.resolve("after_release.csv"), StandardCharsets.UTF_8)) {
            MovieSample.generate(movies, seed, pre, after);
        }
        System.out.println("Wrote " + dir.resolve("pre_release.csv") + " and " + dir.resolve("after_release.csv"));
        return 0;
    }
}
