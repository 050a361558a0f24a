package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.TestClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Minute-precision JQL dates in the caller's zone, for any instant and zone. */
class FakeJiraJqlDatePropertiesTest {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static FakeJira jira;

    @BeforeContainer
    static void start() {
        jira = FakeJira.builder().clock(TestClock.at("2025-09-20T10:30:00Z")).start();
    }

    @AfterContainer
    static void stop() {
        jira.close();
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("2030-01-01T00:00:00Z").toEpochMilli()).map(Instant::ofEpochMilli);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Berlin", "America/Chicago", "Asia/Kolkata", "Australia/Lord_Howe",
                "Pacific/Chatham", "America/St_Johns");
    }

    @Property(tries = 60)
    void anIssueMatchesGreaterOrEqualItsOwnMinuteInTheCallersZoneAndNotLessThanIt(
            @ForAll("instants") Instant updated, @ForAll("zones") String zone) {
        jira.reset();
        String accountId = "user-" + zone.replace('/', '-');
        jira.addUser(JiraUser.of(accountId, "User " + zone).withEmail(accountId + "@example.com")
                .withTimeZone(ZoneId.of(zone)));
        jira.addApiToken(accountId, "tok");
        jira.seed(NewIssue.builder("SYNC", "x").updated(updated).build());
        Http http = new Http(jira).as(FakeJira.basicAuthHeader(accountId + "@example.com", "tok"));
        String minute = MINUTE.format(updated.truncatedTo(ChronoUnit.MINUTES).atZone(ZoneId.of(zone)));

        int atOrAfter = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC AND updated >= \\\""
                + minute + "\\\"\"}").json().get("issues").size();
        int before = http.post("/rest/api/3/search/jql", "{\"jql\":\"project = SYNC AND updated < \\\""
                + minute + "\\\"\"}").json().get("issues").size();

        assertThat(atOrAfter).isEqualTo(1);
        assertThat(before).isZero();
    }
}
