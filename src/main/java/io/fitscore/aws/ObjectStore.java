package io.fitscore.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fitscore.storage.StorageUri;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

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

    /** An object's content with the ETag that a conditional write can name. */
    public record Versioned(byte[] content, String etag) {
    }

    /**
     * Creates an object only if none exists (S3's conditional put, If-None-Match: *; for local files an
     * exclusive create). Returns the new object's ETag, or empty when the object already exists.
     */
    public java.util.Optional<String> createIfAbsent(StorageUri location, byte[] content, String contentType) {
        try {
            if (location.isS3()) {
                return java.util.Optional.of(s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key())
                        .contentType(contentType).ifNoneMatch("*").build(), RequestBody.fromBytes(content)).eTag());
            }
            Path target = Path.of(location.key());
            Files.createDirectories(target.getParent());
            // Written aside, then linked in: the link fails if the file exists, and no reader sees it half-written.
            Path temp = Files.createTempFile(target.getParent(), ".fitscore-", ".tmp");
            try {
                Files.write(temp, content);
                Files.createLink(target, temp);
            } finally {
                Files.deleteIfExists(temp);
            }
            return java.util.Optional.of(contentTag(content));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return java.util.Optional.empty();
        } catch (S3Exception e) {
            if (isConditionFailed(e)) {
                return java.util.Optional.empty();
            }
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    /**
     * Replaces an object only if it is still the version named by {@code etag} (If-Match). Returns the
     * new ETag, or empty when the object changed or disappeared meanwhile. Local files compare content
     * and then move, which is not atomic across processes: leases on local files are best effort.
     */
    public java.util.Optional<String> replaceIfMatch(StorageUri location, byte[] content, String contentType, String etag) {
        try {
            if (location.isS3()) {
                return java.util.Optional.of(s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key())
                        .contentType(contentType).ifMatch(etag).build(), RequestBody.fromBytes(content)).eTag());
            }
            java.util.Optional<Versioned> current = getIfExists(location);
            if (current.isEmpty() || !current.get().etag().equals(etag)) {
                return java.util.Optional.empty();
            }
            put(location, content, contentType);
            return java.util.Optional.of(contentTag(content));
        } catch (S3Exception e) {
            if (isConditionFailed(e) || e.statusCode() == 404) {
                return java.util.Optional.empty();
            }
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    /** An object's content and ETag, or empty when it does not exist. */
    public java.util.Optional<Versioned> getIfExists(StorageUri location) {
        try {
            if (location.isS3()) {
                var bytes = s3.getObjectAsBytes(g -> g.bucket(location.bucket()).key(location.key()));
                return java.util.Optional.of(new Versioned(bytes.asByteArray(), bytes.response().eTag()));
            }
            byte[] content = Files.readAllBytes(Path.of(location.key()));
            return java.util.Optional.of(new Versioned(content, contentTag(content)));
        } catch (NoSuchKeyException | java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be read");
        }
    }

    /** Deletes an object only if it is still the version named by {@code etag}; otherwise leaves it. */
    public boolean deleteIfMatch(StorageUri location, String etag) {
        try {
            if (location.isS3()) {
                s3.deleteObject(d -> d.bucket(location.bucket()).key(location.key()).ifMatch(etag));
                return true;
            }
            java.util.Optional<Versioned> current = getIfExists(location);
            return current.isPresent() && current.get().etag().equals(etag) && Files.deleteIfExists(Path.of(location.key()));
        } catch (S3Exception e) {
            if (isConditionFailed(e) || e.statusCode() == 404) {
                return false;
            }
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        }
    }

    /** 412 Precondition Failed, or 409 ConditionalRequestConflict (a concurrent conditional write won). */
    private static boolean isConditionFailed(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    private static String contentTag(byte[] content) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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

    /** The first bytes of an object or file (all of it when it is smaller). */
    public byte[] readHead(StorageUri location, int bytes) {
        try {
            if (location.isS3()) {
                return s3.getObjectAsBytes(g -> g.bucket(location.bucket()).key(location.key()).range("bytes=0-" + (bytes - 1))).asByteArray();
            }
            try (var in = Files.newInputStream(Path.of(location.key()))) {
                return in.readNBytes(bytes);
            }
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    /** Every object (or file) under a prefix, as keys relative to the prefix; empty when there is none. */
    public List<String> list(StorageUri prefix) {
        return list(prefix, false);
    }

    /** Every object (or file) under a prefix with its ETag and size, from the listing alone (no HEAD per object). */
    public List<ObjectInfo> describe(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        try {
            if (folder.isS3()) {
                List<ObjectInfo> objects = new ArrayList<>();
                for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(folder.bucket()).prefix(folder.key())).contents()) {
                    if (!o.key().endsWith("/")) {
                        objects.add(new ObjectInfo(folder.resolve(o.key().substring(folder.key().length())).toString(), o.eTag(), o.size()));
                    }
                }
                return objects;
            }
            List<ObjectInfo> files = new ArrayList<>();
            for (String name : list(folder, false)) {
                files.add(head(folder.resolve(name)));
            }
            return files;
        } catch (RuntimeException e) {
            throw StorageFailures.classify(folder.toString(), e, ExitCode.INPUT_MISSING, "cannot be listed");
        }
    }

    private List<String> list(StorageUri prefix, boolean withMarkers) {
        StorageUri folder = prefix.asPrefix();
        try {
            if (folder.isS3()) {
                List<String> keys = new ArrayList<>();
                for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(folder.bucket()).prefix(folder.key())).contents()) {
                    String name = o.key().substring(folder.key().length());
                    // Empty objects named like a folder are s3a's directory markers (its committers leave one
                    // for the output folder); they are not files of the folder.
                    if (withMarkers || !name.isEmpty() && !name.endsWith("/")) {
                        keys.add(name);
                    }
                }
                return keys;
            }
            Path root = Path.of(folder.key());
            if (!Files.isDirectory(root)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
            }
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(folder.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be listed");
        }
    }

    /** Copies one object server-side (S3) or one file (local). */
    public void copy(StorageUri from, StorageUri to) {
        try {
            if (from.isS3()) {
                s3.copyObject(c -> c.sourceBucket(from.bucket()).sourceKey(from.key()).destinationBucket(to.bucket()).destinationKey(to.key()));
            } else {
                Path target = Path.of(to.key());
                Files.createDirectories(target.getParent());
                Files.copy(Path.of(from.key()), target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(to.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    /** Deletes one object or file; one that does not exist is fine. */
    public void delete(StorageUri location) {
        try {
            if (location.isS3()) {
                s3.deleteObject(d -> d.bucket(location.bucket()).key(location.key()));
            } else {
                Files.deleteIfExists(Path.of(location.key()));
            }
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        }
    }

    private boolean bucketExists(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            return e.statusCode() != 404;
        }
    }

    /** Deletes everything under a prefix (for local files, the folder too). */
    public void deleteFolder(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        for (String name : list(folder, true)) {
            delete(name.isEmpty() ? folder : folder.resolve(name));
        }
        if (!folder.isS3()) {
            try (Stream<Path> paths = Files.walk(Path.of(folder.key()))) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | RuntimeException e) {
                // already gone
            }
        }
    }

    public ObjectInfo head(StorageUri location) {
        try {
            if (location.isS3()) {
                try {
                    HeadObjectResponse head = s3.headObject(h -> h.bucket(location.bucket()).key(location.key()));
                    return new ObjectInfo(location.toString(), head.eTag(), head.contentLength());
                } catch (NoSuchKeyException missing) {
                    // A HEAD's 404 has no body, so a missing bucket looks like a missing key: ask the bucket.
                    if (!bucketExists(location.bucket())) {
                        throw new FitscoreException(ExitCode.INPUT_MISSING, location + ": the bucket does not exist", missing);
                    }
                    throw missing;
                }
            }
            BasicFileAttributes attributes = Files.readAttributes(Path.of(location.key()), BasicFileAttributes.class);
            return new ObjectInfo(location.toString(), "mtime:" + attributes.lastModifiedTime(), attributes.size());
        } catch (IOException | RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }
}
