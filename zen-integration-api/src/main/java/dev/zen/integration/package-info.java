/**
 * The Zen Integration API: {@link dev.zen.integration.TaskSyncService} and the immutable value types it exchanges.
 * Failures are {@link dev.zen.integration.IntegrationException}s with an {@link dev.zen.integration.ErrorCode}.
 *
 * <p>Nullness: this package is {@link org.jspecify.annotations.NullMarked}, so parameters, return values and record
 * components are never null unless their type is {@link org.jspecify.annotations.Nullable}. Record components that
 * hold a collection are never null either; their constructors accept null for them and store an empty collection.
 */
@NullMarked
package dev.zen.integration;

import org.jspecify.annotations.NullMarked;
