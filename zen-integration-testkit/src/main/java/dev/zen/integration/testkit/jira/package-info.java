/**
 * {@link dev.zen.integration.testkit.jira.FakeJira}: an in-process, stateful fake of the Jira Cloud REST v3 subset
 * a sync client uses, with a control API for seeding, inspection, simulated edits by other users and fault
 * injection ({@link dev.zen.integration.testkit.fake.FaultRule}, {@link dev.zen.integration.testkit.fake.Fault}).
 * Run it standalone with {@link dev.zen.integration.testkit.jira.FakeJiraMain}.
 */
package dev.zen.integration.testkit.jira;
