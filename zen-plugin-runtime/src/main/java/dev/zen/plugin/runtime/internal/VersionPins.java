package dev.zen.plugin.runtime.internal;

import dev.zen.integration.IntegrationException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rollback protection: the lowest {@code plugin.version} the host accepts per plugin. Without it an older release
 * (signed, so otherwise acceptable) put in a folder of higher precedence would replace a newer one with known
 * fixes. The version is read from the manifest, which the signature covers.
 */
public final class VersionPins {
    private final Map<String, SemanticVersion> minimums;

    /**
     * Pins by plugin name.
     *
     * @throws IllegalArgumentException if a version is not a semantic version
     */
    public VersionPins(Map<String, String> minimums) {
        Map<String, SemanticVersion> parsed = new TreeMap<>();
        minimums.forEach((plugin, version) -> parsed.put(plugin, parse(plugin, version)));
        this.minimums = Map.copyOf(parsed);
    }

    /** The version, or an {@link IllegalArgumentException} for the builder naming plugin and version. */
    public static SemanticVersion parse(String plugin, String version) {
        return SemanticVersion.parse(version).orElseThrow(() -> new IllegalArgumentException("minimum version of "
                + "plugin " + plugin + " must be a semantic version such as 1.4.0 or 2.0.0-rc.1: '" + version + "'"));
    }

    /**
     * Refuses a plugin older than its pin, before anything of it is read beyond its manifest.
     *
     * @throws IntegrationException {@code PLUGIN_LOAD_FAILED} naming the source, its version and the pin
     */
    public void check(Discovery.Candidate c) {
        SemanticVersion minimum = minimums.get(c.name());
        if (minimum == null || c.manifest() == null) return;
        String version = c.manifest().plugin().version();
        SemanticVersion actual = SemanticVersion.parse(version).orElseThrow(() -> Errors.loadFailed(c.name(),
                "plugin.version '" + version + "' at " + c.source().location() + " is not a semantic version, and "
                        + "this host requires at least " + minimum + " (minimumVersion); install a release "
                        + minimum + " or later there"));
        if (actual.compareTo(minimum) < 0) {
            throw Errors.loadFailed(c.name(), "version " + version + " at " + c.source().location() + " is older "
                    + "than " + minimum + ", the minimum this host accepts (minimumVersion), which protects against "
                    + "rollback to an older release; install " + minimum + " or later there, or remove that copy");
        }
    }
}
