package io.fitscore.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.failure.LocalResources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fitscore sample}: writes generated course-like inputs to a local folder. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Writes generated data to a folder: movies (pre_release.csv and after_release.csv, course-like) or "
                + "function (function.csv: a known nonlinear function plus noise of sd 1, target y) or "
                + "petrol (petrol.csv: 48 states, consumption linear in four columns plus noise of sd 15, target petrol_consumption) or "
                + "wide (wide.csv: 90 columns, 10 with signal, noise sd 2, target y) or "
                + "lowrank (lowrank.csv: ten columns from three hidden factors plus noise, known variance shares, for reduce) or "
                + "shapes (shapes/<class>/NNNN.png: PNG images of red discs, green squares and blue triangles, for reduce on images) or "
                + "orders (orders.csv: order lines of customers with hidden tastes, for recommend) or "
                + "shop (shop.csv: an online shop's export: product ranges, baskets, repeat purchases, cancellations, guest checkouts, "
                + "ids such as 85123A and 17850.0, for recommend) or "
                + "ratings (ratings.csv: explicit ratings with noise of known sd, for recommend).")
public class SampleCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "sample-data", description = "Folder to write to (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--movies", defaultValue = "2000",
            description = "Number of movies (default: ${DEFAULT-VALUE}); about half of them reach the join.")
    long movies;

    @Option(names = "--kind", defaultValue = "movies",
            description = "movies, function, petrol, wide, lowrank, shapes, orders, shop or ratings (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--rows", description = "Rows of the function, petrol, wide, lowrank, orders, shop or ratings data (default: 10000; petrol: 48; wide: 5000).")
    Long givenRows;
    long rows;

    @Option(names = "--images", defaultValue = "50", description = "Images per class for shapes (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--image-size", defaultValue = "32", description = "Side of the shapes images in pixels (default: ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--seed", defaultValue = "7", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Files being written under a temporary name, moved to their own names together once all are complete. */
    private final List<Path> partial = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try {
            return generate();
        } catch (OutOfMemoryError e) {
            // The generator's data went with its stack frames: there is room again to clean up and say what happened.
            deletePartialFiles();
            System.err.println(LocalResources.heap(e, "while fitscore sample generated " + kind + " data in " + dir,
                    "no sample file was written").errorLine());
            return ExitCode.RESOURCES.code();
        } catch (IOException | UncheckedIOException e) {
            deletePartialFiles();
            System.err.println(FitscoreException.errorLine(dir + ": the sample could not be written (" + e.getMessage()
                    + "); no sample file was written", ExitCode.OUTPUT_FAILED));
            return ExitCode.OUTPUT_FAILED.code();
        } catch (RuntimeException e) {
            deletePartialFiles();
            throw e;
        }
    }

    private int generate() throws IOException {
        Files.createDirectories(dir);
        rows = givenRows != null ? givenRows : kind.equals("petrol") ? PetrolSample.TUTORIAL_ROWS : kind.equals("wide") ? 5_000 : 10_000;
        if (kind.equals("wide")) {
            return writeTable("wide.csv", out -> WideSample.generate(rows, seed, out), "target y, key id; best possible R2 "
                    + String.format(Locale.ROOT, "%.4f", WideSample.ceiling()));
        }
        if (kind.equals("petrol")) {
            return writeTable("petrol.csv", out -> write(out, PetrolSample.generate((int) rows, seed)), "target petrol_consumption, noise sd "
                    + PetrolSample.NOISE_SD + "; key state");
        }
        if (kind.equals("function")) {
            return writeTable("function.csv", out -> FunctionSample.generate(rows, seed, out),
                    "target y, noise sd " + FunctionSample.NOISE_SD);
        }
        if (kind.equals("lowrank")) {
            return writeTable("lowrank.csv", out -> LowRankSample.generate(rows, seed, out), "id, x1..x10, group; variance shares "
                    + Arrays.stream(LowRankSample.varianceShares()).limit(4).mapToObj(v -> String.format(Locale.ROOT, "%.3f", v))
                            .collect(Collectors.joining(", ")) + ", ...");
        }
        if (kind.equals("orders")) {
            return writeTable("orders.csv", out -> OrderLogSample.orders(rows, seed, out), OrderLogSample.customers(rows)
                    + " customers, " + OrderLogSample.items(rows) + " items, hidden tastes of " + OrderLogSample.FACTORS + " factors");
        }
        if (kind.equals("shop")) {
            return writeTable("shop.csv", out -> ShopLogSample.orders(rows, seed, out), "about " + ShopLogSample.customers(rows)
                    + " customers, " + ShopLogSample.items(rows) + " products in ranges; user CustomerID, item StockCode, quantity Quantity");
        }
        if (kind.equals("ratings")) {
            return writeTable("ratings.csv", out -> OrderLogSample.ratings(rows, seed, out), "user, item, rating; noise sd "
                    + OrderLogSample.RATING_NOISE_SD);
        }
        if (kind.equals("shapes")) {
            Path folder = dir.resolve("shapes");
            for (Map.Entry<String, byte[]> image : ShapeImages.generate(images, imageSize, seed).entrySet()) {
                Path file = folder.resolve(image.getKey());
                Files.createDirectories(file.getParent());
                Files.write(file, image.getValue());
            }
            System.out.println("Wrote " + images * ShapeImages.CLASSES.size() + " PNG images under " + folder + " (classes "
                    + ShapeImages.CLASSES + ", one sub-folder each)");
            return 0;
        }
        if (!kind.equals("movies")) {
            System.err.println(FitscoreException.errorLine("--kind: '" + kind
                    + "' is not movies, function, petrol, wide, lowrank, shapes, orders, shop or ratings", ExitCode.USAGE));
            return ExitCode.USAGE.code();
        }
        // Streamed: the benchmarks generate inputs of several GB.
        Path pre = dir.resolve("pre_release.csv");
        Path after = dir.resolve("after_release.csv");
        try (Writer preOut = newPartialFile(pre); Writer afterOut = newPartialFile(after)) {
            MovieSample.generate(movies, seed, preOut, afterOut);
        }
        completePartialFiles();
        System.out.println("Wrote " + pre + " and " + after);
        return 0;
    }

    private static void write(Writer out, String text) {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes one generated table to the folder and says what it holds. */
    private int writeTable(String file, Consumer<Writer> generator, String contents) throws IOException {
        try (Writer out = newPartialFile(dir.resolve(file))) {
            generator.accept(out);
        }
        completePartialFiles();
        System.out.println("Wrote " + dir.resolve(file) + " (" + contents + ")");
        return 0;
    }

    /**
     * A writer to the file's temporary sibling: a generator cut short (out of heap or disk) leaves no file under the
     * final name that looks complete, and a previous sample of the same name stays as it was.
     */
    private Writer newPartialFile(Path file) throws IOException {
        partial.add(file);
        return Files.newBufferedWriter(partialName(file), StandardCharsets.UTF_8);
    }

    private static Path partialName(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }

    private void completePartialFiles() throws IOException {
        for (Path file : partial) {
            Files.move(partialName(file), file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        partial.clear();
    }

    private void deletePartialFiles() {
        for (Path file : partial) {
            try {
                Files.deleteIfExists(partialName(file));
            } catch (IOException | RuntimeException ignored) {
                // best effort: the failure being reported matters more
            }
        }
        partial.clear();
    }
}
