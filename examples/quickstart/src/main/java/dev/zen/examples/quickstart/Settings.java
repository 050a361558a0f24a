package dev.zen.examples.quickstart;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Where the quick start syncs to. Without a Jira URL it starts an embedded fake Jira; with one it talks to that
 * Jira instead and never seeds or edits anything there except the issues it creates itself.
 *
 * <p>Each setting is read from a system property ({@code -Dzen.jira.url=...}) or else an environment variable
 * ({@code ZEN_JIRA_URL=...}):
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>system property</th><th>environment variable</th><th>meaning</th></tr>
 *   <tr><td>{@code zen.jira.url}</td><td>{@code ZEN_JIRA_URL}</td>
 *       <td>the Jira site, such as {@code https://acme.atlassian.net}; unset: the embedded fake</td></tr>
 *   <tr><td>{@code zen.jira.project}</td><td>{@code ZEN_JIRA_PROJECT}</td>
 *       <td>the project the quick start creates issues in; required with a URL (use a scratch project)</td></tr>
 *   <tr><td>{@code zen.jira.credentials-ref}</td><td>{@code ZEN_JIRA_CREDENTIALS_REF}</td>
 *       <td>the credential reference; default {@code jira-bot}, read from {@code ZEN_CREDENTIAL_JIRA_BOT_USERNAME}
 *       and {@code ZEN_CREDENTIAL_JIRA_BOT_TOKEN}</td></tr>
 *   <tr><td>{@code zen.quickstart.import}</td><td>{@code ZEN_QUICKSTART_IMPORT}</td>
 *       <td>comma-separated keys of existing issues to import, such as {@code SCRATCH-1,SCRATCH-2}; optional</td></tr>
 * </table>
 * Secrets are never settings: they come from the credential provider.
 *
 * @param jiraUrl        the Jira site, or null for the embedded fake Jira
 * @param projectKey     the project to create issues in, or null for the embedded fake's project
 * @param credentialsRef the reference the credential provider resolves
 * @param importKeys     existing issues to import from a real Jira (the embedded fake imports what it seeded)
 */
public record Settings(String jiraUrl, String projectKey, String credentialsRef, List<String> importKeys) {

    /** The credential reference used unless another is configured. */
    public static final String DEFAULT_CREDENTIALS_REF = "jira-bot";

    /** Validates the combination. */
    public Settings {
        Objects.requireNonNull(credentialsRef, "credentialsRef");
        importKeys = List.copyOf(importKeys);
        if (jiraUrl == null && (projectKey != null || !importKeys.isEmpty())) {
            throw configError("a project or issues to import are set but no Jira URL: set ZEN_JIRA_URL (or"
                    + " -Dzen.jira.url) to use a real Jira, or unset ZEN_JIRA_PROJECT and ZEN_QUICKSTART_IMPORT to use"
                    + " the embedded fake Jira");
        }
        if (jiraUrl != null && projectKey == null) {
            throw configError("ZEN_JIRA_URL is set but ZEN_JIRA_PROJECT (or -Dzen.jira.project) is not: name a"
                    + " scratch project; the quick start creates issues in it");
        }
    }

    /** The embedded fake Jira with the default credential reference. */
    public static Settings embedded() {
        return new Settings(null, null, DEFAULT_CREDENTIALS_REF, List.of());
    }

    /** Reads the settings of this process: system properties first, then environment variables. */
    public static Settings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    /**
     * Reads the settings from the given environment and properties; a property wins over a variable.
     *
     * @throws IntegrationException {@link ErrorCode#CONFIG_ERROR} if a URL lacks a project or a project lacks a URL
     */
    public static Settings from(Map<String, String> env, Properties properties) {
        String url = read(env, properties, "ZEN_JIRA_URL", "zen.jira.url");
        String project = read(env, properties, "ZEN_JIRA_PROJECT", "zen.jira.project");
        String ref = read(env, properties, "ZEN_JIRA_CREDENTIALS_REF", "zen.jira.credentials-ref");
        String imports = read(env, properties, "ZEN_QUICKSTART_IMPORT", "zen.quickstart.import");
        return new Settings(url, project, ref == null ? DEFAULT_CREDENTIALS_REF : ref, splitKeys(imports));
    }

    /** Whether the quick start talks to a real Jira rather than the embedded fake. */
    public boolean usesRealJira() {
        return jiraUrl != null;
    }

    private static String read(Map<String, String> env, Properties properties, String variable, String property) {
        String value = properties.getProperty(property);
        if (value == null || value.isBlank()) value = env.get(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static List<String> splitKeys(String keys) {
        if (keys == null) return List.of();
        return Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }

    private static IntegrationException configError(String message) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, message).build();
    }
}
