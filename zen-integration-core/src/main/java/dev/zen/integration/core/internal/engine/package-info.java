/**
 * The implementation of the sync engine. Not API: anything here may change without notice.
 */
package dev.zen.integration.core.internal.engine;
