package io.fitscore.aws;

import io.fitscore.config.CredentialsKind;

import java.util.List;
import java.util.stream.Collectors;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;

/**
 * The AWS SDK v2 providers behind each credentials kind that is not explicit keys, as one ordered
 * list: s3a gets the class names (it builds each through its static create(), on the driver and on
 * every executor, needing no fitscore class), the S3 client gets a chain of the same providers.
 */
final class SdkCredentialsProviders {

    /** The SDK default chain's order: system properties, environment, web identity, profile, container, instance profile. */
    private static final List<Class<? extends AwsCredentialsProvider>> DEFAULT_CHAIN = List.of(
            SystemPropertyCredentialsProvider.class, EnvironmentVariableCredentialsProvider.class,
            WebIdentityTokenFileCredentialsProvider.class, ProfileCredentialsProvider.class,
            ContainerCredentialsProvider.class, InstanceProfileCredentialsProvider.class);

    private SdkCredentialsProviders() {
    }

    static List<Class<? extends AwsCredentialsProvider>> classes(CredentialsKind kind) {
        return switch (kind) {
            // s3a moves past a provider only on an SdkException; an unconfigured web-identity provider
            // throws IllegalStateException instead, so it joins the chain only when configured.
            case DEFAULT, AUTO -> webIdentityConfigured() ? DEFAULT_CHAIN
                    : DEFAULT_CHAIN.stream().filter(c -> c != WebIdentityTokenFileCredentialsProvider.class).toList();
            case PROFILE -> List.of(ProfileCredentialsProvider.class);
            case CONTAINER -> List.of(ContainerCredentialsProvider.class);
            case INSTANCE_PROFILE -> List.of(InstanceProfileCredentialsProvider.class);
            case WEB_IDENTITY -> List.of(WebIdentityTokenFileCredentialsProvider.class);
            case STATIC -> throw new IllegalArgumentException("static credentials are built from keys");
        };
    }

    private static boolean webIdentityConfigured() {
        return System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") != null || System.getProperty("aws.webIdentityTokenFile") != null;
    }

    /** The value for s3a's fs.s3a.aws.credentials.provider. */
    static String s3aProviderList(CredentialsKind kind) {
        return classes(kind).stream().map(Class::getName).collect(Collectors.joining(","));
    }

    /** New provider instances (never the SDK's JVM-wide default singleton), chained in the same order. */
    static AwsCredentialsProvider build(CredentialsKind kind) {
        List<AwsCredentialsProvider> providers = classes(kind).stream().map(SdkCredentialsProviders::instance).toList();
        return providers.size() == 1 ? providers.get(0)
                : AwsCredentialsProviderChain.builder().credentialsProviders(providers).reuseLastProviderEnabled(true).build();
    }

    private static AwsCredentialsProvider instance(Class<? extends AwsCredentialsProvider> type) {
        if (type == SystemPropertyCredentialsProvider.class) {
            return SystemPropertyCredentialsProvider.create();
        } else if (type == EnvironmentVariableCredentialsProvider.class) {
            return EnvironmentVariableCredentialsProvider.create();
        } else if (type == WebIdentityTokenFileCredentialsProvider.class) {
            return WebIdentityTokenFileCredentialsProvider.create();
        } else if (type == ProfileCredentialsProvider.class) {
            return ProfileCredentialsProvider.create();
        } else if (type == ContainerCredentialsProvider.class) {
            return ContainerCredentialsProvider.builder().build();
        } else {
            return InstanceProfileCredentialsProvider.builder().build();
        }
    }
}
