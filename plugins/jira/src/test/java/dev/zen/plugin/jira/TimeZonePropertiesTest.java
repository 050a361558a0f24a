package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.JiraUser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The incremental search's JQL bound equals java.time's conversion of (watermark - overlap) to the Jira user's
 * zone, floored to the minute, for any zone and any instant from 2020 on (DST switches included).
 */
class TimeZonePropertiesTest {
    private static final DateTimeFormatter JQL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static FakeJira jira;
    private static JiraPlugin plugin;

    @BeforeContainer
    static void start() {
        jira = FakeJira.start();
        plugin = JiraPlugin.open(jira);
    }

    @AfterContainer
    static void stop() {
        plugin.close();
        jira.close();
    }

    @Provide
    Arbitrary<String> zones() {
        List<String> ids = new TreeSet<>(ZoneId.getAvailableZoneIds()).stream()
                .filter(z -> !z.startsWith("SystemV/")).toList();
        return Arbitraries.of(ids);
    }

    @Provide
    Arbitrary<Instant> instants() {
        long from = Instant.parse("2020-01-02T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2037-12-31T00:00:00Z").getEpochSecond();
        return Arbitraries.longs().between(from, to).map(Instant::ofEpochSecond);
    }

    @Property(tries = 150)
    void jqlBoundIsTheWatermarkInTheUsersZone(@ForAll("zones") String zone, @ForAll("instants") Instant watermark) {
        jira.addUser(JiraUser.of(FakeJira.DEFAULT_ACCOUNT_ID, "Sync Bot").withEmail(FakeJira.DEFAULT_EMAIL)
                .withTimeZone(ZoneId.of(zone)));
        jira.clearRequests();

        plugin.call(PluginOperation.SEARCH_TASKS, Map.of("query", Map.of("updated_since", watermark.toString()),
                "limit", 1));

        String expected = JQL.format(watermark.minusSeconds(5 * 60).atZone(ZoneId.of(zone)));
        assertThat(jira.requests("POST", "/rest/api/3/search/jql").get(0).body())
                .contains("updated >= \\\"" + expected + "\\\"");
    }
}
