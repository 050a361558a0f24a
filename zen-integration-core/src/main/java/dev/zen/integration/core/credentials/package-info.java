/**
 * Built-in credential providers and the caching resolver the runtime asks for secrets:
 * {@link dev.zen.integration.core.credentials.EnvCredentialProvider} (environment variables),
 * {@link dev.zen.integration.core.credentials.EncryptedFileCredentialStore} (AES-256-GCM file),
 * {@link dev.zen.integration.core.credentials.InMemoryCredentialProvider}, and
 * {@link dev.zen.integration.core.credentials.CredentialResolver} (priority order, Caffeine cache, one refresh
 * after AUTH_FAILED, using {@link dev.zen.integration.core.credentials.OAuth2RefreshFlow} where configured).
 * See {@code docs/security.md}. Nothing here logs a secret.
 */
package dev.zen.integration.core.credentials;
