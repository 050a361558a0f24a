package dev.zen.plugin.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.zen.integration.plugin.Plugin;
import dev.zen.integration.plugin.PluginConfig;
import dev.zen.integration.plugin.PluginOperation;
import dev.zen.integration.spi.Credential;
import dev.zen.integration.spi.CredentialProvider;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server the plugin may call echoes the credential the host injected, re-encoded so that an exact-substring
 * redaction misses it; the plugin must still see only {@code [REDACTED]}.
 */
class RedactionAttacksTest {
    /** A bearer token with characters that JSON, URL and Base64 treat specially. */
    static final String SECRET = "s3cr3t/Api+Token=4711~x";
    static final ObjectMapper JSON = new ObjectMapper();

    /** How the server re-encodes the token, and how the plugin would try to decode what it got. */
    enum Echo {
        JSON_ESCAPED_SLASHES(v -> v.replace("/", "\\/"), RedactionAttacksTest::jsonDecodes),
        JSON_UNICODE_EVERY_CHAR(v -> jsonUnicode(v, c -> true, "\\u%04X"), RedactionAttacksTest::jsonDecodes),
        JSON_UNICODE_SOME_CHARS_LOWER_CASE(v -> jsonUnicode(v, c -> c % 2 == 0, "\\u%04x"),
                RedactionAttacksTest::jsonDecodes),
        URL_ENCODED_UPPER_HEX(v -> URLEncoder.encode(v, StandardCharsets.UTF_8), RedactionAttacksTest::urlDecodes),
        URL_ENCODED_LOWER_HEX(v -> Pattern.compile("%[0-9A-F]{2}").matcher(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .replaceAll(m -> m.group().toLowerCase(Locale.ROOT)), RedactionAttacksTest::urlDecodes),
        URL_ENCODED_EVERY_BYTE(v -> percentAll(v), RedactionAttacksTest::urlDecodes),
        UTF16_LITTLE_ENDIAN(v -> new String(v.getBytes(StandardCharsets.UTF_16LE), StandardCharsets.ISO_8859_1),
                RedactionAttacksTest::utf16Decodes),
        UTF16_BIG_ENDIAN(v -> new String(v.getBytes(StandardCharsets.UTF_16BE), StandardCharsets.ISO_8859_1),
                RedactionAttacksTest::utf16Decodes),
        UTF16_AS_JSON_UNICODE(v -> jsonUnicode(new String(v.getBytes(StandardCharsets.UTF_16LE),
                StandardCharsets.ISO_8859_1), c -> true, "\\u%04x"), RedactionAttacksTest::jsonDecodes),
        BASE64_ALIGNED(v -> base64(Base64.getEncoder(), "", v), RedactionAttacksTest::base64Decodes),
        BASE64_ONE_BYTE_IN_A_BLOB(v -> base64(Base64.getEncoder(), "{", v), RedactionAttacksTest::base64Decodes),
        BASE64_TWO_BYTES_IN_A_BLOB(v -> base64(Base64.getEncoder(), "{\"", v), RedactionAttacksTest::base64Decodes),
        BASE64_URL_SAFE_UNPADDED(v -> base64(Base64.getUrlEncoder().withoutPadding(), "", v),
                RedactionAttacksTest::base64Decodes),
        BASE64_URL_SAFE_ONE_BYTE_IN_A_BLOB(v -> base64(Base64.getUrlEncoder().withoutPadding(), "a", v),
                RedactionAttacksTest::base64Decodes),
        BASE64_URL_SAFE_TWO_BYTES_IN_A_BLOB(v -> base64(Base64.getUrlEncoder(), "ab", v),
                RedactionAttacksTest::base64Decodes),
        BASE64_WITH_JSON_ESCAPED_SLASHES(v -> base64(Base64.getEncoder(), "??", v).replace("/", "\\/"),
                v -> base64Decodes(v.replace("\\/", "/"))),
        HEX_LOWER_CASE(v -> HexFormat.of().formatHex(v.getBytes(StandardCharsets.UTF_8)),
                RedactionAttacksTest::hexDecodes),
        HEX_UPPER_CASE(v -> HexFormat.of().withUpperCase().formatHex(v.getBytes(StandardCharsets.UTF_8)),
                RedactionAttacksTest::hexDecodes);

        final Function<String, String> encode;
        final Predicate<String> revealsSecret;

        Echo(Function<String, String> encode, Predicate<String> revealsSecret) {
            this.encode = encode;
            this.revealsSecret = revealsSecret;
        }
    }

    @TempDir Path root;
    FakeServer server;
    WasmPluginRegistry registry;

    @BeforeEach
    void setUp() {
        server = new FakeServer();
        // /reflect/<ECHO>: the received Authorization header, or its token, re-encoded in the body and a header
        server.server.createContext("/reflect/", this::reflect);
        TestPlugins.manifest("host").permissions("http", "http_auth", "config_read", "log", "clock")
                .schema("  server_url: {type: string, required: true}\n")
                .write(root, Wat.plugin(HostFunctionsTest.IMPORTS, HostFunctionsTest.BODY));
        LogCapture.clear();
    }

    @AfterEach
    void tearDown() {
        if (registry != null) registry.close();
        server.close();
    }

    private void reflect(HttpExchange ex) throws IOException {
        String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        String[] path = ex.getRequestURI().getPath().split("/");
        Echo echo = Echo.valueOf(path[2]);
        String what = path[3];
        String value = switch (what) {
            case "header" -> auth;
            case "token" -> auth.substring(auth.indexOf(' ') + 1);
            default -> new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2)[1]; // "password": what the server decoded from Basic credentials
        };
        String encoded = echo.encode.apply(value);
        byte[] body = ("{\"note\":\"you sent\",\"seen\":\"" + encoded + "\",\"more\":42}")
                .getBytes(StandardCharsets.ISO_8859_1);
        ex.getResponseHeaders().add("X-Echo", encoded.replace("\0", ""));
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private Plugin open(Credential credential) {
        CredentialProvider provider = ref -> ref.equals("jira-bot") ? Optional.of(credential) : Optional.empty();
        registry = TestPlugins.registry(root).credentialProvider(provider).maxHttpResponseBytes(1 << 20).build();
        return registry.open(PluginConfig.builder("host").setting("server_url", server.url())
                .credentialsRef("jira-bot").build());
    }

    private JsonNode fetch(Plugin p, String path) throws IOException {
        String request = "{\"method\":\"GET\",\"url\":\"" + server.url() + path + "\",\"headers\":{}}";
        return JSON.readTree(p.call(PluginOperation.CREATE_TASK, request));
    }

    @ParameterizedTest
    @EnumSource(Echo.class)
    void givenAServerEchoingTheBearerTokenReEncodedWhenThePluginReadsTheResponseThenItSeesOnlyRedacted(Echo echo)
            throws IOException {
        Plugin p = open(Credential.bearer(SECRET));

        JsonNode r = fetch(p, "/reflect/" + echo.name() + "/token");

        String body = r.get("body").asText();
        assertThat(body).as("the attack reached the plugin").contains("you sent").contains("[REDACTED]");
        assertThat(echo.revealsSecret.test(body)).as("the secret can be decoded from " + body).isFalse();
        String header = r.at("/headers/x-echo").asText();
        assertThat(header).contains("[REDACTED]");
        assertThat(echo.revealsSecret.test(header)).as("the secret can be decoded from " + header).isFalse();
    }

    @Test
    void givenTheTokenRotatedBetweenRequestsWhenTheServerEchoesTheNewOneThenThePluginSeesOnlyRedacted()
            throws IOException {
        String rotated = "n3w-T0ken/after+rotation=42";
        AtomicReference<Credential> current = new AtomicReference<>(Credential.bearer(SECRET));
        CredentialProvider provider = ref -> ref.equals("jira-bot") ? Optional.of(current.get()) : Optional.empty();
        registry = TestPlugins.registry(root).credentialProvider(provider).maxHttpResponseBytes(1 << 20).build();
        Plugin p = registry.open(PluginConfig.builder("host").setting("server_url", server.url())
                .credentialsRef("jira-bot").build());

        String before = fetch(p, "/reflect/JSON_ESCAPED_SLASHES/token").get("body").asText();
        current.set(Credential.bearer(rotated));
        String after = fetch(p, "/reflect/JSON_ESCAPED_SLASHES/token").get("body").asText();

        assertThat(before).contains("[REDACTED]").doesNotContain("s3cr3t");
        assertThat(after).as("the rotated token is scrubbed too").contains("[REDACTED]").doesNotContain("n3w-T0ken");
    }

    @ParameterizedTest
    @EnumSource(value = Echo.class, names = {"JSON_UNICODE_EVERY_CHAR", "URL_ENCODED_EVERY_BYTE", "UTF16_BIG_ENDIAN",
        "BASE64_TWO_BYTES_IN_A_BLOB", "HEX_UPPER_CASE"})
    void givenAServerEchoingTheWholeBasicHeaderOrThePasswordReEncodedWhenReadThenThePluginSeesOnlyRedacted(
            Echo echo) throws IOException {
        Plugin p = open(Credential.basic("bot@acme.test", SECRET));
        String basic = Base64.getEncoder().encodeToString(("bot@acme.test:" + SECRET).getBytes(StandardCharsets.UTF_8));

        String header = fetch(p, "/reflect/" + echo.name() + "/header").get("body").asText();
        String password = fetch(p, "/reflect/" + echo.name() + "/password").get("body").asText();

        assertThat(header).contains("[REDACTED]");
        assertThat(echo.revealsSecret.test(header)).isFalse();
        assertThat(jsonDecodes(header) || urlDecodes(header) || header.contains(basic)).isFalse();
        assertThat(password).contains("[REDACTED]");
        assertThat(echo.revealsSecret.test(password)).isFalse();
    }

    @Test
    void givenThePluginLogsAUrlEncodedEchoOfTheTokenWhenLoggedThenTheLogLineIsRedacted() throws IOException {
        Plugin p = open(Credential.bearer(SECRET));
        String leaked = Echo.URL_ENCODED_LOWER_HEX.encode.apply(SECRET);

        fetch(p, "/reflect/URL_ENCODED_UPPER_HEX/token");
        p.call(PluginOperation.UPDATE_TASK, "the server said " + leaked);

        assertThat(LogCapture.events("dev.zen.plugin.host")).singleElement().satisfies(e ->
                assertThat(e.message()).isEqualTo("the server said [REDACTED]"));
    }

    // ---- what a plugin would do to recover the secret ------------------------------------------------------

    static boolean jsonDecodes(String text) {
        try {
            return JSON.readTree("\"" + text.replace("\"", "'") + "\"").asText().replace("\0", "").contains(SECRET);
        } catch (IOException e) {
            return text.contains(SECRET);
        }
    }

    static boolean urlDecodes(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8).contains(SECRET);
        } catch (IllegalArgumentException e) {
            return text.contains(SECRET);
        }
    }

    static boolean utf16Decodes(String text) {
        return text.replace("\0", "").contains(SECRET);
    }

    /** Whether any piece between two masks decodes (at any of the 4 character offsets) to the secret. */
    static boolean base64Decodes(String text) {
        for (String piece : text.split("\\[REDACTED]")) {
            String alphabet = piece.replaceAll("[^A-Za-z0-9+/_-]", "").replace('-', '+').replace('_', '/');
            for (int off = 0; off < 4 && off < alphabet.length(); off++) {
                String s = alphabet.substring(off);
                s = s.substring(0, s.length() - s.length() % 4);
                String decoded = new String(Base64.getDecoder().decode(s), StandardCharsets.ISO_8859_1);
                if (decoded.contains(SECRET)) return true;
            }
        }
        return false;
    }

    static boolean hexDecodes(String text) {
        for (String piece : text.split("\\[REDACTED]")) {
            String digits = piece.replaceAll("[^0-9A-Fa-f]", "");
            for (int off = 0; off < 2 && off < digits.length(); off++) {
                String s = digits.substring(off);
                s = s.substring(0, s.length() - s.length() % 2);
                String decoded = new String(HexFormat.of().parseHex(s), StandardCharsets.ISO_8859_1);
                if (decoded.contains(SECRET)) return true;
            }
        }
        return false;
    }

    private static String jsonUnicode(String v, Predicate<Integer> which, String format) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            b.append(which.test(i) ? String.format(format, (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static String percentAll(String v) {
        StringBuilder b = new StringBuilder();
        for (byte x : v.getBytes(StandardCharsets.UTF_8)) b.append(String.format("%%%02x", x & 0xff));
        return b.toString();
    }

    private static String base64(Base64.Encoder e, String prefix, String v) {
        return e.encodeToString((prefix + v + "\",\"n\":1}").getBytes(StandardCharsets.UTF_8));
    }
}
