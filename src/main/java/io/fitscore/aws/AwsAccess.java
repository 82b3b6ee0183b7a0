package io.fitscore.aws;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.fitscore.config.CredentialsKind;
import io.fitscore.config.FitscoreConfig;
import io.fitscore.failure.ExitCode;
import io.fitscore.failure.FitscoreException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The run's one decision about where S3 is and which credentials reach it; both the Quarkus S3
 * client and Spark's s3a are configured from it, so they can never disagree.
 */
public final class AwsAccess {

    private static final Logger LOG = Logger.getLogger(AwsAccess.class);

    private final CredentialsKind kind;
    private final String reason;
    private final Optional<URI> endpoint;
    private final Region region;
    private final Optional<AwsCredentials> explicitKeys;

    private AwsAccess(CredentialsKind kind, String reason, Optional<URI> endpoint, Region region,
            Optional<AwsCredentials> explicitKeys) {
        this.kind = kind;
        this.reason = reason;
        this.endpoint = endpoint;
        this.region = region;
        this.explicitKeys = explicitKeys;
    }

    /** Decides from configuration; configuration mistakes become exit code CONFIG with one clear line. */
    public static AwsAccess decide(FitscoreConfig config) {
        FitscoreConfig.Aws aws = config.aws();
        Optional<String> keyId = aws.accessKeyId().filter(s -> !s.isBlank());
        Optional<String> secret = aws.secretAccessKey().filter(s -> !s.isBlank());
        Optional<String> token = aws.sessionToken().filter(s -> !s.isBlank());
        if (keyId.isPresent() != secret.isPresent()) {
            throw new FitscoreException(ExitCode.CONFIG, keyId.isPresent()
                    ? "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to use the default chain"
                    : "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither to use the default chain");
        }
        Optional<AwsCredentials> keys = keyId.map(id -> token.isPresent()
                ? AwsSessionCredentials.create(id, secret.get(), token.get())
                : AwsBasicCredentials.create(id, secret.get()));

        CredentialsKind requested = CredentialsKind.parse(config.credentials());
        CredentialsKind kind;
        String reason;
        if (requested == CredentialsKind.AUTO) {
            if (keys.isPresent()) {
                kind = CredentialsKind.STATIC;
                reason = "auto: explicit keys are set" + (token.isPresent() ? " (with a session token)" : "");
            } else {
                kind = CredentialsKind.DEFAULT;
                reason = "auto: no explicit keys, so the AWS SDK default chain (environment, web identity, profile, container, instance profile)";
            }
        } else {
            kind = requested;
            reason = "fitscore.credentials=" + requested.configName();
            if (kind == CredentialsKind.STATIC && keys.isEmpty()) {
                throw new FitscoreException(ExitCode.CONFIG,
                        "fitscore.credentials=static needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
        }
        Optional<URI> endpoint = config.s3Endpoint().filter(s -> !s.isBlank()).map(AwsAccess::parseEndpoint);
        Region region = Region.of(aws.region().trim());
        return new AwsAccess(kind, reason, endpoint, region, kind == CredentialsKind.STATIC ? keys : Optional.empty());
    }

    private static URI parseEndpoint(String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("needs http:// or https:// and a host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new FitscoreException(ExitCode.CONFIG, "FITSCORE_S3_ENDPOINT: '" + value + "' is not an http(s) URL: " + e.getMessage());
        }
    }

    /** Logs which provider was chosen and why; never a key. */
    public void logChoice() {
        LOG.infof("Credentials: %s (%s); S3 endpoint: %s; region: %s", kind.configName(), reason,
                endpoint.map(URI::toString).orElse("AWS default"), region.id());
    }

    /** A new provider for the AWS SDK clients of this run. */
    public AwsCredentialsProvider credentialsProvider() {
        return explicitKeys.<AwsCredentialsProvider>map(StaticCredentialsProvider::create)
                .orElseGet(() -> SdkCredentialsProviders.build(kind));
    }

    /** The s3a settings that carry the same decision into Hadoop's configuration. */
    public Map<String, String> s3aSettings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        // Transient errors (throttling, resets) are retried with backoff, but a dead endpoint fails in
        // well under a minute instead of s3a's default of several minutes; 403/404 are never retried.
        s.put("fs.s3a.retry.limit", "4");
        s.put("fs.s3a.retry.interval", "500ms");
        s.put("fs.s3a.attempts.maximum", "3");
        // Throttling (503 SlowDown) has its own exponential backoff; s3a's default of 20 doublings from
        // 100 ms could keep a run hanging for hours on an endpoint that never recovers.
        s.put("fs.s3a.retry.throttle.limit", "6");
        s.put("fs.s3a.retry.throttle.interval", "250ms");
        // s3a's floor: anything lower is raised to it with a warning on every run.
        s.put("fs.s3a.connection.establish.timeout", "15s");
        s.put("fs.s3a.endpoint.region", region.id());
        endpoint.ifPresent(uri -> {
            s.put("fs.s3a.endpoint", uri.toString());
            s.put("fs.s3a.path.style.access", "true");
            s.put("fs.s3a.connection.ssl.enabled", Boolean.toString("https".equals(uri.getScheme())));
        });
        if (explicitKeys.isPresent()) {
            AwsCredentials keys = explicitKeys.get();
            s.put("fs.s3a.access.key", keys.accessKeyId());
            s.put("fs.s3a.secret.key", keys.secretAccessKey());
            if (keys instanceof AwsSessionCredentials session) {
                s.put("fs.s3a.session.token", session.sessionToken());
                s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
            } else {
                s.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            }
        } else {
            s.put("fs.s3a.aws.credentials.provider", SdkCredentialsProviders.s3aProviderList(kind));
        }
        return s;
    }

    public CredentialsKind kind() {
        return kind;
    }

    public String reason() {
        return reason;
    }

    public Optional<URI> endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }
}
