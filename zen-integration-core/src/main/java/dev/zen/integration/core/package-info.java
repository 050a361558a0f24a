/**
 * The entry point of Zen Integration: {@link dev.zen.integration.core.ZenIntegration#builder()} assembles a
 * {@link dev.zen.integration.TaskSyncService} over a workspace, its stores and its providers' plugins;
 * {@link dev.zen.integration.core.IntegrationJson} serializes its status and reports for HTTP hosts.
 */
package dev.zen.integration.core;
