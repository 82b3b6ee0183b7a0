package io.fitscore.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * An S3Proxy server run as a child JVM on 127.0.0.1 with authentication on: the real S3-compatible
 * server behind dev mode and the tests. Stopped by {@link #close()} (and by a shutdown hook).
 */
public final class S3ProxyServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path logFile;
    private final Thread shutdownHook;

    private S3ProxyServer(Process process, int port, Path logFile) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroyForcibly, "s3proxy-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the server and waits until it accepts connections.
     *
     * @param port 0 picks a free port
     * @param dataDir where objects are kept; empty keeps them in memory
     */
    public static S3ProxyServer start(Path jar, int port, String identity, String credential, Optional<Path> dataDir)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("S3Proxy jar not found at " + jar.toAbsolutePath()
                    + " (it is fetched by the Maven build: run ./mvnw generate-resources)");
        }
        int chosen = port == 0 ? freePort() : port;
        Path workDir = Files.createTempDirectory("fitscore-s3proxy-");
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + chosen);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", identity);
        props.setProperty("s3proxy.credential", credential);
        // Temporary credentials (ECS/AWS Batch container credentials, STS) sign an x-amz-security-token
        // header, which S3Proxy otherwise rejects as unsupported (501). It accepts but does not check it.
        props.setProperty("s3proxy.ignore-unknown-headers", "true");
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
            props.setProperty("jclouds.provider", "filesystem");
            props.setProperty("jclouds.filesystem.basedir", dataDir.get().toAbsolutePath().toString());
        } else {
            props.setProperty("jclouds.provider", "transient");
        }
        Path conf = workDir.resolve("s3proxy.conf");
        try (var writer = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            props.store(writer, "fitscore embedded S3Proxy");
        }
        Path log = workDir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(),
                "--properties", conf.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        S3ProxyServer server = new S3ProxyServer(process, chosen, log);
        server.awaitReady();
        return server;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy exited with code " + process.exitValue() + " before it was ready: " + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        close();
        throw new IOException("S3Proxy did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT.toSeconds() + " s: " + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs anyway.
        }
        // The server's own folder (its config and log); the data folder, if any, belongs to the caller.
        try {
            Files.deleteIfExists(logFile.resolveSibling("s3proxy.conf"));
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(logFile.getParent());
        } catch (IOException e) {
            // Left in the temporary folder; harmless.
        }
    }
}
