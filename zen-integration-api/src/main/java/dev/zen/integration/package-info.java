/**
 * The Zen Integration API: {@link dev.zen.integration.TaskSyncService} and the immutable value types it exchanges.
 * Failures are {@link dev.zen.integration.IntegrationException}s with an {@link dev.zen.integration.ErrorCode}.
 */
package dev.zen.integration;
