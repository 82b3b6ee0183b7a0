package io.fitscore.regression;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class RunSummaryTest {

    @Test
    void anS3LocationIsShownAsTheFileTheEmbeddedServerKeepsItIn() {
        String dir = "target/embedded-s3";
        assertEquals(Path.of(dir).toAbsolutePath().resolve("fitscore-sample/vlerick/fitscore-artifacts/2026-12-01/report.html").toString(),
                RunCommand.localFile(dir, "s3://fitscore-sample/vlerick/fitscore-artifacts/2026-12-01/report.html"));
        assertEquals(Path.of(dir).toAbsolutePath().resolve("b/out").toString(), RunCommand.localFile(dir, "s3a://b/out/"));
    }
}
