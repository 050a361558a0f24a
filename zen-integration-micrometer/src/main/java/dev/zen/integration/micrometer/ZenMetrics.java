package dev.zen.integration.micrometer;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.OperationsSnapshot;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.webhook.WebhookListener;
import dev.zen.integration.core.webhook.WebhookResult;
import dev.zen.integration.spi.OperationsListener;
import dev.zen.integration.spi.SyncEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Zen Integration's meters for a host's Micrometer {@link MeterRegistry}. Register it as a listener, then tell it
 * which engine to watch for the gauges, and bind it:
 *
 * <pre>{@code
 * ZenMetrics metrics = new ZenMetrics();
 * ZenIntegration zen = ZenIntegration.builder().listener(metrics)...build();
 * metrics.monitor(zen).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Counters and timers come from the engine's events as they happen; gauges read {@link ZenIntegration#operations()}
 * (at most once a second, however many gauges a scrape reads). The meters and the Prometheus names they get are
 * listed in {@code docs/operations.md}. Events that arrive before {@link #bindTo} are not counted.
 *
 * <p>It also counts webhook deliveries and times their syncs when given to a receiver:
 * {@code WebhookReceiver.builder()...listener(metrics)}.
 */
public final class ZenMetrics implements MeterBinder, OperationsListener, WebhookListener {
    private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(1);
    private static final String NONE = "none";

    private volatile MeterRegistry registry;
    private volatile ZenIntegration zen;
    private volatile CachedSnapshot cached;
    private boolean gaugesBound;

    private record CachedSnapshot(OperationsSnapshot snapshot, long takenNanos) {}

    /** Meters not yet bound to a registry or engine. */
    public ZenMetrics() {
        // bound later: the engine needs this listener before it exists
    }

    /** Reads the gauges from {@code engine}; returns this, for {@code monitor(zen).bindTo(registry)}. */
    public ZenMetrics monitor(ZenIntegration engine) {
        this.zen = Objects.requireNonNull(engine, "engine");
        bindGauges();
        return this;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
        bindGauges();
    }

    // ----------------------------------------------------------------------------------------------- events

    @Override
    public void onEvent(SyncEvent e) {
        MeterRegistry r = registry;
        if (r == null) return;
        String provider = tag(e.provider());
        switch (e.type()) {
            case TASK_SYNCED -> taskDone(r, e, provider, e.attributes().get("outcome"), NONE);
            case ERROR -> {
                String code = e.attributes().getOrDefault("error_code", ErrorCode.INTERNAL_ERROR.name());
                Counter.builder("zen.sync.errors").description("Task syncs that failed, by error code")
                        .tags("provider", provider, "error_code", code).register(r).increment();
                taskDone(r, e, provider, "FAILED", code);
            }
            case FIELD_CHANGED -> {
                String target = e.attributes().get("target");
                if (target == null || "true".equals(e.attributes().get("dry_run"))
                        || "true".equals(e.attributes().get("queued"))) return;
                Counter.builder("zen.sync.field.changes").description("Fields written, by the side written to")
                        .tags("provider", provider, "target", target).register(r).increment();
            }
            case CONFLICT_DETECTED -> {
                if ("true".equals(e.attributes().get("dry_run"))) return;
                Counter.builder("zen.sync.conflicts").description("Conflicts detected (both sides changed a field)")
                        .tags("provider", provider).register(r).increment();
            }
            case CHANGE_QUEUED -> Counter.builder("zen.sync.changes.queued")
                    .description("Local changes queued while the provider was unavailable")
                    .tags("provider", provider).register(r).increment();
            default -> {
                // run start and end are covered by the per-task meters
            }
        }
    }

    private static void taskDone(MeterRegistry r, SyncEvent e, String provider, String outcome, String errorCode) {
        if (outcome == null || e.taskId() == null) return;
        Counter.builder("zen.sync.operations").description("Task syncs, by outcome")
                .tags("provider", provider, "outcome", outcome).register(r).increment();
        String ms = e.attributes().get("duration_ms");
        if (ms == null) return;
        Timer.builder("zen.sync.operation").description("How long one task's sync took")
                .tags("provider", provider, "outcome", outcome, "error_code", errorCode)
                .publishPercentileHistogram().register(r).record(Duration.ofMillis(Long.parseLong(ms)));
    }

    @Override
    public void onPluginCall(String provider, String operation, ErrorCode error, Duration duration, Duration waited,
                             boolean attempted) {
        MeterRegistry r = registry;
        if (r == null) return;
        Timer.builder("zen.plugin.call.wait").description("Time a call waited for its rate-limit permit and bulkhead"
                + " slot before its first attempt").tags("provider", provider).register(r).record(waited);
        if (!attempted) {
            Counter.builder("zen.plugin.call.rejected").description("Calls refused before reaching the plugin (rate"
                    + " limiter, open breaker, full bulkhead)").tags("provider", provider, "error_code",
                    error == null ? NONE : error.name()).register(r).increment();
        }
        Timer.builder("zen.plugin.calls").description("Calls to a provider's plugin, retries included")
                .tags("provider", provider, "operation", operation, "outcome", error == null ? "success" : "failure",
                        "error_code", error == null ? NONE : error.name())
                .publishPercentileHistogram().register(r).record(duration);
    }

    @Override
    public void onPluginOpened(String provider, String plugin, String version, ErrorCode error, Duration duration) {
        MeterRegistry r = registry;
        if (r == null) return;
        Timer.builder("zen.plugin.load").description("Opening a plugin: load, verify, compile, configure")
                .tags("provider", provider, "plugin", plugin, "version", tag(version),
                        "outcome", error == null ? "success" : "failure", "error_code", error == null ? NONE : error.name())
                .publishPercentileHistogram().register(r).record(duration);
    }

    @Override
    public void onPluginDiscovery(int found, Duration duration) {
        MeterRegistry r = registry;
        if (r == null) return;
        Timer.builder("zen.plugin.discovery").description("Scanning the plugin folders and classpath")
                .publishPercentileHistogram().register(r).record(duration);
    }

    @Override
    public void onHttpRequest(String plugin, String method, String host, String status, Duration duration) {
        MeterRegistry r = registry;
        if (r == null) return;
        Timer.builder("zen.plugin.http.requests").description("Outbound HTTP requests of plugins, by status")
                .tags("plugin", plugin, "method", method, "host", host, "status", status).register(r).record(duration);
    }

    // ----------------------------------------------------------------------------------------------- webhooks

    @Override
    public void onWebhookDelivery(WebhookResult result) {
        MeterRegistry r = registry;
        if (r == null) return;
        Counter.builder("zen.webhook.deliveries").description("Webhook deliveries received, by outcome and the HTTP"
                        + " status answered (401: bad signature, 400: malformed or stale, 404: unknown provider)")
                .tags("provider", result.provider(), "outcome", result.outcome().tag(),
                        "status", String.valueOf(result.httpStatus()))
                .register(r).increment();
    }

    @Override
    public void onWebhookSynced(String provider, List<String> externalIds, Duration latency, boolean succeeded) {
        MeterRegistry r = registry;
        if (r == null) return;
        Timer.builder("zen.webhook.sync.latency").description("From a webhook delivery's arrival to the end of the"
                        + " sync of the items it named (coalescing wait included)")
                .tags("provider", provider, "outcome", succeeded ? "success" : "failure")
                .publishPercentileHistogram().register(r).record(latency);
    }

    // ----------------------------------------------------------------------------------------------- gauges

    private synchronized void bindGauges() {
        MeterRegistry r = registry;
        ZenIntegration z = zen;
        if (r == null || z == null || gaugesBound) return;
        gaugesBound = true;
        for (OperationsSnapshot.ProviderOperations p : z.operations().providers()) {
            String name = p.provider();
            gauge(r, "zen.outbox.depth", "Changes queued in the outbox", name, o -> o.pendingChanges());
            TimeGauge.builder("zen.outbox.oldest.age", this, TimeUnit.SECONDS, m -> m.oldestAgeSeconds(name))
                    .description("Age of the oldest queued change (0 when none)").tags("provider", name).register(r);
            gauge(r, "zen.links", "Linked tasks", name, o -> o.links());
            gauge(r, "zen.links.paused", "Links paused one by one", name, o -> o.pausedLinks());
            gauge(r, "zen.links.error", "Links in error", name, o -> o.errorLinks());
            gauge(r, "zen.conflicts.open", "Conflicts waiting for review", name, o -> o.conflicts());
            gauge(r, "zen.provider.paused", "1 while the provider is paused", name, o -> o.paused() ? 1 : 0);
            gauge(r, "zen.plugin.instances", "Live sandbox instances of the serving plugin", name,
                    o -> o.pluginStats() == null ? Double.NaN : o.pluginStats().instances());
            gauge(r, "zen.plugin.instances.max", "The serving plugin's instance pool size", name,
                    o -> o.pluginStats() == null ? Double.NaN : o.pluginStats().maxInstances());
            Gauge.builder("zen.plugin.memory.reserved", this, m -> m.read(name, o -> o.pluginStats() == null
                            ? Double.NaN : o.pluginStats().reservedBytes())).baseUnit("bytes")
                    .description("Memory budget held by the serving plugin's live instances").tags("provider", name)
                    .register(r);
            Gauge.builder("zen.plugin.memory.usage", this, m -> m.read(name, o -> o.pluginStats() == null
                            ? Double.NaN : o.pluginStats().largestInstanceBytes())).baseUnit("bytes")
                    .description("Linear memory of the serving plugin's largest idle instance").tags("provider", name)
                    .register(r);
            gauge(r, "zen.breaker.state", "The provider's circuit breaker: 0 closed, 1 half-open, 2 open, -1 untracked",
                    name, ZenMetrics::breakerState);
        }
    }

    private void gauge(MeterRegistry r, String name, String description, String provider,
                       ToDoubleFunction<OperationsSnapshot.ProviderOperations> value) {
        Gauge.builder(name, this, m -> m.read(provider, value)).description(description).tags("provider", provider)
                .register(r);
    }

    private static double breakerState(OperationsSnapshot.ProviderOperations o) {
        if (o.circuitState() == null) return -1;
        return switch (o.circuitState()) {
            case "OPEN" -> 2;
            case "HALF_OPEN" -> 1;
            default -> 0;
        };
    }

    private double oldestAgeSeconds(String provider) {
        OperationsSnapshot s = snapshot();
        if (s == null) return Double.NaN;
        return read(provider, o -> o.oldestPendingAt() == null ? 0
                : Math.max(0, Duration.between(o.oldestPendingAt(), s.takenAt()).toMillis() / 1000.0));
    }

    private double read(String provider, ToDoubleFunction<OperationsSnapshot.ProviderOperations> value) {
        OperationsSnapshot s = snapshot();
        if (s == null) return Double.NaN;
        return s.providers().stream().filter(p -> p.provider().equals(provider)).findFirst()
                .map(value::applyAsDouble).orElse(Double.NaN);
    }

    /** The engine's snapshot, at most {@link #SNAPSHOT_TTL} old; null once the engine is closed. */
    private OperationsSnapshot snapshot() {
        CachedSnapshot c = cached;
        long now = System.nanoTime();
        if (c != null && now - c.takenNanos() < SNAPSHOT_TTL.toNanos()) return c.snapshot();
        try {
            OperationsSnapshot s = zen.operations();
            cached = new CachedSnapshot(s, now);
            return s;
        } catch (RuntimeException closedOrFailing) {
            return null; // a gauge must not throw; NaN tells the scraper there is no value
        }
    }

    /** Forgets the cached snapshot, so the next gauge read sees the engine as it is now (for tests and scrapes). */
    public void refresh() {
        cached = null;
    }

    private static String tag(String value) {
        return value == null ? NONE : value;
    }

    /** When a snapshot was taken, for tests. */
    Instant lastSnapshotAt() {
        CachedSnapshot c = cached;
        return c == null ? null : c.snapshot().takenAt();
    }
}
