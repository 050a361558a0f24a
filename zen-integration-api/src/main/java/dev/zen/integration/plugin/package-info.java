/**
 * The plugin contract: the registry that finds and loads sandboxed WebAssembly plugins, the handle used to call
 * them, their manifest and permissions.
 *
 * <p>Nullness: this package is {@link org.jspecify.annotations.NullMarked}, so nothing is null unless its type is
 * {@link org.jspecify.annotations.Nullable}. Record components that hold a collection are never null; their
 * constructors accept null for them and store an empty collection.
 */
@NullMarked
package dev.zen.integration.plugin;

import org.jspecify.annotations.NullMarked;
