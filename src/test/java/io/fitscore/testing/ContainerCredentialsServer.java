package io.fitscore.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback stand-in for the ECS/AWS Batch container credentials endpoint: serves the JSON the
 * AWS SDK's ContainerCredentialsProvider reads, only to callers that send the authorization token.
 */
public final class ContainerCredentialsServer implements AutoCloseable {

    public static final String PATH = "/v2/credentials/fitscore-test";

    private final HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public ContainerCredentialsServer(String accessKeyId, String secretAccessKey, String token, String authorization) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PATH, exchange -> {
            byte[] body;
            int status;
            if (!authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                status = 401;
                body = "{\"message\":\"bad token\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                served.incrementAndGet();
                status = 200;
                String expiration = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
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

    public int served() {
        return served.get();
    }

    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
