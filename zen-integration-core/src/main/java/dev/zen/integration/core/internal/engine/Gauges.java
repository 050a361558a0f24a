package dev.zen.integration.core.internal.engine;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.HealthReport;
import dev.zen.integration.OperationsSnapshot;
import dev.zen.integration.PendingChange;
import dev.zen.integration.SyncStatus;
import dev.zen.integration.TaskSyncRecord;
import dev.zen.integration.core.resilience.ProviderCallHealth;
import dev.zen.integration.plugin.PluginDescriptor;
import dev.zen.integration.plugin.PluginRegistry;
import dev.zen.integration.plugin.PluginVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The engine's gauges ({@link OperationsSnapshot}) and its readiness summary ({@link HealthReport}). */
final class Gauges {
    private final Context ctx;

    Gauges(Context ctx) {
        this.ctx = ctx;
    }

    OperationsSnapshot snapshot() {
        List<TaskSyncRecord> records = ctx.settings.records().list();
        List<OperationsSnapshot.ProviderOperations> out = new ArrayList<>();
        for (Provider p : ctx.providers.values()) {
            out.add(gauges(p, records.stream().filter(r -> r.externalSystem().equals(p.name())).toList()));
        }
        return new OperationsSnapshot(ctx.settings.clock().instant(), out);
    }

    private OperationsSnapshot.ProviderOperations gauges(Provider p, List<TaskSyncRecord> mine) {
        PluginDescriptor d = p.gateway.slot().descriptor();
        VersionRange pin = p.gateway.slot().pin();
        Instant oldest = mine.stream().flatMap(r -> r.pendingChanges().stream()).map(PendingChange::queuedAt)
                .min(Comparator.naturalOrder()).orElse(null);
        String circuit = ctx.settings.calls().callHealth(p.name()).map(h -> h.circuitState().name()).orElse(null);
        return new OperationsSnapshot.ProviderOperations(p.name(), ctx.pausedProviders.contains(p.name()),
                d == null ? null : d.name(), d == null ? null : PluginSlot.version(d), d == null ? null : d.source(),
                pin == null ? null : pin.toString(), circuit, mine.size(), count(mine, SyncStatus.PAUSED),
                count(mine, SyncStatus.ERROR), mine.stream().mapToInt(r -> r.conflicts().size()).sum(),
                mine.stream().mapToInt(r -> r.pendingChanges().size()).sum(), oldest, p.gateway.slot().stats());
    }

    /** The provider's plugin versions; {@code registry} is null when the host gave the plugin. */
    List<PluginVersion> versions(Provider p, PluginRegistry registry) {
        List<PluginVersion> out = new ArrayList<>();
        PluginDescriptor serving = p.gateway.slot().descriptor();
        if (serving != null) out.add(version(serving, PluginVersion.Role.SERVING));
        PluginDescriptor previous = p.gateway.slot().previousDescriptor();
        if (previous != null) out.add(version(previous, PluginVersion.Role.PREVIOUS));
        if (registry == null) return out;
        registry.find(p.config.toPluginConfig().plugin()).ifPresent(d -> {
            out.add(version(d, PluginVersion.Role.AVAILABLE));
            d.shadowed().forEach(src -> out.add(new PluginVersion(d.name(), null, src, PluginVersion.Role.SHADOWED)));
        });
        return out;
    }

    private static PluginVersion version(PluginDescriptor d, PluginVersion.Role role) {
        return new PluginVersion(d.name(), PluginSlot.version(d), d.source(), role);
    }

    private static int count(List<TaskSyncRecord> records, SyncStatus status) {
        return (int) records.stream().filter(r -> r.status() == status).count();
    }

    HealthReport health(Duration maxOutboxAge) {
        OperationsSnapshot snap = snapshot();
        List<HealthReport.Check> checks = new ArrayList<>();
        for (OperationsSnapshot.ProviderOperations po : snap.providers()) {
            Provider p = ctx.provider(po.provider());
            if (ctx.disabledReason(p) != null) {
                checks.add(new HealthReport.Check("plugin", p.name(), true, ctx.disabledReason(p) + "; not checked"));
                continue;
            }
            checks.add(plugin(p));
            ProviderCallHealth calls = ctx.settings.calls().callHealth(p.name()).orElse(null);
            checks.add(credentials(p.name(), calls));
            checks.add(breaker(p.name(), calls));
            checks.add(outbox(po, snap.takenAt(), maxOutboxAge));
        }
        return HealthReport.of(checks);
    }

    /** Opens the plugin if no call has yet: a readiness probe should fail before the first sync does. */
    private static HealthReport.Check plugin(Provider p) {
        try {
            PluginDescriptor d = p.gateway.slot().call(plugin -> plugin.descriptor());
            p.gateway.slot().checkPin(d);
            return new HealthReport.Check("plugin", p.name(), true, "plugin " + d.name() + " "
                    + PluginSlot.version(d) + " from " + d.source());
        } catch (RuntimeException e) {
            return new HealthReport.Check("plugin", p.name(), false, "the plugin does not open: " + e.getMessage());
        }
    }

    private static HealthReport.Check credentials(String provider, ProviderCallHealth h) {
        boolean refused = h != null && h.lastFailureCode() == ErrorCode.AUTH_FAILED
                && (h.lastSuccessAt() == null || h.lastFailureAt().isAfter(h.lastSuccessAt()));
        return refused ? new HealthReport.Check("credentials", provider, false, "the provider refused the credentials"
                + " on the last call (" + h.lastFailureMessage() + "); check the provider's credentials_ref")
                : new HealthReport.Check("credentials", provider, true, h == null || h.lastSuccessAt() == null
                ? "not refused (no call has succeeded yet)" : "accepted at " + h.lastSuccessAt());
    }

    private static HealthReport.Check breaker(String provider, ProviderCallHealth h) {
        if (h == null) return new HealthReport.Check("breaker", provider, true, "not tracked by the ProviderCalls in use");
        boolean closed = Objects.equals(h.circuitState().name(), "CLOSED");
        return new HealthReport.Check("breaker", provider, closed, closed ? "closed" : h.toProviderHealth(0).message());
    }

    private static HealthReport.Check outbox(OperationsSnapshot.ProviderOperations po, Instant now, Duration max) {
        if (po.oldestPendingAt() == null) return new HealthReport.Check("outbox", po.provider(), true, "empty");
        Duration age = Duration.between(po.oldestPendingAt(), now);
        boolean stuck = age.compareTo(max) > 0;
        return new HealthReport.Check("outbox", po.provider(), !stuck, po.pendingChanges() + " change(s) queued, the"
                + " oldest for " + age.toSeconds() + " s" + (stuck ? ", longer than " + max.toSeconds()
                + " s: the provider has been unreachable; see its breaker and flushPending()" : ""));
    }
}
