package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.zen.integration.testkit.fake.Reply;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Pages a list: {@code per_page} (default 30, at most 100), {@code page} from 1, and the {@code link} header. */
final class Paging {
    private Paging() {
    }

    static Reply page(String apiBase, ApiRequest r, List<? extends JsonNode> all) {
        int perPage = r.intParam("per_page", 30, 1, 100);
        int page = r.intParam("page", 1, 1, Integer.MAX_VALUE);
        int last = Math.max(1, (all.size() + perPage - 1) / perPage);
        ArrayNode out = GitHubJson.array();
        long from = (long) (page - 1) * perPage;
        for (long i = from; i < Math.min(all.size(), from + perPage); i++) out.add(all.get((int) i));
        Reply reply = Reply.json(200, out);
        String link = link(apiBase + r.path(), r.query(), page, last, perPage);
        return link.isEmpty() ? reply : reply.withHeader("Link", link);
    }

    /** The link header with absolute URLs that keep the query; empty when everything fits on one page. */
    static String link(String url, Map<String, List<String>> query, int page, int last, int perPage) {
        if (last <= 1) return "";
        List<String> parts = new ArrayList<>();
        if (page < last) {
            parts.add("<" + url(url, query, page + 1, perPage) + ">; rel=\"next\"");
            parts.add("<" + url(url, query, last, perPage) + ">; rel=\"last\"");
        }
        if (page > 1) {
            parts.add("<" + url(url, query, 1, perPage) + ">; rel=\"first\"");
            parts.add("<" + url(url, query, Math.min(page - 1, last), perPage) + ">; rel=\"prev\"");
        }
        return String.join(", ", parts);
    }

    private static String url(String url, Map<String, List<String>> query, int page, int perPage) {
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, vs) -> {
            if (k.equals("page") || k.equals("per_page")) return;
            vs.forEach(v -> q.add(enc(k) + "=" + enc(v)));
        });
        q.add("per_page=" + perPage);
        q.add("page=" + page);
        return url + "?" + q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
