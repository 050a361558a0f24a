/**
 * Push mode: a framework-free {@link dev.zen.integration.core.webhook.WebhookReceiver} takes a Jira or GitHub webhook
 * delivery (the raw body and the headers), checks its signature, size, age and delivery id, and queues a targeted
 * sync of the items it names. The host's HTTP layer answers with
 * {@link dev.zen.integration.core.webhook.WebhookResult#httpStatus()}.
 * Webhooks are at-least-once and unordered, so polling stays on as the safety net (see {@code docs/user-guide.md},
 * "Webhooks").
 */
package dev.zen.integration.core.webhook;
