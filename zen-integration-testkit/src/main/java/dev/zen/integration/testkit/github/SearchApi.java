package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.fake.Reply;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /search/issues} over the search index, which lags the issues by the fake's search lag (eventually
 * consistent, like GitHub's). Qualifiers: {@code repo: is:issue|pr|open|closed state: label: author: assignee:
 * updated:}/{@code created:} with {@code >= > <= <} and a date or date-time, {@code in:title|body}; other words and
 * quoted phrases must appear in the title or body. At most 1,000 results per query.
 */
final class SearchApi {
    static final int MAX_RESULTS = 1000;
    private static final Pattern TOKEN = Pattern.compile("(-?[a-z_]+:)?(\"[^\"]*\"|\\S+)");

    private final GitHubState state;
    private final GitHubJson json;
    private final String apiBase;

    SearchApi(GitHubState state, GitHubJson json, String apiBase) {
        this.state = state;
        this.json = json;
        this.apiBase = apiBase;
    }

    Reply search(ApiRequest r) {
        String q = r.param("q");
        if (q == null || q.isBlank()) {
            throw GitHubError.validation("Search", "q", "missing", null);
        }
        int perPage = r.intParam("per_page", 30, 1, 100);
        int page = r.intParam("page", 1, 1, Integer.MAX_VALUE);
        if ((long) (page - 1) * perPage >= MAX_RESULTS) {
            throw GitHubError.of(422, GitHubJson.error("Only the first 1000 search results are available",
                    "/search/search"));
        }
        List<String> words = new ArrayList<>();
        Predicate<GitHubState.Issue> filter = parse(q, words);
        boolean inTitle = q.contains("in:title");
        boolean inBody = q.contains("in:body");
        List<GitHubState.Issue> hits = new ArrayList<>();
        for (GitHubState.Issue i : state.searchable()) {
            if (!filter.test(i)) continue;
            if (words.stream().allMatch(w -> (!inBody || inTitle) && contains(i.title, w)
                    || (!inTitle || inBody) && contains(i.body, w))) {
                hits.add(i);
            }
        }
        String sort = r.param("sort");
        hits.sort(IssuesApi.order(sort == null || sort.equals("best-match") ? "created" : sort, r.param("order")));
        int total = hits.size();
        List<GitHubState.Issue> capped = hits.subList(0, Math.min(total, MAX_RESULTS));
        ObjectNode out = GitHubJson.object().put("total_count", total).put("incomplete_results", false);
        ArrayNode items = out.putArray("items");
        int from = (page - 1) * perPage;
        for (int k = from; k < Math.min(capped.size(), from + perPage); k++) {
            GitHubState.Issue i = capped.get(k);
            items.add(json.issue(state, state.repos.get(i.repo.toLowerCase(Locale.ROOT)), i).put("score", 1.0));
        }
        out.put("search_type", "lexical");
        int last = Math.max(1, (capped.size() + perPage - 1) / perPage);
        Reply reply = Reply.json(200, out);
        String link = Paging.link(apiBase + r.path(), r.query(), page, last, perPage);
        return link.isEmpty() ? reply : reply.withHeader("Link", link);
    }

    private static boolean contains(String text, String word) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(word.toLowerCase(Locale.ROOT));
    }

    private Predicate<GitHubState.Issue> parse(String q, List<String> words) {
        Predicate<GitHubState.Issue> p = i -> true;
        Matcher m = TOKEN.matcher(q);
        while (m.find()) {
            String qualifier = m.group(1);
            String value = m.group(2).startsWith("\"") ? m.group(2).substring(1, m.group(2).length() - 1)
                    : m.group(2);
            if (qualifier == null) {
                if (!Pattern.matches("(?i)AND|OR|NOT", value)) words.add(value);
                continue;
            }
            p = p.and(qualifier(qualifier.substring(0, qualifier.length() - 1), value));
        }
        return p;
    }

    private Predicate<GitHubState.Issue> qualifier(String name, String value) {
        boolean negate = name.startsWith("-");
        String key = negate ? name.substring(1) : name;
        Predicate<GitHubState.Issue> p = switch (key) {
            case "repo" -> i -> i.repo.equalsIgnoreCase(value);
            case "is", "type" -> switch (value) {
                case "issue" -> i -> !i.pullRequest;
                case "pr", "pull-request" -> i -> i.pullRequest;
                case "open", "closed" -> i -> i.state.equals(value);
                default -> throw GitHubError.validation("Search", "q", "invalid", "unknown is: value " + value);
            };
            case "state" -> i -> i.state.equals(value);
            case "label" -> i -> i.labels.stream().anyMatch(value::equalsIgnoreCase);
            case "author" -> i -> value.equalsIgnoreCase(i.author);
            case "assignee" -> i -> i.assignees.stream().anyMatch(value::equalsIgnoreCase);
            case "updated" -> range(value, true);
            case "created" -> range(value, false);
            case "in" -> i -> true;
            default -> throw GitHubError.validation("Search", "q", "invalid", "unsupported qualifier " + key);
        };
        return negate ? p.negate() : p;
    }

    private static Predicate<GitHubState.Issue> range(String value, boolean updated) {
        Matcher m = Pattern.compile("(>=|<=|>|<)?(.+)").matcher(value);
        if (!m.matches()) throw GitHubError.validation("Search", "q", "invalid", "bad date " + value);
        String op = m.group(1) == null ? ">=" : m.group(1);
        Instant t;
        try {
            t = m.group(2).contains("T") ? Instant.parse(m.group(2))
                    : LocalDate.parse(m.group(2)).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (RuntimeException e) {
            throw GitHubError.validation("Search", "q", "invalid", "bad date " + value);
        }
        return i -> {
            Instant x = updated ? i.updated : i.created;
            return switch (op) {
                case ">=" -> !x.isBefore(t);
                case ">" -> x.isAfter(t);
                case "<=" -> !x.isAfter(t);
                default -> x.isBefore(t);
            };
        };
    }
}
