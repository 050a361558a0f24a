/**
 * The plugin contract: the registry that finds and loads sandboxed WebAssembly plugins, the handle used to call
 * them, their manifest and permissions.
 */
package dev.zen.integration.plugin;
