package dev.zen.plugin.runtime.internal;

import java.net.http.HttpClient;
import java.util.Objects;
import java.util.function.Supplier;

/** Builds the runtime's HTTP client on first use, once, so loading plugins that never call out stays cheap. */
public final class LazyHttpClient implements Supplier<HttpClient> {
    private final Supplier<HttpClient> factory;
    private volatile HttpClient client;

    /** A client built by {@code factory} when first asked for. */
    public LazyHttpClient(Supplier<HttpClient> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public HttpClient get() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) client = c = Objects.requireNonNull(factory.get(), "factory returned null");
            }
        }
        return c;
    }
}
