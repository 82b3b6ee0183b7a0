package io.fitscore.aws;

import java.net.URI;

import org.apache.hadoop.conf.Configuration;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Lets s3a use the same SDK provider kind the run chose: s3a instantiates this class by name with
 * (URI, Configuration) and it reads the kind fitscore put into that configuration.
 */
public class S3aCredentialsBridge implements AwsCredentialsProvider, AutoCloseable {

    static final String KIND_KEY = "fitscore.credentials.kind";
    static final String PROFILE_KEY = "fitscore.credentials.profile";

    private final AwsCredentialsProvider delegate;

    public S3aCredentialsBridge(URI uri, Configuration conf) {
        CredentialsKind kind = CredentialsKind.parse(conf.get(KIND_KEY, "default"));
        this.delegate = SdkCredentialsProviders.build(kind, conf.get(PROFILE_KEY));
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return delegate.resolveCredentials();
    }

    @Override
    public void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public String toString() {
        return "S3aCredentialsBridge(" + delegate.getClass().getSimpleName() + ")";
    }
}
