package io.fitscore.storage;

import java.util.List;
import java.util.Optional;

/**
 * Single objects (artifacts, models, leases, input metadata) wherever a location names them, as Iceberg's FileIO
 * does for files: {@link S3ObjectStore} for s3://, {@link LocalObjectStore} for file://, and the injected
 * {@link ResolvingObjectStore} that picks one by the location, so that no caller asks which it is. Every failure is
 * a {@link io.fitscore.failure.FitscoreException} naming the location, with the exit code of its kind.
 */
public interface ObjectStore {

    /** What identifies an input's version: its ETag (or modification time for files) and size. */
    record ObjectInfo(String uri, String etag, long size) {
    }

    /** An object's content with the ETag that a conditional write can name. */
    record Versioned(byte[] content, String etag) {
    }

    /** Writes an object whole; a reader sees the old content or the new, never part of it. */
    void put(StorageUri location, byte[] content, String contentType);

    /** Creates an object only if none exists; returns the new object's ETag, or empty when the object already exists. */
    Optional<String> createIfAbsent(StorageUri location, byte[] content, String contentType);

    /** Replaces an object only if it is still the version named by {@code etag}; empty when it changed or disappeared. */
    Optional<String> replaceIfMatch(StorageUri location, byte[] content, String contentType, String etag);

    /** An object's content and ETag, or empty when it does not exist. */
    Optional<Versioned> getIfExists(StorageUri location);

    /** Deletes an object only if it is still the version named by {@code etag}; otherwise leaves it. */
    boolean deleteIfMatch(StorageUri location, String etag);

    byte[] get(StorageUri location);

    /** The first bytes of an object (all of it when it is smaller). */
    byte[] readHead(StorageUri location, int bytes);

    /** Every object under a prefix, as keys relative to the prefix; empty when there is none. */
    List<String> list(StorageUri prefix);

    /** Every object under a prefix with its ETag and size. */
    List<ObjectInfo> describe(StorageUri prefix);

    /** One object's version and size. */
    ObjectInfo head(StorageUri location);

    /** Copies one object (server-side on S3) within one store. */
    void copy(StorageUri from, StorageUri to);

    /** Deletes one object; one that does not exist is fine. */
    void delete(StorageUri location);

    /** Deletes everything under a prefix. */
    void deleteFolder(StorageUri prefix);
}
