package io.fitscore.testing;

/** Opens a {@link TestS3} client on any S3 endpoint (for tests that run their own server). */
public final class TestS3Access {

    private TestS3Access() {
    }

    public static TestS3 client(String endpoint, String accessKey, String secret) {
        return new TestS3(endpoint, accessKey, secret);
    }
}
