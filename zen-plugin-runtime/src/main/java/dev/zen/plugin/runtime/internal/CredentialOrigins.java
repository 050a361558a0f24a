package dev.zen.plugin.runtime.internal;

import dev.zen.integration.IntegrationException;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginManifest;
import dev.zen.integration.plugin.PluginPermission;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an opened plugin's credential may go: the origin of its {@code server_url} setting and the host's
 * {@link PluginConfig#credentialOrigins()}, never a host the plugin's manifest declares. Decided once, at
 * {@code open}, from the host's configuration only.
 */
public final class CredentialOrigins {
    private static final String KEY = "credential_origins";

    private CredentialOrigins() {
    }

    /**
     * Refuses a {@code server_url} carrying user info ({@code https://bot:pw@host}) before anything can echo it.
     *
     * @throws IntegrationException {@code CONFIG_ERROR} for key {@code server_url}, showing the URL masked
     */
    public static void refuseUserInfo(String plugin, Map<String, Object> rawSettings) {
        if (!(rawSettings.get("server_url") instanceof String s)) return;
        String masked = mask(s);
        if (!masked.equals(s)) {
            throw Errors.configError(plugin, "server_url", "configuration key 'server_url' must not carry user "
                    + "info ('" + masked + "'): remove it from the URL and give the credential through "
                    + "credentials_ref instead");
        }
    }

    /**
     * The credential origins of one opened plugin.
     *
     * @param allowPlainHttp whether the host opted in to sending credentials over plain http to non-loopback hosts
     * @throws IntegrationException {@code CONFIG_ERROR} for a malformed origin, or a plain-http one (other than
     *                              loopback) when the plugin can send a credential and the host did not opt in
     */
    public static Set<Origin> resolve(String plugin, PluginManifest manifest, Map<String, Object> settings,
                                      PluginConfig config, boolean allowPlainHttp) {
        boolean sendsCredential = config.credentialsRef() != null
                && manifest.security().permissions().contains(PluginPermission.HTTP_AUTH);
        Set<Origin> origins = new LinkedHashSet<>();
        if (settings.get("server_url") instanceof String s) {
            Origin o = parse(s);
            if (o != null) origins.add(checkScheme(plugin, "server_url", o, sendsCredential, allowPlainHttp));
        }
        for (String text : config.credentialOrigins()) {
            Origin o = parseOrigin(text);
            if (o == null) {
                throw Errors.configError(plugin, KEY, "credential origin '" + mask(text) + "' is not an origin: "
                        + "write scheme://host[:port] with scheme http or https, without user info, path, query or "
                        + "fragment, such as https://api.atlassian.com");
            }
            origins.add(checkScheme(plugin, KEY, o, sendsCredential, allowPlainHttp));
        }
        return Set.copyOf(origins);
    }

    private static Origin checkScheme(String plugin, String key, Origin o, boolean sendsCredential,
                                      boolean allowPlainHttp) {
        if (sendsCredential && o.plainHttp() && !o.loopback() && !allowPlainHttp) {
            throw Errors.configError(plugin, key, "configuration key '" + key + "' names the plain-http origin "
                    + o + ", which would receive the credential unencrypted: use https (plain http is accepted only "
                    + "for loopback hosts such as 127.0.0.1), or let the host opt in with "
                    + "WasmPluginRegistry.Builder.allowCredentialsOverPlainHttp(true)");
        }
        return o;
    }

    /** The origin of a URL, or null when it is not an absolute http(s) URL with a host. */
    private static Origin parse(String url) {
        try {
            return Origin.of(new URI(url.trim()));
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** An origin written as {@code scheme://host[:port]} (a trailing slash allowed), or null. */
    private static Origin parseOrigin(String text) {
        try {
            URI u = new URI(text.trim());
            boolean bare = u.getRawUserInfo() == null && u.getRawQuery() == null && u.getRawFragment() == null
                    && (u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"));
            return bare ? Origin.of(u) : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * The text with any user info of a URL-like value replaced by {@code ***}: everything between the scheme's
     * {@code ://} (or the start) and the last {@code @} of the authority.
     */
    public static String mask(String text) {
        int sep = text.indexOf("://");
        int start = sep >= 0 ? sep + 3 : 0;
        int end = text.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = text.indexOf(c, start);
            if (i >= 0 && i < end) end = i;
        }
        int at = end == 0 ? -1 : text.lastIndexOf('@', end - 1);
        return at >= start ? text.substring(0, start) + "***" + text.substring(at) : text;
    }
}
