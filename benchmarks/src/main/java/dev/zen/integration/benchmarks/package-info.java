/**
 * Benchmarks for every performance target of Zen Integration and the report writer behind
 * {@code docs/benchmarks.md}. Run them all with {@link dev.zen.integration.benchmarks.BenchmarkSuite}.
 */
package dev.zen.integration.benchmarks;
