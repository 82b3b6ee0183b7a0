package io.fitscore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;


/**
 * The entry point of an AWS Glue job (docker/glue/): Glue starts a Scala script's main class, not a jar's, and hands it
 * the job's parameters as {@code --key value} pairs mixed with its own ({@code --JOB_ID}, {@code --JOB_RUN_ID},
 * {@code --TempDir}, {@code --job-bookmark-option}, ...). Glue sets no environment variables of the user's, so the
 * settings travel as parameters: {@code --fitscore-job run} names the job, and every {@code --fitscore.<key> <value>}
 * becomes the system property {@code fitscore.<key>}, which Quarkus reads above application.properties and the
 * environment. Glue's own parameters are left alone. Then it runs as {@link SparkSubmitMain}, line check included.
 */
public final class GlueJobMain {

    /** The parameter naming fitscore's job (run, reduce, recommend, ...). */
    static final String JOB = "--fitscore-job";

    private GlueJobMain() {
    }

    public static void main(String[] args) throws Throwable {
        GlueArguments glue;
        try {
            glue = GlueArguments.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            SparkSubmitMain.refuse("Glue job parameters: " + e.getMessage());
            return;
        }
        glue.settings().forEach(System::setProperty);
        SparkSubmitMain.main(new String[] {glue.job()});
    }

    /** What a Glue job's parameters say to fitscore: the job, and the settings in the order given. */
    record GlueArguments(String job, Map<String, String> settings) {

        static GlueArguments parse(List<String> args) {
            String job = null;
            Map<String, String> settings = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String key = args.get(i);
                boolean ours = key.equals(JOB) || key.startsWith("--fitscore.");
                if (!ours) {
                    continue; // one of Glue's own, or its value
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(key + " has no value");
                }
                String value = args.get(++i);
                if (key.equals(JOB)) {
                    job = value;
                } else {
                    settings.put(key.substring(2), value);
                }
            }
            if (job == null || job.isBlank()) {
                throw new IllegalArgumentException(JOB + " is missing: name the job to run (" + JOB + " run, reduce or recommend)");
            }
            return new GlueArguments(job, settings);
        }
    }
}
