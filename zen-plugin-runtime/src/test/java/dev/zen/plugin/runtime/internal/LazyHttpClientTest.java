package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The runtime's HTTP client is built when a plugin first calls out, exactly once. */
class LazyHttpClientTest {
    @Test
    void givenALazyClientWhenNobodyAsksThenItIsNeverBuilt() {
        AtomicInteger built = new AtomicInteger();

        new LazyHttpClient(() -> {
            built.incrementAndGet();
            return HttpClient.newHttpClient();
        });

        assertThat(built).hasValue(0);
    }

    @Test
    void givenManyThreadsAskingAtOnceWhenTheyGetTheClientThenItIsBuiltOnceAndShared() throws Exception {
        AtomicInteger built = new AtomicInteger();
        LazyHttpClient lazy = new LazyHttpClient(() -> {
            built.incrementAndGet();
            return HttpClient.newHttpClient();
        });
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpClient>> asks = new ArrayList<>();
            for (int i = 0; i < 32; i++) asks.add(lazy::get);

            List<HttpClient> clients = new ArrayList<>();
            for (Future<HttpClient> f : pool.invokeAll(asks)) clients.add(f.get());

            assertThat(built).hasValue(1);
            assertThat(clients).allSatisfy(c -> assertThat(c).isSameAs(clients.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }
}
