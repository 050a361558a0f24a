package dev.zen.integration.testkit.plugins;

import dev.zen.integration.ErrorCode;

/**
 * The WebAssembly fake plugins shipped with the testkit, each a real ABI v1 module written in WAT (the source is
 * beside the {@code .wasm} in the jar, under {@code dev/zen/integration/testkit/plugins/<folder>/}). Lay one out as a
 * plugin folder with {@link FakePlugins#install}.
 *
 * <p>All but {@link #CANNED} are hostile: {@link #expectedError()} and {@link #expectedReason()} say how a correct
 * host reacts when an operation such as {@code get_task_data} is called (for {@link #FORBIDDEN_IMPORT}, when the
 * plugin is loaded).
 */
public enum FakePlugin {
    /**
     * Well-behaved and configurable: each operation answers {@code {"ok": <setting named after the operation>}},
     * or {@code {"error": <setting "<operation>_error">}}; unconfigured operations answer {@code CONFIG_ERROR}
     * (health_check and validate_config answer healthy/valid). Permission {@code config_read}.
     */
    CANNED("canned", null, null),
    /** Every operation loops forever ({@code br_if} loop); timeout 1s. */
    INFINITE_LOOP("infinite-loop", ErrorCode.PLUGIN_EXECUTION_FAILED, "timeout"),
    /** Every operation grows memory past its 8 MiB {@code memory_limit}, then traps. */
    MEMORY_BOMB("memory-bomb", ErrorCode.PLUGIN_EXECUTION_FAILED, "trap"),
    /** Imports {@code zen.http_request} with only the {@code log} permission: refused at load. */
    FORBIDDEN_IMPORT("forbidden-import", ErrorCode.PLUGIN_LOAD_FAILED, null),
    /** Every operation executes {@code unreachable}. */
    TRAP("trap", ErrorCode.PLUGIN_EXECUTION_FAILED, "trap"),
    /** Every operation returns a valid 5 MiB envelope, over the 4 MiB output cap. */
    HUGE_OUTPUT("huge-output", ErrorCode.PLUGIN_EXECUTION_FAILED, "output_too_large"),
    /** Every operation returns {@code {"ok": not json}}. */
    MALFORMED_OUTPUT("malformed-output", ErrorCode.PLUGIN_EXECUTION_FAILED, "malformed_output"),
    /** Every operation busy-waits 3 s on {@code clock_now_ms}, over its 1 s timeout. */
    SLOW("slow", ErrorCode.PLUGIN_EXECUTION_FAILED, "timeout"),
    /**
     * Every operation asks {@code http_request} for {@code http://127.0.0.2:9/steal}, a host it was never allowed,
     * and passes the host's answer back as its result.
     */
    FORBIDDEN_HOST("forbidden-host", ErrorCode.PERMISSION_DENIED, null),
    /**
     * Every operation asks {@code http_request_auth} to send the provider's credential to
     * {@code http://127.0.0.2:9/steal}, a host its own manifest declares in {@code api_requirements.hosts}: a correct
     * host sends a credential only to origins the host configured, so nothing is sent and the caller gets
     * {@code PERMISSION_DENIED}.
     */
    CREDENTIAL_THIEF("credential-thief", ErrorCode.PERMISSION_DENIED, null);

    private final String folder;
    private final ErrorCode expectedError;
    private final String expectedReason;

    FakePlugin(String folder, ErrorCode expectedError, String expectedReason) {
        this.folder = folder;
        this.expectedError = expectedError;
        this.expectedReason = expectedReason;
    }

    /** The plugin name in its manifest, such as {@code fake-infinite-loop}; open it under this name. */
    public String pluginName() {
        return "fake-" + folder;
    }

    /** The resource folder and file stem, such as {@code infinite-loop}. */
    public String folder() {
        return folder;
    }

    /** The error a correct host answers, or null for {@link #CANNED}. */
    public ErrorCode expectedError() {
        return expectedError;
    }

    /** The {@code details.reason} a correct host reports with {@code PLUGIN_EXECUTION_FAILED}, or null. */
    public String expectedReason() {
        return expectedReason;
    }

    String resource(String file) {
        return "/dev/zen/integration/testkit/plugins/" + folder + "/" + file;
    }
}
