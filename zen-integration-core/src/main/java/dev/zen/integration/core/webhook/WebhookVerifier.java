package dev.zen.integration.core.webhook;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.core.internal.webhook.Format;
import dev.zen.integration.core.internal.webhook.Hmac;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a provider's deliveries are read and proven genuine: the sender's dialect (Jira or GitHub headers and payload)
 * and the shared secret its HMAC-SHA256 signature is checked with. The secret is copied in (wipe yours afterwards)
 * and never printed; take it from the host's secret store, for instance
 * {@code credentials.resolve("jira-webhook").orElseThrow().secret().toCharArray()}.
 */
public final class WebhookVerifier {
    private final Format format;
    private final Hmac hmac;

    private WebhookVerifier(Format format, Hmac hmac) {
        this.format = format;
        this.hmac = hmac;
    }

    /** Jira deliveries signed with {@code secret}: {@code X-Hub-Signature: sha256=<hex>} of the raw body. */
    public static WebhookVerifier jiraHmacSha256(char[] secret) {
        return new WebhookVerifier(Format.JIRA, hmac(secret));
    }

    /** {@link #jiraHmacSha256(char[])} with the secret as bytes. */
    public static WebhookVerifier jiraHmacSha256(byte[] secret) {
        return new WebhookVerifier(Format.JIRA, new Hmac(nonEmpty(secret, "secret")));
    }

    /** GitHub deliveries signed with {@code secret}: {@code X-Hub-Signature-256: sha256=<hex>} of the raw body. */
    public static WebhookVerifier githubHmacSha256(char[] secret) {
        return new WebhookVerifier(Format.GITHUB, hmac(secret));
    }

    /** {@link #githubHmacSha256(char[])} with the secret as bytes. */
    public static WebhookVerifier githubHmacSha256(byte[] secret) {
        return new WebhookVerifier(Format.GITHUB, new Hmac(nonEmpty(secret, "secret")));
    }

    /**
     * {@link #jiraHmacSha256(char[])} with the secret the host's {@code credentials} hold under {@code reference}
     * (its {@link Credential#secret()}), read once now.
     *
     * @throws IntegrationException {@code CONFIG_ERROR} if there is no such credential
     */
    public static WebhookVerifier jiraHmacSha256(CredentialProvider credentials, String reference) {
        return jiraHmacSha256(resolve(credentials, reference));
    }

    /** {@link #githubHmacSha256(char[])} with the secret {@code credentials} hold under {@code reference}. */
    public static WebhookVerifier githubHmacSha256(CredentialProvider credentials, String reference) {
        return githubHmacSha256(resolve(credentials, reference));
    }

    private static char[] resolve(CredentialProvider credentials, String reference) {
        Credential c = credentials.resolve(reference).orElseThrow(() -> IntegrationException.builder(
                ErrorCode.CONFIG_ERROR, "no credential '" + reference + "' for the webhook secret: add it to the"
                        + " credential provider, or pass the secret directly").detail("argument", "reference").build());
        return c.secret().toCharArray();
    }

    /**
     * Jira deliveries with no signature check. Anyone who can reach the endpoint can then trigger syncs (of real
     * items only: the sync reads the tracker). Refused by {@link WebhookReceiver.Builder#build()} unless the builder
     * was told {@link WebhookReceiver.Builder#insecureNoSignature()}.
     */
    public static WebhookVerifier jiraUnsigned() {
        return new WebhookVerifier(Format.JIRA, null);
    }

    /** GitHub deliveries with no signature check; see {@link #jiraUnsigned()}. */
    public static WebhookVerifier githubUnsigned() {
        return new WebhookVerifier(Format.GITHUB, null);
    }

    Format format() {
        return format;
    }

    /** Whether deliveries must carry a valid signature. */
    public boolean signed() {
        return hmac != null;
    }

    /** Whether {@code signature} (the header's value) signs {@code body}; true for an unsigned verifier. */
    boolean verifies(byte[] body, String signature) {
        return hmac == null || (signature != null && hmac.verifies(body, signature));
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + format.name().toLowerCase(Locale.ROOT) + ", "
                + (hmac == null ? "unsigned" : "hmac-sha256 secret=***") + "]";
    }

    private static Hmac hmac(char[] secret) {
        byte[] bytes = utf8(secret, "secret");
        try {
            return new Hmac(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] utf8(char[] secret, String argument) {
        if (secret == null || secret.length == 0) throw empty(argument);
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static byte[] nonEmpty(byte[] secret, String argument) {
        if (secret == null || secret.length == 0) throw empty(argument);
        return secret;
    }

    private static IntegrationException empty(String argument) {
        return IntegrationException.builder(ErrorCode.INVALID_DATA, "the webhook " + argument + " is empty: pass the"
                + " secret configured on the sender's webhook, or use an unsigned verifier with"
                + " WebhookReceiver.Builder.insecureNoSignature()").detail("argument", argument).build();
    }
}
