package dev.zen.integration.testkit.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zen.integration.testkit.internal.Threads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP plumbing every fake of the testkit shares (FakeJira, FakeGitHub): a loopback server, the control API
 * prefix {@code /_fake/}, the request log (secrets redacted), scripted and random {@link Fault}s including
 * commit-then-fail. A fake supplies a {@link Handler} that authenticates, answers API requests and renders status
 * faults the way its service does. Not for tests; they use the fakes.
 */
public final class FakeHttpServer implements AutoCloseable {
    /** How many requests the log keeps; older ones are dropped. */
    public static final int MAX_RECORDED_REQUESTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(FakeHttpServer.class);
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");

    static {
        // The JDK's HTTP server leaves TCP_NODELAY off, so each small response waits for the client's delayed ACK:
        // a push sync spent 28 ms instead of 7 ms in HTTP. The flag is read once per JVM, when the first server
        // starts; an explicit -Dsun.net.httpserver.nodelay=false is respected.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * A request as the handler sees it.
     *
     * @param method   upper case
     * @param path     without query
     * @param rawQuery the raw query, or null
     * @param query    the decoded query parameters
     * @param headers  by lower-case name (not redacted)
     * @param body     the body bytes
     */
    public record Request(String method, String path, String rawQuery, Map<String, List<String>> query,
                          Map<String, List<String>> headers, byte[] body) {
        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The first value of a query parameter, or null. */
        public String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** What a fake plugs in. Called from many threads at once: the fake synchronises on its own state. */
    public interface Handler {
        /** The account the request authenticates as (recorded with it), or null. */
        String principal(Request request);

        /** The response to an API request no fault replaced; {@code principal} is what {@link #principal} said. */
        Reply handle(Request request, String principal);

        /** The response to a {@link Fault.Kind#STATUS} fault, in the service's format. */
        Reply faultReply(Fault fault);

        /** The response to a control request (path under {@code /_fake/}). */
        Reply control(Request request);
    }

    /** A request as recorded; the status is filled in when the response goes out. */
    private static final class Entry {
        final RecordedRequest request;
        volatile int status;
        volatile String fault;

        Entry(RecordedRequest request) {
            this.request = request;
        }

        RecordedRequest snapshot() {
            RecordedRequest r = request;
            return new RecordedRequest(r.received(), r.method(), r.path(), r.query(), r.headers(), r.body(),
                    r.accountId(), status, fault);
        }
    }

    private final String name;
    private final Handler handler;
    private final Supplier<Clock> clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final FaultPlan faults = new FaultPlan();
    private final List<Entry> requests = new ArrayList<>();
    private volatile boolean closed;

    private FakeHttpServer(String name, int port, Supplier<Clock> clock, Handler handler) throws IOException {
        this.name = name;
        this.handler = handler;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newCachedThreadPool(Threads.daemon(name.toLowerCase(Locale.ROOT)));
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        this.baseUrl = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /**
     * A server on the loopback interface, not yet started.
     *
     * @param name    the fake's name, for threads and logs
     * @param port    0 for any free port
     * @param clock   the fake's clock, read when a request is recorded
     * @param handler the fake's API
     */
    public static FakeHttpServer create(String name, int port, Supplier<Clock> clock, Handler handler)
            throws IOException {
        return new FakeHttpServer(name, port, clock, handler);
    }

    /** Starts serving. */
    public void start() {
        server.start();
        LOG.debug("{} listening on {}", name, baseUrl);
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The requests received so far (the last {@value #MAX_RECORDED_REQUESTS}), oldest first, faulted ones too. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return requests.stream().map(Entry::snapshot).toList();
        }
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        synchronized (requests) {
            requests.clear();
        }
    }

    /** Adds a scripted fault rule; rules are checked in the order added, the first that fires wins. */
    public void inject(FaultRule rule) {
        faults.add(rule);
    }

    /** Random faults with a seeded generator; scripted rules take precedence. */
    public void injectRandomFaults(long seed, double probability, List<Fault> choices) {
        faults.random(seed, probability, choices);
    }

    /** Removes every fault rule and random faults. */
    public void clearFaults() {
        faults.clear();
    }

    /** Stops the server at once; hanging requests are cut off. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        LOG.debug("{} on {} stopped", name, baseUrl);
    }

    private void serve(HttpExchange exchange) {
        try {
            handle(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("{} request failed", name, e);
            exchange.close();
        }
    }

    private void handle(HttpExchange exchange) throws IOException, InterruptedException {
        Request request = read(exchange);
        if (request.path().startsWith("/_fake/")) {
            send(exchange, handler.control(request));
            return;
        }
        String principal = handler.principal(request);
        Entry entry = record(request, principal);
        Fault fault = faults.decide(request.method(), request.path());
        if (fault != null) {
            entry.fault = fault.toString();
            if (fault.kind() == Fault.Kind.LATENCY) {
                Thread.sleep(fault.duration().toMillis());
            } else if (fault.kind() != Fault.Kind.COMMIT_THEN) {
                fail(exchange, entry, fault);
                return;
            }
        }
        Reply reply = handler.handle(request, principal);
        if (fault != null && fault.kind() == Fault.Kind.COMMIT_THEN) {
            fail(exchange, entry, fault.after());
            return;
        }
        entry.status = reply.status();
        send(exchange, reply);
    }

    private static Request read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new Request(exchange.getRequestMethod().toUpperCase(Locale.ROOT), exchange.getRequestURI().getPath(),
                rawQuery, query(rawQuery), headers, body);
    }

    private Entry record(Request request, String principal) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach((lower, values) ->
                headers.put(lower, SECRET_HEADERS.contains(lower) ? List.of("<redacted>") : values));
        Entry e = new Entry(new RecordedRequest(clock.get().instant(), request.method(), request.path(),
                request.rawQuery() == null ? "" : request.rawQuery(), headers,
                new String(request.body(), StandardCharsets.UTF_8), principal, 0, null));
        synchronized (requests) {
            if (requests.size() >= MAX_RECORDED_REQUESTS) requests.remove(0);
            requests.add(e);
        }
        return e;
    }

    private void fail(HttpExchange exchange, Entry entry, Fault fault) throws IOException, InterruptedException {
        switch (fault.kind()) {
            case RESET -> exchange.close();
            case HANG -> {
                try {
                    Thread.sleep(fault.duration().toMillis());
                } finally {
                    exchange.close();
                }
            }
            case STATUS -> {
                entry.status = fault.status();
                send(exchange, handler.faultReply(fault));
            }
            default -> throw new IllegalStateException("not a failing fault: " + fault);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean noBody = reply.status() == 204 || reply.status() == 304 || reply.body().length == 0;
        exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
        exchange.close();
    }

    /** Decodes a raw query string into parameters, in order. */
    public static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) return out;
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}
