package dev.zen.integration.it.scope;

import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.JiraUser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Someone else working in Jira while Zen polls: creates through the REST API (so, unlike seeded issues, they lag in
 * search as on Jira Cloud), edits, moves and deletes.
 */
final class Colleague {
    static final String ACCOUNT_ID = "5d53f3cbc6b9320d9ea5bdc2";
    private static final String EMAIL = "priya@example.com";
    private static final String TOKEN = "priya-token";
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([A-Z][A-Z0-9_]*-\\d+)\"");
    private final FakeJira jira;
    private final HttpClient http = HttpClient.newHttpClient();

    Colleague(FakeJira jira) {
        this.jira = jira;
        jira.addUser(JiraUser.of(ACCOUNT_ID, "Priya Shah").withEmail(EMAIL));
        jira.addApiToken(ACCOUNT_ID, TOKEN);
    }

    /** Creates an issue in project SYNC through {@code POST /rest/api/3/issue}; returns its key. */
    String create(String summary) {
        String body = "{\"fields\":{\"project\":{\"key\":\"" + FakeJira.DEFAULT_PROJECT + "\"},\"issuetype\":{\"name\":"
                + "\"Task\"},\"summary\":\"" + summary.replace("\"", "\\\"") + "\"}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(jira.baseUrl() + "/rest/api/3/issue"))
                .header("Authorization", FakeJira.basicAuthHeader(EMAIL, TOKEN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher m = KEY.matcher(r.body());
            if (r.statusCode() != 201 || !m.find()) throw new IllegalStateException(r.statusCode() + " " + r.body());
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("create failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    IssueSnapshot editSummary(String key, String summary) {
        return jira.simulateEdit(key, ACCOUNT_ID, Map.of("summary", summary));
    }

    IssueSnapshot move(String key, String project) {
        return jira.simulateMove(key, ACCOUNT_ID, project);
    }

    void delete(String key) {
        jira.simulateDelete(key);
    }
}
