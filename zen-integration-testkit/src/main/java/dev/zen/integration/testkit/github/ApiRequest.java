package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.internal.Jackson;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An authenticated API request as the handlers see it.
 *
 * @param method upper case
 * @param path   without query
 * @param query  decoded parameters
 * @param body   the raw body
 * @param login  the authenticated user
 */
record ApiRequest(String method, String path, Map<String, List<String>> query, byte[] body, String login) {
    String param(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The body as a JSON object: 400 "Problems parsing JSON" or "Body should be a JSON object" otherwise. */
    ObjectNode json() {
        if (body.length == 0) return GitHubJson.object();
        JsonNode n;
        try {
            n = Jackson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw GitHubError.badRequest("Problems parsing JSON");
        }
        if (n == null || !n.isObject()) throw GitHubError.badRequest("Body should be a JSON object");
        return (ObjectNode) n;
    }

    /** An integer parameter within bounds, else 422. */
    int intParam(String name, int dflt, int min, int max) {
        String v = param(name);
        if (v == null || v.isEmpty()) return dflt;
        try {
            return Math.max(min, Math.min(max, Integer.parseInt(v)));
        } catch (NumberFormatException e) {
            throw GitHubError.invalid("For '" + name + "', \"" + v + "\" is not an integer.");
        }
    }
}
