package dev.zen.integration.core.config;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code comments} and {@code comment_deletions}: per provider, which way comments are copied. */
class CommentsConfigTest {
    @TempDir
    Path dir;

    private IntegrationConfig load(String providerYaml, Map<String, String> env) throws IOException {
        Path ws = dir.resolve("ws");
        Files.createDirectories(ws.resolve(".zen"));
        Files.writeString(ws.resolve(".zen/config.yaml"), "integrations:\n  providers:\n    jira:\n" + providerYaml);
        return ConfigLoader.builder(ws).home(dir.resolve("home")).environment(env).build().load();
    }

    @Test
    void givenNoCommentsKeyWhenLoadedThenCommentsAreOffAndDeletionsKept() throws IOException {
        ProviderConfig jira = load("      project_key: SYNC\n", Map.of()).provider("jira").orElseThrow();

        assertThat(jira.comments()).isEqualTo(CommentSync.OFF);
        assertThat(jira.commentDeletions()).isEqualTo(CommentDeletions.KEEP);
    }

    @Test
    void givenEachCommentsValueInYamlWhenLoadedThenItIsBound() throws IOException {
        for (CommentSync c : CommentSync.values()) {
            ProviderConfig jira = load("      comments: " + c.yamlName() + "\n      comment_deletions: propagate\n",
                    Map.of()).provider("jira").orElseThrow();
            assertThat(jira.comments()).isEqualTo(c);
            assertThat(jira.commentDeletions()).isEqualTo(CommentDeletions.PROPAGATE);
        }
    }

    @Test
    void givenCommentsInAnEnvironmentVariableWhenLoadedThenItWins() throws IOException {
        ProviderConfig jira = load("      comments: pull\n", Map.of("ZEN_INTEGRATIONS_PROVIDERS_JIRA_COMMENTS", "both"))
                .provider("jira").orElseThrow();

        assertThat(jira.comments()).isEqualTo(CommentSync.BOTH);
        assertThat(jira.comments().pulls()).isTrue();
        assertThat(jira.comments().pushes()).isTrue();
    }

    @Test
    void givenAnUnknownCommentsValueWhenLoadedThenConfigErrorNamesTheKeyAndTheValues() {
        assertThatThrownBy(() -> load("      comments: sideways\n", Map.of()))
                .isInstanceOfSatisfying(IntegrationException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR))
                .hasMessageContaining("integrations.providers.jira.comments")
                .hasMessageContaining("off, pull, push, both");
    }

    @Test
    void givenTheBuilderWhenCommentsSetThenToBuilderKeepsThemAndTheOldConstructorDefaultsToOff() {
        ProviderConfig p = ProviderConfig.builder("github").comments(CommentSync.PUSH)
                .commentDeletions(CommentDeletions.PROPAGATE).build();
        ProviderConfig copy = p.toBuilder().build();
        ProviderConfig old = new ProviderConfig(p.name(), p.plugin(), p.enabled(), p.serverUrl(), p.projectKey(),
                p.authType(), p.credentialsRef(), p.fieldMapping(), p.syncDirection(), p.conflictStrategy(),
                p.fieldConflictStrategies(), p.fieldDirections(), p.settings(), p.resilience(), p.credentialOrigins());

        assertThat(copy.comments()).isEqualTo(CommentSync.PUSH);
        assertThat(copy.commentDeletions()).isEqualTo(CommentDeletions.PROPAGATE);
        assertThat(old.comments()).isEqualTo(CommentSync.OFF);
    }
}
