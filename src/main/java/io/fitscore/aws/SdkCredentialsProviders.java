package io.fitscore.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/** Builds a fresh AWS SDK v2 provider for a credentials kind that is not explicit keys. */
final class SdkCredentialsProviders {

    private SdkCredentialsProviders() {
    }

    /** A new provider each call: DefaultCredentialsProvider.create() would hand out a JVM-wide singleton. */
    static AwsCredentialsProvider build(CredentialsKind kind, String profile) {
        return switch (kind) {
            case DEFAULT, AUTO -> DefaultCredentialsProvider.builder().build();
            case PROFILE -> profile == null || profile.isBlank()
                    ? ProfileCredentialsProvider.builder().build()
                    : ProfileCredentialsProvider.builder().profileName(profile).build();
            case CONTAINER -> ContainerCredentialsProvider.builder().build();
            case INSTANCE_PROFILE -> InstanceProfileCredentialsProvider.builder().build();
            case WEB_IDENTITY -> WebIdentityTokenFileCredentialsProvider.builder().build();
            case STATIC -> throw new IllegalArgumentException("static credentials are built from keys");
        };
    }
}
