package dev.zen.integration.testkit.jira;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Jira error response: status plus the {@code {"errorMessages":[],"errors":{}}} envelope. */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final List<String> errorMessages;
    final Map<String, String> errors;

    ApiError(int status, List<String> errorMessages, Map<String, String> errors) {
        super(status + " " + errorMessages + " " + errors, null, false, false);
        this.status = status;
        this.errorMessages = List.copyOf(errorMessages);
        this.errors = new LinkedHashMap<>(errors);
    }

    static ApiError message(int status, String message) {
        return new ApiError(status, List.of(message), Map.of());
    }

    static ApiError field(int status, String field, String message) {
        return new ApiError(status, List.of(), Map.of(field, message));
    }

    static ApiError fields(Map<String, String> errors) {
        return new ApiError(400, List.of(), errors);
    }

    static ApiError issueNotFound() {
        return message(404, "Issue does not exist or you do not have permission to see it.");
    }
}
