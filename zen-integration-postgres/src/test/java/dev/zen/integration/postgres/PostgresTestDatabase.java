package dev.zen.integration.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * One embedded PostgreSQL per test JVM, and a fresh database in it per test, so tests never see each other's rows.
 * Set {@code -Dzen.test.postgres.url=jdbc:postgresql://host:5432/postgres} (and {@code zen.test.postgres.user},
 * {@code zen.test.postgres.password}) to run against an existing server instead.
 */
final class PostgresTestDatabase {
    private static EmbeddedPostgresServer server;
    private static int databases;

    private PostgresTestDatabase() {}

    /** The URL of the server's maintenance database. */
    static synchronized String serverUrl() {
        String url = System.getProperty("zen.test.postgres.url");
        if (url != null) return url;
        if (server == null) server = EmbeddedPostgresServer.start();
        return server.jdbcUrl();
    }

    static String user() {
        return System.getProperty("zen.test.postgres.user", "postgres");
    }

    static String password() {
        return System.getProperty("zen.test.postgres.password", "");
    }

    /** A new, empty database; returns its JDBC URL. */
    static synchronized String freshDatabase() {
        String url = serverUrl();
        String name = "zen_test_" + ProcessHandle.current().pid() + "_" + (++databases);
        try (Connection c = DriverManager.getConnection(url, user(), password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + ": " + e.getMessage(), e);
        }
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    /** Stores on a fresh database. */
    static PostgresStores freshStores(Clock clock) {
        return PostgresStores.builder().jdbcUrl(freshDatabase(), user(), password()).poolSize(4).lockPoolSize(8)
                .clock(clock).build();
    }
}
