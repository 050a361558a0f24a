package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zen.integration.testkit.TestClock;
import dev.zen.integration.testkit.fake.Fault;
import dev.zen.integration.testkit.fake.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FakeGitHubListAndLimitsTest {
    private static final String ISSUES = "/repos/zen-sync/tasks/issues";
    private FakeGitHub github = FakeGitHub.start();
    private GitHubHttpClient http = new GitHubHttpClient(github);

    @AfterEach
    void close() {
        github.close();
    }

    @Test
    void givenIssuesAndPullRequestWhenListedThenOneNumberSpaceAndPullRequestKey() {
        github.seedIssue("one", null);
        github.seedPullRequest("pr");
        github.seedIssue("three", null);

        JsonNode list = http.get(ISSUES + "?state=all&sort=created&direction=asc").json();

        assertThat(list).extracting(n -> n.get("number").asInt()).containsExactly(1, 2, 3);
        assertThat(list.get(1).has("pull_request")).isTrue();
        assertThat(list.get(0).has("pull_request")).isFalse();
    }

    @Test
    void givenMoreThanAPageWhenListedThenLinkHeaderAndHundredAtMost() {
        for (int i = 0; i < 105; i++) github.seedIssue("i" + i, null);

        var first = http.get(ISSUES + "?per_page=500&sort=updated&direction=asc");

        assertThat(first.json()).hasSize(100);
        assertThat(first.header("Link")).contains("rel=\"next\"").contains("page=2").contains("sort=updated");
        var last = http.get(ISSUES + "?per_page=100&page=2");
        assertThat(last.json()).hasSize(5);
        assertThat(last.header("Link")).doesNotContain("rel=\"next\"");
        assertThat(http.get(ISSUES + "?per_page=5&state=closed").header("Link")).isNull();
    }

    @Test
    void givenSinceWhenListedThenInclusiveOfTheSecond() {
        TestClock clock = TestClock.at(Instant.parse("2026-01-01T10:00:00Z"));
        github.close();
        github = FakeGitHub.builder().clock(clock).start();
        http = new GitHubHttpClient(github);
        github.seedIssue("old", null);
        clock.advance(Duration.ofSeconds(5));
        github.seedIssue("new", null);

        JsonNode list = http.get(ISSUES + "?state=all&since=2026-01-01T10:00:05Z").json();

        assertThat(list).extracting(n -> n.get("title").asText()).containsExactly("new");
    }

    @Test
    void givenEtagWhenPolledAgainThen304AndNoRateLimitSpent() {
        github.seedIssue("t", null);
        var first = http.get(ISSUES + "/1");
        int remaining = Integer.parseInt(first.header("x-ratelimit-remaining"));

        var again = http.with("If-None-Match", first.header("ETag")).get(ISSUES + "/1");

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(Integer.parseInt(again.header("x-ratelimit-remaining"))).isEqualTo(remaining);
        github.simulateEdit(1, FakeGitHub.DEFAULT_LOGIN, Map.of("body", "changed"));
        var changed = http.with("If-None-Match", first.header("ETag")).get(ISSUES + "/1");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(Integer.parseInt(changed.header("x-ratelimit-remaining"))).isEqualTo(remaining - 1);
    }

    @Test
    void givenAnyAuthenticatedResponseThenAllFiveRateLimitHeaders() {
        var r = http.get(ISSUES + "/99");

        assertThat(r.status()).isEqualTo(404);
        for (String h : new String[] {"limit", "remaining", "used", "reset", "resource"}) {
            assertThat(r.header("x-ratelimit-" + h)).as(h).isNotNull();
        }
        assertThat(r.header("x-ratelimit-resource")).isEqualTo("core");
        JsonNode rate = http.get("/rate_limit").json();
        assertThat(rate.at("/resources/core/used").asInt()).isEqualTo(1);
        assertThat(rate.at("/resources/search/limit").asInt()).isEqualTo(30);
    }

    @Test
    void givenExhaustedCoreWindowWhenRequestedThen403WithRemainingZero() {
        github.exhaustRateLimit();

        var r = http.get(ISSUES);

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-ratelimit-remaining")).isEqualTo("0");
        assertThat(r.json().get("message").asText()).startsWith("API rate limit exceeded");
    }

    @Test
    void givenSearchLagWhenSearchedThenNewIssueAppearsLater() {
        TestClock clock = TestClock.at(Instant.parse("2026-01-01T10:00:00Z"));
        github.close();
        github = FakeGitHub.builder().clock(clock).searchLag(Duration.ofSeconds(30)).start();
        http = new GitHubHttpClient(github);
        github.seedIssue("findme", "<!-- zen:abc -->");
        github.seedPullRequest("findme too");
        String q = "/search/issues?q=repo:zen-sync/tasks+is:issue+%22zen:abc%22";

        assertThat(http.get(q).json().get("total_count").asInt()).isZero();
        clock.advance(Duration.ofSeconds(31));
        var r = http.get(q);
        assertThat(r.json().get("total_count").asInt()).isEqualTo(1);
        assertThat(r.header("x-ratelimit-resource")).isEqualTo("search");
        assertThat(r.header("x-ratelimit-limit")).isEqualTo("30");
    }

    @Test
    void givenThirtySearchesWhenOneMoreThen403AndCoreUntouched() {
        for (int i = 0; i < 30; i++) assertThat(http.get("/search/issues?q=x").status()).isEqualTo(200);

        assertThat(http.get("/search/issues?q=x").status()).isEqualTo(403);
        assertThat(http.get(ISSUES).status()).isEqualTo(200);
    }

    @Test
    void givenPageBeyondThousandWhenSearchedThen422() {
        var r = http.get("/search/issues?q=x&per_page=100&page=11");

        assertThat(r.status()).isEqualTo(422);
        assertThat(http.get("/search/issues").status()).isEqualTo(422);
    }

    @Test
    void givenSecondaryLimitFaultWhenRequestedThen403WithRetryAfter() {
        github.inject(FaultRule.on("POST", ISSUES).respond(Fault.secondaryRateLimited(403, Duration.ofSeconds(7))));

        var r = http.post(ISSUES, "{\"title\":\"t\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("retry-after")).isEqualTo("7");
        assertThat(r.json().get("message").asText()).contains("secondary rate limit");
        assertThat(github.issues()).isEmpty();
    }

    @Test
    void givenCommitThenFailWhenCreatedThenIssueExistsButClientGot502() {
        github.inject(FaultRule.on("POST", ISSUES).respond(Fault.commitThen(Fault.serverError(502))));

        var r = http.post(ISSUES, "{\"title\":\"t\",\"body\":\"<!-- zen:1 -->\"}");

        assertThat(r.status()).isEqualTo(502);
        assertThat(github.issues()).hasSize(1);
        assertThat(github.requests("POST", ISSUES)).singleElement().extracting(rr -> rr.status()).isEqualTo(502);
    }

    @Test
    void givenNoBadOrExpiredTokenWhenRequestedThen401() {
        TestClock clock = TestClock.at(Instant.parse("2026-01-01T10:00:00Z"));
        github.close();
        github = FakeGitHub.builder().clock(clock).start();
        github.addToken("ghs_app", FakeGitHub.DEFAULT_LOGIN, clock.instant().plus(Duration.ofHours(1)));
        http = new GitHubHttpClient(github);

        assertThat(http.with("Authorization", null).get("/user").json().get("message").asText())
                .isEqualTo("Requires authentication");
        assertThat(http.with("Authorization", "token nope").get("/user").json().get("message").asText())
                .isEqualTo("Bad credentials");
        GitHubHttpClient app = http.with("Authorization", "Bearer ghs_app");
        assertThat(app.get("/user").json().get("login").asText()).isEqualTo(FakeGitHub.DEFAULT_LOGIN);
        clock.advance(Duration.ofHours(1));
        assertThat(app.get("/user").status()).isEqualTo(401);
    }

    @Test
    void givenUnknownApiVersionThen400() {
        var r = http.with("X-GitHub-Api-Version", "2001-01-01").get("/user");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("2001-01-01");
    }
}
