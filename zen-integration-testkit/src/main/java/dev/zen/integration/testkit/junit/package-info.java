/**
 * The JUnit 5 extension: annotate a test class with
 * {@link dev.zen.integration.testkit.junit.ZenIntegrationTest} to get a FakeJira, a TestClock and a ready
 * service injected into fields and parameters, or register
 * {@link dev.zen.integration.testkit.junit.ZenIntegrationExtension#builder()}'s extension with
 * {@code @RegisterExtension} and reach them through its accessors. Outside JUnit's lifecycle (jqwik properties),
 * open a {@link dev.zen.integration.testkit.junit.ZenTestEnvironment} yourself.
 */
package dev.zen.integration.testkit.junit;
