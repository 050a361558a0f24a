/**
 * The Zen plugin runtime: {@link dev.zen.plugin.runtime.WasmPluginRegistry} finds, verifies and runs sandboxed
 * WebAssembly plugins (ABI v1), and {@link dev.zen.plugin.runtime.PluginSigner} signs them. Everything in
 * {@code dev.zen.plugin.runtime.internal} is an implementation detail.
 */
package dev.zen.plugin.runtime;
