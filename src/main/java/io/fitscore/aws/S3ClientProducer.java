package io.fitscore.aws;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fitscore.config.FitscoreConfig;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Produces the AWS access decision and the Quarkus S3 client configured from it. */
@ApplicationScoped
public class S3ClientProducer {

    @Produces
    @Singleton
    AwsAccess awsAccess(FitscoreConfig config) {
        return AwsAccess.decide(config);
    }

    /** The extension's builder brings its HTTP client and settings; endpoint and credentials are ours. */
    @Produces
    @ApplicationScoped
    S3Client s3Client(S3ClientBuilder builder, AwsAccess access) {
        builder.credentialsProvider(access.credentialsProvider()).region(access.region())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new RequestAttempts())
                        // Six attempts instead of three: a throttling S3 (503 SlowDown) is ridden out with backoff.
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(6).build()));
        // Path style through S3Configuration: the extension already sets it there, and the SDK rejects both places.
        access.endpoint().ifPresent(uri -> builder.endpointOverride(uri).serviceConfiguration(c -> c.pathStyleAccessEnabled(true)));
        return builder.build();
    }

    void close(@Disposes S3Client client) {
        client.close();
    }
}
