/**
 * WebAssembly fake plugins (ABI v1, written in WAT) shipped as resources: a configurable well-behaved one and
 * hostile ones (infinite loop, memory bomb, forbidden import, trap, huge output, malformed output, slow, forbidden
 * host). {@link dev.zen.integration.testkit.plugins.FakePlugins#install} lays one out as a plugin folder.
 */
package dev.zen.integration.testkit.plugins;
