package dev.zen.plugin.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.testkit.jira.FakeJira;
import dev.zen.integration.testkit.jira.IssueSnapshot;
import dev.zen.integration.testkit.jira.NewIssue;
import dev.zen.plugin.runtime.WasmPluginRegistry;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Round-trip properties of the plugin's mapping, run in the real jira.wasm (no network involved), and the one
 * description text form the plugin and FakeJira share (docs/sync.md, "Descriptions").
 */
class MappingPropertiesTest {
    private static WasmPluginRegistry registry;
    private static Plugin plugin;
    private static FakeJira fakeJira;

    @BeforeContainer
    static void open() {
        fakeJira = FakeJira.start();
        registry = WasmPluginRegistry.builder().pluginDirectories(List.of()).build();
        plugin = registry.open(PluginConfig.builder("jira").setting("server_url", "https://acme.atlassian.net")
                .setting("project_key", "SYNC").build());
    }

    @AfterContainer
    static void close() {
        fakeJira.close();
        plugin.close();
        registry.close();
    }

    private static JsonNode call(PluginOperation op, JsonNode input) {
        try {
            return JiraPlugin.JSON.readTree(plugin.call(op, JiraPlugin.JSON.writeValueAsString(input)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** map_to_zen of an issue whose description is {@code adf}. */
    private static JsonNode toZen(JsonNode fields) {
        ObjectNode issue = JiraPlugin.object().put("id", "10000").put("key", "SYNC-1");
        issue.set("fields", fields);
        return call(PluginOperation.MAP_TO_ZEN, JiraPlugin.object().set("raw", issue));
    }

    private static JsonNode toExternal(JsonNode zenFields) {
        return call(PluginOperation.MAP_TO_EXTERNAL, JiraPlugin.object().set("fields", zenFields)).path("raw").path("fields");
    }

    private static String textOf(JsonNode adf) {
        ObjectNode f = JiraPlugin.object();
        f.set("description", adf);
        return toZen(f).path("fields").path("description").asText();
    }

    private static JsonNode adfOf(String text) {
        return toExternal(JiraPlugin.object().put("description", text)).path("description");
    }

    // ---------------------------------------------------------------- ADF generators

    /** Text that may look like Markdown (list markers, backslashes, indentation) and is never empty. */
    private static Arbitrary<String> line() {
        Arbitrary<String> plain = Arbitraries.strings().withChars("abcXYZ 019.-\\*#é✓").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> tricky =
                Arbitraries.of("- item", "1. one", "12.", "-", "\\", "  indented", "3) x", "1.5 kg", "emoji 😀 ok");
        return Arbitraries.oneOf(plain, plain, tricky);
    }

    private static ObjectNode text(String s) {
        return JiraPlugin.object().put("type", "text").put("text", s);
    }

    /** A paragraph of 1..3 non-empty lines joined by hard breaks. */
    private static Arbitrary<ObjectNode> paragraph() {
        return line().list().ofMinSize(1).ofMaxSize(3).map(lines -> {
            ObjectNode p = JiraPlugin.object().put("type", "paragraph");
            ArrayNode c = p.putArray("content");
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) c.add(JiraPlugin.object().put("type", "hardBreak"));
                c.add(text(lines.get(i)));
            }
            return p;
        });
    }

    private static Arbitrary<ObjectNode> list(int depth) {
        Arbitrary<ObjectNode> item = Combinators.combine(
                paragraph().optional(),
                depth > 0 ? list(depth - 1).optional() : Arbitraries.just(Optional.<ObjectNode>empty()))
                .as((p, nested) -> {
                    // as Jira's ADF schema requires: a list item starts with a paragraph (empty for a bare marker)
                    ObjectNode li = JiraPlugin.object().put("type", "listItem");
                    ArrayNode c = li.putArray("content");
                    c.add(p.orElseGet(() -> JiraPlugin.object().put("type", "paragraph").set("content",
                            JiraPlugin.JSON.createArrayNode())));
                    nested.ifPresent(c::add);
                    return li;
                });
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(1, 30),
                item.list().ofMinSize(1).ofMaxSize(4)).as((bullet, order, items) -> {
                    ObjectNode l = JiraPlugin.object().put("type", bullet ? "bulletList" : "orderedList");
                    if (!bullet) l.putObject("attrs").put("order", order);
                    l.putArray("content").addAll(items);
                    return l;
                });
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        return Arbitraries.oneOf(paragraph(), list(2)).list().ofMinSize(1).ofMaxSize(4).map(blocks -> {
            ObjectNode doc = JiraPlugin.object().put("type", "doc").put("version", 1);
            doc.putArray("content").addAll(blocks);
            return doc;
        });
    }

    @Property(tries = 300)
    void adfWithParagraphsAndListsSurvivesTheTextRoundTrip(@ForAll("documents") JsonNode adf) {
        ObjectNode f = JiraPlugin.object();
        f.set("description", adf);
        JsonNode zen = toZen(f);

        assertThat(zen.has("warnings")).as("no loss reported for %s", adf).isFalse();
        assertThat(adfOf(zen.path("fields").path("description").asText())).isEqualTo(adf);
    }

    @Property(tries = 200)
    void aDocumentTextCannotRepresentIsReportedNeverSilentlyFlattened(@ForAll("documents") JsonNode adf,
                                                                      @ForAll("unsupportedNodes") JsonNode extra) {
        ((ArrayNode) adf.path("content")).add(extra);
        ObjectNode f = JiraPlugin.object();
        f.set("description", adf);

        JsonNode zen = toZen(f);

        assertThat(zen.path("warnings").toString()).contains("cannot represent");
    }

    @Provide
    Arbitrary<JsonNode> unsupportedNodes() throws Exception {
        return Arbitraries.of(
                "{\"type\":\"heading\",\"attrs\":{\"level\":1},\"content\":[{\"type\":\"text\",\"text\":\"H\"}]}",
                "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"b\",\"marks\":[{\"type\":\"strong\"}]}]}",
                "{\"type\":\"codeBlock\",\"content\":[{\"type\":\"text\",\"text\":\"x = 1\"}]}",
                "{\"type\":\"rule\"}",
                "{\"type\":\"paragraph\",\"content\":[{\"type\":\"mention\",\"attrs\":{\"id\":\"1\",\"text\":\"@a\"}}]}",
                "{\"type\":\"paragraph\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"hardBreak\"},"
                        + "{\"type\":\"hardBreak\"},{\"type\":\"text\",\"text\":\"b\"}]}")
                .map(s -> {
                    try {
                        return JiraPlugin.JSON.readTree(s);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    // ---------------------------------------------------------------- text generators

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withChars("abcdefXYZé,!?'0123").ofMinLength(1).ofMaxLength(8)
                .filter(w -> !Character.isDigit(w.charAt(0)));
    }

    private static Arbitrary<String> sentence() {
        return word().list().ofMinSize(1).ofMaxSize(5).map(ws -> String.join(" ", ws));
    }

    @Provide
    Arbitrary<String> markdown() {
        Arbitrary<String> paragraph = sentence().list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("\n", l));
        Arbitrary<String> bullets = sentence().list().ofMinSize(1).ofMaxSize(4)
                .map(items -> String.join("\n", items.stream().map(s -> "- " + s).toList()));
        Arbitrary<String> numbered = Combinators.combine(Arbitraries.integers().between(1, 9),
                sentence().list().ofMinSize(1).ofMaxSize(4)).as((start, items) -> {
                    List<String> lines = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) lines.add((start + i) + ". " + items.get(i));
                    return String.join("\n", lines);
                });
        return Arbitraries.oneOf(paragraph, paragraph, bullets, numbered).list().ofMinSize(1).ofMaxSize(5)
                .map(blocks -> String.join("\n\n", blocks));
    }

    @Property(tries = 300)
    void markdownTextWithParagraphsAndListsSurvivesTheAdfRoundTrip(@ForAll("markdown") String text) {
        assertThat(textOf(adfOf(text))).isEqualTo(text);
    }

    // ---------------------------------------------------------------- timestamps

    private static final DateTimeFormatter JIRA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");
    private static final DateTimeFormatter ABI_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

    /** The plugin writes timestamps digit by digit into one string: each field lands where Java's formatter puts it. */
    @Property(tries = 300)
    void aJiraTimestampReadsInTheAbiFormAtItsOwnOffset(
            @ForAll("instants") long epochMs, @ForAll("offsets") int offsetMinutes) {
        OffsetDateTime t = Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.ofTotalSeconds(offsetMinutes * 60));
        ObjectNode fields = JiraPlugin.object().put("created", JIRA_TIME.format(t)).put("updated", JIRA_TIME.format(t));

        JsonNode zen = toZen(fields).path("fields");

        assertThat(zen.path("created").asText()).isEqualTo(ABI_TIME.format(t));
        assertThat(zen.path("updated").asText()).isEqualTo(ABI_TIME.format(t));
    }

    @Provide
    Arbitrary<Long> instants() {
        // local years 0001 to 9999 at any offset: the years a Jira timestamp has (four digits)
        return Arbitraries.longs().between(Instant.parse("0001-01-02T00:00:00Z").toEpochMilli(),
                Instant.parse("9999-12-30T23:59:59.999Z").toEpochMilli());
    }

    @Provide
    Arbitrary<Integer> offsets() {
        return Arbitraries.integers().between(-18 * 60, 18 * 60);
    }

    // ---------------------------------------------------------------- one text form: the plugin and FakeJira

    @Property(tries = 200)
    void fakeJiraReadsADocumentAsTheSameTextAsThePlugin(@ForAll("documents") JsonNode adf) {
        IssueSnapshot seeded = fakeJira.seed(NewIssue.builder("SYNC", "Doc").descriptionAdf(adf).build());

        assertThat(seeded.description()).isEqualTo(textOf(adf));
    }

    @Property(tries = 200)
    void fakeJiraWritesATextAsTheSameDocumentAsThePlugin(@ForAll("markdown") String text) {
        IssueSnapshot seeded = fakeJira.seed(NewIssue.builder("SYNC", "Text").description(text).build());

        assertThat(seeded.descriptionAdf()).isEqualTo(adfOf(text));
        assertThat(seeded.description()).isEqualTo(text);
    }

    @Property(tries = 100)
    void anyTextReadsTheSameInFakeJiraAndThePluginAfterEitherWroteIt(@ForAll("anyText") String text) {
        IssueSnapshot byFake = fakeJira.seed(NewIssue.builder("SYNC", "Any").description(text).build());
        JsonNode byPlugin = adfOf(text);

        assertThat(byFake.descriptionAdf()).isEqualTo(byPlugin);
        assertThat(byFake.description()).isEqualTo(textOf(byPlugin));
    }

    @Property(tries = 200)
    void everyDocumentThePluginWritesIsValidAdfForJira(@ForAll("anyText") String text) {
        JsonNode adf = adfOf(text);

        // NewIssue checks the document against ADF's schema, as Jira does on write (a bare "-" once made an empty
        // listItem, which Jira refuses)
        assertThatCode(() -> NewIssue.builder("SYNC", "Valid").descriptionAdf(adf).build()).as("%s", adf)
                .doesNotThrowAnyException();
    }

    @Provide
    Arbitrary<String> anyText() {
        return line().list().ofMinSize(1).ofMaxSize(6).map(lines -> String.join("\n", lines))
                .list().ofMinSize(1).ofMaxSize(3).map(blocks -> String.join("\n\n", blocks));
    }

    // ---------------------------------------------------------------- field mapping

    @Provide
    Arbitrary<Map<String, Object>> zenFields() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcxyz0123-_").ofMinLength(1).ofMaxLength(10);
        return Combinators.combine(sentence(), markdown(),
                Arbitraries.of("Highest", "High", "Medium", "Low", "Lowest"),
                Arbitraries.of("To Do", "In Progress", "Done", "Won't Do"),
                Arbitraries.of("Dana Dev", "Sync Bot", "Ana María"),
                label.set().ofMaxSize(4)).as((title, description, priority, status, assignee, labels) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("title", title);
                    m.put("description", description);
                    m.put("priority", priority);
                    m.put("status", status);
                    m.put("assignee", assignee);
                    m.put("labels", new ArrayList<>(labels));
                    return m;
                });
    }

    @Property(tries = 200)
    void zenFieldsSurviveMapToExternalThenMapToZen(@ForAll("zenFields") Map<String, Object> fields) {
        JsonNode zen = JiraPlugin.JSON.valueToTree(fields);

        JsonNode back = toZen(toExternal(zen)).path("fields");

        for (String name : fields.keySet()) {
            assertThat(back.path(name)).as(name).isEqualTo(zen.path(name));
        }
    }
}
