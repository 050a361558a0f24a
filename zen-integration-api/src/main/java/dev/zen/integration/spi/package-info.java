/**
 * Service provider interfaces: what a host application implements to plug its own task storage, record storage,
 * credentials, locks and listeners into Zen Integration. Each is given to the builder, or found through
 * {@link java.util.ServiceLoader}: registered itself (a no-argument constructor), or made by a registered
 * {@link dev.zen.integration.spi.ServiceFactory} that receives the workspace, the host's settings and the clock.
 *
 * <p>Nullness: this package is {@link org.jspecify.annotations.NullMarked}, so implementations must not return
 * null and are never passed null, unless the type says {@link org.jspecify.annotations.Nullable}.
 */
@NullMarked
package dev.zen.integration.spi;

import org.jspecify.annotations.NullMarked;
