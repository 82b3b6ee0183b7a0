package io.fitscore.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.fitscore.sample.MovieSample;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A plain AWS SDK client on the test S3 server, for uploading inputs and reading results back. */
public final class TestS3 implements AutoCloseable {

    private final S3Client s3;

    TestS3(String endpoint, String accessKey, String secret) {
        s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClient(ApacheHttpClient.builder().build())
                .build();
    }

    public void createBucket(String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException exists) {
            // fine
        }
    }

    /** Creates the bucket and puts a generated movie sample's two files under {@code in/}, as the course keeps them. */
    public void putMovieSample(String bucket, MovieSample.Files sample) {
        createBucket(bucket);
        put(bucket, "in/pre_release.csv", sample.preRelease());
        put(bucket, "in/after_release.csv", sample.afterRelease());
    }

    public void put(String bucket, String key, String content) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    public void put(String bucket, String key, byte[] content) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public List<String> keys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
            keys.add(o.key());
        }
        return keys;
    }

    public void delete(String bucket, String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
    }

    public byte[] get(String bucket, String key) {
        return s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
    }

    public String getString(String bucket, String key) {
        return new String(get(bucket, key), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        s3.close();
    }
}
