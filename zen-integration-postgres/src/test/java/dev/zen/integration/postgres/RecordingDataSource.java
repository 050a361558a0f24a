package dev.zen.integration.postgres;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** An unpooled data source that keeps every connection it handed out, so a test can look at their sessions. */
final class RecordingDataSource implements DataSource {
    final List<Connection> handedOut = new CopyOnWriteArrayList<>();
    private final PGSimpleDataSource target = new PGSimpleDataSource();

    RecordingDataSource(String url, String user, String password) {
        target.setUrl(url);
        target.setUser(user);
        target.setPassword(password);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = target.getConnection();
        handedOut.add(c);
        return c;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        Connection c = target.getConnection(username, password);
        handedOut.add(c);
        return c;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
