package dev.zen.integration.testkit.github;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link FakeGitHub} from the command line until the process is stopped:
 *
 * <pre>
 * mvn -q -o -pl zen-integration-testkit exec:java \
 *     -Dexec.mainClass=dev.zen.integration.testkit.github.FakeGitHubMain -Dexec.args="--port 8090"
 * </pre>
 *
 * Options: {@code --port N} (default 8090; 0 for an ephemeral port), {@code --issues N} (seed N issues in
 * zen-sync/tasks), {@code --profile strict|realistic} (realistic: search lags like github.com's). It prints the API
 * base URL and the token; the control API is under {@code /_fake/} (see {@code docs/testkit.md}).
 */
public final class FakeGitHubMain {
    private FakeGitHubMain() {}

    /** Starts the fake; see the class comment for the options. */
    public static void main(String[] args) throws InterruptedException {
        int port = 8090;
        int issues = 0;
        String profile = "strict";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> port = Integer.parseInt(require(a, value));
                case "--issues" -> issues = Integer.parseInt(require(a, value));
                case "--profile" -> profile = require(a, value);
                case "--help", "-h" -> {
                    System.out.println("FakeGitHub [--port 8090] [--issues N] [--profile strict|realistic]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "; try --help");
            }
            i++;
        }
        FakeGitHub.Builder builder = FakeGitHub.builder().port(port);
        switch (profile) {
            case "realistic" -> builder.realistic();
            case "strict" -> builder.searchLag(Duration.ZERO);
            default -> throw new IllegalArgumentException("--profile is strict or realistic, not " + profile);
        }
        FakeGitHub github = builder.start();
        for (int n = 1; n <= issues; n++) github.seedIssue("Seeded issue " + n, null);
        Runtime.getRuntime().addShutdownHook(new Thread(github::close, "fake-github-shutdown"));
        System.out.println("FakeGitHub listening on " + github.baseUrl());
        System.out.println("  repository: " + FakeGitHub.DEFAULT_REPOSITORY);
        System.out.println("  profile:    " + profile + " (search lag " + github.searchLag().toMillis() + " ms)");
        System.out.println("  token:      " + FakeGitHub.DEFAULT_TOKEN + " (user " + FakeGitHub.DEFAULT_LOGIN + ")");
        System.out.println("  control:    " + GitHubControlApi.ENDPOINTS);
        new CountDownLatch(1).await();
    }

    private static String require(String option, String value) {
        if (value == null) throw new IllegalArgumentException(option + " needs a value");
        return value;
    }
}
