package dev.zen.integration.benchmarks;

import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginOperation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/** Decorators that add up where the time of a sync goes: in plugin calls, and in HTTP exchanges. */
final class Timed {
    private Timed() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU time of the calling thread, in nanoseconds. */
    static long threadCpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** CPU time so far of the live threads whose name starts with {@code prefix}, in nanoseconds. */
    static long cpuNanosOfThreads(String prefix) {
        long sum = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)) { // names only, no stacks
            if (t == null || !t.getThreadName().startsWith(prefix)) continue;
            long cpu = THREADS.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) sum += cpu;
        }
        return sum;
    }

    /** A running total of calls, nanoseconds and the calling threads' CPU nanoseconds. */
    static final class Counter {
        final LongAdder calls = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder cpuNanos = new LongAdder();

        void add(long startNanos) {
            calls.increment();
            nanos.add(System.nanoTime() - startNanos);
        }

        void add(long startNanos, long startCpuNanos) {
            add(startNanos);
            cpuNanos.add(threadCpuNanos() - startCpuNanos);
        }

        void reset() {
            calls.reset();
            nanos.reset();
            cpuNanos.reset();
        }

        /** Mean milliseconds per {@code per} units (for example per sync). */
        double msPer(long per) {
            return per == 0 ? 0 : nanos.sum() / 1e6 / per;
        }
    }

    /** A plugin whose calls are timed. */
    static final class TimedPlugin implements Plugin {
        final Plugin delegate;
        final Counter counter = new Counter();

        TimedPlugin(Plugin delegate) {
            this.delegate = delegate;
        }

        @Override
        public PluginDescriptor descriptor() {
            return delegate.descriptor();
        }

        @Override
        public boolean supports(PluginOperation operation) {
            return delegate.supports(operation);
        }

        @Override
        public String call(PluginOperation operation, String inputJson) {
            long t = System.nanoTime();
            long cpu = threadCpuNanos();
            try {
                return delegate.call(operation, inputJson);
            } finally {
                counter.add(t, cpu);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** An HTTP client whose synchronous exchanges are timed (request sent to body read). */
    static final class TimedHttpClient extends HttpClient {
        final HttpClient delegate;
        final Counter counter = new Counter();

        TimedHttpClient(HttpClient delegate) {
            this.delegate = delegate;
        }

        /** A client configured as the plugin runtime's default one: no redirects, 10 s connect timeout. */
        static TimedHttpClient runtimeDefault() {
            return new TimedHttpClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            long t = System.nanoTime();
            try {
                HttpResponse<T> r = delegate.send(request, handler);
                if (r.body() instanceof InputStream in) {
                    // the runtime reads the stream afterwards; buffer it so the read is inside the timing
                    byte[] bytes = in.readAllBytes();
                    in.close();
                    @SuppressWarnings("unchecked")
                    HttpResponse<T> buffered =
                            (HttpResponse<T>) new Buffered(r, new ByteArrayInputStream(bytes));
                    return buffered;
                }
                return r;
            } finally {
                counter.add(t);
            }
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                                                                HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
                HttpResponse.BodyHandler<T> handler, HttpResponse.PushPromiseHandler<T> push) {
            return delegate.sendAsync(request, handler, push);
        }

        @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
        @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
        @Override public Redirect followRedirects() { return delegate.followRedirects(); }
        @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
        @Override public SSLContext sslContext() { return delegate.sslContext(); }
        @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
        @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
        @Override public Version version() { return delegate.version(); }
        @Override public Optional<Executor> executor() { return delegate.executor(); }

        /** A response whose body stream was read into memory. */
        private record Buffered(HttpResponse<?> r, InputStream body)
                implements HttpResponse<InputStream> {
            @Override public int statusCode() { return r.statusCode(); }
            @Override public HttpRequest request() { return r.request(); }
            @Override public Optional<HttpResponse<InputStream>> previousResponse() { return Optional.empty(); }
            @Override public HttpHeaders headers() { return r.headers(); }
            @Override public URI uri() { return r.uri(); }
            @Override public Version version() { return r.version(); }
            @Override public Optional<SSLSession> sslSession() { return r.sslSession(); }
        }
    }
}
