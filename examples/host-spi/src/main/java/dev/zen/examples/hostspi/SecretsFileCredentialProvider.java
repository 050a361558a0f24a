package dev.zen.examples.hostspi;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's own credential provider: it reads secrets from the host's {@code secrets.properties}, a stand-in for
 * whatever vault the host already uses. Registered in
 * {@code META-INF/services/dev.zen.integration.spi.CredentialProvider}, so Zen Integration asks it without any
 * builder call.
 *
 * <p>One entry per credential reference (the provider's {@code credentials_ref}):
 * <pre>
 * # basic auth (Jira Cloud: the account's e-mail and an API token)
 * jira-bot.username=sync-bot@acme.example
 * jira-bot.token=ATATT3xFfGF0...
 * # or a bearer token (OAuth 2.0 access token, personal access token)
 * jira-oauth.type=bearer
 * jira-oauth.token=eyJhbGciOi...
 * </pre>
 *
 * <p>The file is read on every lookup, so a rotated secret is seen as soon as the library's credential cache
 * lets go of the old one (at the latest when the external system rejects it). Secrets are never logged, and
 * {@link #toString()} shows only the file's path. Thread-safe: it holds no mutable state.
 */
public final class SecretsFileCredentialProvider implements CredentialProvider {
    /** The file name inside the host data folder. */
    public static final String FILE_NAME = "secrets.properties";
    /** Above the environment variables (200) and in-memory credentials (300): the host's vault is authoritative. */
    public static final int PRIORITY = 500;

    private static final Logger LOG = LoggerFactory.getLogger(SecretsFileCredentialProvider.class);
    private static final Set<PosixFilePermission> SHARED = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    private final Path file;

    /** Reads {@code secrets.properties} in the {@link HostDataDirectory}; the constructor ServiceLoader uses. */
    public SecretsFileCredentialProvider() {
        this(HostDataDirectory.current().resolve(FILE_NAME));
    }

    /** Reads the given secrets file. */
    public SecretsFileCredentialProvider(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** The secrets file this provider reads. */
    public Path file() {
        return file;
    }

    /**
     * The credential stored under {@code reference}, if the file has one.
     *
     * @throws IntegrationException {@code CONFIG_ERROR} if the entry is incomplete or has an unknown type,
     *                              {@code STORAGE_ERROR} if the file exists but cannot be read
     */
    @Override
    public Optional<Credential> resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        Properties secrets = load();
        String token = secrets.getProperty(reference + ".token");
        if (token == null || token.isBlank()) return Optional.empty();
        String username = secrets.getProperty(reference + ".username");
        String type = secrets.getProperty(reference + ".type", username == null ? "bearer" : "basic");
        LOG.info("Credential '{}' supplied from {}", reference, file);
        return Optional.of(switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "basic" -> {
                if (username == null || username.isBlank()) {
                    throw configError(reference + ".username is missing; basic auth needs the account's e-mail");
                }
                yield Credential.basic(username.trim(), token.trim());
            }
            case "bearer" -> Credential.bearer(token.trim());
            default -> throw configError(reference + ".type is '" + type + "'; use basic or bearer");
        });
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** Names the file, never its contents. */
    @Override
    public String toString() {
        return "SecretsFileCredentialProvider[" + file + "]";
    }

    private Properties load() {
        Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            secrets.load(in);
        } catch (NoSuchFileException e) {
            return secrets; // no secrets yet: the resolver asks the next provider
        } catch (IOException | IllegalArgumentException e) {
            throw IntegrationException.builder(ErrorCode.STORAGE_ERROR, "could not read the secrets file " + file
                    + " (" + e.getClass().getSimpleName() + "); check that it exists, is readable and is a valid"
                    + " properties file").build(); // no cause: its message might quote a line of the file
        }
        warnIfShared();
        return secrets;
    }

    private void warnIfShared() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(SHARED::contains)) {
                LOG.warn("The secrets file {} is readable by other users; restrict it with chmod 600", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: nothing to check
        }
    }

    private IntegrationException configError(String problem) {
        return IntegrationException.builder(ErrorCode.CONFIG_ERROR, "invalid entry in " + file + ": " + problem)
                .detail("file", file.toString()).build();
    }
}
