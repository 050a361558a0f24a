package dev.zen.integration.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.time.Instant;

/**
 * The testkit's Jackson mappers, shared by the fake Jira, the in-memory tracker and their builders. Configured once
 * here and never changed afterwards, so they are safe to share between threads. Not API: this package is not
 * exported.
 */
public final class Jackson {
    /**
     * Jackson's defaults: Jira's REST JSON (camelCase, as Jira sends it), issue properties, and the plugin ABI JSON of
     * the in-memory tracker.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * The fake Jira's control API under {@code /_fake/}: snake_case property names and instants written as their
     * ISO-8601 {@code toString()}.
     */
    public static final ObjectMapper CONTROL_API = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

    private Jackson() {}
}
