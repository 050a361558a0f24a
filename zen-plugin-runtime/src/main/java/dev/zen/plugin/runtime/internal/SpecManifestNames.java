package dev.zen.plugin.runtime.internal;

import dev.zen.integration.plugin.PluginPermission;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The specification's manifest vocabulary (integration-services-layer.md, "Data Models > PluginManifest") and what
 * each name is read as here, so a manifest written as the specification shows loads unchanged. The table of
 * deviations is {@code docs/spec-conformance.md}.
 */
final class SpecManifestNames {
    /**
     * The specification's {@code security.permissions} names and the permission each is read as; empty when the
     * behaviour needs no permission here ({@code task.read_write}: a plugin reads and writes tasks only through the
     * operations the engine calls, with the data it is given, and never reaches the task store).
     */
    static final Map<String, Optional<PluginPermission>> PERMISSIONS = ordered(
            "network.http.outbound", Optional.of(PluginPermission.HTTP),
            "config.read", Optional.of(PluginPermission.CONFIG_READ),
            "task.read_write", Optional.empty());

    /**
     * The specification's {@code api_requirements} list (host interfaces a plugin uses) and the permission that
     * grants each. {@code credential_access} grants {@code http_auth}: the host adds the credential to a request;
     * the secret itself is never handed to the plugin.
     */
    static final Map<String, PluginPermission> API_REQUIREMENTS = ordered(
            "http_client", PluginPermission.HTTP,
            "credential_access", PluginPermission.HTTP_AUTH,
            "logging", PluginPermission.LOG);

    private SpecManifestNames() {
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... keysAndValues) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
