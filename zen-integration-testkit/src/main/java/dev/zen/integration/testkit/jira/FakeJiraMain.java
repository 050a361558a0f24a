package dev.zen.integration.testkit.jira;

import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeJira} from the command line until the process is stopped:
 *
 * <pre>
 * mvn -q -o -pl zen-integration-testkit exec:java \
 *     -Dexec.mainClass=dev.zen.integration.testkit.jira.FakeJiraMain -Dexec.args="--port 8089"
 * </pre>
 *
 * Options: {@code --port N} (default 8089; 0 for an ephemeral port), {@code --time-zone ZONE} (the default
 * user's profile zone, default UTC), {@code --workflow standard|simplified}, {@code --issues N} (seed N issues in
 * project SYNC), {@code --profile strict|realistic} (realistic: search lag and rate-limit headers, see
 * {@link FakeJira.Builder#realistic()}). It prints the base URL and credentials. The HTTP control API is under {@code /_fake/}
 * (see {@code docs/testkit.md}).
 */
public final class FakeJiraMain {
    private FakeJiraMain() {}

    /** Starts the fake; see the class comment for the options. */
    public static void main(String[] args) throws InterruptedException {
        int port = 8089;
        ZoneId zone = ZoneId.of("UTC");
        Workflow workflow = Workflow.standard();
        int issues = 0;
        String profile = System.getProperty(FakeJira.PROFILE_PROPERTY, "strict");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> port = Integer.parseInt(require(a, value));
                case "--time-zone" -> zone = ZoneId.of(require(a, value));
                case "--workflow" -> workflow = switch (require(a, value)) {
                    case "standard" -> Workflow.standard();
                    case "simplified" -> Workflow.simplified();
                    default -> throw new IllegalArgumentException("--workflow is standard or simplified, not " + value);
                };
                case "--issues" -> issues = Integer.parseInt(require(a, value));
                case "--profile" -> profile = require(a, value);
                case "--help", "-h" -> {
                    System.out.println("FakeJira [--port 8089] [--time-zone Europe/Berlin] "
                            + "[--workflow standard|simplified] [--issues N] [--profile strict|realistic]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "; try --help");
            }
            i++;
        }
        FakeJira.Builder builder = FakeJira.builder().port(port).defaultUserTimeZone(zone).workflow(workflow);
        switch (profile) {
            case "realistic" -> builder.realistic();
            case "strict" -> builder.searchLag(Duration.ZERO).rateLimitHeaders(false);
            default -> throw new IllegalArgumentException("--profile is strict or realistic, not " + profile);
        }
        FakeJira jira = builder.start();
        for (int n = 1; n <= issues; n++) {
            jira.seed(NewIssue.builder(FakeJira.DEFAULT_PROJECT, "Seeded issue " + n).build());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(jira::close, "fake-jira-shutdown"));
        System.out.println("FakeJira listening on " + jira.baseUrl());
        System.out.println("  project:     " + FakeJira.DEFAULT_PROJECT);
        System.out.println("  profile:     " + profile + " (search lag " + jira.searchLag().toMillis() + " ms)");
        System.out.println("  basic auth:  " + FakeJira.DEFAULT_EMAIL + " / " + FakeJira.DEFAULT_API_TOKEN);
        System.out.println("  bearer auth: " + FakeJira.DEFAULT_BEARER_TOKEN);
        System.out.println("  control:     " + ControlApi.ENDPOINTS);
        new CountDownLatch(1).await();
    }

    private static String require(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }
}
