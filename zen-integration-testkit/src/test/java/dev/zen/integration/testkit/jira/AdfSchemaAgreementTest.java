package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FakeJira's {@link AdfSchema} gives the same verdict as Atlassian's published ADF JSON schema
 * ({@code adf-schema-full.json}, from {@code @atlaskit/adf-schema}, Apache 2.0) on generated documents of the nodes
 * and marks it models, valid and broken.
 */
class AdfSchemaAgreementTest {
    private static final JsonSchema PUBLISHED = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(SchemaLocation.of("classpath:dev/zen/integration/testkit/jira/adf-schema-full.json"));

    @Property(tries = 200)
    void givenAGeneratedDocumentThenTheFakeAgreesWithThePublishedSchema(@ForAll("documents") JsonNode doc) {
        boolean published = PUBLISHED.validate(doc).isEmpty();
        String fake = AdfSchema.violation(doc);
        Statistics.collect(published ? "valid" : "invalid");

        assertThat(fake == null).as("fake says %s, published schema says %s, for %s", fake,
                published ? "valid" : PUBLISHED.validate(doc), doc).isEqualTo(published);
    }

    @Test
    void givenTheDocumentsJiraWasSeenRefusingThenBothRefuseThemAndAcceptTheirFixedForms() throws Exception {
        String textUnderDoc = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}";
        String strongCode = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"x\",\"marks\":[{\"type\":\"strong\"},{\"type\":\"code\"}]}]}]}";
        for (String refused : List.of(textUnderDoc, strongCode)) {
            JsonNode doc = Http.JSON.readTree(refused);
            assertThat(PUBLISHED.validate(doc)).as(refused).isNotEmpty();
            assertThat(AdfSchema.violation(doc)).as(refused).isNotNull();
        }
        JsonNode fixed = Http.JSON.readTree(strongCode.replace("{\"type\":\"strong\"},", ""));
        assertThat(PUBLISHED.validate(fixed)).isEmpty();
        assertThat(AdfSchema.violation(fixed)).isNull();
    }

    private static ObjectNode node(String type) {
        return Http.JSON.createObjectNode().put("type", type);
    }

    private static Arbitrary<JsonNode> text() {
        // mostly valid, with one rare defect at a time, so that the verdicts are worth comparing
        Arbitrary<Set<String>> marks = Arbitraries.frequency(Tuple.of(4, "strong"), Tuple.of(4, "em"),
                Tuple.of(5, "code"), Tuple.of(2, "strike"), Tuple.of(2, "underline"), Tuple.of(4, "link"),
                Tuple.of(1, "linkWithoutHref")).set().ofMinSize(1).ofMaxSize(2)
                .edgeCases(c -> c.includeOnly(Set.of("code", "strong")));
        Arbitrary<String> texts = Arbitraries.frequency(Tuple.of(10, "x"), Tuple.of(5, "two words"), Tuple.of(1, ""));
        Arbitrary<Set<String>> maybeMarks = Arbitraries.oneOf(Arbitraries.just(Set.of()), marks);
        return Combinators.combine(texts, maybeMarks).as((t, ms) -> {
            ObjectNode n = node("text").put("text", t);
            if (!ms.isEmpty()) {
                ArrayNode a = n.putArray("marks");
                for (String m : ms) {
                    ObjectNode mark = a.addObject().put("type", m.startsWith("link") ? "link" : m);
                    if (m.equals("link")) mark.putObject("attrs").put("href", "https://example.com");
                }
            }
            return n;
        });
    }

    private static Arbitrary<JsonNode> inline() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, text()),
                Tuple.of(3, Arbitraries.just(node("hardBreak"))),
                Tuple.of(1, Arbitraries.just(node("paragraph"))));
    }

    private static Arbitrary<JsonNode> withContent(String type, Arbitrary<JsonNode> children, int min, int max) {
        return children.list().ofMinSize(min).ofMaxSize(max).map(c -> {
            ObjectNode n = node(type);
            n.putArray("content").addAll(c);
            return n;
        });
    }

    private static Arbitrary<JsonNode> paragraph() {
        return withContent("paragraph", inline(), 0, 2);
    }

    /** Heading levels: valid mostly, 0 and 7 out of range, -1 for none. */
    private static final Arbitrary<Integer> LEVELS = Arbitraries.frequency(Tuple.of(8, 1), Tuple.of(8, 3),
            Tuple.of(1, 0), Tuple.of(1, 7), Tuple.of(1, -1));

    private static Arbitrary<JsonNode> heading() {
        return Combinators.combine(LEVELS, inline().list().ofMaxSize(2)).as((level, c) -> {
            ObjectNode n = node("heading");
            if (level >= 0) n.putObject("attrs").put("level", level);
            n.putArray("content").addAll(c);
            return n;
        });
    }

    private static Arbitrary<JsonNode> list(int depth) {
        Arbitrary<JsonNode> itemChild = depth > 0
                ? Arbitraries.frequencyOf(Tuple.of(8, paragraph()), Tuple.of(3, list(depth - 1)), Tuple.of(1, text()))
                : Arbitraries.frequencyOf(Tuple.of(10, paragraph()), Tuple.of(1, text()));
        Arbitrary<JsonNode> item = Arbitraries.frequencyOf(Tuple.of(12, withContent("listItem", itemChild, 1, 2)),
                Tuple.of(1, withContent("listItem", itemChild, 0, 0)));
        return Arbitraries.frequencyOf(Tuple.of(6, withContent("bulletList", item, 1, 2)),
                Tuple.of(6, withContent("orderedList", item, 1, 2)), Tuple.of(1, withContent("bulletList", item, 0, 0)));
    }

    private static Arbitrary<JsonNode> codeBlock() {
        return withContent("codeBlock", Arbitraries.frequencyOf(Tuple.of(1, text()),
                Tuple.of(4, Arbitraries.just(node("text").put("text", "x = 1")))), 0, 2);
    }

    private static Arbitrary<JsonNode> block() {
        return Arbitraries.frequencyOf(
                Tuple.of(10, paragraph()), Tuple.of(3, heading()),
                Tuple.of(5, list(1)), Tuple.of(2, codeBlock()),
                Tuple.of(2, Arbitraries.just(node("rule"))), Tuple.of(1, text()),
                Tuple.of(1, Arbitraries.just(node("blink"))));
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        return block().list().ofMaxSize(2).map((List<JsonNode> blocks) -> {
            ObjectNode doc = node("doc").put("version", 1);
            doc.putArray("content").addAll(blocks);
            return doc;
        });
    }
}
