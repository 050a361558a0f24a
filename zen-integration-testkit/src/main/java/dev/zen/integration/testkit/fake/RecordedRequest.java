package dev.zen.integration.testkit.fake;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request a fake (FakeJira, FakeGitHub) received, for assertions. Secret headers ({@code Authorization}, {@code Cookie},
 * {@code Proxy-Authorization}) are recorded as {@code <redacted>}; the account they authenticated is in
 * {@code accountId}.
 *
 * @param received  when it arrived (the fake's clock)
 * @param method    the HTTP method, upper case
 * @param path      the path, without query
 * @param query     the raw query string, or empty
 * @param headers   the headers by lower-case name, secrets redacted
 * @param body      the body as UTF-8 text, or empty
 * @param accountId the authenticated account (a Jira account id, a GitHub login), or null
 * @param status    the response status; 0 when no response was sent (connection reset or hang) or not yet
 * @param fault     a description of the fault injected into this request, or null
 */
public record RecordedRequest(Instant received, String method, String path, String query,
                              Map<String, List<String>> headers, String body, String accountId, int status,
                              String fault) {
    /** Copies the headers. */
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header (lower-case name), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether this request was {@code method} on exactly {@code path}. */
    public boolean is(String method, String path) {
        return this.method.equalsIgnoreCase(method) && this.path.equals(path);
    }
}
