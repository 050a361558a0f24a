package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import dev.zen.integration.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FakeJiraFaultTest {
    private static final String CREATE = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},"
            + "\"issuetype\":{\"name\":\"Task\"},\"summary\":\"x\"}}";
    private final TestClock clock = TestClock.at("2025-09-20T10:30:10Z");
    private final FakeJira jira = FakeJira.builder().clock(clock).start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    @Test
    void rateLimitCarriesRetryAfterAndJirasRateLimitHeaders() {
        jira.inject(FaultRule.on("GET", "/rest/api/3/myself")
                .respond(Fault.rateLimited(Duration.ofSeconds(5), "jira-per-issue-on-write")));

        Http.Response r = http.get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(r.header("X-RateLimit-Limit")).isNotNull();
        assertThat(r.header("X-RateLimit-Reset")).isEqualTo("2025-09-20T10:31Z");
        assertThat(r.header("RateLimit-Reason")).isEqualTo("jira-per-issue-on-write");
        assertThat(http.get("/rest/api/3/myself").status()).as("fires once by default").isEqualTo(200);
    }

    @Test
    void aBare429StatusFaultAnswersWithoutRetryAfter() {
        jira.inject(FaultRule.on("GET", "/rest/api/3/myself").respond(Fault.status(429, "Too many requests")));

        Http.Response r = http.get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isNull();
        assertThat(r.body()).contains("Too many requests");
    }

    @Test
    void serviceUnavailableCarriesRetryAfter() {
        jira.inject(FaultRule.onAny().respond(Fault.serviceUnavailable(Duration.ofSeconds(2))));

        Http.Response r = http.get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("2");
    }

    @Test
    void ruleFiresOnTheNthOccurrenceForTheGivenCount() {
        jira.inject(FaultRule.on("GET", "/rest/api/3/myself").fromOccurrence(2).times(2)
                .respond(Fault.serverError(500)));
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 4; i++) statuses.add(http.get("/rest/api/3/myself").status());

        assertThat(statuses).containsExactly(200, 500, 500, 200);
    }

    @Test
    void faultsDoNotTouchStateUnlessCommitThen() {
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.serverError(502)));

        Http.Response r = http.post("/rest/api/3/issue", CREATE);

        assertThat(r.status()).isEqualTo(502);
        assertThat(jira.issues()).isEmpty();
    }

    @Test
    void commitThenFailCreatesTheIssueButAnswersAnError() {
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.serverError(504))));

        Http.Response r = http.post("/rest/api/3/issue", CREATE);

        assertThat(r.status()).isEqualTo(504);
        assertThat(jira.issues()).hasSize(1);
        assertThat(jira.requests("POST", "/rest/api/3/issue").get(0).fault()).contains("commit then");
    }

    @Test
    void commitThenResetCreatesTheIssueAndDropsTheConnection() {
        jira.inject(FaultRule.on("POST", "/rest/api/3/issue").respond(Fault.commitThen(Fault.connectionReset())));

        assertThatThrownBy(() -> http.sendOrThrow("POST", "/rest/api/3/issue", CREATE)).isInstanceOf(IOException.class);
        assertThat(jira.issues()).hasSize(1);
    }

    @Test
    void connectionResetSendsNoResponse() {
        // always: java.net.http silently retries an idempotent GET once when a reused connection drops
        jira.inject(FaultRule.on("GET", "/rest/api/3/myself").always().respond(Fault.connectionReset()));

        assertThatThrownBy(() -> http.sendOrThrow("GET", "/rest/api/3/myself", null)).isInstanceOf(IOException.class);
        assertThat(jira.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isZero());
    }

    @Test
    void hangOutlastsTheClientTimeout() {
        jira.inject(FaultRule.on("GET", "/rest/api/3/myself").respond(Fault.hang(Duration.ofSeconds(30))));

        assertThatThrownBy(() -> http.timeout(Duration.ofMillis(300)).sendOrThrow("GET", "/rest/api/3/myself", null))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void commitThenHangWritesAndTimesOut() {
        jira.seed(NewIssue.builder("SYNC", "Old").build());
        jira.inject(FaultRule.on("PUT", "/rest/api/3/issue/SYNC-1")
                .respond(Fault.commitThen(Fault.hang(Duration.ofSeconds(30)))));

        assertThatThrownBy(() -> http.timeout(Duration.ofMillis(300))
                .sendOrThrow("PUT", "/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"New\"}}"))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("New");
    }

    @Test
    void latencyDelaysButAnswersNormally() {
        jira.inject(FaultRule.on("GET", "/rest/api/3/myself").respond(Fault.latency(Duration.ofMillis(300))));
        long start = System.nanoTime();

        Http.Response r = http.get("/rest/api/3/myself");

        assertThat(r.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void conflictFaultIs409() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
        jira.inject(FaultRule.onPathMatching("PUT", "/rest/api/3/issue/.*").respond(Fault.conflict()));

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"x\"}}");

        assertThat(r.status()).isEqualTo(409);
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("One");
    }

    @Test
    void randomFaultsAreReproducibleFromTheSeed() {
        List<Integer> first = statusesWithRandomFaults(42);
        List<Integer> second = statusesWithRandomFaults(42);

        assertThat(first).isEqualTo(second);
        assertThat(first).contains(200).containsAnyOf(429, 503);
    }

    private List<Integer> statusesWithRandomFaults(long seed) {
        jira.clearFaults();
        jira.injectRandomFaults(seed, 0.4, Fault.rateLimited(), Fault.serviceUnavailable(Duration.ofSeconds(1)));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) statuses.add(http.get("/rest/api/3/myself").status());
        return statuses;
    }

    @Test
    void clearFaultsStopsInjection() {
        jira.inject(FaultRule.onAny().always().respond(Fault.serverError(500)));

        jira.clearFaults();

        assertThat(http.get("/rest/api/3/myself").status()).isEqualTo(200);
    }

    @Test
    void closingTheFakeEndsHangingRequests() throws Exception {
        jira.inject(FaultRule.onAny().respond(Fault.hang(Duration.ofMinutes(5))));
        Thread closer = new Thread(() -> {
            sleep(300);
            jira.close();
        });
        closer.start();
        long start = System.nanoTime();

        assertThatThrownBy(() -> http.timeout(Duration.ofSeconds(20)).sendOrThrow("GET", "/rest/api/3/myself", null))
                .isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        closer.join();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
