package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.testkit.internal.Jackson;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the fake's state as Jira Cloud REST v3 JSON (camelCase, as Jira sends it), with timestamps in the
 * viewer's zone and {@code self} links on the fake's base URL.
 */
final class JiraJson {
    static final ObjectMapper MAPPER = Jackson.MAPPER;
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    static final List<String> ALL_FIELDS = List.of("summary", "description", "status", "priority", "assignee",
            "reporter", "labels", "issuetype", "project", "created", "updated", "resolution", "resolutiondate",
            "statuscategorychangedate", "duedate", "creator", "subtasks", "issuelinks", "comment", "watches", "votes");
    static final String ISSUE_EXPAND =
            "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations";

    private final String base;
    private final JiraState state;

    JiraJson(String base, JiraState state) {
        this.base = base;
        this.state = state;
    }

    static String timestamp(Instant at, ZoneId zone) {
        return at == null ? null : TIMESTAMP.format(at.atZone(zone));
    }

    ObjectNode user(JiraUser u) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", base + "/rest/api/3/user?accountId=" + u.accountId());
        n.put("accountId", u.accountId());
        n.put("accountType", "atlassian");
        if (u.emailAddress() != null) n.put("emailAddress", u.emailAddress());
        n.putObject("avatarUrls").put("48x48", base + "/avatar/" + u.accountId() + "?s=48")
                .put("24x24", base + "/avatar/" + u.accountId() + "?s=24");
        n.put("displayName", u.displayName());
        n.put("active", u.active());
        n.put("timeZone", u.timeZone().getId());
        return n;
    }

    ObjectNode myself(JiraUser u) {
        ObjectNode n = user(u);
        n.put("locale", "en_US");
        n.putObject("groups").put("size", 0).putArray("items");
        n.putObject("applicationRoles").put("size", 1).putArray("items");
        n.put("expand", "groups,applicationRoles");
        return n;
    }

    ObjectNode status(Workflow.Status s) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", base + "/rest/api/3/status/" + s.id());
        n.put("description", "");
        n.put("iconUrl", base + "/images/icons/statuses/generic.png");
        n.put("name", s.name());
        n.put("untranslatedName", s.name());
        n.put("id", s.id());
        StatusCategory c = s.category();
        n.putObject("statusCategory").put("self", base + "/rest/api/3/statuscategory/" + c.id())
                .put("id", c.id()).put("key", c.key()).put("colorName", c.colorName()).put("name", c.displayName());
        return n;
    }

    ObjectNode priority(JiraState.Priority p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", base + "/rest/api/3/priority/" + p.id());
        n.put("iconUrl", base + "/images/icons/priorities/" + p.name().toLowerCase(Locale.ROOT) + ".svg");
        n.put("name", p.name());
        n.put("id", p.id());
        return n;
    }

    ObjectNode issueType(JiraState.IssueType t) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", base + "/rest/api/3/issuetype/" + t.id());
        n.put("id", t.id());
        n.put("description", "");
        n.put("iconUrl", base + "/images/icons/issuetypes/" + t.name().toLowerCase(Locale.ROOT) + ".svg");
        n.put("name", t.name());
        n.put("subtask", false);
        n.put("hierarchyLevel", 0);
        return n;
    }

    ObjectNode project(JiraState.Project p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", base + "/rest/api/3/project/" + p.id());
        n.put("id", p.id());
        n.put("key", p.key());
        n.put("name", p.name());
        n.put("projectTypeKey", "software");
        n.put("simplified", false);
        n.putObject("avatarUrls").put("48x48", base + "/avatar/project/" + p.id());
        return n;
    }

    ObjectNode projectDetails(JiraState.Project p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("expand", "description,lead,issueTypes,url,projectKeys,permissions,insight");
        n.setAll(project(p));
        n.put("description", "");
        n.put("style", "classic");
        n.put("isPrivate", false);
        ArrayNode types = n.putArray("issueTypes");
        JiraState.ISSUE_TYPES.forEach(t -> types.add(issueType(t)));
        return n;
    }

    ObjectNode resolution(String id) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", base + "/rest/api/3/resolution/" + id);
        n.put("id", id);
        n.put("description", "Work has been completed on this issue.");
        n.put("name", "Done");
        return n;
    }

    String base() {
        return base;
    }

    String issueSelf(IssueRecord i) {
        return base + "/rest/api/3/issue/" + i.id;
    }

    /** An issue bean: only {@code id} when no real field is selected, otherwise id, key, self and fields. */
    ObjectNode issue(IssueRecord i, Set<String> fields, Set<String> expand, List<String> properties, JiraUser viewer) {
        ObjectNode n = MAPPER.createObjectNode();
        boolean onlyId = fields.stream().allMatch("id"::equals) && expand.isEmpty() && properties.isEmpty();
        if (onlyId) {
            n.put("id", String.valueOf(i.id));
            return n;
        }
        ZoneId zone = viewer.timeZone();
        n.put("expand", ISSUE_EXPAND);
        n.put("id", String.valueOf(i.id));
        n.put("self", issueSelf(i));
        n.put("key", i.key());
        putFields(n.putObject("fields"), i, fields, zone);
        putProperties(n, i, properties);
        putExpansions(n, i, expand, viewer, zone);
        return n;
    }

    /** The selected system fields in {@link #ALL_FIELDS} order, then the selected custom fields. */
    private void putFields(ObjectNode f, IssueRecord i, Set<String> fields, ZoneId zone) {
        for (String field : ALL_FIELDS) {
            if (fields.contains(field)) putField(f, field, i, zone);
        }
        for (CustomFields.Field c : state.customFields.all()) {
            if (fields.contains(c.id()) || fields.contains("*custom")) f.set(c.id(), customValue(c, i));
        }
    }

    private void putField(ObjectNode f, String field, IssueRecord i, ZoneId zone) {
        switch (field) {
            case "summary" -> f.put("summary", i.summary);
            case "description" -> f.set("description", i.description == null ? null : i.description.deepCopy());
            case "status" -> f.set("status", status(state.status(i)));
            case "priority" -> f.set("priority", i.priorityId == null ? null
                    : priority(JiraState.priority(i.priorityId).orElseThrow()));
            case "assignee" -> f.set("assignee", userOrNull(i.assigneeId));
            case "reporter" -> f.set("reporter", userOrNull(i.reporterId));
            case "labels" -> {
                ArrayNode labels = f.putArray("labels");
                i.labels.forEach(labels::add);
            }
            case "issuetype" -> f.set("issuetype",
                    issueType(JiraState.issueType(i.issueTypeId, null).orElseThrow()));
            case "project" -> f.set("project", project(state.project(i.projectKey).orElseThrow()));
            case "created" -> f.put("created", timestamp(i.created, zone));
            case "updated" -> f.put("updated", timestamp(i.updated, zone));
            case "resolution" -> f.set("resolution", i.resolution == null ? null : resolution(i.resolution));
            case "resolutiondate" -> f.put("resolutiondate", timestamp(i.resolutionDate, zone));
            case "statuscategorychangedate" ->
                    f.put("statuscategorychangedate", timestamp(i.statusCategoryChanged, zone));
            case "duedate" -> f.put("duedate", i.duedate);
            case "creator" -> f.set("creator", userOrNull(i.creatorId));
            case "subtasks" -> f.putArray("subtasks");
            case "issuelinks" -> f.putArray("issuelinks");
            case "comment" -> f.set("comment", commentPage(i, i.comments, 0, 5000, zone));
            case "watches" -> f.putObject("watches").put("self", issueSelf(i) + "/watchers").put("watchCount", 0)
                    .put("isWatching", false);
            case "votes" -> f.putObject("votes").put("self", issueSelf(i) + "/votes").put("votes", 0)
                    .put("hasVoted", false);
            default -> throw new IllegalStateException(field);
        }
    }

    /** A custom field's value as Jira renders it: options with {@code self}, users as user objects; null if unset. */
    private JsonNode customValue(CustomFields.Field c, IssueRecord i) {
        JsonNode v = i.customFields.get(c.id());
        if (v == null) return MAPPER.nullNode();
        return switch (c.type()) {
            case USER -> userOrNull(v.path("accountId").asText());
            case OPTION -> option(v);
            case OPTION_ARRAY -> {
                ArrayNode a = MAPPER.createArrayNode();
                v.forEach(o -> a.add(option(o)));
                yield a;
            }
            default -> v.deepCopy();
        };
    }

    private ObjectNode option(JsonNode stored) {
        return MAPPER.createObjectNode().put("self", base + "/rest/api/3/customFieldOption/" + stored.path("id").asText())
                .put("value", stored.path("value").asText()).put("id", stored.path("id").asText());
    }

    /** The requested issue properties that are set, when any were requested. */
    private static void putProperties(ObjectNode n, IssueRecord i, List<String> properties) {
        if (properties.isEmpty()) return;
        ObjectNode props = n.putObject("properties");
        for (String key : properties) {
            JsonNode v = i.properties.get(key);
            if (v != null) props.set(key, v.deepCopy());
        }
    }

    /** The {@code changelog}, {@code transitions} and {@code renderedFields} expansions, when requested. */
    private void putExpansions(ObjectNode n, IssueRecord i, Set<String> expand, JiraUser viewer, ZoneId zone) {
        if (expand.contains("changelog")) {
            ObjectNode cl = n.putObject("changelog");
            cl.put("startAt", 0).put("maxResults", i.histories.size()).put("total", i.histories.size());
            ArrayNode histories = cl.putArray("histories");
            for (int k = i.histories.size() - 1; k >= 0; k--) histories.add(history(i.histories.get(k), zone));
        }
        if (expand.contains("transitions")) {
            n.set("transitions", transitions(i, viewer, false).get("transitions"));
        }
        if (expand.contains("names") || expand.contains("schema")) {
            ObjectNode names = expand.contains("names") ? n.putObject("names") : null;
            ObjectNode schema = expand.contains("schema") ? n.putObject("schema") : null;
            n.path("fields").fieldNames().forEachRemaining(id -> {
                if (names != null) names.put(id, fieldName(id));
                if (schema != null) schema.set(id, fieldSchema(id));
            });
        }
        if (expand.contains("renderedfields")) {
            ObjectNode rendered = n.putObject("renderedFields");
            String text = Adf.toText(i.description);
            rendered.put("description", text == null ? null
                    : "<p>" + html(text).replace("\n\n", "</p><p>").replace("\n", "<br />") + "</p>");
        }
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private JsonNode userOrNull(String accountId) {
        JiraUser u = accountId == null ? null : state.user(accountId);
        return u == null ? null : user(u);
    }

    ObjectNode history(IssueRecord.History h, ZoneId zone) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", String.valueOf(h.id()));
        JiraUser author = state.user(h.authorId());
        if (author != null) n.set("author", user(author));
        n.put("created", timestamp(h.created(), zone));
        ArrayNode items = n.putArray("items");
        for (IssueRecord.ChangeItem c : h.items()) {
            items.addObject().put("field", c.field())
                    .put("fieldtype", c.fieldId().startsWith("customfield_") ? "custom" : "jira")
                    .put("fieldId", c.fieldId()).put("from", c.from()).put("fromString", c.fromText())
                    .put("to", c.to()).put("toString", c.toText());
        }
        return n;
    }

    ObjectNode transitions(IssueRecord i, JiraUser viewer, boolean withFields) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("expand", "transitions");
        ArrayNode list = n.putArray("transitions");
        if (viewer.permission() != JiraUser.Permission.FULL) return n; // no Transition permission: empty list
        for (Workflow.Transition t : state.workflow.availableFrom(i.statusId)) {
            ObjectNode tn = list.addObject();
            tn.put("id", t.id());
            tn.put("name", t.name());
            tn.set("to", status(state.workflow.status(t.toStatusId()).orElseThrow()));
            tn.put("hasScreen", !t.requiredFields().isEmpty());
            tn.put("isGlobal", t.global());
            tn.put("isInitial", false);
            tn.put("isAvailable", true);
            tn.put("isConditional", false);
            tn.put("looped", false);
            if (withFields) {
                ObjectNode fields = tn.putObject("fields");
                for (String req : t.requiredFields()) {
                    ObjectNode fn = fields.putObject(req);
                    fn.put("required", true);
                    fn.set("schema", fieldSchema(req));
                    fn.put("name", fieldName(req));
                    fn.put("key", req);
                    fn.putArray("operations").add("set");
                }
            }
        }
        return n;
    }

    /** The system fields' schemas, as {@code GET /rest/api/3/field} reports them: type and (for arrays) items. */
    private static final Map<String, String[]> SYSTEM_SCHEMAS = Map.ofEntries(
            Map.entry("summary", new String[] {"string", null}), Map.entry("description", new String[] {"string", null}),
            Map.entry("labels", new String[] {"array", "string"}), Map.entry("priority", new String[] {"priority", null}),
            Map.entry("assignee", new String[] {"user", null}), Map.entry("reporter", new String[] {"user", null}),
            Map.entry("duedate", new String[] {"date", null}), Map.entry("resolution", new String[] {"resolution", null}),
            Map.entry("status", new String[] {"status", null}), Map.entry("issuetype", new String[] {"issuetype", null}),
            Map.entry("project", new String[] {"project", null}), Map.entry("created", new String[] {"datetime", null}),
            Map.entry("updated", new String[] {"datetime", null}),
            Map.entry("resolutiondate", new String[] {"datetime", null}),
            Map.entry("statuscategorychangedate", new String[] {"datetime", null}),
            Map.entry("creator", new String[] {"user", null}), Map.entry("subtasks", new String[] {"array", "issuelinks"}),
            Map.entry("issuelinks", new String[] {"array", "issuelinks"}),
            Map.entry("comment", new String[] {"comments-page", null}), Map.entry("watches", new String[] {"watches", null}),
            Map.entry("votes", new String[] {"votes", null}));

    /** A field's schema ({@code JsonTypeBean}): system fields by id, custom fields from their definition. */
    ObjectNode fieldSchema(String fieldId) {
        ObjectNode n = MAPPER.createObjectNode();
        CustomFields.Field c = state.customFields.get(fieldId).orElse(null);
        if (c != null) {
            n.put("type", c.type().schemaType());
            if (c.type().items() != null) n.put("items", c.type().items());
            n.put("custom", c.type().custom());
            n.put("customId", Long.parseLong(fieldId.substring("customfield_".length())));
            return n;
        }
        String[] s = SYSTEM_SCHEMAS.getOrDefault(fieldId, new String[] {"any", null});
        n.put("type", s[0]);
        if (s[1] != null) n.put("items", s[1]);
        n.put("system", fieldId);
        return n;
    }

    /** The {@code comment} field of an issue and the list answer: a page of comments. */
    ObjectNode commentPage(IssueRecord issue, List<IssueRecord.CommentRecord> all, int startAt, int max, ZoneId zone) {
        return commentPage(issue, all, startAt, max, zone, false);
    }

    ObjectNode commentPage(IssueRecord issue, List<IssueRecord.CommentRecord> all, int startAt, int max, ZoneId zone,
                           boolean withProperties) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", issueSelf(issue) + "/comment");
        n.put("maxResults", max).put("total", all.size()).put("startAt", startAt);
        ArrayNode comments = n.putArray("comments");
        all.stream().skip(startAt).limit(max).forEach(c -> comments.add(comment(issue, c, zone, withProperties)));
        return n;
    }

    /** A comment, with its entity properties when {@code withProperties} ({@code expand=properties}). */
    ObjectNode comment(IssueRecord issue, IssueRecord.CommentRecord c, ZoneId zone, boolean withProperties) {
        ObjectNode n = comment(issue, c, zone);
        if (withProperties) {
            ArrayNode props = n.putArray("properties");
            c.properties.forEach((k, v) -> props.addObject().put("key", k).set("value", v.deepCopy()));
        }
        return n;
    }

    ObjectNode comment(IssueRecord issue, IssueRecord.CommentRecord c, ZoneId zone) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("self", issueSelf(issue) + "/comment/" + c.id);
        n.put("id", String.valueOf(c.id));
        JiraUser author = state.user(c.authorId);
        if (author != null) {
            n.set("author", user(author));
            n.set("updateAuthor", user(author));
        }
        n.set("body", c.body.deepCopy());
        n.put("created", timestamp(c.created, zone));
        n.put("updated", timestamp(c.updated, zone));
        n.put("jsdPublic", true);
        return n;
    }

    /** The fields of the create screen, each with {@code required} (summary, issue type, project, and the project's). */
    ArrayNode createFields(JiraState.Project project) {
        ArrayNode a = MAPPER.createArrayNode();
        List<String> ids = new ArrayList<>(List.of("summary", "issuetype", "project", "description", "labels",
                "priority", "assignee", "reporter", "duedate"));
        state.customFields.all().forEach(c -> ids.add(c.id()));
        for (String id : ids) {
            ObjectNode f = a.addObject();
            boolean required = Set.of("summary", "issuetype", "project").contains(id)
                    || project.requiredOnCreate().contains(id);
            f.put("required", required).set("schema", fieldSchema(id));
            f.put("name", fieldName(id)).put("key", id).put("fieldId", id).put("hasDefaultValue", id.equals("priority"));
            ArrayNode ops = f.putArray("operations").add("set");
            if (id.equals("labels")) ops.add("add").add("remove");
            state.customFields.get(id).filter(c -> !c.options().isEmpty()).ifPresent(c -> {
                ArrayNode allowed = f.putArray("allowedValues");
                c.options().forEach(o -> allowed.add(option(MAPPER.createObjectNode().put("value", o.value())
                        .put("id", o.id()))));
            });
        }
        return a;
    }

    /** {@code GET /field}: the system fields, then the custom fields, each with its schema. */
    ArrayNode fields() {
        ArrayNode a = MAPPER.createArrayNode();
        for (String id : SYSTEM_SCHEMAS.keySet().stream().sorted().toList()) {
            ObjectNode n = a.addObject();
            n.put("id", id).put("key", id).put("name", fieldName(id)).put("custom", false);
            n.put("orderable", !Set.of("created", "updated", "resolutiondate", "statuscategorychangedate", "status")
                    .contains(id)).put("navigable", true).put("searchable", true);
            n.putArray("clauseNames").add(id);
            n.set("schema", fieldSchema(id));
        }
        for (CustomFields.Field c : state.customFields.all()) {
            ObjectNode n = a.addObject();
            String number = c.id().substring("customfield_".length());
            n.put("id", c.id()).put("key", c.id()).put("name", c.name())
                    .put("custom", true).put("orderable", true).put("navigable", true).put("searchable", true);
            n.putArray("clauseNames").add("cf[" + number + "]").add(c.name());
            n.set("schema", fieldSchema(c.id()));
        }
        return a;
    }

    /** A field's display name. */
    String fieldName(String fieldId) {
        return state.customFields.get(fieldId).map(CustomFields.Field::name).orElseGet(() -> switch (fieldId) {
            case "duedate" -> "Due date";
            case "subtasks" -> "Sub-tasks";
            case "issuelinks" -> "Linked Issues";
            case "issuetype" -> "Issue Type";
            case "resolutiondate" -> "Resolved";
            case "statuscategorychangedate" -> "Status Category Changed";
            default -> fieldId.isEmpty() ? fieldId : Character.toUpperCase(fieldId.charAt(0)) + fieldId.substring(1);
        });
    }

    ObjectNode remoteLink(IssueRecord i, IssueRecord.RemoteLinkRecord link) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", link.id);
        n.put("self", issueSelf(i) + "/remotelink/" + link.id);
        if (link.globalId != null) n.put("globalId", link.globalId);
        for (String part : List.of("application", "relationship", "object")) {
            if (link.body.has(part)) n.set(part, link.body.get(part).deepCopy());
        }
        return n;
    }

    static ObjectNode error(List<String> messages, Map<String, String> errors) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode m = n.putArray("errorMessages");
        messages.forEach(m::add);
        ObjectNode e = n.putObject("errors");
        errors.forEach(e::put);
        return n;
    }
}
