package io.fitscore.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of S3Proxy that injects the faults S3 shows under load: a share
 * of requests answered 503 SlowDown, a share of connections reset, added latency. Requests it lets through
 * are forwarded byte for byte (Host header included, so SigV4 signatures still verify), one upstream
 * connection per request; 100-continue is relayed. Given a session-token check, it refuses requests whose
 * {@code x-amz-security-token} the check rejects with S3's 400 answer (S3Proxy itself ignores the token).
 */
public final class FaultProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Random random;
    private volatile double slowDownShare;
    private volatile double resetShare;
    private volatile int latencyMillis;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger slowDowns = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private volatile UnaryOperator<String> tokenCheck;
    private final AtomicInteger tokenRefusals = new AtomicInteger();
    private final Map<String, Set<String>> acceptedTokens = new ConcurrentHashMap<>();

    public FaultProxy(String upstreamEndpoint, long seed) throws IOException {
        this.upstreamPort = java.net.URI.create(upstreamEndpoint).getPort();
        this.random = new Random(seed);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Sets the faults from now on: shares of requests answered 503 SlowDown or reset, and latency per request. */
    public FaultProxy faults(double slowDownShare, double resetShare, int latencyMillis) {
        this.slowDownShare = slowDownShare;
        this.resetShare = resetShare;
        this.latencyMillis = latencyMillis;
        return this;
    }

    /**
     * From now on every request's session token goes through the check, which returns null to let it
     * through or the S3 error code to answer it with (ExpiredToken, InvalidToken).
     */
    public FaultProxy checkTokens(UnaryOperator<String> check) {
        this.tokenCheck = check;
        return this;
    }

    /** Requests refused for their session token. */
    public int tokenRefusals() {
        return tokenRefusals.get();
    }

    /** The session tokens let through, each with who used it: "s3a" (Hadoop's user agent) or "sdk". */
    public Map<String, Set<String>> acceptedTokens() {
        return Map.copyOf(acceptedTokens);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int requests() {
        return requests.get();
    }

    public int slowDowns() {
        return slowDowns.get();
    }

    public int resets() {
        return resets.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                connections.submit(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private enum Fault { NONE, SLOW_DOWN, RESET }

    private synchronized Fault draw() {
        double u = random.nextDouble();
        return u < slowDownShare ? Fault.SLOW_DOWN : u < slowDownShare + resetShare ? Fault.RESET : Fault.NONE;
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (true) {
                Head request = Head.read(in);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                if (latencyMillis > 0) {
                    Thread.sleep(latencyMillis);
                }
                Fault fault = draw();
                if (fault == Fault.RESET) {
                    resets.incrementAndGet();
                    client.setSoLinger(true, 0); // close with RST, as a dropped connection looks to the client
                    return;
                }
                if (fault == Fault.SLOW_DOWN) {
                    slowDowns.incrementAndGet();
                    answerError(out, "503 Slow Down", "SlowDown", "Please reduce your request rate.");
                    return;
                }
                UnaryOperator<String> check = tokenCheck;
                if (check != null) {
                    String token = request.header("x-amz-security-token");
                    String refusal = check.apply(token);
                    if (refusal != null) {
                        tokenRefusals.incrementAndGet();
                        refuse(request, in, out, refusal);
                        return;
                    }
                    String agent = String.valueOf(request.header("user-agent")).toLowerCase(Locale.ROOT);
                    acceptedTokens.computeIfAbsent(String.valueOf(token), t -> ConcurrentHashMap.newKeySet()).add(agent.contains("hadoop") ? "s3a" : "sdk");
                }
                if (!forward(request, in, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client or the server went away: this connection ends
        } finally {
            open.remove(client);
        }
    }

    /** Answers as S3 does to a refused session token (400), after the request's body unless it waits for 100-continue. */
    private static void refuse(Head request, InputStream in, OutputStream out, String code) throws IOException {
        if (!"100-continue".equalsIgnoreCase(request.header("expect"))) {
            copyBody(request, in, OutputStream.nullOutputStream(), "");
        }
        answerError(out, "400 Bad Request", code,
                "ExpiredToken".equals(code) ? "The provided token has expired." : "The provided token is malformed or otherwise invalid.");
    }

    /** An S3 error answer (XML body with code and message), after which the connection closes. */
    private static void answerError(OutputStream out, String status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/xml\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** Forwards one exchange; false when the client connection cannot carry another request. */
    private boolean forward(Head request, InputStream in, OutputStream out) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            InputStream upIn = new BufferedInputStream(upstream.getInputStream());
            OutputStream upOut = upstream.getOutputStream();
            upOut.write(request.raw);
            upOut.flush();
            Head response;
            if ("100-continue".equalsIgnoreCase(request.header("expect"))) {
                response = Head.read(upIn);
                if (response == null) {
                    return false;
                }
                if (response.status != 100) {
                    // Refused before the body: the client will not send it, so this connection ends here.
                    out.write(response.raw);
                    copyBody(response, upIn, out, request.method);
                    out.flush();
                    return false;
                }
                out.write(response.raw);
                out.flush();
            }
            copyBody(request, in, upOut, "");
            upOut.flush();
            do {
                response = Head.read(upIn);
                if (response == null) {
                    return false;
                }
                out.write(response.raw);
            } while (response.status >= 100 && response.status < 200);
            boolean delimited = copyBody(response, upIn, out, request.method);
            out.flush();
            return delimited && !"close".equalsIgnoreCase(response.header("connection"))
                    && !"close".equalsIgnoreCase(request.header("connection"));
        }
    }

    /** Copies a message body as framed by its head; false when it ran to the end of the stream. */
    private static boolean copyBody(Head head, InputStream in, OutputStream out, String requestMethod) throws IOException {
        boolean isResponse = head.status >= 0;
        if (isResponse && ("HEAD".equals(requestMethod) || head.status == 204 || head.status == 304 || head.status < 200)) {
            return true;
        }
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            while (true) {
                String sizeLine = readLine(in);
                out.write((sizeLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = readLine(in);
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    } while (!trailer.isEmpty());
                    return true;
                }
                copy(in, out, size);
                out.write((readLine(in) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String length = head.header("content-length");
        if (length != null) {
            copy(in, out, Long.parseLong(length.trim()));
            return true;
        }
        if (!isResponse) {
            return true; // a request without length has no body
        }
        in.transferTo(out);
        return false;
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                throw new IOException("stream ended " + n + " bytes early");
            }
            out.write(buffer, 0, read);
            n -= read;
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        throw new IOException("stream ended inside a line");
    }

    /** A request or response head: its raw bytes, and what framing needs from it. */
    private static final class Head {
        final byte[] raw;
        final String method;
        final int status; // -1 for requests
        final Map<String, String> headers;

        private Head(byte[] raw, String method, int status, Map<String, String> headers) {
            this.raw = raw;
            this.method = method;
            this.status = status;
            this.headers = headers;
        }

        String header(String name) {
            return headers.get(name);
        }

        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            String first;
            try {
                first = readLine(in);
            } catch (IOException endOfStream) {
                return null;
            }
            raw.write((first + "\r\n").getBytes(StandardCharsets.US_ASCII));
            Map<String, String> headers = new LinkedHashMap<>();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                raw.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            boolean response = first.startsWith("HTTP/");
            int status = response ? Integer.parseInt(first.split(" ")[1]) : -1;
            String method = response ? "" : first.substring(0, first.indexOf(' '));
            return new Head(raw.toByteArray(), method, status, headers);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        connections.shutdownNow();
    }
}
