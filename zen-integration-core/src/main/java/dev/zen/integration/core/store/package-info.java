/**
 * Built-in storage and locking: the default file-based stores over the Zen workspace (YAML sync records under
 * {@code .zen/integrations/}, tasks under {@code tasks/}, lock files under {@code .zen/locks/}) and in-memory
 * implementations for tests and ephemeral hosts. See {@code docs/storage.md} for the on-disk layout.
 */
package dev.zen.integration.core.store;
