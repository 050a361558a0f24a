/**
 * Zen Integration's testkit: everything a downstream project needs to test its integration code without a real
 * tracker. {@link dev.zen.integration.testkit.jira.FakeJira} is a stateful fake of Jira Cloud's REST API;
 * {@link dev.zen.integration.testkit.plugins.FakePlugins} installs well-behaved and hostile WebAssembly plugins;
 * {@link dev.zen.integration.testkit.junit.ZenIntegrationTest} injects both into JUnit 5 tests;
 * {@link dev.zen.integration.testkit.ZenAssertions} asserts on sync reports and tasks; and
 * {@link dev.zen.integration.testkit.TestClock} makes time deterministic. See {@code docs/testkit.md}.
 */
package dev.zen.integration.testkit;
