package dev.zen.integration.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** How often a long-running host syncs on its own ({@code integrations.sync_frequency}). */
public enum SyncFrequency {
    /** Every hour. */
    HOURLY(Duration.ofHours(1)),
    /** Every 24 hours. */
    DAILY(Duration.ofDays(1)),
    /** Only when asked ({@code zen sync}, {@code TaskSyncService.sync}). */
    MANUAL(null);

    private final Duration interval;

    SyncFrequency(Duration interval) {
        this.interval = interval;
    }

    /** The time between scheduled syncs; empty for {@link #MANUAL}. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** The YAML spelling: {@code hourly}, {@code daily}, {@code manual}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
