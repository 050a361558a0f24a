package dev.zen.integration.core.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds deliveries as Jira and GitHub send them, signed independently of the code under test. */
final class Deliveries {
    static final String JIRA_SECRET = "jira-webhook-secret";
    static final String GITHUB_SECRET = "It's a Secret to Everybody";

    private Deliveries() {}

    static byte[] jiraBody(String event, String key, Instant at) {
        return ("{\"timestamp\":" + at.toEpochMilli() + ",\"webhookEvent\":\"" + event + "\","
                + "\"issue_event_type_name\":\"issue_generic\",\"issue\":{\"id\":\"10042\",\"key\":\"" + key + "\","
                + "\"fields\":{\"summary\":\"Fix login\"}},\"changelog\":{\"id\":\"1\",\"items\":[]}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] githubBody(String action, String repo, int number, boolean pullRequest) {
        return ("{\"action\":\"" + action + "\",\"issue\":{\"number\":" + number + ",\"title\":\"Fix login\""
                + (pullRequest ? ",\"pull_request\":{\"url\":\"https://api.github.com/x\"}" : "")
                + "},\"repository\":{\"full_name\":\"" + repo + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, List<String>> jiraHeaders(String deliveryId, byte[] body, String secret) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/json"));
        h.put("X-Atlassian-Webhook-Identifier", List.of(deliveryId));
        h.put("X-Atlassian-Webhook-Retry", List.of("0"));
        h.put("X-Hub-Signature", List.of(sign(body, secret)));
        return h;
    }

    static Map<String, List<String>> githubHeaders(String event, String deliveryId, byte[] body, String secret) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("X-GitHub-Event", List.of(event));
        h.put("X-GitHub-Delivery", List.of(deliveryId));
        h.put("X-Hub-Signature-256", List.of(sign(body, secret)));
        return h;
    }

    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
