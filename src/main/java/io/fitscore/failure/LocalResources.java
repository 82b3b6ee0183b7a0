package io.fitscore.failure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;


/**
 * Recognises a run that ran out of local disk or heap, wherever it happened (a Spark task, s3a's upload
 * buffer, the trainer), and says which resource to give the job more of: such failures arrive wrapped in
 * Spark's or the stage's own exceptions, and read there as a broken input or output.
 */
public final class LocalResources {

    private static final long MIB = 1024 * 1024;

    private LocalResources() {
    }

    /**
     * The run's failure as exit RESOURCES, or empty when it was not a full disk or heap.
     *
     * @param scratchFolder where runs make their scratch space, named when the disk is full
     * @param stage the stage that failed, or null when not known
     */
    public static Optional<FitscoreException> exhausted(Throwable error, Path scratchFolder, String stage, String job,
            Function<String, Optional<String>> jobAdvice) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            String lower = message.toLowerCase(Locale.ROOT);
            if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
                return Optional.of(new FitscoreException(ExitCode.RESOURCES, scratchFolder + ": the local disk is full " + where(stage, job)
                        + " (" + space(scratchFolder) + "); give the job more local disk or set fitscore.spark.scratch-dir to a larger "
                        + "filesystem; nothing was published", error));
            }
            if (t instanceof OutOfMemoryError || lower.contains("java.lang.outofmemoryerror")
                    || t.getClass().getSimpleName().equals("SparkOutOfMemoryError")) {
                return Optional.of(heap(error, stage, job, jobAdvice, firstLine(message)));
            }
            // Spark's own floor, checked when its memory manager starts.
            if (lower.contains("system memory") && lower.contains("must be at least")) {
                return Optional.of(new FitscoreException(ExitCode.RESOURCES, "the JVM's heap (" + heapMiB() + " MiB) is below Spark's "
                        + "minimum of 450 MiB (" + firstLine(message) + "); " + MORE_MEMORY + "; nothing was published", error));
            }
        }
        return Optional.empty();
    }

    private static final String MORE_MEMORY = "give the job more memory (the container's, FITSCORE_HEAP for the launcher, or -Xmx for java -jar)";

    /** The heap ran out: what to change depends on the stage (a job's own stages have their own bounds, reading is Spark's). */
    public static FitscoreException heap(Throwable error, String stage, String job, Function<String, Optional<String>> jobAdvice,
            String detail) {
        String advice = jobAdvice.apply(String.valueOf(stage)).map(a -> MORE_MEMORY + " or " + a).orElseGet(() -> switch (String.valueOf(stage)) {
            case "read-join", "read-union" -> MORE_MEMORY + " or make Spark's partitions smaller (fitscore.spark.bytes-per-shuffle-partition)";
            default -> MORE_MEMORY;
        });
        String outcome = "publish".equals(stage) ? "publishing was cut short, so the results lack their completion marker: rerun"
                : "nothing was published";
        return heap(error, where(stage, job), detail, advice, outcome);
    }

    /**
     * The heap ran out outside a job's stages (e.g. {@code fitscore sample}).
     *
     * @param where "during ...", what was being done
     * @param outcome what the failure left behind, said last
     */
    public static FitscoreException heap(Throwable error, String where, String outcome) {
        return heap(error, where, firstLine(String.valueOf(error.getMessage())), MORE_MEMORY, outcome);
    }

    private static FitscoreException heap(Throwable error, String where, String detail, String advice, String outcome) {
        return new FitscoreException(ExitCode.RESOURCES, "the JVM's heap (" + heapMiB() + " MiB) ran out " + where + " (" + detail + "); "
                + advice + "; " + outcome, error);
    }

    /** "during stage collect of the run", or "during the run" when the stage is not known. */
    private static String where(String stage, String job) {
        return stage == null ? "during " + job : "during stage " + stage + " of " + job;
    }

    private static long heapMiB() {
        return Runtime.getRuntime().maxMemory() / MIB;
    }

    /** The filesystem's size, not its free space: the run's scratch folder is already removed when this is said. */
    private static String space(Path folder) {
        try {
            return "No space left on device, a filesystem of " + Files.getFileStore(folder).getTotalSpace() / MIB + " MiB";
        } catch (IOException | RuntimeException gone) {
            return "No space left on device";
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
