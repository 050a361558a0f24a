package dev.zen.integration.core.internal.webhook;

/**
 * A sender's webhook dialect: which headers carry the signature and the delivery id, and how its payload names the
 * affected item.
 */
public enum Format {
    /** Jira Cloud admin webhooks: {@code X-Hub-Signature}, {@code X-Atlassian-Webhook-Identifier}. */
    JIRA("x-hub-signature", "x-atlassian-webhook-identifier"),
    /** GitHub repository webhooks: {@code X-Hub-Signature-256}, {@code X-GitHub-Delivery}. */
    GITHUB("x-hub-signature-256", "x-github-delivery");

    private final String signatureHeader;
    private final String deliveryHeader;

    Format(String signatureHeader, String deliveryHeader) {
        this.signatureHeader = signatureHeader;
        this.deliveryHeader = deliveryHeader;
    }

    /** The header carrying {@code sha256=<hex>} of the raw body. */
    public String signatureHeader() {
        return signatureHeader;
    }

    /** The header carrying the delivery id, the same on every retry of one delivery. */
    public String deliveryHeader() {
        return deliveryHeader;
    }
}
