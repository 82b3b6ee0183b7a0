package io.fitscore.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fitscore.storage.StorageUri;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import io.fitscore.sample.MovieSample;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Dev mode's default: starts S3Proxy on the configured loopback port before the command runs and
 * seeds the configured inputs with generated movie data, so the job runs with no AWS account.
 */
@ApplicationScoped
public class EmbeddedS3 {

    private static final Logger LOG = Logger.getLogger(EmbeddedS3.class);

    @Inject
    FitscoreConfig config;

    @Inject
    EmbeddedS3Config embedded;

    @Inject
    S3Client s3;

    private S3ProxyServer server;

    void onStart(@Observes StartupEvent event) {
        EmbeddedS3Config settings = embedded;
        if (!settings.enabled()) {
            return;
        }
        String identity = config.aws().accessKeyId().orElseThrow(() -> new FitscoreException(ExitCode.CONFIG,
                "fitscore.embedded-s3.enabled needs fitscore.aws.access-key-id for the embedded server"));
        String credential = config.aws().secretAccessKey().orElseThrow(() -> new FitscoreException(ExitCode.CONFIG,
                "fitscore.embedded-s3.enabled needs fitscore.aws.secret-access-key for the embedded server"));
        try {
            server = S3ProxyServer.start(Path.of(settings.jar()), settings.port(), identity, credential,
                    settings.dataDir().map(Path::of));
        } catch (IOException e) {
            throw new FitscoreException(ExitCode.CONFIG, "embedded S3 server: " + e.getMessage(), e);
        }
        List<StorageUri> inputs = config.inputs().stream().map(s -> StorageUri.parse("FITSCORE_INPUTS", s)).toList();
        Set<String> buckets = new LinkedHashSet<>();
        inputs.stream().filter(StorageUri::isS3).forEach(u -> buckets.add(u.bucket()));
        Optional.of(StorageUri.parse("FITSCORE_OUTPUT", config.output())).filter(StorageUri::isS3).ifPresent(u -> buckets.add(u.bucket()));
        Optional.of(StorageUri.parse("FITSCORE_ARTIFACTS", config.artifacts())).filter(StorageUri::isS3).ifPresent(u -> buckets.add(u.bucket()));
        for (String bucket : buckets) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException exists) {
                // Kept from an earlier dev session (filesystem-backed).
            }
        }
        MovieSample.Files sample = MovieSample.generate(settings.sampleMovies(), 7);
        List<String> contents = List.of(sample.preRelease(), sample.afterRelease());
        for (int i = 0; i < inputs.size() && i < contents.size(); i++) {
            StorageUri input = inputs.get(i);
            if (input.isS3()) {
                s3.putObject(p -> p.bucket(input.bucket()).key(input.key()), RequestBody.fromString(contents.get(i), StandardCharsets.UTF_8));
            }
        }
        LOG.infof("Embedded S3 (S3Proxy, pid %d) at %s%s; seeded %s with %d generated movies", server.pid(), server.endpoint(),
                settings.dataDir().map(d -> ", objects under " + Path.of(d).toAbsolutePath()).orElse(" (in memory)"),
                inputs.subList(0, Math.min(inputs.size(), 2)), settings.sampleMovies());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
