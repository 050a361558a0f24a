package dev.zen.integration.testkit.jira;

/** A JQL query the fake cannot accept; becomes a 400 with the message in {@code errorMessages}. */
final class JqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JqlException(String message) {
        super(message, null, false, false);
    }
}
