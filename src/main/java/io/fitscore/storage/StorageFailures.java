package io.fitscore.storage;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.exception.SdkServiceException;

import io.fitscore.storage.StorageUri;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

/** Turns the many ways a read from S3 or disk fails into one line and the right exit code. */
public final class StorageFailures {

    /**
     * A 403 as the SDKs and S3A print it. A bare "403" is not enough: messages carry endpoints, and a
     * port such as 127.0.0.1:40361 must not turn a refused connection into "access denied".
     */
    private static final Pattern STATUS_403 = Pattern.compile("status code:? ?403(?!\\d)|\\(403\\)|(?<![\\d:.])403 forbidden");

    private StorageFailures() {
    }

    static boolean isAccessDenied(Throwable t, String lower) {
        if (t instanceof AccessDeniedException) {
            return true;
        }
        if (t instanceof SdkServiceException service && service.statusCode() == 403) {
            return true;
        }
        return STATUS_403.matcher(lower).find() || lower.contains("access denied") || lower.contains("accessdenied")
                || lower.contains("signaturedoesnotmatch") || lower.contains("invalidaccesskeyid");
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
            if (isAccessDenied(t, lower)) {
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
