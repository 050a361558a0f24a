/**
 * The storage SPIs' contracts as abstract JUnit 5 suites: extend one, return your implementation, and the same
 * tests that check the library's file, in-memory and PostgreSQL stores check yours.
 *
 * <pre>{@code
 * class MyRecordStoreTest extends SyncRecordStoreContract {
 *     protected SyncRecordStore newStore() { return new MyRecordStore(freshDatabase()); }
 * }
 * }</pre>
 */
package dev.zen.integration.testkit.contract;
