package io.fitscore.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fitscore.aws.StorageFailures;
import io.fitscore.aws.StorageUri;
import io.fitscore.run.ExitCode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Writes the run's artifacts (metrics, model) through the Quarkus S3 client, or to local files. */
@ApplicationScoped
public class ArtifactStore {

    @Inject
    S3Client s3;

    public void put(StorageUri location, byte[] content, String contentType) {
        try {
            if (location.isS3()) {
                s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key()).contentType(contentType).build(),
                        RequestBody.fromBytes(content));
            } else {
                Path target = Path.of(location.key());
                Files.createDirectories(target.getParent());
                Path temp = Files.createTempFile(target.getParent(), ".fitscore-", ".tmp");
                Files.write(temp, content);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "artifact cannot be written");
        }
    }
}
