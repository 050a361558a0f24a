package dev.zen.integration.testkit.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Validates FakeGitHub's responses against GitHub's published OpenAPI description (trimmed to the issue endpoints,
 * {@code /work/shared/reference/github-issues-openapi.json}, copied unchanged) for their operation and status, in
 * the OpenAPI 3.0 dialect. A status the description does not list for the operation must be a {@code basic-error}.
 * Every response the tests' {@link GitHubHttpClient} receives goes through {@link #check}.
 */
final class GitHubOpenApiValidator {
    static final String RESOURCE = "dev/zen/integration/testkit/github/github-openapi.json";
    private static final GitHubOpenApiValidator INSTANCE = new GitHubOpenApiValidator();

    private final JsonNode spec;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .discriminatorKeywordEnabled(true).nullableKeywordEnabled(true).build();
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();
    private final List<Operation> operations = new ArrayList<>();
    private final AtomicInteger validated = new AtomicInteger();

    private record Operation(String template, Pattern pattern, int literals) {}

    private GitHubOpenApiValidator() {
        try (InputStream in = GitHubOpenApiValidator.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            spec = GitHubHttpClient.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        spec.path("paths").fieldNames().forEachRemaining(t -> operations.add(new Operation(t,
                Pattern.compile(t.replaceAll("\\{[^}]+}", "[^/]+")), t.replaceAll("\\{[^}]+}", "").length())));
        operations.sort(Comparator.comparingInt(Operation::literals).reversed());
    }

    static GitHubOpenApiValidator get() {
        return INSTANCE;
    }

    int validatedCount() {
        return validated.get();
    }

    /**
     * Checks one response. Paths outside the description (the control API) are left alone.
     *
     * @throws AssertionError naming the violations
     */
    void check(String method, String path, int status, String body) {
        Operation op = operations.stream().filter(o -> o.pattern().matcher(path).matches()).findFirst().orElse(null);
        if (op == null) return;
        String m = method.toLowerCase(Locale.ROOT);
        JsonNode operation = spec.path("paths").path(op.template()).path(m);
        if (operation.isMissingNode()) {
            if (status != 404) throw new AssertionError(method + " " + path + " is not in the description: " + status);
            assertValid("/components/schemas/basic-error", body, method + " " + path);
            return;
        }
        String pointer = "/paths/" + escape(op.template()) + "/" + m + "/responses/" + status;
        JsonNode response = operation.path("responses").path(String.valueOf(status));
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = spec.at(pointer);
        }
        if (response.isMissingNode()) {
            if (status < 400) {
                throw new AssertionError(method + " " + path + " answered " + status + ", which the description "
                        + "does not list for " + operation.path("operationId").asText());
            }
            assertValid("/components/schemas/basic-error", body, method + " " + path + " " + status);
        } else if (response.has("content")) {
            assertValid(pointer + "/content/application~1json/schema", body, method + " " + path + " " + status);
        } else if (!body.isEmpty()) {
            throw new AssertionError(method + " " + path + " answered " + status + " with a body: " + body);
        }
        validated.incrementAndGet();
    }

    List<String> violations(JsonNode node, String pointer) {
        JsonSchema schema = schemas.computeIfAbsent(pointer, p -> factory.getSchema(
                SchemaLocation.of("classpath:" + RESOURCE + "#" + p), config));
        return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    }

    private void assertValid(String pointer, String body, String what) {
        JsonNode node;
        try {
            node = GitHubHttpClient.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + body, e);
        }
        List<String> v = violations(node, pointer);
        if (!v.isEmpty()) throw new AssertionError(what + " does not conform to " + pointer + ": " + v + "\n" + body);
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }
}
