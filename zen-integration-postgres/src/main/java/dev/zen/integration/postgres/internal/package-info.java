/** The JDBC implementations behind {@code PostgresStores}. Not API. */
@NullMarked
package dev.zen.integration.postgres.internal;

import org.jspecify.annotations.NullMarked;
