package dev.zen.examples.hostspi;

import dev.zen.integration.SyncDirection;
import dev.zen.integration.SyncReport;
import dev.zen.integration.TaskSyncResult;
import dev.zen.integration.ZenTask;
import dev.zen.integration.core.ZenIntegration;
import dev.zen.integration.core.config.ProviderConfig;
import dev.zen.integration.spi.CredentialProvider;
import dev.zen.integration.spi.ServiceKind;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.NewIssue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Runs Zen Integration with the host's own {@link JsonFileTaskStore} and {@link SecretsFileCredentialProvider},
 * both found through {@link ServiceLoader}: the builder below names neither. The task store is made by its
 * {@link JsonFileTaskStoreFactory}, which receives the setting given here (where the tasks file is) and the
 * builder's clock; the credential provider is registered itself and finds its file in the
 * {@link HostDataDirectory}. Jira is an embedded FakeJira, served through the real Jira plugin.
 *
 * <pre>
 * mvn -q -pl examples/host-spi exec:java                               # a temporary host data folder
 * mvn -q -pl examples/host-spi exec:java -Dacme.data.dir=/tmp/acme     # keep the folder to look at tasks.json
 * </pre>
 */
public final class HostSpiExample {
    /** The credential reference the Jira provider is configured with; the host's secrets file holds it. */
    static final String CREDENTIALS_REF = "acme-jira";

    private HostSpiExample() {}

    /** Runs the example. */
    public static void main(String[] args) throws IOException {
        Path dataDir = prepareHostDataDirectory();
        try (FakeJira jira = FakeJira.start()) {
            provisionSecret(dataDir, FakeJira.DEFAULT_EMAIL, FakeJira.DEFAULT_API_TOKEN);
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Export fails for large files")
                    .labels("backend").build());
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Dark mode flickers").priority("High").build());

            try (ZenIntegration zen = ZenIntegration.builder()        // no taskStore(...), no credentialProvider(...)
                    .workspace(dataDir.resolve("zen-workspace"))
                    .serviceSettings(ServiceKind.TASK_STORE, taskStoreSettings(dataDir))
                    .provider(jiraProvider(jira))
                    .build()) {
                System.out.println("Host data folder:      " + dataDir);
                System.out.println("Task store in use:     " + zen.taskStore());
                System.out.println("Credential providers registered: " + ServiceLoader.load(CredentialProvider.class)
                        .stream().map(ServiceLoader.Provider::get).toList());

                ZenTask export = zen.importItem("jira", "SYNC-1");
                ZenTask darkMode = zen.importItem("jira", "SYNC-2");
                System.out.println("Imported into the host store: " + export.id() + ", " + darkMode.id());

                zen.taskStore().update(export.toBuilder().title("Export fails for files over 2 GB").build());
                jira.simulateStatusChange("SYNC-2", FakeJira.DEFAULT_ACCOUNT_ID, "In Progress");

                SyncReport report = zen.sync(List.of(export.id(), darkMode.id()), SyncDirection.BIDIRECTIONAL);
                System.out.println("Sync " + report.syncId() + ": " + report.status());
                for (TaskSyncResult r : report.results()) {
                    System.out.printf("  %-40s %-9s %s%n", r.taskId(), r.outcome(),
                            r.error().map(TaskSyncResult.ErrorInfo::message).orElse(r.changes().size() + " change(s)"));
                }
                System.out.println("Jira SYNC-1 summary:   " + jira.issue("SYNC-1").orElseThrow().summary());
                System.out.println("Host task " + darkMode.id() + " status: "
                        + zen.taskStore().find(darkMode.id()).orElseThrow().status());
                System.out.println("The host's tasks.json: " + ((JsonFileTaskStore) zen.taskStore()).file());
            }
        }
    }

    /** What the host tells its task store factory: keep the tasks in {@code tasks.json} of its data folder. */
    static Map<String, String> taskStoreSettings(Path dataDir) {
        return Map.of(JsonFileTaskStoreFactory.FILE, dataDir.resolve(JsonFileTaskStore.FILE_NAME).toString());
    }

    /** The Jira provider, pointing at the fake; only the credential reference is named, never a secret. */
    static ProviderConfig jiraProvider(FakeJira jira) {
        return ProviderConfig.builder("jira")
                .serverUrl(jira.baseUrl().toString())
                .projectKey(FakeJira.DEFAULT_PROJECT)
                .credentialsRef(CREDENTIALS_REF)
                .build();
    }

    /** Uses {@code -Dacme.data.dir} if given, else a new temporary folder (set as the property for the services). */
    private static Path prepareHostDataDirectory() throws IOException {
        if (System.getProperty(HostDataDirectory.PROPERTY) == null) {
            System.setProperty(HostDataDirectory.PROPERTY, Files.createTempDirectory("acme-host-").toString());
        }
        Path dir = HostDataDirectory.current();
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalStateException("the host data folder " + dir + " is not empty; the example starts a"
                        + " new FakeJira each run, so give it a new folder with -D" + HostDataDirectory.PROPERTY);
            }
        }
        return dir;
    }

    /** What the host's provisioning does: puts the Jira secret in its secrets file, readable by its owner only. */
    private static void provisionSecret(Path dataDir, String email, String apiToken) throws IOException {
        Path secrets = dataDir.resolve(SecretsFileCredentialProvider.FILE_NAME);
        try {
            Files.createFile(secrets,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(secrets); // not a POSIX file system
        }
        Files.writeString(secrets, CREDENTIALS_REF + ".username=" + email + "\n"
                + CREDENTIALS_REF + ".token=" + apiToken + "\n");
    }
}
