package dev.zen.integration.testkit.jira;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Jira Cloud refuses, FakeJira refuses: unknown fields, wrong field types, invalid ADF, non-JSON bodies, lengths. */
class FakeJiraStrictnessTest {
    private static final String CREATE = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"},"
            + "\"summary\":\"S\"%s}}";
    private final FakeJira jira = FakeJira.start();
    private final Http http = new Http(jira);

    @AfterEach
    void stop() {
        jira.close();
    }

    private Http.Response create(String extraFields) {
        return http.post("/rest/api/3/issue", String.format(CREATE, extraFields));
    }

    private Http.Response edit(String fields) {
        return http.put("/rest/api/3/issue/SYNC-1", "{\"fields\":{" + fields + "}}");
    }

    private void seedOne() {
        jira.seed(NewIssue.builder("SYNC", "One").build());
    }

    private static void refused(Http.Response r, String field, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("errors").path(field).asText()).as(r.body()).contains(message);
    }

    @Test
    void givenAnUnknownCustomFieldWhenCreatingOrEditingThenFieldError() {
        refused(create(",\"customfield_987654\":5"), "customfield_987654",
                "Field 'customfield_987654' cannot be set. It is not on the appropriate screen, or unknown.");
        seedOne();
        refused(edit("\"customfield_987654\":\"x\""), "customfield_987654", "cannot be set");
        refused(http.put("/rest/api/3/issue/SYNC-1", "{\"update\":{\"customfield_987654\":[{\"set\":1}]}}"),
                "customfield_987654", "cannot be set");
        assertThat(jira.issues()).hasSize(1);
    }

    @Test
    void givenAStringForANumberFieldWhenCreatingThenRefusedAndANumberIsStored() {
        refused(create(",\"customfield_10016\":\"5\""), "customfield_10016", "must be a number");

        assertThat(create(",\"customfield_10016\":5").status()).isEqualTo(201);
        assertThat(http.get("/rest/api/3/issue/SYNC-1?fields=customfield_10016").json()
                .at("/fields/customfield_10016").asInt()).isEqualTo(5);
    }

    @Test
    void givenEachFieldTypeWhenAWrongShapeIsWrittenThenRefused() {
        seedOne();
        refused(edit("\"customfield_10030\":\"Platform\""), "customfield_10030", "Specify a valid 'id' or 'value'");
        refused(edit("\"customfield_10030\":{\"value\":\"Nope\"}"), "customfield_10030", "Option value 'Nope' is not valid");
        refused(edit("\"customfield_10031\":\"a\""), "customfield_10031", "not an array");
        refused(edit("\"customfield_10031\":[\"a b\"]"), "customfield_10031", "contains spaces");
        refused(edit("\"customfield_10034\":[{\"value\":\"Symbian\"}]"), "customfield_10034", "is not valid");
        refused(edit("\"customfield_10032\":\"" + FakeJira.DEFAULT_ACCOUNT_ID + "\""), "customfield_10032",
                "accountId");
        refused(edit("\"customfield_10032\":{\"accountId\":\"ghost\"}"), "customfield_10032", "does not exist");
        refused(edit("\"customfield_10015\":\"20/09/2025\""), "customfield_10015", "Error parsing date");
        refused(edit("\"customfield_10035\":\"2025-09-20\""), "customfield_10035", "Error parsing time");
        refused(edit("\"customfield_10033\":" + "\"" + "x".repeat(256) + "\""), "customfield_10033", "255");
        refused(edit("\"customfield_10033\":7"), "customfield_10033", "must be a string");
        assertThat(jira.issue("SYNC-1").orElseThrow().changelog()).isEmpty();
    }

    @Test
    void givenValidValuesOfEachTypeWhenEditedThenStoredAndAnsweredInJirasShape() {
        seedOne();
        Http.Response r = edit("\"customfield_10030\":{\"value\":\"Mobile\"},\"customfield_10031\":[\"a\",\"b\"],"
                + "\"customfield_10034\":[{\"value\":\"iOS\"}],\"customfield_10032\":{\"accountId\":\""
                + FakeJira.DEFAULT_ACCOUNT_ID + "\"},\"customfield_10015\":\"2025-09-20\","
                + "\"customfield_10035\":\"2025-09-20T10:30:00.000+0000\",\"customfield_10033\":\"prod\","
                + "\"customfield_10016\":3.5");
        assertThat(r.status()).as(r.body()).isEqualTo(204);

        JsonNode f = http.get("/rest/api/3/issue/SYNC-1").json().get("fields");
        assertThat(f.at("/customfield_10030/value").asText()).isEqualTo("Mobile");
        assertThat(f.at("/customfield_10030/id").asText()).matches("\\d+");
        assertThat(f.at("/customfield_10030/self").asText()).contains("/rest/api/3/customFieldOption/");
        assertThat(f.at("/customfield_10034/0/value").asText()).isEqualTo("iOS");
        assertThat(f.at("/customfield_10032/accountId").asText()).isEqualTo(FakeJira.DEFAULT_ACCOUNT_ID);
        assertThat(f.at("/customfield_10032/displayName").asText()).isEqualTo("Sync Bot");
        assertThat(f.at("/customfield_10016").asDouble()).isEqualTo(3.5);
        assertThat(f.get("customfield_10031")).hasSize(2);
        assertThat(edit("\"customfield_10030\":null").status()).isEqualTo(204);
        assertThat(http.get("/rest/api/3/issue/SYNC-1").json().at("/fields/customfield_10030").isNull()).isTrue();
    }

    @Test
    void givenAddAndRemoveOperationsOnMultiValueCustomFieldsThenTheyApplyAndAreValidated() {
        seedOne();
        assertThat(edit("\"customfield_10031\":[\"a\"],\"customfield_10034\":[{\"value\":\"iOS\"}]").status())
                .isEqualTo(204);

        Http.Response r = http.put("/rest/api/3/issue/SYNC-1", "{\"update\":{\"customfield_10031\":[{\"add\":\"b\"},"
                + "{\"remove\":\"a\"}],\"customfield_10034\":[{\"add\":{\"value\":\"Web\"}}]}}");

        assertThat(r.status()).as(r.body()).isEqualTo(204);
        JsonNode f = http.get("/rest/api/3/issue/SYNC-1").json().get("fields");
        assertThat(f.get("customfield_10031").toString()).isEqualTo("[\"b\"]");
        assertThat(f.get("customfield_10034").findValuesAsText("value")).containsExactly("iOS", "Web");
        refused(http.put("/rest/api/3/issue/SYNC-1", "{\"update\":{\"customfield_10034\":[{\"add\":{\"value\":"
                + "\"Symbian\"}}]}}"), "customfield_10034", "is not valid");
        refused(http.put("/rest/api/3/issue/SYNC-1", "{\"update\":{\"customfield_10016\":[{\"add\":1}]}}"),
                "customfield_10016", "does not support operation 'add'");
    }

    @Test
    void givenACustomFieldDeclaredOnTheBuilderWhenWrittenThenValidatedByItsType() {
        try (FakeJira custom = FakeJira.builder().withoutDefaultCustomFields()
                .customField("customfield_10100", FieldType.OPTION, "Severity", "S1", "S2").start()) {
            Http h = new Http(custom);
            String body = "{\"fields\":{\"project\":{\"key\":\"SYNC\"},\"issuetype\":{\"name\":\"Task\"},"
                    + "\"summary\":\"S\",\"customfield_10100\":{\"value\":\"S2\"}";
            assertThat(h.post("/rest/api/3/issue", body + "}}").status()).isEqualTo(201);
            refused(h.post("/rest/api/3/issue", body + ",\"customfield_10016\":1}}"), "customfield_10016",
                    "cannot be set");
        }
        assertThatThrownBy(() -> FakeJira.builder().customField("story", FieldType.NUMBER, "Story Points"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("customfield_");
        assertThatThrownBy(() -> FakeJira.builder().customField("customfield_1", FieldType.OPTION, "Team"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option values");
    }

    @Test
    void givenSimulatedEditsOfCustomFieldsThenSimpleValuesAreConvertedAndValidated() {
        seedOne();
        jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID, Map.of("customfield_10030", "Web",
                "customfield_10034", List.of("Android"), "customfield_10016", 8));
        JsonNode f = http.get("/rest/api/3/issue/SYNC-1").json().get("fields");
        assertThat(f.at("/customfield_10030/value").asText()).isEqualTo("Web");
        assertThat(f.at("/customfield_10034/0/value").asText()).isEqualTo("Android");
        assertThatThrownBy(() -> jira.simulateEdit("SYNC-1", FakeJira.DEFAULT_ACCOUNT_ID,
                Map.of("customfield_10016", "8"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a number");
    }

    @Test
    void givenATextNodeDirectlyUnderDocWhenWrittenThenRefused() {
        String doc = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}";
        refused(create(",\"description\":" + doc), "description", "a text node cannot be a child of doc");
    }

    @Test
    void givenMarksThatCannotCombineWhenWrittenThenRefused() {
        String doc = "{\"type\":\"doc\",\"version\":1,\"content\":[{\"type\":\"paragraph\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"x\",\"marks\":[{\"type\":\"strong\"},{\"type\":\"code\"}]}]}]}";
        refused(create(",\"description\":" + doc), "description", "code can only be combined with link");
    }

    @Test
    void givenOtherSchemaViolationsWhenWrittenThenRefusedAndValidDocumentsPass() {
        String p = "{\"type\":\"doc\",\"version\":1,\"content\":[%s]}";
        refused(create(",\"description\":" + String.format(p, "{\"type\":\"paragraph\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"\"}]}")), "description", "non-empty");
        refused(create(",\"description\":" + String.format(p, "{\"type\":\"bulletList\",\"content\":[{\"type\":"
                + "\"paragraph\"}]}")), "description", "paragraph node cannot be a child of bulletList");
        refused(create(",\"description\":" + String.format(p, "{\"type\":\"heading\",\"content\":[]}")),
                "description", "level");
        refused(create(",\"description\":" + String.format(p, "{\"type\":\"blink\"}")), "description",
                "a blink node cannot be a child of doc");
        String rich = String.format(p, "{\"type\":\"heading\",\"attrs\":{\"level\":2},\"content\":[{\"type\":\"text\","
                + "\"text\":\"T\",\"marks\":[{\"type\":\"strong\"},{\"type\":\"em\"}]}]},{\"type\":\"paragraph\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"c\",\"marks\":[{\"type\":\"code\"},{\"type\":\"link\","
                + "\"attrs\":{\"href\":\"https://x\"}}]},{\"type\":\"hardBreak\"}]},{\"type\":\"codeBlock\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"x=1\"}]},{\"type\":\"paragraph\"}");
        assertThat(create(",\"description\":" + rich).status()).isEqualTo(201);
    }

    @Test
    void givenAJsonBodyWithoutJsonContentTypeWhenSentThen415OrXsrf403() {
        seedOne();
        String body = String.format(CREATE, "");
        assertThat(http.sendAs("POST", "/rest/api/3/issue", body, null).status()).isEqualTo(415);
        assertThat(http.sendAs("POST", "/rest/api/3/issue", body, "application/xml").status()).isEqualTo(415);
        Http.Response form = http.sendAs("POST", "/rest/api/3/issue", body, "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(403);
        assertThat(form.body()).isEqualTo("XSRF check failed");
        assertThat(http.sendAs("POST", "/rest/api/3/issue", body, "text/plain").status()).isEqualTo(403);
        assertThat(http.sendAs("PUT", "/rest/api/3/issue/SYNC-1", "{\"fields\":{\"summary\":\"X\"}}", null).status())
                .isEqualTo(415);
        assertThat(http.sendAs("POST", "/rest/api/3/issue", body, "application/json; charset=UTF-8").status())
                .isEqualTo(201);
        assertThat(jira.issue("SYNC-1").orElseThrow().summary()).isEqualTo("One");
    }

    @Test
    void givenASummaryOver255OrADescriptionOverTheLimitWhenWrittenThenFieldErrors() {
        refused(http.post("/rest/api/3/issue", String.format(CREATE, "").replace("\"S\"", "\"" + "s".repeat(256) + "\"")),
                "summary", "255");
        seedOne();
        refused(edit("\"summary\":\"" + "s".repeat(300) + "\""), "summary", "255");
        refused(edit("\"description\":" + Http.adf("d".repeat(32_768))), "description", "32,767");
        assertThat(edit("\"summary\":\"" + "s".repeat(254) + "\"").status()).isEqualTo(204);
    }
}
