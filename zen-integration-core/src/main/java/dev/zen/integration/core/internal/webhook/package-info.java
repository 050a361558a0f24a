/**
 * The webhook receiver's parts: signature checks, payload reading, the delivery-id memory and the coalescing
 * dispatcher. They know nothing of the public {@code webhook} package, which uses them. Not API: the module does not
 * export it.
 */
package dev.zen.integration.core.internal.webhook;
