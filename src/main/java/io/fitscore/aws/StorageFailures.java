package io.fitscore.aws;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;

import io.fitscore.run.ExitCode;
import io.fitscore.run.FitscoreException;

/** Turns the many ways a read from S3 or disk fails into one line and the right exit code. */
public final class StorageFailures {

    private StorageFailures() {
    }

    public static FitscoreException classify(StorageUri uri, Throwable error) {
        return classify(uri.toString(), error, ExitCode.INPUT_MISSING, "cannot be read");
    }

    /** Looks through the cause chain for a known failure; falls back to the given code and verb. */
    public static FitscoreException classify(String what, Throwable error, ExitCode fallback, String verb) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FitscoreException fe) {
                return fe;
            }
            String name = t.getClass().getSimpleName();
            String msg = String.valueOf(t.getMessage());
            String lower = msg.toLowerCase(Locale.ROOT);
            if (t instanceof AccessDeniedException || lower.contains("403") || lower.contains("access denied")
                    || lower.contains("signaturedoesnotmatch") || lower.contains("invalidaccesskeyid")
                    || lower.contains("forbidden")) {
                return new FitscoreException(ExitCode.CREDENTIALS, what + ": access denied (check the credentials and their S3 permissions)", error);
            }
            if (lower.contains("unable to load credentials") || lower.contains("no aws credentials")
                    || lower.contains("cannot fetch credentials") || lower.contains("failed to load credentials")
                    || lower.contains("aws_web_identity_token_file") || name.equals("NoAuthWithAWSException")
                    || name.equals("NoAwsCredentialsException") || name.equals("CredentialInitializationException")) {
                return new FitscoreException(ExitCode.CREDENTIALS, what + ": no usable AWS credentials found", error);
            }
            if (name.equals("UnknownStoreException") || lower.contains("nosuchbucket") || lower.contains("bucket does not exist")) {
                return new FitscoreException(fallback, what + ": the bucket does not exist", error);
            }
            if (t instanceof FileNotFoundException || t instanceof java.nio.file.NoSuchFileException || name.equals("NoSuchKeyException")
                    || lower.contains("path_not_found") || lower.contains("path does not exist") || lower.contains("no such file")) {
                return new FitscoreException(fallback, what + ": does not exist", error);
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || lower.contains("connection refused")
                    || lower.contains("unable to execute http request")) {
                return new FitscoreException(fallback, what + ": the S3 endpoint is not reachable (" + firstLine(msg) + ")", error);
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // The innermost cause names the real problem; Spark's wrappers only say that a task failed.
        return new FitscoreException(fallback, what + ": " + verb + " (" + root.getClass().getSimpleName() + ": "
                + firstLine(String.valueOf(root.getMessage())) + ")", error);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
