/**
 * Zen Integration's testkit: a stateful fake Jira ({@code jira}) and GitHub ({@code github}) sharing one fault and control design ({@code fake}), fake and hostile plugins ({@code plugins}),
 * in-memory SPIs and a fake tracker ({@code inmemory}), a JUnit 5 extension ({@code junit}) and AssertJ assertions.
 * The shared Jackson mappers and thread factory live in {@code internal}, which is not exported.
 */
module dev.zen.integration.testkit {
    requires transitive dev.zen.integration.core;    // and through it the API and Failsafe
    requires transitive dev.failsafe.core;           // TimeScaledScheduler is a Failsafe Scheduler
    requires transitive com.fasterxml.jackson.databind; // NewIssue and IssueSnapshot carry ADF as JsonNode
    requires transitive org.junit.jupiter.api;       // ZenIntegrationExtension, @ZenIntegrationTest
    requires transitive org.assertj.core;            // ZenAssertions and its Assert classes
    requires com.fasterxml.jackson.core;
    requires org.junit.platform.commons;
    requires org.slf4j;
    requires java.net.http;                          // fakes send webhooks
    requires jdk.httpserver;                         // FakeJira serves on the JDK's HTTP server

    exports dev.zen.integration.testkit;
    exports dev.zen.integration.testkit.contract;
    exports dev.zen.integration.testkit.fake;
    exports dev.zen.integration.testkit.github;
    exports dev.zen.integration.testkit.inmemory;
    exports dev.zen.integration.testkit.jira;
    exports dev.zen.integration.testkit.junit;
    exports dev.zen.integration.testkit.plugins;
}
