package dev.zen.integration.core.credentials;

import com.sun.net.httpserver.HttpServer;
import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.spi.Credential;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuth2RefreshFlowTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private HttpServer server;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String response = "{\"access_token\":\"new-access\",\"refresh_token\":\"rotated\","
            + "\"expires_in\":3600,\"token_type\":\"Bearer\"}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth/token", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] out = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OAuth2RefreshFlow.Builder flow() {
        return OAuth2RefreshFlow.builder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token"))
                .clientId("app").clientSecret("app-secret").clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Credential expired() {
        return new Credential(Credential.Type.BEARER, null, "old-access", "old-refresh", NOW.minusSeconds(5));
    }

    @Test
    void theRefreshTokenIsExchangedForANewAccessTokenAndRotatedRefreshToken() {
        Credential fresh = flow().build().refresh(expired());

        assertThat(fresh.secret()).isEqualTo("new-access");
        assertThat(fresh.refreshToken()).isEqualTo("rotated");
        assertThat(fresh.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        assertThat(contentTypes).containsExactly("application/x-www-form-urlencoded");
        assertThat(bodies.get(0)).contains("grant_type=refresh_token", "refresh_token=old-refresh",
                "client_id=app", "client_secret=app-secret");
    }

    @Test
    void aRefreshedTokenKeepsTheOriginBindingOfTheOneItReplaces() {
        Credential bound = expired().boundTo("https://acme.atlassian.net");

        assertThat(flow().build().refresh(bound).origins()).containsExactly("https://acme.atlassian.net");
    }

    @Test
    void aServerThatDoesNotRotateKeepsTheOldRefreshToken() {
        response = "{\"access_token\":\"new-access\",\"expires_in\":60}";

        assertThat(flow().build().refresh(expired()).refreshToken()).isEqualTo("old-refresh");
    }

    @Test
    void jsonBodyModeSendsJson() {
        flow().jsonBody(true).build().refresh(expired());

        assertThat(contentTypes).containsExactly("application/json");
        assertThat(bodies.get(0)).contains("\"grant_type\":\"refresh_token\"", "\"refresh_token\":\"old-refresh\"");
    }

    @Test
    void aRejectedRefreshTokenIsAuthFailedWithoutShowingTokens() {
        status = 400;
        response = "{\"error\":\"invalid_grant\",\"error_description\":\"Unknown or invalid refresh token.\"}";

        assertThatThrownBy(() -> flow().build().refresh(expired()))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED))
                .hasMessageContaining("invalid_grant")
                .hasMessageNotContaining("old-refresh")
                .hasMessageNotContaining("app-secret");
    }

    @Test
    void aServerErrorIsARetryableNetworkError() {
        status = 503;
        response = "unavailable";

        assertThatThrownBy(() -> flow().build().refresh(expired()))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NETWORK_ERROR);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void anEncryptedStoreWithAFlowKeepsTheRotatedRefreshToken(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path key = dir.resolve("k");
        EncryptedFileCredentialStore.generateKeyFile(key);
        EncryptedFileCredentialStore store = EncryptedFileCredentialStore.builder(dir.resolve("s.enc")).keyFile(key)
                .refreshWith("jira", flow().build()).build();
        store.put("jira", expired());
        CredentialResolver resolver = CredentialResolver.builder().provider(store).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();

        String result = resolver.withCredential("jira", c -> {
            if (c.secret().equals("old-access")) throw IntegrationException.of(ErrorCode.AUTH_FAILED, "401");
            return c.secret();
        });

        assertThat(result).isEqualTo("new-access");
        assertThat(store.resolve("jira").orElseThrow().refreshToken()).isEqualTo("rotated");
    }

    @Test
    void aPlainHttpEndpointOffLoopbackIsRefused() {
        assertThatThrownBy(() -> OAuth2RefreshFlow.builder(URI.create("http://auth.example.com/oauth/token")))
                .hasMessageContaining("https");
    }

    @Test
    void theFlowsToStringHidesTheClientSecret() {
        assertThat(flow().build().toString()).doesNotContain("app-secret");
    }
}
