/**
 * Service provider interfaces: what a host application implements to plug its own task storage, record storage,
 * credentials, locks and listeners into Zen Integration. Each is found through {@link java.util.ServiceLoader} or
 * given to the builder.
 */
package dev.zen.integration.spi;
