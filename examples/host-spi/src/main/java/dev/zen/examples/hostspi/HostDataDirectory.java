package dev.zen.examples.hostspi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the host application ("Acme") keeps its own data: its secrets file and its task database. Services that
 * {@link java.util.ServiceLoader} creates have no constructor arguments, so, like a JDBC driver, they find their
 * configuration in the environment:
 * <ol>
 *   <li>the system property {@value #PROPERTY} (set with {@code -Dacme.data.dir=...});</li>
 *   <li>else the environment variable {@value #VARIABLE};</li>
 *   <li>else {@code ~/.acme}.</li>
 * </ol>
 */
public final class HostDataDirectory {
    /** The system property naming the folder. */
    public static final String PROPERTY = "acme.data.dir";
    /** The environment variable naming the folder. */
    public static final String VARIABLE = "ACME_DATA_DIR";

    private HostDataDirectory() {}

    /** The folder of the running process. */
    public static Path current() {
        return resolve(System.getProperties(), System.getenv());
    }

    /** The folder the given system properties and environment point to. */
    static Path resolve(Properties properties, Map<String, String> environment) {
        String configured = properties.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) configured = environment.get(VARIABLE);
        if (configured == null || configured.isBlank()) {
            return Path.of(properties.getProperty("user.home"), ".acme").toAbsolutePath();
        }
        return Path.of(configured).toAbsolutePath();
    }
}
