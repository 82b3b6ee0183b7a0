package io.fitscore.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;

class StorageUriTest {

    @Test
    void aRelativeFileUriIsResolvedAgainstTheWorkingDirectory() {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        StorageUri file = StorageUri.parse("fitscore.inputs", "file:target/lowrank/lowrank.csv");
        assertEquals(cwd + "/target/lowrank/lowrank.csv", file.key());
        assertEquals("file://" + cwd + "/target/lowrank/lowrank.csv", file.hadoopPath());
        StorageUri folder = StorageUri.parse("fitscore.inputs", "file:target/shapes/");
        assertEquals(cwd + "/target/shapes/", folder.key());
        assertTrue(folder.isMultiFile());
        assertTrue(StorageUri.parse("fitscore.inputs", "file:logs/*.csv").isMultiFile());
        assertEquals("/tmp/a.csv", StorageUri.parse("fitscore.inputs", "file:///tmp/a.csv").key(), "absolute as before");
        FitscoreException empty = assertThrows(FitscoreException.class, () -> StorageUri.parse("fitscore.output", "file:"));
        assertEquals(ExitCode.CONFIG, empty.exitCode());
    }

    @Test
    void s3AndS3aAreTheSameLocationReadThroughS3a() {
        StorageUri s3 = StorageUri.parse("x", "s3://bucket-a/vlerick/pre_release.csv");
        StorageUri s3a = StorageUri.parse("x", "s3a://bucket-a/vlerick/pre_release.csv");
        assertEquals("bucket-a", s3.bucket());
        assertEquals("vlerick/pre_release.csv", s3.key());
        assertEquals("s3a://bucket-a/vlerick/pre_release.csv", s3.hadoopPath());
        assertEquals(s3.hadoopPath(), s3a.hadoopPath());
    }

    @Test
    void fileUrisAreLocal() {
        StorageUri f = StorageUri.parse("x", "file:///tmp/data/a.csv");
        assertFalse(f.isS3());
        assertEquals("file:///tmp/data/a.csv", f.hadoopPath());
    }

    @Test
    void prefixesNestByWholeFolderNames() {
        StorageUri out = StorageUri.parse("x", "s3://b-1/vlerick/fitscore");
        assertTrue(StorageUri.parse("x", "s3://b-1/vlerick/fitscore/part-0.json").isWithin(out));
        assertFalse(StorageUri.parse("x", "s3://b-1/vlerick/fitscore-artifacts/metrics.json").isWithin(out));
        assertFalse(StorageUri.parse("x", "s3://b-2/vlerick/fitscore/x").isWithin(out));
        assertEquals("vlerick/fitscore/metrics.json", out.resolve("metrics.json").key());
    }

    @Test
    void otherSchemesAndMissingBucketsAreConfigErrors() {
        FitscoreException http = assertThrows(FitscoreException.class, () -> StorageUri.parse("FITSCORE_INPUTS", "http://x/y.csv"));
        assertEquals(ExitCode.CONFIG, http.exitCode());
        assertTrue(http.getMessage().startsWith("FITSCORE_INPUTS: "));
        assertEquals(ExitCode.CONFIG, assertThrows(FitscoreException.class, () -> StorageUri.parse("x", "s3:///key.csv")).exitCode());
        assertEquals(ExitCode.CONFIG, assertThrows(FitscoreException.class, () -> StorageUri.parse("x", "  ")).exitCode());
    }

    @Test
    void foldersAndPatternsNameTheirFilesAsHadoopGlobsDo() {
        StorageUri folder = StorageUri.parse("x", "s3://b/logs/2026/");
        assertTrue(folder.isMultiFile());
        assertEquals("logs/2026/", folder.listingFolder().key());
        assertTrue(folder.names("logs/2026/11/a.csv"), "a folder takes its sub-folders' files too");
        assertFalse(folder.names("logs/2026/_SUCCESS"), "markers are not data");
        assertFalse(folder.names("logs/2026/.out.staging-1/a.csv"), "hidden folders are not data");
        assertFalse(folder.names("logs/2025/a.csv"));

        StorageUri pattern = StorageUri.parse("x", "s3://b/logs/2026-*/part-*.csv");
        assertTrue(pattern.isMultiFile());
        assertEquals("logs/", pattern.listingFolder().key());
        assertTrue(pattern.names("logs/2026-11/part-a.csv"));
        assertFalse(pattern.names("logs/2026-11/deep/part-a.csv"), "* stays within one path segment");
        assertFalse(pattern.names("logs/2026-11/part-a.json"));
        assertFalse(StorageUri.parse("x", "s3://b/logs/a.csv").isMultiFile());
    }
}
