/**
 * Several service instances, one truth: Zen Integration's storage SPIs, distributed task locks and shared provider
 * budgets on PostgreSQL. Start with {@link dev.zen.integration.postgres.PostgresStores#builder()}.
 */
@NullMarked
package dev.zen.integration.postgres;

import org.jspecify.annotations.NullMarked;
