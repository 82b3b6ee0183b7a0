package io.fitscore.storage;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@link ObjectStore} every component is given: each call goes to the store of its location's kind, the one
 * place that asks. The S3 client is CDI's lazy proxy, so a run on local files never builds one.
 */
@ApplicationScoped
public class ResolvingObjectStore implements ObjectStore {

    private final ObjectStore local = new LocalObjectStore();
    private final ObjectStore s3;

    @Inject
    public ResolvingObjectStore(S3Client s3Client) {
        this.s3 = new S3ObjectStore(s3Client);
    }

    private ObjectStore of(StorageUri location) {
        return location.isS3() ? s3 : local;
    }

    @Override
    public void put(StorageUri location, byte[] content, String contentType) {
        of(location).put(location, content, contentType);
    }

    @Override
    public Optional<String> createIfAbsent(StorageUri location, byte[] content, String contentType) {
        return of(location).createIfAbsent(location, content, contentType);
    }

    @Override
    public Optional<String> replaceIfMatch(StorageUri location, byte[] content, String contentType, String etag) {
        return of(location).replaceIfMatch(location, content, contentType, etag);
    }

    @Override
    public Optional<Versioned> getIfExists(StorageUri location) {
        return of(location).getIfExists(location);
    }

    @Override
    public boolean deleteIfMatch(StorageUri location, String etag) {
        return of(location).deleteIfMatch(location, etag);
    }

    @Override
    public byte[] get(StorageUri location) {
        return of(location).get(location);
    }

    @Override
    public byte[] readHead(StorageUri location, int bytes) {
        return of(location).readHead(location, bytes);
    }

    @Override
    public List<String> list(StorageUri prefix) {
        return of(prefix).list(prefix);
    }

    @Override
    public List<ObjectInfo> describe(StorageUri prefix) {
        return of(prefix).describe(prefix);
    }

    @Override
    public ObjectInfo head(StorageUri location) {
        return of(location).head(location);
    }

    @Override
    public void copy(StorageUri from, StorageUri to) {
        of(from).copy(from, to);
    }

    @Override
    public void delete(StorageUri location) {
        of(location).delete(location);
    }

    @Override
    public void deleteFolder(StorageUri prefix) {
        of(prefix).deleteFolder(prefix);
    }
}
