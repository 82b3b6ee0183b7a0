package io.fitscore.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** s3:// locations through the Quarkus S3 client: conditional puts (If-None-Match, If-Match) for leases, server-side copies. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public void put(StorageUri location, byte[] content, String contentType) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key()).contentType(contentType).build(),
                    RequestBody.fromBytes(content));
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public Optional<String> createIfAbsent(StorageUri location, byte[] content, String contentType) {
        try {
            return Optional.of(s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key())
                    .contentType(contentType).ifNoneMatch("*").build(), RequestBody.fromBytes(content)).eTag());
        } catch (S3Exception e) {
            if (isConditionFailed(e)) {
                return Optional.empty();
            }
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public Optional<String> replaceIfMatch(StorageUri location, byte[] content, String contentType, String etag) {
        try {
            return Optional.of(s3.putObject(PutObjectRequest.builder().bucket(location.bucket()).key(location.key())
                    .contentType(contentType).ifMatch(etag).build(), RequestBody.fromBytes(content)).eTag());
        } catch (S3Exception e) {
            if (isConditionFailed(e) || e.statusCode() == 404) {
                return Optional.empty();
            }
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public Optional<Versioned> getIfExists(StorageUri location) {
        try {
            var bytes = s3.getObjectAsBytes(g -> g.bucket(location.bucket()).key(location.key()));
            return Optional.of(new Versioned(bytes.asByteArray(), bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be read");
        }
    }

    @Override
    public boolean deleteIfMatch(StorageUri location, String etag) {
        try {
            s3.deleteObject(d -> d.bucket(location.bucket()).key(location.key()).ifMatch(etag));
            return true;
        } catch (S3Exception e) {
            if (isConditionFailed(e) || e.statusCode() == 404) {
                return false;
            }
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        }
    }

    /** 412 Precondition Failed, or 409 ConditionalRequestConflict (a concurrent conditional write won). */
    private static boolean isConditionFailed(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    @Override
    public byte[] get(StorageUri location) {
        try {
            return s3.getObjectAsBytes(g -> g.bucket(location.bucket()).key(location.key())).asByteArray();
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    @Override
    public byte[] readHead(StorageUri location, int bytes) {
        try {
            return s3.getObjectAsBytes(g -> g.bucket(location.bucket()).key(location.key()).range("bytes=0-" + (bytes - 1))).asByteArray();
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
        }
    }

    @Override
    public List<String> list(StorageUri prefix) {
        return list(prefix, false);
    }

    /** From the listing alone (no HEAD per object). */
    @Override
    public List<ObjectInfo> describe(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        try {
            List<ObjectInfo> objects = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(folder.bucket()).prefix(folder.key())).contents()) {
                if (!o.key().endsWith("/")) {
                    objects.add(new ObjectInfo(folder.resolve(o.key().substring(folder.key().length())).toString(), o.eTag(), o.size()));
                }
            }
            return objects;
        } catch (RuntimeException e) {
            throw StorageFailures.classify(folder.toString(), e, ExitCode.INPUT_MISSING, "cannot be listed");
        }
    }

    private List<String> list(StorageUri prefix, boolean withMarkers) {
        StorageUri folder = prefix.asPrefix();
        try {
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
        } catch (RuntimeException e) {
            throw StorageFailures.classify(folder.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be listed");
        }
    }

    @Override
    public ObjectInfo head(StorageUri location) {
        try {
            HeadObjectResponse head = s3.headObject(h -> h.bucket(location.bucket()).key(location.key()));
            return new ObjectInfo(location.toString(), head.eTag(), head.contentLength());
        } catch (NoSuchKeyException missing) {
            // A HEAD's 404 has no body, so a missing bucket looks like a missing key: ask the bucket.
            if (!bucketExists(location.bucket())) {
                throw new FitscoreException(ExitCode.INPUT_MISSING, location + ": the bucket does not exist", missing);
            }
            throw StorageFailures.classify(location.toString(), missing, ExitCode.INPUT_MISSING, "cannot be read");
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.INPUT_MISSING, "cannot be read");
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

    @Override
    public void copy(StorageUri from, StorageUri to) {
        try {
            s3.copyObject(c -> c.sourceBucket(from.bucket()).sourceKey(from.key()).destinationBucket(to.bucket()).destinationKey(to.key()));
        } catch (RuntimeException e) {
            throw StorageFailures.classify(to.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be written");
        }
    }

    @Override
    public void delete(StorageUri location) {
        try {
            s3.deleteObject(d -> d.bucket(location.bucket()).key(location.key()));
        } catch (RuntimeException e) {
            throw StorageFailures.classify(location.toString(), e, ExitCode.OUTPUT_FAILED, "cannot be deleted");
        }
    }

    /** Directory markers included: an emptied folder leaves nothing behind. */
    @Override
    public void deleteFolder(StorageUri prefix) {
        StorageUri folder = prefix.asPrefix();
        for (String name : list(folder, true)) {
            delete(name.isEmpty() ? folder : folder.resolve(name));
        }
    }
}
