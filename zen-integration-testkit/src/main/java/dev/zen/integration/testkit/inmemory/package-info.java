/**
 * In-JVM test doubles: {@link dev.zen.integration.testkit.inmemory.InMemoryTracker}, an issue tracker that speaks
 * plugin ABI v1 with fault injection and call counting, and in-memory implementations of every SPI
 * ({@link dev.zen.integration.testkit.inmemory.InMemory}).
 */
package dev.zen.integration.testkit.inmemory;
