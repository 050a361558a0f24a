package dev.zen.plugin.runtime.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The plugin runtime's one thread factory: named daemon threads, so an embedding host never waits on them at exit. */
final class Threads {
    private Threads() {}

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code work} on a new daemon thread ({@code prefix-1}); the future completes with its result or failure. */
    static <T> CompletableFuture<T> supply(String prefix, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        daemon(prefix).newThread(() -> {
            try {
                result.complete(work.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }).start();
        return result;
    }

    /** The result of {@code future}, waiting for it; its failure is rethrown as it was thrown. */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
