package io.fitscore.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;

import org.junit.jupiter.api.Test;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class StorageFailuresTest {

    private static FitscoreException classify(Throwable t) {
        return StorageFailures.classify("s3://b/out/", t, ExitCode.OUTPUT_FAILED, "cannot be written");
    }

    @Test
    void aRefusedConnectionToAPortContaining403IsUnreachableNotAccessDenied() {
        // The CI flake: S3Proxy listened on port 40361 and went away mid-run.
        Throwable refused = new IOException("upload failed",
                new ConnectException("Connect to 127.0.0.1:40361 [/127.0.0.1] failed: Connection refused"));
        FitscoreException failure = classify(refused);
        assertEquals(ExitCode.OUTPUT_FAILED, failure.exitCode());
        assertTrue(failure.getMessage().contains("not reachable"), failure.getMessage());
    }

    @Test
    void aRealStatus403IsAccessDenied() {
        Throwable denied = S3Exception.builder().statusCode(403).message("Forbidden").build();
        assertEquals(ExitCode.CREDENTIALS, classify(denied).exitCode());
        Throwable printed = new IOException("PUT s3://b/out/x: S3Exception: Forbidden (Service: S3, Status Code: 403, Request ID: 1)");
        assertEquals(ExitCode.CREDENTIALS, classify(printed).exitCode());
        assertEquals(ExitCode.CREDENTIALS, classify(new AccessDeniedException("s3a://b/out/x")).exitCode());
    }

    @Test
    void otherStatusCodesAndNumbersFallBackToTheGivenCode() {
        Throwable server = S3Exception.builder().statusCode(500).message("InternalError at 10.0.0.403:4030").build();
        FitscoreException failure = classify(server);
        assertEquals(ExitCode.OUTPUT_FAILED, failure.exitCode());
        assertTrue(failure.getMessage().startsWith("s3://b/out/: cannot be written"), failure.getMessage());
    }
}
