package dev.zen.integration.testkit.jira;

import dev.zen.integration.testkit.fake.Reply;

/** Jira's error envelope as a {@link Reply}. */
final class JiraReplies {
    private JiraReplies() {
    }

    static Reply error(ApiError e) {
        return Reply.json(e.status, JiraJson.error(e.errorMessages, e.errors));
    }
}
