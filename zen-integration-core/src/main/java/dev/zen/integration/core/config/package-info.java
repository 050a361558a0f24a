/**
 * Configuration of the integration: the {@code integrations:} section of {@code .zen/config.yaml} as immutable
 * records ({@link dev.zen.integration.core.config.IntegrationConfig},
 * {@link dev.zen.integration.core.config.ProviderConfig}, {@link dev.zen.integration.core.config.ResilienceConfig}),
 * loading with workspace/user layering and environment overrides
 * ({@link dev.zen.integration.core.config.ConfigLoader}), and persistent edits
 * ({@link dev.zen.integration.core.config.ConfigLoader#set(String, String)}). See {@code docs/configuration.md}.
 */
package dev.zen.integration.core.config;
