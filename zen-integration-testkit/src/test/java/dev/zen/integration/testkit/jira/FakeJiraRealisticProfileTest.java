package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The realistic profile (search lag, rate-limit headers) and its switches on the control API. */
class FakeJiraRealisticProfileTest {
    private static final String CREATE = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"},"
            + "\"summary\":\"fresh\"}}";
    private static final String SEARCH = "{\"jql\":\"project = SYNC\",\"fields\":[\"key\"]}";
    private final TestClock clock = TestClock.at("2025-09-20T10:30:00Z");
    private FakeJira jira;

    @AfterEach
    void stop() {
        if (jira != null) jira.close();
    }

    @Test
    void givenTheRealisticProfileWhenAnIssueIsCreatedThenSearchMissesItUntilTheLagPassed() {
        jira = FakeJira.builder().clock(clock).realistic().start();
        jira.seed(NewIssue.builder("SYNC", "old").build());
        Http http = new Http(jira);

        http.post("/rest/api/3/issue", CREATE);
        int right = http.post("/rest/api/3/search/jql", SEARCH).json().get("issues").size();
        clock.advance(FakeJira.REALISTIC_SEARCH_LAG.plusMillis(1));
        int later = http.post("/rest/api/3/search/jql", SEARCH).json().get("issues").size();

        assertThat(right).as("the seeded issue is indexed, the new one not yet").isEqualTo(1);
        assertThat(later).isEqualTo(2);
    }

    @Test
    void givenTheRealisticProfileThenEveryAnswerCarriesRateLimitHeaders() {
        jira = FakeJira.builder().clock(clock).realistic().start();
        Http http = new Http(jira);

        Http.Response first = http.get("/rest/api/3/myself");
        Http.Response second = http.get("/rest/api/3/issue/SYNC-9");

        assertThat(first.header("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("98");
        assertThat(second.header("X-RateLimit-Reset")).isEqualTo("2025-09-20T10:31Z");
        assertThat(first.header("X-RateLimit-NearLimit")).isNull();
    }

    @Test
    void givenTheProfileSystemPropertyWhenABuilderIsMadeThenItIsRealistic() {
        String before = System.getProperty(FakeJira.PROFILE_PROPERTY);
        System.setProperty(FakeJira.PROFILE_PROPERTY, "realistic");
        try {
            jira = FakeJira.builder().clock(clock).start();
        } finally {
            if (before == null) System.clearProperty(FakeJira.PROFILE_PROPERTY);
            else System.setProperty(FakeJira.PROFILE_PROPERTY, before);
        }
        assertThat(jira.searchLag()).isEqualTo(FakeJira.REALISTIC_SEARCH_LAG);
        assertThat(jira.rateLimitHeadersOn()).isTrue();
    }

    @Test
    void givenTheControlApiWhenTheLagIsSetOverHttpThenSearchLagsAndTheProfileCanBeSwitched() {
        jira = FakeJira.builder().clock(clock).start();
        Http http = new Http(jira);
        Http control = http.as(null);

        Http.Response set = control.post("/_fake/settings", "{\"search_lag_ms\": 30000}");
        http.post("/rest/api/3/issue", CREATE);

        assertThat(set.status()).isEqualTo(200);
        assertThat(set.json().get("search_lag_ms").asLong()).isEqualTo(30_000);
        assertThat(http.post("/rest/api/3/search/jql", SEARCH).json().get("issues")).isEmpty();
        control.post("/_fake/settings", "{\"profile\": \"strict\"}");
        assertThat(http.post("/rest/api/3/search/jql", SEARCH).json().get("issues")).hasSize(1);
        assertThat(control.post("/_fake/settings", "{\"profile\": \"realistic\"}").json()
                .get("rate_limit_headers").asBoolean()).isTrue();
        assertThat(jira.searchLag()).isEqualTo(Duration.ofSeconds(2));
        assertThat(control.post("/_fake/settings", "{\"search_lag_ms\": -1}").status()).isEqualTo(400);
    }
}
