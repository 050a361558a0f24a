/**
 * The JUnit 5 extension: annotate a test class with
 * {@link dev.zen.integration.testkit.junit.ZenIntegrationTest} to get a FakeJira, a TestClock and a ready
 * service injected into fields and parameters.
 */
package dev.zen.integration.testkit.junit;
