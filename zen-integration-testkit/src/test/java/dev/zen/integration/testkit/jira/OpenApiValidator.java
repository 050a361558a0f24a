package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Validates FakeJira's responses against Atlassian's OpenAPI spec for their operation and status, with networknt's
 * json-schema-validator in the OpenAPI 3.0 dialect (so {@code nullable} is honoured). The spec is a trimmed copy made
 * by {@code build-tools/trim-jira-openapi.py}, which also holds the few patches where the spec contradicts Jira.
 * Every response the tests' {@link Http} client receives goes through {@link #check}; the count is written to
 * {@code target/openapi-validated-responses.txt} when the JVM exits.
 */
final class OpenApiValidator {
    static final String RESOURCE = "dev/zen/integration/testkit/jira/jira-openapi.json";
    private static final OpenApiValidator INSTANCE = new OpenApiValidator();
    private static final Set<Integer> NO_BODY = Set.of(204);
    /** IssueBean.fields is a free-form map in the spec: the system fields are checked against their own schemas. */
    private static final Map<String, String> FIELD_SCHEMAS = Map.ofEntries(Map.entry("status", "StatusDetails"),
            Map.entry("priority", "Priority"), Map.entry("assignee", "UserDetails"),
            Map.entry("reporter", "UserDetails"), Map.entry("creator", "UserDetails"),
            Map.entry("issuetype", "IssueTypeDetails"), Map.entry("resolution", "Resolution"),
            Map.entry("project", "ProjectDetails"), Map.entry("comment", "PageOfComments"),
            Map.entry("votes", "Votes"), Map.entry("watches", "Watchers"));

    private final JsonNode spec;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicInteger validated = new AtomicInteger();
    private final Map<String, AtomicInteger> byOperation = new ConcurrentHashMap<>();

    /** A path template of the spec and its regex; literal segments beat parameters when both match. */
    private record Operation(String template, Pattern pattern, int literals) {}

    private OpenApiValidator() {
        try (InputStream in = OpenApiValidator.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            spec = Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spec.path("paths").fieldNames().forEachRemaining(t -> operations.add(new Operation(t,
                Pattern.compile(t.replaceAll("\\{[^}]+}", "[^/]+")), t.replaceAll("\\{[^}]+}", "").length())));
        operations.sort(Comparator.comparingInt(Operation::literals).reversed());
        Runtime.getRuntime().addShutdownHook(new Thread(this::writeCount));
    }

    static OpenApiValidator get() {
        return INSTANCE;
    }

    /** How many responses have been validated so far in this JVM. */
    int validatedCount() {
        return validated.get();
    }

    /**
     * Validates a response of the REST API: its JSON body against the spec's schema for the operation and status.
     * Paths the spec does not have (the control API, the removed search) are left alone; a status the spec does not
     * document for the operation must be an error with Jira's error envelope.
     *
     * @throws AssertionError naming the violations
     */
    void check(String method, String path, int status, String contentType, String body) {
        Operation op = operations.stream().filter(o -> o.pattern().matcher(path).matches()).findFirst().orElse(null);
        if (op == null) return;
        JsonNode operation = spec.path("paths").path(op.template()).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) return; // 405 for a method Jira does not have either
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        boolean json = contentType != null && contentType.startsWith("application/json");
        // Jira's servlet filters (401 for a bad credential, 403 XSRF) answer in plain text outside the REST layer
        if (status >= 400 && !json) return;
        String pointer;
        if (!response.isMissingNode() && response.has("content")) {
            pointer = "/paths/" + escape(op.template()) + "/" + method.toLowerCase(Locale.ROOT)
                    + "/responses/" + status + "/content/application~1json/schema";
        } else if (!response.isMissingNode() || NO_BODY.contains(status)) {
            if ((NO_BODY.contains(status) || status < 300) && !body.isEmpty() && response.isMissingNode()) {
                throw new AssertionError(method + " " + path + " answered " + status + " with a body: " + body);
            }
            count(method, op);
            return;
        } else if (status >= 400) {
            pointer = "/components/schemas/ErrorCollection";
        } else {
            throw new AssertionError(method + " " + path + " answered " + status + ", which the spec does not document "
                    + "for " + operation.path("operationId").asText() + " (" + operation.path("responses").properties()
                    .stream().map(Map.Entry::getKey).toList() + ")");
        }
        assertValid(pointer, body, method + " " + path + " " + status);
        count(method, op);
    }

    private void count(String method, Operation op) {
        validated.incrementAndGet();
        byOperation.computeIfAbsent(method + " " + op.template(), k -> new AtomicInteger()).incrementAndGet();
    }

    /** Validates a node against a schema of the spec named by JSON pointer, such as /components/schemas/User. */
    List<String> violations(JsonNode node, String pointer) {
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(
                SchemaLocation.of("classpath:" + RESOURCE + "#" + p)));
        return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    }

    private void assertValid(String pointer, String body, String what) {
        JsonNode node;
        try {
            node = Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + body, e);
        }
        List<String> v = new ArrayList<>(violations(node, pointer));
        issues(node).forEach(issue -> issue.path("fields").properties().forEach(f -> {
            String schema = FIELD_SCHEMAS.get(f.getKey());
            if (schema != null && !f.getValue().isNull()) {
                violations(f.getValue(), "/components/schemas/" + schema)
                        .forEach(m -> v.add("fields." + f.getKey() + " (" + schema + "): " + m));
            }
        }));
        if (!v.isEmpty()) throw new AssertionError(what + " does not conform to " + pointer + ": " + v + "\n" + body);
    }

    /** The issue beans of a response: the body itself, or the issues of a search page. */
    private static List<JsonNode> issues(JsonNode body) {
        List<JsonNode> out = new ArrayList<>();
        if (body.has("fields") && body.has("key")) out.add(body);
        body.path("issues").forEach(out::add);
        return out;
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }

    private void writeCount() {
        try {
            Path out = Path.of("target", "openapi-validated-responses.txt");
            if (!Files.isDirectory(out.getParent())) return;
            StringBuilder s = new StringBuilder(validated.get() + " responses validated against the OpenAPI spec\n");
            byOperation.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> s.append(e.getValue().get()).append('\t').append(e.getKey()).append('\n'));
            Files.writeString(out, s);
        } catch (IOException e) {
            // best effort: the count is a report, not a check
        }
    }
}
