package io.fitscore.sample;

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

    @Option(names = "--movies", defaultValue = "2000", description = "Number of movies (default: ${DEFAULT-VALUE}).")
    int movies;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        MovieSample.Files files = MovieSample.generate(movies, seed);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pre_release.csv"), files.preRelease(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("after_release.csv"), files.afterRelease(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + dir.resolve("pre_release.csv") + " and " + dir.resolve("after_release.csv"));
        return 0;
    }
}
