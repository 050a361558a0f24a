package dev.zen.plugin.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server for host-function tests.
 * <ul>
 * <li>{@code /echo}: 200 with a JSON body echoing method, path, the Authorization header and the request body</li>
 * <li>{@code /limited}: 429 with Retry-After and X-RateLimit-Remaining</li>
 * <li>{@code /big}: 200 with a body of {@code ?n} bytes</li>
 * <li>{@code /bytes}: 200 with {@code ?n} bytes of {@link #bytes(int)}, not valid UTF-8</li>
 * <li>{@code /protected}: 401 unless the Authorization header is {@code Bearer fresh-token}</li>
 * <li>{@code /slow}: answers after 3 seconds</li>
 * </ul>
 */
final class FakeServer implements AutoCloseable {
    final HttpServer server;
    /** The Authorization headers received, in order. */
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    FakeServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/echo", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            respond(ex, 200, "{\"method\":\"" + ex.getRequestMethod() + "\",\"path\":\"" + ex.getRequestURI().getPath()
                    + "\",\"authorization\":\"" + auth + "\",\"body_length\":" + body.length() + "}");
        });
        server.createContext("/limited", ex -> {
            ex.getResponseHeaders().add("Retry-After", "7");
            ex.getResponseHeaders().add("X-RateLimit-Remaining", "0");
            respond(ex, 429, "slow down");
        });
        server.createContext("/big", ex -> {
            int n = Integer.parseInt(ex.getRequestURI().getQuery().substring(2));
            respond(ex, 200, "x".repeat(n));
        });
        server.createContext("/bytes", ex -> {
            byte[] bytes = bytes(Integer.parseInt(ex.getRequestURI().getQuery().substring(2)));
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.createContext("/protected", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            if ("Bearer fresh-token".equals(auth)) respond(ex, 200, "welcome");
            else respond(ex, 401, "expired");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "late");
        });
        server.start();
    }

    /** Every byte value in turn (so invalid UTF-8: lone continuation bytes, 0xC0, 0xFF...), {@code n} of them. */
    static byte[] bytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = (byte) (i * 31 + 7);
        return out;
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** The base URL, such as http://127.0.0.1:12345. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
