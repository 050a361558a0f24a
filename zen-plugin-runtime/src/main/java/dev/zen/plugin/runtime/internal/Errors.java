package dev.zen.plugin.runtime.internal;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;

/** Builds the runtime's typed errors so every message names the plugin and says what to do. */
public final class Errors {
    private Errors() {
    }

    /** A plugin could not be loaded. */
    static IntegrationException loadFailed(String plugin, String message) {
        return IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "plugin " + plugin + ": " + message)
                .provider(plugin).detail("plugin", plugin).build();
    }

    /** A plugin could not be loaded, for a reason recorded earlier (prefixed with the plugin name only once). */
    public static IntegrationException loadFailedAgain(String plugin, String reason) {
        String message = reason.startsWith("plugin " + plugin + ": ") ? reason : "plugin " + plugin + ": " + reason;
        return IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, message)
                .provider(plugin).detail("plugin", plugin).build();
    }

    /** A plugin could not be loaded, with a cause. */
    static IntegrationException loadFailed(String plugin, String message, Throwable cause) {
        return IntegrationException.builder(ErrorCode.PLUGIN_LOAD_FAILED, "plugin " + plugin + ": " + message)
                .provider(plugin).detail("plugin", plugin).cause(cause).build();
    }

    /** A call failed inside the sandbox; {@code reason} goes into {@code details.reason}. */
    static IntegrationException executionFailed(String plugin, String reason, String message, Throwable cause) {
        return IntegrationException.builder(ErrorCode.PLUGIN_EXECUTION_FAILED, "plugin " + plugin + ": " + message)
                .provider(plugin).detail("plugin", plugin).detail("reason", reason).cause(cause).build();
    }

    /** The configuration is wrong. */
    public static IntegrationException configError(String plugin, String key, String message) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, "plugin " + plugin + ": " + message)
                .provider(plugin).detail("plugin", plugin).detail("key", key).build();
    }
}
