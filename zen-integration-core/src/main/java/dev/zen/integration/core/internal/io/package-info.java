/**
 * Shared I/O helpers at the bottom of the core: atomic file writes, the one Jackson configuration, the one thread
 * factory. Depends on nothing else in the core. Not API: the module does not export it.
 */
package dev.zen.integration.core.internal.io;
