package dev.zen.integration.core.internal.webhook;

import dev.zen.integration.core.internal.io.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects affected items and hands them on in batches, off the caller's thread. An item waits {@code window} after
 * the first delivery that named it, so a burst of deliveries for one item becomes one batch entry. At most
 * {@code capacity} distinct items wait at once; an offer that does not fit is refused whole (back-pressure: the
 * sender retries later). Batches run on {@code workers} threads.
 */
public final class Coalescer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coalescer.class);

    /**
     * Items of one provider to sync.
     *
     * @param provider      the provider
     * @param externalIds   the items, each once, in the order first named
     * @param firstReceived when the earliest delivery naming one of them arrived
     */
    public record Batch(String provider, List<String> externalIds, Instant firstReceived) {}

    /** What became of an offer. */
    public enum Offer {
        /** At least one item is newly waiting. */
        QUEUED,
        /** Every item was waiting already; the offer rides along. */
        COALESCED,
        /** Not enough room (or closed); nothing was taken. */
        FULL
    }

    private record Item(String provider, String externalId) {}

    private final Duration window;
    private final int capacity;
    private final Clock clock;
    private final Consumer<Batch> sink;
    private final ScheduledThreadPoolExecutor executor;
    private Map<Item, Instant> waiting = new LinkedHashMap<>();
    private boolean drainScheduled;
    private boolean closed;

    /** A coalescer handing batches to {@code sink}. */
    public Coalescer(Duration window, int capacity, int workers, Clock clock, Consumer<Batch> sink) {
        this.window = window;
        this.capacity = capacity;
        this.clock = clock;
        this.sink = sink;
        this.executor = new ScheduledThreadPoolExecutor(workers, Threads.daemon("zen-webhook"));
        this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Adds the items, all or none. */
    public synchronized Offer offer(String provider, List<String> externalIds) {
        if (closed) return Offer.FULL;
        List<Item> fresh = externalIds.stream().map(id -> new Item(provider, id))
                .filter(i -> !waiting.containsKey(i)).distinct().toList();
        if (fresh.isEmpty()) return Offer.COALESCED;
        if (waiting.size() + fresh.size() > capacity) return Offer.FULL;
        Instant now = clock.instant();
        fresh.forEach(i -> waiting.put(i, now));
        if (!drainScheduled) {
            drainScheduled = true;
            executor.schedule(this::drain, window.toNanos(), TimeUnit.NANOSECONDS);
        }
        return Offer.QUEUED;
    }

    /** How many distinct items wait now. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void drain() {
        Map<Item, Instant> taken;
        synchronized (this) {
            taken = waiting;
            waiting = new LinkedHashMap<>();
            drainScheduled = false;
        }
        Map<String, List<String>> ids = new LinkedHashMap<>();
        Map<String, Instant> first = new LinkedHashMap<>();
        taken.forEach((item, at) -> {
            ids.computeIfAbsent(item.provider(), p -> new ArrayList<>()).add(item.externalId());
            first.merge(item.provider(), at, (a, b) -> a.isBefore(b) ? a : b);
        });
        ids.forEach((provider, list) -> {
            try {
                sink.accept(new Batch(provider, List.copyOf(list), first.get(provider)));
            } catch (RuntimeException e) {
                // the sink reports its own failures; this only keeps one provider's failure from hiding the others
                LOG.warn("webhook sync of {} item(s) of provider '{}' failed; polling will catch up: {}",
                        list.size(), provider, e.toString());
            }
        });
    }

    /** Stops the threads; items still waiting are dropped (polling, the safety net, picks them up). */
    @Override
    public void close() {
        int dropped;
        synchronized (this) {
            if (closed) return;
            closed = true;
            dropped = waiting.size();
            waiting.clear();
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (dropped > 0) LOG.info("webhook receiver closed with {} item(s) not yet synced; polling picks them up", dropped);
    }
}
