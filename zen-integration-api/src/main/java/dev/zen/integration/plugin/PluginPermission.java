package dev.zen.integration.plugin;

import java.util.Arrays;
import java.util.Optional;

/**
 * A capability a plugin declares in its manifest ({@code security.permissions}). A plugin gets exactly the host
 * functions its permissions grant; importing anything else refuses it at load.
 */
public enum PluginPermission {
    /** Plain HTTP requests, to allowed hosts only. */
    HTTP("http"),
    /** HTTP requests with a credential injected by the host, so the secret never enters plugin memory. */
    HTTP_AUTH("http_auth"),
    /** Reading the plugin's own configuration values. */
    CONFIG_READ("config_read"),
    /** Logging at debug, info, warn and error. */
    LOG("log"),
    /** Reading the wall clock. */
    CLOCK("clock"),
    /** WASI preview 1 (without file system or network access). */
    WASI("wasi");

    private final String manifestName;

    PluginPermission(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name used in manifests, such as {@code http_auth}. */
    public String manifestName() {
        return manifestName;
    }

    /** The permission with the given manifest name. */
    public static Optional<PluginPermission> fromManifestName(String name) {
        return Arrays.stream(values()).filter(p -> p.manifestName.equals(name)).findFirst();
    }
}
