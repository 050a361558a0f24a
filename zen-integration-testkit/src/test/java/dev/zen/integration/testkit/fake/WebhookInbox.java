package dev.zen.integration.testkit.fake;

import com.sun.net.httpserver.HttpServer;
import dev.zen.integration.core.webhook.WebhookReceiver;
import dev.zen.integration.core.webhook.WebhookResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint for tests: records every delivery (headers, body) and answers with scripted statuses, or with
 * what a {@link WebhookReceiver} makes of it (so the fakes' signatures are checked by the library's own verifier).
 */
public final class WebhookInbox implements AutoCloseable {
    /** One delivery as received, and the answer given. */
    public record Received(Map<String, List<String>> headers, byte[] body, int answered, WebhookResult result) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();
    private volatile WebhookReceiver receiver;
    private volatile String provider;

    public WebhookInbox() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
            WebhookResult result = receiver == null ? null : receiver.receive(provider, body, headers);
            Integer scripted = statuses.poll();
            int status = scripted != null ? scripted : result != null ? result.httpStatus() : 202;
            received.add(new Received(headers, body, status, result));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Where to send deliveries. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    /** Answers the next deliveries with these statuses (then as usual). */
    public void answer(int... next) {
        for (int s : next) statuses.add(s);
    }

    /** Passes every delivery to {@code r} as {@code name} and answers with its status. */
    public void verifyWith(WebhookReceiver r, String name) {
        this.provider = name;
        this.receiver = r;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
