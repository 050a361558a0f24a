package dev.zen.integration.core.webhook;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.SyncReport;
import dev.zen.integration.core.internal.webhook.Coalescer;
import dev.zen.integration.core.internal.webhook.DeliveryMemory;
import dev.zen.integration.core.internal.webhook.Event;
import dev.zen.integration.core.internal.webhook.Events;
import dev.zen.integration.core.internal.webhook.MalformedDelivery;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives webhook deliveries from Jira and GitHub, framework-free: the host's HTTP layer passes the raw body and the
 * headers and answers with the result's {@link WebhookResult#httpStatus() status}. Checks, in order: the provider is
 * configured (404), the body fits (413), the signature is present and right (401), the delivery id and payload can
 * be read (400), the sender's timestamp is within the replay window (400), the delivery id is new (200 duplicate).
 * Then the event's items are queued for a targeted sync (202) — coalesced per item and run on the receiver's threads,
 * so the sender is answered at once — or refused with 503 and Retry-After when too many items wait.
 *
 * <pre>{@code
 * WebhookReceiver receiver = WebhookReceiver.builder()
 *         .provider("jira", WebhookVerifier.jiraHmacSha256(secret))
 *         .target(WebhookTarget.of(zen))
 *         .build();
 * WebhookResult result = receiver.receive("jira", body, headers);   // answer result.httpStatus()
 * }</pre>
 *
 * Deliveries are at-least-once and unordered, and a sync reads the item's current state, so a late or repeated
 * delivery never writes old values; keep polling on to catch deliveries that never arrive. Thread-safe; close it to
 * stop its threads.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);
    private static final String UNKNOWN = "unknown";

    private final Map<String, WebhookVerifier> providers;
    private final int maxBodyBytes;
    private final Duration replayWindow;
    private final Duration retryAfter;
    private final Clock clock;
    private final WebhookTarget target;
    private final List<WebhookListener> listeners;
    private final DeliveryMemory seen;
    private final Coalescer queue;

    private WebhookReceiver(Builder b) {
        this.providers = Map.copyOf(b.providers);
        this.maxBodyBytes = b.maxBodyBytes;
        this.replayWindow = b.replayWindow;
        this.retryAfter = b.retryAfter;
        this.clock = b.clock;
        this.target = b.target;
        this.listeners = List.copyOf(b.listeners);
        this.seen = new DeliveryMemory(b.dedupCapacity, b.dedupTtl, b.clock);
        this.queue = new Coalescer(b.coalesceWindow, b.queueCapacity, b.workers, b.clock, this::syncBatch);
    }

    /** Starts a builder: 1 MiB bodies, 5-minute replay window, 24 h / 100 000 delivery ids remembered. */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest body accepted, in bytes: read at most one byte more from the request, then pass it in. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** The configured provider names. */
    public List<String> providers() {
        return List.copyOf(providers.keySet());
    }

    /**
     * Handles one delivery.
     *
     * @param provider the provider named by the request path, such as "jira"
     * @param body     the raw request body, as signed (not re-encoded)
     * @param headers  the request headers; names are matched case-insensitively
     * @return what was done and the HTTP answer to give
     * @throws IntegrationException {@code INVALID_DATA} if an argument is null
     */
    public WebhookResult receive(String provider, byte[] body, Map<String, List<String>> headers) {
        require(provider, "provider");
        require(body, "body");
        require(headers, "headers");
        WebhookResult result = handle(provider, body, caseInsensitive(headers));
        if (result.outcome() == WebhookResult.Outcome.BUSY) {
            LOG.warn("webhook delivery {} for provider '{}' answered 503: {}", result.deliveryId(), result.provider(),
                    result.reason());
        } else if (!result.successful()) {
            // DEBUG: anyone can send rejected requests, so logging each would be a flood; the metrics count them
            LOG.debug("webhook delivery {} for provider '{}' answered {}: {}", result.deliveryId(), result.provider(),
                    result.httpStatus(), result.reason());
        }
        listeners.forEach(l -> l.onWebhookDelivery(result));
        return result;
    }

    private WebhookResult handle(String provider, byte[] body, Map<String, List<String>> headers) {
        WebhookVerifier verifier = providers.get(provider);
        if (verifier == null) return WebhookResult.rejected(404, UNKNOWN, null, "no webhook provider of that name");
        if (body.length > maxBodyBytes) {
            return WebhookResult.rejected(413, provider, null, "body over " + maxBodyBytes + " bytes");
        }
        String signature;
        String deliveryId;
        try {
            signature = single(headers, verifier.format().signatureHeader());
            deliveryId = single(headers, verifier.format().deliveryHeader());
        } catch (MalformedDelivery e) {
            return WebhookResult.rejected(400, provider, null, e.getMessage());
        }
        if (verifier.signed() && signature == null) {
            return WebhookResult.rejected(401, provider, null, "unsigned delivery: a signature is required");
        }
        if (!verifier.verifies(body, signature)) {
            return WebhookResult.rejected(401, provider, null, "the signature does not match the body");
        }
        if (deliveryId == null || deliveryId.isBlank() || deliveryId.length() > 200) {
            return WebhookResult.rejected(400, provider, null, "missing or overlong delivery id");
        }
        return handleVerified(provider, verifier, body, headers, deliveryId);
    }

    private WebhookResult handleVerified(String provider, WebhookVerifier verifier, byte[] body,
                                         Map<String, List<String>> headers, String deliveryId) {
        Event event;
        try {
            event = Events.read(verifier.format(), body, single(headers, "x-github-event"));
        } catch (MalformedDelivery e) {
            return WebhookResult.rejected(400, provider, deliveryId, e.getMessage());
        }
        if (event.sentAt() != null) {
            Duration age = Duration.between(event.sentAt(), clock.instant());
            if (age.abs().compareTo(replayWindow) > 0) {
                return WebhookResult.rejected(400, provider, deliveryId, "timestamp " + event.sentAt()
                        + " is outside the " + replayWindow.toSeconds() + " s replay window");
            }
        }
        if (!seen.firstSight(provider, deliveryId)) return WebhookResult.duplicate(provider, deliveryId);
        if (event.ignored() != null) return WebhookResult.ignored(provider, deliveryId, event.ignored());
        if (queue.offer(provider, event.externalIds()) == Coalescer.Offer.FULL) {
            seen.forget(provider, deliveryId); // so the sender's retry is taken
            return WebhookResult.busy(provider, deliveryId, retryAfter);
        }
        return WebhookResult.accepted(provider, deliveryId, event.externalIds(), event.name());
    }

    private void syncBatch(Coalescer.Batch batch) {
        boolean succeeded = false;
        try {
            SyncReport report = target.sync(batch.provider(), batch.externalIds());
            succeeded = report != null && report.failures().isEmpty();
            if (!succeeded) {
                LOG.warn("webhook sync of {} for provider '{}' had failures; polling will retry",
                        batch.externalIds(), batch.provider());
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook sync of {} for provider '{}' failed; polling will retry: {}", batch.externalIds(),
                    batch.provider(), e.toString());
        } finally {
            Duration latency = Duration.between(batch.firstReceived(), clock.instant());
            boolean ok = succeeded;
            listeners.forEach(l -> l.onWebhookSynced(batch.provider(), batch.externalIds(), latency, ok));
        }
    }

    /** The header's one value, or null if absent; two values are refused (which would the sender have meant?). */
    private static String single(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null || values.isEmpty()) return null;
        if (values.size() > 1) throw new MalformedDelivery("the " + name + " header is repeated");
        return values.get(0);
    }

    private static Map<String, List<String>> caseInsensitive(Map<String, List<String>> headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && values != null) map.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
        });
        return map;
    }

    private static void require(Object value, String argument) {
        if (value == null) {
            throw IntegrationException.builder(ErrorCode.INVALID_DATA, "WebhookReceiver.receive: " + argument
                    + " is null; pass the request's " + argument).detail("argument", argument).build();
        }
    }

    /** Stops the receiver's threads; items not yet synced are left to polling. */
    @Override
    public void close() {
        queue.close();
    }

    /** Builds a {@link WebhookReceiver}; every setting but the providers and the target has a default. Not thread-safe. */
    public static final class Builder {
        private final Map<String, WebhookVerifier> providers = new LinkedHashMap<>();
        private final List<WebhookListener> listeners = new ArrayList<>();
        private boolean insecure;
        private int maxBodyBytes = 1024 * 1024;
        private Duration replayWindow = Duration.ofMinutes(5);
        private Duration dedupTtl = Duration.ofHours(24);
        private long dedupCapacity = 100_000;
        private Duration coalesceWindow = Duration.ofMillis(200);
        private int queueCapacity = 10_000;
        private int workers = 2;
        private Duration retryAfter = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private WebhookTarget target;

        private Builder() {}

        /**
         * Accepts deliveries for {@code provider} (the name in the request path and in the engine), read and checked
         * by {@code verifier}.
         */
        public Builder provider(String provider, WebhookVerifier verifier) {
            if (provider == null || provider.isBlank()) throw invalid("provider", "is blank; name a configured provider");
            providers.put(provider, Objects.requireNonNull(verifier, "verifier"));
            return this;
        }

        /**
         * Allows {@link WebhookVerifier#jiraUnsigned() unsigned} providers (logged as a WARN at build). Only for a
         * sender that cannot sign, behind a network boundary that only it can cross.
         */
        public Builder insecureNoSignature() {
            this.insecure = true;
            return this;
        }

        /** The largest body accepted, in bytes (larger: 413). Default: 1 MiB. */
        public Builder maxBodyBytes(int bytes) {
            if (bytes < 1) throw invalid("maxBodyBytes", "must be at least 1: " + bytes);
            this.maxBodyBytes = bytes;
            return this;
        }

        /**
         * How far a sender's timestamp may be from the clock, either way (further: 400). Jira payloads carry one;
         * GitHub's do not, so GitHub replays are caught by the delivery id alone. Default: 5 minutes.
         */
        public Builder replayWindow(Duration window) {
            this.replayWindow = positive(window, "replayWindow");
            return this;
        }

        /** How many delivery ids are remembered, and for how long (at least the replay window). Default: 100 000, 24 h. */
        public Builder deduplication(long capacity, Duration ttl) {
            if (capacity < 1) throw invalid("capacity", "must be at least 1: " + capacity);
            this.dedupCapacity = capacity;
            this.dedupTtl = positive(ttl, "ttl");
            return this;
        }

        /** How long an item waits for more deliveries before its sync starts. Default: 200 ms. */
        public Builder coalesceWindow(Duration window) {
            this.coalesceWindow = positive(window, "coalesceWindow");
            return this;
        }

        /** How many distinct items may wait for a sync (more: 503). Default: 10 000. */
        public Builder queueCapacity(int items) {
            if (items < 1) throw invalid("queueCapacity", "must be at least 1: " + items);
            this.queueCapacity = items;
            return this;
        }

        /** How many syncs run at once. Default: 2. */
        public Builder workers(int threads) {
            if (threads < 1) throw invalid("workers", "must be at least 1: " + threads);
            this.workers = threads;
            return this;
        }

        /** The Retry-After suggested with a 503. Default: 10 seconds. */
        public Builder retryAfter(Duration delay) {
            this.retryAfter = positive(delay, "retryAfter");
            return this;
        }

        /** The clock for timestamps, the id memory and latencies. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where the affected items go, such as {@link WebhookTarget#of} an engine. Required. */
        public Builder target(WebhookTarget target) {
            this.target = Objects.requireNonNull(target, "target");
            return this;
        }

        /** Also tells {@code listener} about deliveries and syncs (such as {@code ZenMetrics}). */
        public Builder listener(WebhookListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds and starts the receiver.
         *
         * @throws IntegrationException {@code CONFIG_ERROR} if no provider or target is given, a provider is unsigned
         *                              without {@link #insecureNoSignature()}, or the id memory is shorter than the
         *                              replay window
         */
        public WebhookReceiver build() {
            if (providers.isEmpty()) throw config("no provider: add provider(name, WebhookVerifier...)");
            if (target == null) throw config("no target: set target(WebhookTarget.of(zen))");
            if (dedupTtl.compareTo(replayWindow) < 0) {
                throw config("deduplication ttl " + dedupTtl + " is shorter than the replay window " + replayWindow
                        + ": a replay inside the window would be processed again");
            }
            List<String> unsigned = providers.entrySet().stream().filter(e -> !e.getValue().signed())
                    .map(Map.Entry::getKey).toList();
            if (!unsigned.isEmpty() && !insecure) {
                throw config("provider(s) " + unsigned + " have no webhook secret; configure one, or call"
                        + " insecureNoSignature() to accept unsigned deliveries knowingly");
            }
            if (!unsigned.isEmpty()) {
                LOG.warn("webhook provider(s) {} accept UNSIGNED deliveries: anyone who reaches the endpoint can"
                        + " trigger syncs; configure a secret", unsigned);
            }
            return new WebhookReceiver(this);
        }

        private static Duration positive(Duration d, String argument) {
            if (d == null || d.isNegative() || d.isZero()) throw invalid(argument, "must be positive: " + d);
            return d;
        }

        private static IntegrationException invalid(String argument, String problem) {
            return IntegrationException.builder(ErrorCode.INVALID_DATA, "WebhookReceiver." + argument + " " + problem)
                    .detail("argument", argument).build();
        }

        private static IntegrationException config(String problem) {
            return IntegrationException.builder(ErrorCode.CONFIG_ERROR, "WebhookReceiver: " + problem).build();
        }
    }
}
