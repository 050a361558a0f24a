package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything the fake Jira stores, and the rules for changing it (validation, changelog, timestamps). Not
 * thread-safe: callers hold the instance's monitor.
 */
final class JiraState {
    static final int MAX_PROPERTY_BYTES = 32_768;
    static final int MAX_SUMMARY = 255;
    /** Jira's limit for a text area such as the description, in characters of its text. */
    static final int MAX_TEXT_AREA = 32_767;
    static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9_]*)-(\\d+)");
    private static final String NOT_SETTABLE = "Field '%s' cannot be set. It is not on the appropriate screen, or unknown.";

    record Project(String id, String key, String name, Set<String> requiredOnCreate) {}

    record Priority(String id, String name) {}

    record IssueType(String id, String name) {}

    static final List<Priority> PRIORITIES = List.of(new Priority("1", "Highest"), new Priority("2", "High"),
            new Priority("3", "Medium"), new Priority("4", "Low"), new Priority("5", "Lowest"));
    static final List<IssueType> ISSUE_TYPES = List.of(new IssueType("10001", "Task"), new IssueType("10002", "Bug"),
            new IssueType("10003", "Story"));
    static final String DEFAULT_PRIORITY = "3";
    static final String RESOLUTION_DONE_ID = "10000";

    final Clock clock;
    Workflow workflow;
    /** How long a write stays invisible to search (0: strongly consistent). */
    Duration searchLag = Duration.ZERO;
    /** The site's custom fields; a field not defined here cannot be set. */
    final CustomFields customFields;
    final Map<String, JiraUser> users = new LinkedHashMap<>();
    final Map<String, String> apiTokens = new LinkedHashMap<>();   // email (lower case) + "\0" + token -> accountId
    final Map<String, String> bearerTokens = new LinkedHashMap<>(); // token -> accountId
    final Map<String, Project> projects = new LinkedHashMap<>();   // key -> project
    final Map<String, Integer> counters = new LinkedHashMap<>();
    final Map<Long, IssueRecord> issues = new TreeMap<>();
    /**
     * Issue key to id, filled when an issue is stored ({@link #put}) and checked against {@link #issues} on every hit
     * (so issues removed or replaced elsewhere never come back from it): a key lookup, found or not, is O(1). It was
     * filled by the first lookup of each key, after a scan of every issue, which made seeding and importing n issues
     * cost n scans.
     */
    private final Map<String, Long> idsByKey = new HashMap<>();
    /** Keys an issue had before it was moved to another project: they still resolve to it, as on Jira. */
    private final Map<String, Long> movedKeys = new HashMap<>();
    private long nextIssueId = 10000;
    private long nextProjectId = 10000;
    private long nextHistoryId = 10100;
    private long nextLinkId = 10000;
    /** The next comment id, shared by the API and the simulated comments. */
    long nextCommentId = 10000;

    JiraState(Clock clock, Workflow workflow, CustomFields customFields) {
        this.clock = clock;
        this.workflow = workflow;
        this.customFields = customFields;
    }

    // ---- users and projects ------------------------------------------------------------------------------------

    void addUser(JiraUser user) {
        users.put(user.accountId(), user);
    }

    JiraUser user(String accountId) {
        return users.get(accountId);
    }

    Project addProject(String key, String name, Set<String> requiredOnCreate) {
        if (!key.matches("[A-Z][A-Z0-9_]+")) {
            throw new IllegalArgumentException("a project key is upper case letters, digits and _: '" + key + "'");
        }
        Project existing = projects.get(key);
        if (existing != null) return existing;
        Project p = new Project(String.valueOf(nextProjectId++), key, name, Set.copyOf(requiredOnCreate));
        projects.put(key, p);
        counters.put(key, 0);
        return p;
    }

    Optional<Project> project(String idOrKey) {
        if (idOrKey == null) return Optional.empty();
        return projects.values().stream()
                .filter(p -> p.id().equals(idOrKey) || p.key().equalsIgnoreCase(idOrKey))
                .findFirst();
    }

    // ---- issue lookup ------------------------------------------------------------------------------------------

    Optional<IssueRecord> find(String idOrKey) {
        if (idOrKey == null) return Optional.empty();
        if (idOrKey.chars().allMatch(Character::isDigit) && !idOrKey.isEmpty()) {
            try {
                return Optional.ofNullable(issues.get(Long.parseLong(idOrKey)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        var m = KEY.matcher(idOrKey);
        if (!m.matches()) return Optional.empty();
        String project = m.group(1).toUpperCase(Locale.ROOT);
        int number;
        try {
            number = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String key = project + "-" + number;
        Long id = idsByKey.get(key);
        IssueRecord hit = id == null ? null : issues.get(id);
        if (hit != null && hit.projectKey.equals(project) && hit.number == number) return Optional.of(hit);
        Long moved = movedKeys.get(key);
        return moved == null ? Optional.empty() : Optional.ofNullable(issues.get(moved));
    }

    /** Stores an issue under its id and indexes its key (every issue enters {@link #issues} here). */
    private void put(IssueRecord issue) {
        issues.put(issue.id, issue);
        idsByKey.put(issue.key(), issue.id);
    }

    IssueRecord require(String idOrKey) {
        return find(idOrKey).orElseThrow(ApiError::issueNotFound);
    }

    Collection<IssueRecord> allIssues() {
        return issues.values();
    }

    /**
     * Whether search sees the issue yet: it was seeded, or its last write is older than the search lag, or it is
     * reconciled.
     */
    boolean searchable(IssueRecord issue, Instant now, Set<Long> reconcile) {
        return searchLag.isZero() || reconcile.contains(issue.id) || issue.written == null
                || !issue.written.isAfter(now.minus(searchLag));
    }

    Workflow.Status status(IssueRecord issue) {
        return workflow.status(issue.statusId).orElseThrow();
    }

    static Optional<Priority> priority(String idOrName) {
        return PRIORITIES.stream().filter(p -> p.id().equals(idOrName) || p.name().equalsIgnoreCase(idOrName))
                .findFirst();
    }

    static Optional<IssueType> issueType(String id, String name) {
        return ISSUE_TYPES.stream()
                .filter(t -> (id != null && t.id().equals(id)) || (name != null && t.name().equalsIgnoreCase(name)))
                .findFirst();
    }

    // ---- create ------------------------------------------------------------------------------------------------

    IssueRecord create(JsonNode body, JiraUser actor) {
        if (body == null || !body.isObject()) {
            throw ApiError.message(400, "Issue body is missing or is not a JSON object.");
        }
        JsonNode fields = body.path("fields");
        JsonNode update = body.path("update");
        Map<String, String> errors = new LinkedHashMap<>();
        Project project = createProject(fields.path("project"), errors);
        IssueType type = createIssueType(fields.path("issuetype"), errors);
        checkRequiredOnCreate(fields, update, project, errors);
        // validate values on a scratch issue so that a rejected create leaves no trace
        IssueRecord scratch = new IssueRecord(0, project == null ? "X" : project.key(), 0);
        scratch.priorityId = DEFAULT_PRIORITY;
        scratch.reporterId = actor.accountId();
        applyFieldsAndUpdates(scratch, fields, update, Set.of("project", "issuetype"), errors, new ArrayList<>(),
                true);
        if (!errors.isEmpty()) throw ApiError.fields(errors);
        List<Map.Entry<String, JsonNode>> props = parseCreateProperties(body.path("properties"));

        IssueRecord issue = storeNewIssue(project, type, scratch, props);
        issue.creatorId = actor.accountId();
        JsonNode transition = body.path("transition");
        if (transition.isObject()) createIntoStatus(issue, project, transition, actor);
        return issue;
    }

    /** The project a create names by id or key; {@code null} with an error recorded when there is none. */
    private Project createProject(JsonNode projectRef, Map<String, String> errors) {
        if (projectRef.isMissingNode() || projectRef.isNull()) {
            errors.put("project", "Specify a valid project ID or key");
            return null;
        }
        Project project = project(text(projectRef, "id")).or(() -> project(text(projectRef, "key"))).orElse(null);
        if (project == null) errors.put("project", "Specify a valid project ID or key");
        return project;
    }

    /** The issue type a create names by id or name; {@code null} with an error recorded when there is none. */
    private static IssueType createIssueType(JsonNode typeRef, Map<String, String> errors) {
        if (typeRef.isMissingNode() || typeRef.isNull()) {
            errors.put("issuetype", "Specify an issue type");
            return null;
        }
        IssueType type = issueType(text(typeRef, "id"), text(typeRef, "name")).orElse(null);
        if (type == null) errors.put("issuetype", "Specify a valid issue type");
        return type;
    }

    /** Records an error for the summary and for each of the project's required fields that a create leaves out. */
    private static void checkRequiredOnCreate(JsonNode fields, JsonNode update, Project project,
            Map<String, String> errors) {
        if (!fields.has("summary") && !update.has("summary")) {
            errors.put("summary", "You must specify a summary of the issue.");
        }
        if (project == null) return;
        for (String required : project.requiredOnCreate()) {
            if (!fields.hasNonNull(required) && !update.has(required)) {
                errors.put(required, "Field '" + required + "' is required");
            }
        }
    }

    /** Numbers a validated issue in its project and stores it in the workflow's initial status. */
    private IssueRecord storeNewIssue(Project project, IssueType type, IssueRecord scratch,
            List<Map.Entry<String, JsonNode>> props) {
        int number = counters.merge(project.key(), 1, Integer::sum);
        IssueRecord issue = new IssueRecord(nextIssueId++, project.key(), number);
        copyFields(scratch, issue);
        issue.issueTypeId = type.id();
        Workflow.Status initial = workflow.initialStatus();
        issue.statusId = initial.id();
        Instant now = clock.instant();
        issue.created = now;
        issue.updated = now;
        issue.written = now;
        issue.statusCategoryChanged = now;
        if (initial.category() == StatusCategory.DONE) {
            issue.resolution = RESOLUTION_DONE_ID;
            issue.resolutionDate = now;
        }
        props.forEach(e -> issue.properties.put(e.getKey(), e.getValue()));
        put(issue);
        return issue;
    }

    /**
     * Creating straight into another status: the transition must be offered from the initial status; when it is
     * not, the new issue is removed again and its number given back.
     */
    private void createIntoStatus(IssueRecord issue, Project project, JsonNode transition, JiraUser actor) {
        try {
            transition(issue, JsonNodeFactory.instance.objectNode().set("transition", transition), actor);
        } catch (ApiError e) {
            issues.remove(issue.id);
            counters.merge(project.key(), -1, Integer::sum);
            throw e;
        }
    }

    private List<Map.Entry<String, JsonNode>> parseCreateProperties(JsonNode properties) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (properties.isMissingNode() || properties.isNull()) return out;
        if (!properties.isArray()) throw ApiError.message(400, "'properties' must be an array of {key, value}.");
        for (JsonNode p : properties) {
            String key = p.path("key").asText("");
            checkProperty(key, p.get("value"));
            out.add(Map.entry(key, p.get("value")));
        }
        return out;
    }

    /**
     * Moves an issue to another project, as Jira's "Move" does: the same id, a new key there, {@code updated} now
     * and a changelog entry; the old key keeps resolving to the issue (Jira redirects it).
     */
    IssueRecord moveToProject(IssueRecord issue, Project target, JiraUser actor) {
        int number = counters.merge(target.key(), 1, Integer::sum);
        IssueRecord moved = new IssueRecord(issue.id, target.key(), number);
        copyFields(issue, moved);
        moved.issueTypeId = issue.issueTypeId;
        moved.statusId = issue.statusId;
        moved.creatorId = issue.creatorId;
        moved.created = issue.created;
        moved.statusCategoryChanged = issue.statusCategoryChanged;
        moved.resolutionDate = issue.resolutionDate;
        moved.properties.putAll(issue.properties);
        moved.remoteLinks.addAll(issue.remoteLinks);
        moved.histories.addAll(issue.histories);
        moved.comments.addAll(issue.comments);
        Instant now = clock.instant();
        moved.updated = now;
        moved.written = now;
        moved.histories.add(new IssueRecord.History(nextHistoryId++, actor.accountId(), now, List.of(
                new IssueRecord.ChangeItem("Key", "key", null, issue.key(), null, moved.key()),
                new IssueRecord.ChangeItem("project", "project", null, issue.projectKey, null, target.key()))));
        put(moved);
        movedKeys.put(issue.key(), issue.id);
        return moved;
    }

    private static void copyFields(IssueRecord from, IssueRecord to) {
        to.summary = from.summary;
        to.description = from.description;
        to.priorityId = from.priorityId;
        to.assigneeId = from.assigneeId;
        to.reporterId = from.reporterId;
        to.labels = new ArrayList<>(from.labels);
        to.duedate = from.duedate;
        to.resolution = from.resolution;
        to.customFields.clear(); // a cleared custom field is gone from the scratch copy
        to.customFields.putAll(from.customFields);
    }

    // ---- edit --------------------------------------------------------------------------------------------------

    void edit(IssueRecord issue, JsonNode body, JiraUser actor) {
        if (body == null || !body.isObject()) {
            throw ApiError.message(400, "Issue body is missing or is not a JSON object.");
        }
        JsonNode fields = body.path("fields");
        JsonNode update = body.path("update");
        Map<String, String> errors = new LinkedHashMap<>();
        IssueRecord scratch = new IssueRecord(issue.id, issue.projectKey, issue.number);
        copyFields(issue, scratch);
        List<IssueRecord.ChangeItem> changes = new ArrayList<>();
        // "transition" in an edit body is ignored, as on Jira; status is never editable
        applyFieldsAndUpdates(scratch, fields, update, Set.of(), errors, changes, false);
        if (!errors.isEmpty()) throw ApiError.fields(errors);
        commit(issue, scratch, changes, actor.accountId());
    }

    private void commit(IssueRecord issue, IssueRecord scratch, List<IssueRecord.ChangeItem> changes, String author) {
        if (changes.isEmpty()) return;
        copyFields(scratch, issue);
        Instant now = clock.instant();
        issue.updated = now;
        issue.written = now;
        issue.histories.add(new IssueRecord.History(nextHistoryId++, author, now, changes));
    }

    /**
     * Applies {@code fields} (set semantics) and {@code update} (operations) to {@code issue}, collecting field
     * errors and changelog items.
     */
    private void applyFieldsAndUpdates(IssueRecord issue, JsonNode fields, JsonNode update, Set<String> skip,
                                       Map<String, String> errors, List<IssueRecord.ChangeItem> changes,
                                       boolean creating) {
        if (!fields.isMissingNode() && !fields.isNull() && !fields.isObject()) {
            errors.put("fields", "'fields' must be an object");
            return;
        }
        if (!update.isMissingNode() && !update.isNull() && !update.isObject()) {
            errors.put("update", "'update' must be an object");
            return;
        }
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            if (skip.contains(e.getKey())) continue;
            if (update.has(e.getKey())) {
                errors.put(e.getKey(), "Field '" + e.getKey() + "' cannot be set using both 'fields' and 'update'.");
                continue;
            }
            setField(issue, e.getKey(), e.getValue(), errors, changes, creating);
        }
        for (Map.Entry<String, JsonNode> e : update.properties()) {
            String field = e.getKey();
            if (!e.getValue().isArray()) {
                errors.put(field, "Operations for field '" + field + "' must be an array.");
                continue;
            }
            for (JsonNode op : e.getValue()) {
                applyOperation(issue, field, op, errors, changes, creating);
            }
        }
    }

    private void applyOperation(IssueRecord issue, String field, JsonNode op, Map<String, String> errors,
                                List<IssueRecord.ChangeItem> changes, boolean creating) {
        if (!op.isObject() || op.size() != 1) {
            errors.put(field, "Each operation for field '" + field + "' must be an object with one verb.");
            return;
        }
        String verb = op.fieldNames().next();
        JsonNode value = op.get(verb);
        if ("set".equals(verb)) {
            setField(issue, field, value, errors, changes, creating);
            return;
        }
        if (isArrayCustomField(field) && ("add".equals(verb) || "remove".equals(verb))) {
            setOther(issue, field, arrayOperation(issue.customFields.get(field), verb, value), errors, changes);
            return;
        }
        if (!"labels".equals(field)) {
            if (isKnownEditable(field)) {
                errors.put(field, "Field '" + field + "' does not support operation '" + verb
                        + "' Supported operation(s) are: 'set'");
            } else {
                errors.put(field, String.format(NOT_SETTABLE, field));
            }
            return;
        }
        if (!value.isTextual()) {
            errors.put("labels", "A label must be a string.");
            return;
        }
        String label = value.asText();
        List<String> next = new ArrayList<>(issue.labels);
        switch (verb) {
            case "add" -> {
                if (!validLabel(label, errors)) return;
                if (!next.contains(label)) next.add(label);
            }
            case "remove" -> next.remove(label);
            default -> {
                errors.put("labels", "Field 'labels' does not support operation '" + verb
                        + "' Supported operation(s) are: 'add,set,remove'");
                return;
            }
        }
        changeLabels(issue, next, changes);
    }

    private boolean isArrayCustomField(String field) {
        return customFields.get(field).map(f -> f.type() == FieldType.STRING_ARRAY || f.type() == FieldType.OPTION_ARRAY)
                .orElse(false);
    }

    /** A multi-value custom field after an {@code add} or {@code remove} of one value (a string or an option). */
    private static JsonNode arrayOperation(JsonNode current, String verb, JsonNode value) {
        ArrayNode next = JsonNodeFactory.instance.arrayNode();
        boolean present = false;
        for (JsonNode v : current == null ? JsonNodeFactory.instance.arrayNode() : current) {
            boolean same = v.equals(value) || (value.isObject() && ((value.has("id") && v.path("id").equals(value.get("id")))
                    || (value.has("value") && v.path("value").equals(value.get("value")))));
            present |= same;
            if (!(same && "remove".equals(verb))) next.add(v);
        }
        if ("add".equals(verb) && !present) next.add(value);
        return next;
    }

    private boolean isKnownEditable(String field) {
        return Set.of("summary", "description", "priority", "assignee", "reporter", "duedate").contains(field)
                || customFields.get(field).isPresent();
    }

    private static boolean validLabel(String label, Map<String, String> errors) {
        if (label.isEmpty() || label.chars().anyMatch(Character::isWhitespace)) {
            errors.put("labels", "The label '" + label + "' contains spaces which is invalid.");
            return false;
        }
        if (label.length() > 255) {
            errors.put("labels", "The label '" + label + "' exceeds the 255 character limit.");
            return false;
        }
        return true;
    }

    private void changeLabels(IssueRecord issue, List<String> next, List<IssueRecord.ChangeItem> changes) {
        if (next.equals(issue.labels)) return;
        changes.add(new IssueRecord.ChangeItem("labels", "labels", null, String.join(" ", issue.labels), null,
                String.join(" ", next)));
        issue.labels = next;
    }

    void setField(IssueRecord issue, String field, JsonNode value, Map<String, String> errors,
                  List<IssueRecord.ChangeItem> changes, boolean creating) {
        switch (field) {
            case "summary" -> setSummary(issue, value, errors, changes);
            case "description" -> setDescription(issue, value, errors, changes);
            case "labels" -> setLabels(issue, value, errors, changes);
            case "priority" -> setPriority(issue, value, errors, changes);
            case "assignee", "reporter" -> setUser(issue, field, value, errors, changes);
            case "duedate" -> setDueDate(issue, value, errors, changes);
            default -> setOther(issue, field, value, errors, changes);
        }
    }

    private void setSummary(IssueRecord issue, JsonNode value, Map<String, String> errors,
                            List<IssueRecord.ChangeItem> changes) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        } else if (value.asText().length() >= MAX_SUMMARY) {
            errors.put("summary", "Summary must be less than 255 characters.");
        } else if (value.asText().contains("\n") || value.asText().contains("\r")) {
            errors.put("summary", "The summary is invalid because it contains newline characters.");
        } else if (!value.asText().equals(issue.summary)) {
            changes.add(new IssueRecord.ChangeItem("summary", "summary", null, issue.summary, null,
                    value.asText()));
            issue.summary = value.asText();
        }
    }

    private void setDescription(IssueRecord issue, JsonNode value, Map<String, String> errors,
                                List<IssueRecord.ChangeItem> changes) {
        String invalid = value == null || value.isNull() ? null : AdfSchema.violation(value);
        if (invalid != null) {
            // a document-shaped value gets the reason too, so that a bug in an ADF builder is easy to find
            errors.put("description", "doc".equals(value.path("type").asText())
                    ? Adf.NOT_A_DOCUMENT + ": " + invalid : Adf.NOT_A_DOCUMENT);
        } else if (value != null && !value.isNull() && Adf.toText(value).length() > MAX_TEXT_AREA) {
            errors.put("description", "The entered text is too long. It exceeds the allowed limit of 32,767 characters.");
        } else {
            JsonNode next = value == null || value.isNull() ? null : value.deepCopy();
            if (!Objects.equals(next, issue.description)) {
                changes.add(new IssueRecord.ChangeItem("description", "description", null,
                        Adf.toText(issue.description), null, Adf.toText(next)));
                issue.description = next;
            }
        }
    }

    private void setLabels(IssueRecord issue, JsonNode value, Map<String, String> errors,
                           List<IssueRecord.ChangeItem> changes) {
        if (value == null || value.isNull()) {
            changeLabels(issue, new ArrayList<>(), changes);
            return;
        }
        if (!value.isArray()) {
            errors.put("labels", "Field 'labels' must be an array of strings.");
            return;
        }
        List<String> next = new ArrayList<>();
        for (JsonNode l : value) {
            if (!l.isTextual()) {
                errors.put("labels", "A label must be a string.");
                return;
            }
            if (!validLabel(l.asText(), errors)) return;
            if (!next.contains(l.asText())) next.add(l.asText());
        }
        changeLabels(issue, next, changes);
    }

    private void setPriority(IssueRecord issue, JsonNode value, Map<String, String> errors,
                             List<IssueRecord.ChangeItem> changes) {
        Priority p = value == null || !value.isObject() ? null
                : priority(text(value, "id")).or(() -> priority(text(value, "name"))).orElse(null);
        if (p == null) {
            errors.put("priority", "Specify a valid 'id' or 'name' for Priority");
        } else if (!p.id().equals(issue.priorityId)) {
            Priority old = priority(issue.priorityId).orElse(null);
            changes.add(new IssueRecord.ChangeItem("priority", "priority", issue.priorityId,
                    old == null ? null : old.name(), p.id(), p.name()));
            issue.priorityId = p.id();
        }
    }

    private void setUser(IssueRecord issue, String field, JsonNode value, Map<String, String> errors,
                         List<IssueRecord.ChangeItem> changes) {
        String accountId = value == null || value.isNull() ? null : text(value, "accountId");
        if (value != null && !value.isNull() && !value.isObject()) {
            errors.put(field, "Specify the user by 'accountId'.");
            return;
        }
        if ("-1".equals(accountId)) accountId = null; // "default assignee": the fake has none
        if (accountId != null) {
            JiraUser u = users.get(accountId);
            if (u == null || !u.active()) {
                errors.put(field, "The user '" + accountId + "' does not exist or is not active.");
                return;
            }
            if ("assignee".equals(field) && u.permission() == JiraUser.Permission.NONE) {
                errors.put(field, "User '" + u.displayName() + "' cannot be assigned issues.");
                return;
            }
        }
        String old = "assignee".equals(field) ? issue.assigneeId : issue.reporterId;
        if (Objects.equals(old, accountId)) return;
        changes.add(new IssueRecord.ChangeItem(field, field, old, displayName(old), accountId,
                displayName(accountId)));
        if ("assignee".equals(field)) issue.assigneeId = accountId; else issue.reporterId = accountId;
    }

    private void setDueDate(IssueRecord issue, JsonNode value, Map<String, String> errors,
                            List<IssueRecord.ChangeItem> changes) {
        String next = value == null || value.isNull() ? null : value.asText();
        if (next != null) {
            try {
                LocalDate.parse(next);
            } catch (DateTimeParseException e) {
                errors.put("duedate", "Error parsing date string: " + next);
                return;
            }
        }
        if (!Objects.equals(next, issue.duedate)) {
            changes.add(new IssueRecord.ChangeItem("duedate", "duedate", issue.duedate, issue.duedate,
                    next, next));
            issue.duedate = next;
        }
    }

    private void setOther(IssueRecord issue, String field, JsonNode value, Map<String, String> errors,
                          List<IssueRecord.ChangeItem> changes) {
        if (!field.startsWith("customfield_")) {
            errors.put(field, String.format(NOT_SETTABLE, field));
            return;
        }
        customFields.validate(field, value, errors, id -> users.containsKey(id) && users.get(id).active())
                .ifPresent(stored -> {
                    JsonNode old = issue.customFields.get(field);
                    JsonNode next = stored.isNull() ? null : stored;
                    if (Objects.equals(old, next)) return;
                    changes.add(new IssueRecord.ChangeItem(field, field, null, CustomFields.display(old), null,
                            CustomFields.display(next)));
                    if (next == null) issue.customFields.remove(field); else issue.customFields.put(field, next);
                });
    }

    String displayName(String accountId) {
        JiraUser u = accountId == null ? null : users.get(accountId);
        return u == null ? null : u.displayName();
    }

    // ---- transitions -------------------------------------------------------------------------------------------

    void transition(IssueRecord issue, JsonNode body, JiraUser actor) {
        if (body == null || !body.isObject()) {
            throw ApiError.message(400, "Issue body is missing or is not a JSON object.");
        }
        JsonNode ref = body.path("transition");
        String id = ref.isObject() ? text(ref, "id") : null;
        if (id == null) {
            throw ApiError.message(400, "Missing 'transition' identifier");
        }
        Workflow.Transition t = workflow.availableFrom(issue.statusId).stream()
                .filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.message(400, "Transition id '" + id + "' is not valid for this issue."));
        apply(issue, t, body, actor);
    }

    /** Moves an issue to a status as another user would, whatever the workflow offers. */
    void moveTo(IssueRecord issue, Workflow.Status target, JiraUser actor) {
        Workflow.Transition t = new Workflow.Transition("0", "Simulated", Set.of(), target.id(), List.of());
        apply(issue, t, JsonNodeFactory.instance.objectNode(), actor);
    }

    private void apply(IssueRecord issue, Workflow.Transition t, JsonNode body, JiraUser actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        IssueRecord scratch = new IssueRecord(issue.id, issue.projectKey, issue.number);
        copyFields(issue, scratch);
        List<IssueRecord.ChangeItem> changes = new ArrayList<>();
        JsonNode fields = body.path("fields");
        Workflow.Status from = status(issue);
        Workflow.Status to = workflow.status(t.toStatusId()).orElseThrow();
        boolean explicitResolution = fields.has("resolution");
        if (explicitResolution) {
            JsonNode r = fields.get("resolution");
            String next = null;
            if (!r.isNull()) {
                String name = text(r, "name");
                String rid = text(r, "id");
                if (RESOLUTION_DONE_ID.equals(rid) || "Done".equalsIgnoreCase(name)) {
                    next = RESOLUTION_DONE_ID;
                } else {
                    errors.put("resolution", "Specify a valid 'id' or 'name' for Resolution");
                }
            }
            scratch.resolution = next;
        }
        applyFieldsAndUpdates(scratch, fields, body.path("update"), Set.of("resolution"), errors, changes, false);
        for (String required : t.requiredFields()) {
            if (!hasValue(scratch, required)) {
                errors.put(required, fieldLabel(required) + " is required.");
            }
        }
        if (!errors.isEmpty()) throw ApiError.fields(errors);
        Instant now = clock.instant();
        if (!explicitResolution) {
            if (to.category() == StatusCategory.DONE && from.category() != StatusCategory.DONE) {
                scratch.resolution = RESOLUTION_DONE_ID;
            } else if (to.category() != StatusCategory.DONE) {
                scratch.resolution = null;
            }
        }
        if (!Objects.equals(scratch.resolution, issue.resolution)) {
            changes.add(new IssueRecord.ChangeItem("resolution", "resolution", issue.resolution,
                    issue.resolution == null ? null : "Done", scratch.resolution,
                    scratch.resolution == null ? null : "Done"));
            issue.resolutionDate = scratch.resolution == null ? null : now;
        }
        changes.add(0, new IssueRecord.ChangeItem("status", "status", from.id(), from.name(), to.id(), to.name()));
        if (from.category() != to.category()) issue.statusCategoryChanged = now;
        issue.statusId = to.id();
        commit(issue, scratch, changes, actor.accountId());
    }

    private static boolean hasValue(IssueRecord issue, String field) {
        return switch (field) {
            case "assignee" -> issue.assigneeId != null;
            case "resolution" -> issue.resolution != null;
            case "description" -> issue.description != null;
            case "labels" -> !issue.labels.isEmpty();
            case "duedate" -> issue.duedate != null;
            case "priority" -> issue.priorityId != null;
            case "summary" -> issue.summary != null;
            default -> issue.customFields.containsKey(field);
        };
    }

    private static String fieldLabel(String field) {
        return field.isEmpty() ? field : Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    /** Simulates another user changing fields; fields are given in the edit-body format. */
    void editAs(IssueRecord issue, JiraUser author, JsonNode fields) {
        Map<String, String> errors = new LinkedHashMap<>();
        IssueRecord scratch = new IssueRecord(issue.id, issue.projectKey, issue.number);
        copyFields(issue, scratch);
        List<IssueRecord.ChangeItem> changes = new ArrayList<>();
        applyFieldsAndUpdates(scratch, fields, JsonNodeFactory.instance.objectNode(), Set.of(), errors, changes,
                false);
        if (!errors.isEmpty()) throw new IllegalArgumentException("invalid simulated edit: " + errors);
        commit(issue, scratch, changes, author.accountId());
    }

    // ---- properties and remote links ---------------------------------------------------------------------------

    static void checkProperty(String key, JsonNode value) {
        if (key == null || key.isEmpty()) throw ApiError.message(400, "The property key can't be null or empty.");
        if (key.length() > 255) throw ApiError.message(400, "The property key can't be longer than 255 characters.");
        if (value == null || value.isMissingNode()) {
            throw ApiError.message(400, "The property value can't be empty.");
        }
        if (value.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTY_BYTES) {
            throw ApiError.message(400, "The property value is too big. The maximum size is 32768 bytes.");
        }
    }

    /** Creates or replaces a property; true when it was created. */
    boolean putProperty(IssueRecord issue, String key, JsonNode value) {
        checkProperty(key, value);
        return issue.properties.put(key, value.deepCopy()) == null;
    }

    /** Creates or updates (by global id) a remote link; the boolean says whether it was created. */
    Map.Entry<IssueRecord.RemoteLinkRecord, Boolean> upsertRemoteLink(IssueRecord issue, JsonNode body) {
        if (body == null || !body.isObject()) throw ApiError.message(400, "Remote link body is missing.");
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode object = body.path("object");
        if (!object.isObject()) {
            errors.put("object", "'object' is required.");
        } else {
            if (!object.path("url").isTextual() || object.path("url").asText().isBlank()) {
                errors.put("url", "'url' is required.");
            }
            if (!object.path("title").isTextual() || object.path("title").asText().isBlank()) {
                errors.put("title", "'title' is required.");
            }
        }
        if (!errors.isEmpty()) throw ApiError.fields(errors);
        String globalId = body.hasNonNull("globalId") ? body.get("globalId").asText() : null;
        if (globalId != null) {
            for (IssueRecord.RemoteLinkRecord link : issue.remoteLinks) {
                if (globalId.equals(link.globalId)) {
                    link.body = body.deepCopy(); // fields omitted from the request are nulled, as on Jira
                    return Map.entry(link, false);
                }
            }
        }
        IssueRecord.RemoteLinkRecord link = new IssueRecord.RemoteLinkRecord(nextLinkId++, globalId, body.deepCopy());
        issue.remoteLinks.add(link);
        return Map.entry(link, true);
    }

    // ---- seeding -----------------------------------------------------------------------------------------------

    IssueRecord seed(NewIssue seed, String defaultReporter) {
        Project project = project(seed.projectKey()).orElseThrow(() -> new IllegalArgumentException(
                "no project " + seed.projectKey() + "; add it with FakeJira.addProject first"));
        IssueType type = issueType(null, seed.issueType()).orElseThrow(() -> new IllegalArgumentException(
                "unknown issue type " + seed.issueType() + "; use one of " + ISSUE_TYPES));
        Workflow.Status status = seed.status() == null ? workflow.initialStatus()
                : workflow.status(seed.status()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown status " + seed.status() + "; the workflow has " + workflow.statuses()));
        Priority priority = seed.priority() == null ? priority(DEFAULT_PRIORITY).orElseThrow()
                : priority(seed.priority()).orElseThrow(() -> new IllegalArgumentException(
                        "unknown priority " + seed.priority() + "; use one of " + PRIORITIES));
        for (String who : new String[] {seed.assignee(), seed.reporter()}) {
            if (who != null && !users.containsKey(who)) {
                throw new IllegalArgumentException("unknown user " + who + "; add it with FakeJira.addUser first");
            }
        }
        Instant created = seed.created() != null ? seed.created() : clock.instant();
        Instant updated = seed.updated() != null ? seed.updated() : created;
        int number = counters.merge(project.key(), 1, Integer::sum);
        IssueRecord issue = new IssueRecord(nextIssueId++, project.key(), number);
        issue.issueTypeId = type.id();
        issue.summary = seed.summary();
        issue.description = seed.descriptionAdf();
        issue.statusId = status.id();
        issue.priorityId = priority.id();
        issue.assigneeId = seed.assignee();
        issue.reporterId = seed.reporter() != null ? seed.reporter() : defaultReporter;
        issue.creatorId = issue.reporterId;
        issue.labels = new ArrayList<>(new LinkedHashSet<>(seed.labels()));
        issue.created = created;
        issue.updated = updated;
        issue.statusCategoryChanged = created;
        if (status.category() == StatusCategory.DONE) {
            issue.resolution = RESOLUTION_DONE_ID;
            issue.resolutionDate = updated;
        }
        seed.properties().forEach((k, v) -> {
            checkProperty(k, v);
            issue.properties.put(k, v.deepCopy());
        });
        put(issue);
        return issue;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isTextual()) return v.asText();
        if (v.isNumber()) return v.asText();
        return null;
    }
}
