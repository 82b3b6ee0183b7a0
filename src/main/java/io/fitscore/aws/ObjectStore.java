package io.fitscore.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fitscore.run.ExitCode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Single objects (artifacts, models, input metadata) through the Quarkus S3 client, or local files. */
@ApplicationScoped
public class ObjectStore {

    /** What identifies an input's version: its ETag (or modification time for files) and size. */
    public record ObjectInfo(String uri, String etag, long size) {
    }

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
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    public byte[] get(StorageUri location) {
        try {
            return location.isS3() ? s3.getObjectAsBytes(g -> g.bucket(location.bucket()).key(location.key())).asByteArray()
                    : Files.readAllBytes(Path.of(location.key()));
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    public ObjectInfo head(StorageUri location) {
        try {
            if (location.isS3()) {
                HeadObjectResponse head = s3.headObject(h -> h.bucket(location.bucket()).key(location.key()));
                return new ObjectInfo(location.toString(), head.eTag(), head.contentLength());
            }
            BasicFileAttributes attributes = Files.readAttributes(Path.of(location.key()), BasicFileAttributes.class);
            return new ObjectInfo(location.toString(), "mtime:" + attributes.lastModifiedTime(), attributes.size());
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }
}
