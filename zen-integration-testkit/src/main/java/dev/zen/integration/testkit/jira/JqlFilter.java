package dev.zen.integration.testkit.jira;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Gives a parsed {@link Jql.Query} its meaning against the fake's state: a filter and an order. */
final class JqlFilter {
    static final String UNBOUNDED =
            "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.";
    private static final Set<String> EQUALITY = Set.of("=", "!=", "IN", "NOT IN");
    private static final Set<String> COMPARISON = Set.of("=", "!=", ">", ">=", "<", "<=");
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of("comment", "creator", "sprint", "epic",
            "parent", "fixversion", "component", "duedate", "due", "watcher", "voter", "environment", "filter",
            "statuscategorychangeddate", "lastviewed", "issue.property");
    private static final Set<String> TEXT = Set.of("~", "!~");
    private static final String UNRESOLVED = "Unresolved";
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+\\*?");
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm"), DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm"));
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("uuuu-MM-dd"), DateTimeFormatter.ofPattern("uuuu/MM/dd"));
    private static final Pattern PERIOD_PART = Pattern.compile("(\\d+)([wdhm])");

    private final JiraState state;
    private final ZoneId zone;
    private final Instant now;
    private final String viewerAccountId;

    JqlFilter(JiraState state, ZoneId zone, Instant now, String viewerAccountId) {
        this.state = state;
        this.zone = zone;
        this.now = now;
        this.viewerAccountId = viewerAccountId;
    }

    Predicate<IssueRecord> where(Jql.Query query) {
        if (query.where() == null) throw new JqlException(UNBOUNDED);
        return compile(query.where());
    }

    Comparator<IssueRecord> order(Jql.Query query) {
        Comparator<IssueRecord> result = null;
        for (Jql.OrderBy o : query.orderBy()) {
            Comparator<IssueRecord> c = switch (o.field()) {
                case "updated", "updateddate" -> Comparator.comparing((IssueRecord i) -> i.updated);
                case "created", "createddate" -> Comparator.comparing((IssueRecord i) -> i.created);
                case "key", "issuekey", "id" -> Comparator.comparing((IssueRecord i) -> i.projectKey)
                        .thenComparingInt(i -> i.number);
                case "priority" -> Comparator.comparing((IssueRecord i) -> Integer.parseInt(i.priorityId));
                case "issuetype", "type" -> Comparator.comparing((IssueRecord i) -> i.issueTypeId);
                case "summary" -> Comparator.comparing((IssueRecord i) -> i.summary);
                case "resolution" -> Comparator.comparing((IssueRecord i) -> i.resolution,
                        Comparator.nullsLast(Comparator.naturalOrder()));
                case "resolutiondate", "resolved" -> Comparator.comparing((IssueRecord i) -> i.resolutionDate,
                        Comparator.nullsLast(Comparator.naturalOrder()));
                case "assignee" -> Comparator.comparing((IssueRecord i) -> state.displayName(i.assigneeId),
                        Comparator.nullsLast(Comparator.naturalOrder()));
                case "reporter" -> Comparator.comparing((IssueRecord i) -> state.displayName(i.reporterId),
                        Comparator.nullsLast(Comparator.naturalOrder()));
                case "status" -> Comparator.comparing((IssueRecord i) -> state.status(i).name());
                default -> throw unknownField(o.field());
            };
            if (!o.ascending()) c = c.reversed();
            result = result == null ? c : result.thenComparing(c);
        }
        Comparator<IssueRecord> fallback = Comparator.comparing((IssueRecord i) -> i.projectKey)
                .thenComparingInt(i -> i.number);
        return result == null ? fallback.reversed() : result.thenComparing(fallback);
    }

    private Predicate<IssueRecord> compile(Jql.Node node) {
        if (node instanceof Jql.And and) {
            List<Predicate<IssueRecord>> parts = and.parts().stream().map(this::compile).toList();
            return i -> parts.stream().allMatch(p -> p.test(i));
        }
        if (node instanceof Jql.Or or) {
            List<Predicate<IssueRecord>> parts = or.parts().stream().map(this::compile).toList();
            return i -> parts.stream().anyMatch(p -> p.test(i));
        }
        Jql.Clause c = (Jql.Clause) node;
        return switch (c.field()) {
            case "project" -> single(c, EQUALITY, v -> state.project(v).map(JiraState.Project::key)
                    .orElseThrow(() -> noValue(v, "project")), i -> i.projectKey);
            case "key", "issuekey", "id" -> single(c, EQUALITY, this::issueKey, IssueRecord::key);
            case "status" -> single(c, EQUALITY, v -> state.workflow.status(v).map(Workflow.Status::id)
                    .orElseThrow(() -> noValue(v, "status")), i -> i.statusId);
            case "statuscategory" -> single(c, EQUALITY, v -> {
                StatusCategory cat = StatusCategory.lookup(v);
                if (cat == null) throw noValue(v, "statusCategory");
                return cat.name();
            }, i -> state.status(i).category().name());
            case "priority" -> single(c, EQUALITY, v -> JiraState.priority(v).map(JiraState.Priority::id)
                    .orElseThrow(() -> noValue(v, "priority")), i -> i.priorityId);
            case "assignee" -> user(c, i -> i.assigneeId);
            case "reporter" -> user(c, i -> i.reporterId);
            case "labels" -> labels(c);
            case "issuetype", "type" -> single(c, EQUALITY, v -> JiraState.issueType(v, v).map(JiraState.IssueType::id)
                    .orElseThrow(() -> noValue(v, "issuetype")), i -> i.issueTypeId);
            case "resolution" -> resolution(c);
            case "summary" -> text(c, i -> i.summary);
            case "description" -> text(c, i -> Adf.toText(i.description));
            case "text" -> text(c, i -> i.summary + " " + Adf.toText(i.description));
            case "updated", "updateddate" -> date(c, i -> i.updated);
            case "created", "createddate" -> date(c, i -> i.created);
            case "resolutiondate", "resolved" -> date(c, i -> i.resolutionDate);
            default -> throw unknownField(c.field());
        };
    }

    private JqlException unknownField(String field) {
        if (KNOWN_UNSUPPORTED.contains(field) || field.startsWith("cf[") || field.startsWith("issue.property")) {
            return new JqlException("FakeJira does not support the field '" + field + "' in JQL. Supported: "
                    + "project, key (issuekey), status, statusCategory, priority, issuetype, resolution, assignee, reporter, "
                    + "labels, summary ~, description ~, text ~, updated, created, resolved.");
        }
        return new JqlException("Field '" + field + "' does not exist or you do not have permission to view it.");
    }

    private static JqlException noValue(String value, String field) {
        return new JqlException("The value '" + value + "' does not exist for the field '" + field + "'.");
    }

    private static void requireOperator(Jql.Clause c, Set<String> allowed) {
        if (!allowed.contains(c.op())) {
            throw new JqlException("The operator '" + c.op() + "' is not supported by the '" + c.field()
                    + "' field.");
        }
    }

    private static String literal(Jql.Value v, String field) {
        if (v.function()) {
            throw new JqlException("FakeJira does not support the function '" + v.text() + "()' for the field '"
                    + field + "'.");
        }
        return v.text();
    }

    /** A single-valued field compared for (in)equality with resolved values. */
    private Predicate<IssueRecord> single(Jql.Clause c, Set<String> ops, Function<String, String> resolve,
                                          Function<IssueRecord, String> get) {
        requireOperator(c, ops);
        List<String> wanted = new ArrayList<>();
        for (Jql.Value v : c.values()) wanted.add(resolve.apply(literal(v, c.field())));
        boolean negate = c.op().equals("!=") || c.op().equals("NOT IN");
        return i -> wanted.contains(get.apply(i)) != negate;
    }

    private String issueKey(String value) {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty()) {
            return state.find(value).map(IssueRecord::key).orElseThrow(() -> new JqlException(
                    "An issue with key '" + value + "' does not exist for field 'key'."));
        }
        if (!JiraState.KEY.matcher(value).matches()) {
            throw new JqlException("The issue key '" + value + "' for field 'key' is invalid.");
        }
        return state.find(value).map(IssueRecord::key).orElseThrow(() -> new JqlException(
                "An issue with key '" + value + "' does not exist for field 'key'."));
    }

    /** A user field: account ids or currentUser(), or IS [NOT] EMPTY. */
    private Predicate<IssueRecord> user(Jql.Clause c, Function<IssueRecord, String> get) {
        if (c.op().equals("IS") || c.op().equals("IS NOT")) {
            requireEmpty(c);
            boolean empty = c.op().equals("IS");
            return i -> (get.apply(i) == null) == empty;
        }
        requireOperator(c, EQUALITY);
        List<String> wanted = new ArrayList<>();
        for (Jql.Value v : c.values()) {
            if (v.function() && v.text().equalsIgnoreCase("currentUser")) {
                wanted.add(viewerAccountId);
            } else {
                String id = literal(v, c.field());
                if (state.user(id) == null) throw noValue(id, c.field());
                wanted.add(id);
            }
        }
        boolean negate = c.op().equals("!=") || c.op().equals("NOT IN");
        // like Jira, != and NOT IN never match issues without a user
        return i -> get.apply(i) != null && wanted.contains(get.apply(i)) != negate;
    }

    /** resolution = Done | Unresolved, IN lists of them, IS [NOT] EMPTY (EMPTY is Unresolved). */
    private Predicate<IssueRecord> resolution(Jql.Clause c) {
        if (c.op().equals("IS") || c.op().equals("IS NOT")) {
            requireEmpty(c);
            boolean empty = c.op().equals("IS");
            return i -> (i.resolution == null) == empty;
        }
        return single(c, EQUALITY, v -> {
            if (v.equalsIgnoreCase(UNRESOLVED)) return UNRESOLVED;
            if (v.equalsIgnoreCase("Done") || v.equals(JiraState.RESOLUTION_DONE_ID)) return JiraState.RESOLUTION_DONE_ID;
            throw noValue(v, "resolution");
        }, i -> i.resolution == null ? UNRESOLVED : i.resolution);
    }

    /**
     * Text search ({@code ~}, {@code !~}) as Jira does it, simplified: every word of the value must occur as a word
     * of the field (case-insensitive; a trailing {@code *} matches a word's start). No stemming.
     */
    private Predicate<IssueRecord> text(Jql.Clause c, Function<IssueRecord, String> get) {
        requireOperator(c, TEXT);
        List<String> terms = words(literal(c.values().get(0), c.field()));
        if (terms.isEmpty()) throw new JqlException("The value for the field '" + c.field() + "' has no words to search.");
        boolean negate = c.op().equals("!~");
        return i -> {
            List<String> have = words(String.valueOf(get.apply(i)));
            boolean all = terms.stream().allMatch(t -> t.endsWith("*")
                    ? have.stream().anyMatch(w -> w.startsWith(t.substring(0, t.length() - 1))) : have.contains(t));
            return all != negate;
        };
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(s.toLowerCase(Locale.ROOT));
        while (m.find()) out.add(m.group());
        return out;
    }

    private Predicate<IssueRecord> labels(Jql.Clause c) {
        if (c.op().equals("IS") || c.op().equals("IS NOT")) {
            requireEmpty(c);
            boolean empty = c.op().equals("IS");
            return i -> i.labels.isEmpty() == empty;
        }
        requireOperator(c, EQUALITY);
        List<String> wanted = c.values().stream().map(v -> literal(v, "labels")).toList();
        boolean negate = c.op().equals("!=") || c.op().equals("NOT IN");
        if (negate) return i -> !i.labels.isEmpty() && i.labels.stream().noneMatch(wanted::contains);
        return i -> i.labels.stream().anyMatch(wanted::contains);
    }

    private static void requireEmpty(Jql.Clause c) {
        String v = c.values().get(0).text();
        if (c.values().get(0).function() || !(v.equalsIgnoreCase("EMPTY") || v.equalsIgnoreCase("NULL"))) {
            throw new JqlException("Error in the JQL Query: The operator '" + c.op()
                    + "' only accepts EMPTY or NULL as a value.");
        }
    }

    private Predicate<IssueRecord> date(Jql.Clause c, Function<IssueRecord, Instant> get) {
        requireOperator(c, COMPARISON);
        Instant at = instant(literal(c.values().get(0), c.field()), c.field());
        Predicate<Instant> test = switch (c.op()) {
            case "=" -> t -> t.truncatedTo(ChronoUnit.MINUTES).equals(at);
            case "!=" -> t -> !t.truncatedTo(ChronoUnit.MINUTES).equals(at);
            case ">" -> t -> t.isAfter(at);
            case ">=" -> t -> !t.isBefore(at);
            case "<" -> t -> t.isBefore(at);
            case "<=" -> t -> !t.isAfter(at);
            default -> throw new IllegalStateException(c.op());
        };
        return i -> get.apply(i) != null && test.test(get.apply(i)); // an unset date never matches
    }

    /** A JQL date value as an instant, at minute precision, in the viewer's zone. */
    Instant instant(String value, String field) {
        String v = value.trim();
        for (DateTimeFormatter f : DATE_TIMES) {
            try {
                return LocalDateTime.parse(v, f).atZone(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        for (DateTimeFormatter f : DATES) {
            try {
                return LocalDate.parse(v, f).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        Instant relative = relative(v);
        if (relative != null) return relative;
        throw new JqlException("Date value '" + value + "' for field '" + field + "' is invalid. Valid formats "
                + "include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format "
                + "e.g. '-5d', '4w 2d'.");
    }

    private Instant relative(String v) {
        String s = v.replace(" ", "");
        int sign = -1;
        if (s.startsWith("-")) {
            s = s.substring(1);
        } else if (s.startsWith("+")) {
            sign = 1;
            s = s.substring(1);
        } else {
            sign = 1;
        }
        if (s.isEmpty()) return null;
        Matcher m = PERIOD_PART.matcher(s);
        long minutes = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) return null;
            end = m.end();
            long n = Long.parseLong(m.group(1));
            minutes += switch (m.group(2)) {
                case "w" -> n * 7 * 24 * 60;
                case "d" -> n * 24 * 60;
                case "h" -> n * 60;
                default -> n;
            };
        }
        if (end != s.length() || end == 0) return null;
        return now.truncatedTo(ChronoUnit.MINUTES).plus(sign * minutes, ChronoUnit.MINUTES);
    }
}
