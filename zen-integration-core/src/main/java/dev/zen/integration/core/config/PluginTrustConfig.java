package dev.zen.integration.core.config;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which plugins the default plugin registry of {@code ZenIntegration} trusts ({@code integrations.plugins}). The
 * Zen release key, which signs the plugins Zen ships, is always trusted; these settings add to it.
 *
 * <pre>{@code
 * integrations:
 *   plugins:
 *     require_signatures: true              # every plugin signed by a trusted key
 *     trusted_keys: [MCowBQYDK2VwAyEA...]   # your publishers' Ed25519 keys (Base64 X.509)
 *     allow_shadowing: [jira]               # an unsigned folder may take the place of the shipped jira plugin
 *     minimum_versions: {jira: 1.2.0}       # rollback protection
 * }</pre>
 *
 * <p>These settings widen or narrow what runs with the user's credentials, so they are read from the user config
 * ({@code ~/.zen/config.yaml}), {@code ZEN_INTEGRATIONS_PLUGINS_*} environment variables and code only: a workspace
 * config that sets them is refused, because a workspace is what they guard against.
 *
 * @param requireSignatures whether every plugin must be signed by a trusted key; default false
 * @param trustedKeys       Ed25519 public keys (Base64 X.509) trusted besides the Zen release key
 * @param allowShadowing    plugin names an unsigned plugin found earlier (a workspace or user folder) may take
 *                          the place of; without this a plugin that shadows another must be signed
 * @param minimumVersions   the lowest {@code plugin.version} accepted, by plugin name (semantic versions)
 */
public record PluginTrustConfig(boolean requireSignatures, List<String> trustedKeys, List<String> allowShadowing,
                                Map<String, String> minimumVersions) {
    private static final String KEY = "integrations.plugins";
    private static final Pattern VERSION = Pattern.compile(
            "\\d{1,9}(?:\\.\\d{1,9}){0,5}(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z.-]+)?");
    private static final PluginTrustConfig DEFAULTS = new PluginTrustConfig(false, null, null, null);

    /** Validates and copies; null collections are empty. */
    public PluginTrustConfig {
        trustedKeys = trustedKeys == null ? List.of() : List.copyOf(trustedKeys);
        allowShadowing = allowShadowing == null ? List.of() : List.copyOf(allowShadowing);
        minimumVersions = minimumVersions == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(minimumVersions));
        for (int i = 0; i < trustedKeys.size(); i++) checkKey(KEY + ".trusted_keys[" + i + "]", trustedKeys.get(i));
        minimumVersions.forEach((plugin, version) -> {
            if (version == null || !VERSION.matcher(version.strip()).matches()) {
                throw ConfigErrors.invalid(KEY + ".minimum_versions." + plugin, version,
                        "a semantic version such as 1.4.0 or 2.0.0-rc.1");
            }
        });
    }

    /** Only the Zen release key, signatures optional, no shadowing allowed, no minimum versions. */
    public static PluginTrustConfig defaults() {
        return DEFAULTS;
    }

    private static void checkKey(String key, String value) {
        if (value == null) throw ConfigErrors.error(key, "is empty; give a Base64 X.509 Ed25519 public key");
        try {
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(value.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ConfigErrors.invalid(key, value, "a Base64 X.509 Ed25519 public key, as PluginSigner"
                    + ".encodePublicKey writes it");
        }
    }
}
