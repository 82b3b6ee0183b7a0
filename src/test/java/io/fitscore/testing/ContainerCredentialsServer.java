package io.fitscore.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for the ECS/AWS Batch container credentials endpoint: serves the JSON the
 * AWS SDK's ContainerCredentialsProvider reads, only to callers that send the authorization token.
 * Rotating, it hands out a new session token with a short lifetime on every fetch and remembers when
 * each expires, so a proxy in front of S3 can refuse expired ones as S3 does.
 */
public final class ContainerCredentialsServer implements AutoCloseable {

    public static final String PATH = "/v2/credentials/fitscore-test";

    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final String authorization;

    public ContainerCredentialsServer(String accessKeyId, String secretAccessKey, String token, String authorization) throws IOException {
        this(accessKeyId, secretAccessKey, token, authorization, Duration.ofHours(6), false);
    }

    /** Every fetch gets a new token ({@code rotating-token-<n>}) that expires after the lifetime. */
    public static ContainerCredentialsServer rotating(String accessKeyId, String secretAccessKey, String authorization, Duration lifetime)
            throws IOException {
        return new ContainerCredentialsServer(accessKeyId, secretAccessKey, null, authorization, lifetime, true);
    }

    private ContainerCredentialsServer(String accessKeyId, String secretAccessKey, String fixedToken, String authorization,
            Duration lifetime, boolean rotate) throws IOException {
        this.authorization = authorization;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, exchange -> {
            byte[] body;
            int status;
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                status = 401;
                body = "{\"message\":\"bad token\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                int n = served.incrementAndGet();
                status = 200;
                Instant expires = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
                String token = rotate ? "rotating-token-" + n : fixedToken;
                expiries.put(token, expires);
                String expiration = expires.toString();
                body = ("{\"AccessKeyId\":\"" + accessKeyId + "\",\"SecretAccessKey\":\"" + secretAccessKey
                        + "\",\"Token\":\"" + token + "\",\"Expiration\":\"" + expiration + "\",\"RoleArn\":\"arn:aws:iam::000000000000:role/fitscore-test\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String fullUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Points the in-JVM launches' AWS SDK at this endpoint, as ECS and AWS Batch do through the environment. */
    public void offerTo(SystemProperties properties) {
        properties.set("aws.containerCredentialsFullUri", fullUri());
        properties.set("aws.containerAuthorizationToken", authorization);
    }

    public int served() {
        return served.get();
    }

    public int refused() {
        return refused.get();
    }

    /** When each token handed out so far expires. */
    public Map<String, Instant> expiries() {
        return Map.copyOf(expiries);
    }

    /** What S3 would say to a request carrying this session token: null when valid, else its error code. */
    public String verdict(String token) {
        Instant expires = token == null ? null : expiries.get(token);
        if (expires == null) {
            return "InvalidToken";
        }
        return Instant.now().isAfter(expires) ? "ExpiredToken" : null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
