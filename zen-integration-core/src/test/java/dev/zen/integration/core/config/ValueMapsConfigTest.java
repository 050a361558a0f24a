package dev.zen.integration.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;
import dev.zen.integration.UnmappedPolicy;
import dev.zen.integration.ValueMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code integrations.providers.<name>.value_maps}: read from YAML, built in code, and refused with the key named. */
class ValueMapsConfigTest {
    @TempDir Path dir;

    private IntegrationConfig load(String valueMaps) throws IOException {
        Path file = dir.resolve(".zen/config.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                integrations:
                  providers:
                    jira:
                      server_url: https://acme.atlassian.net
                      value_maps:
                """ + valueMaps.indent(8));
        return ConfigLoader.builder(dir).home(dir.resolve("home")).environment(Map.of()).build().load();
    }

    private void refused(String valueMaps, String key, String message) {
        assertThatThrownBy(() -> load(valueMaps)).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.details()).containsEntry("key", key);
            assertThat(e.getMessage()).startsWith(key + ":").contains(message);
        });
    }

    @Test
    void givenEveryKeyOfAValueMapWhenLoadedThenTheProviderHasIt() throws IOException {
        IntegrationConfig config = load("""
                status:
                  values: {Backlog: To Do, Doing: In Progress, Blocked: In Progress}
                  write_back: {In Progress: Doing, "category:done": Done}
                  unmapped: {default: To Do}
                  unmapped_remote: skip
                assignee:
                  values: {bot: 5b10ac8d82e05b22cc7d4ef5}
                  unmapped: FAIL
                  user_directory: true
                """);

        Map<String, ValueMap> maps = config.provider("jira").orElseThrow().valueMaps();
        assertThat(maps.get("status")).isEqualTo(ValueMap.builder().value("Backlog", "To Do")
                .value("Doing", "In Progress").value("Blocked", "In Progress").writeBack("In Progress", "Doing")
                .writeBack("category:done", "Done").unmapped(UnmappedPolicy.defaultTo("To Do"))
                .unmappedRemote(UnmappedPolicy.skip()).build());
        assertThat(maps.get("assignee").unmapped()).isEqualTo(UnmappedPolicy.fail());
        assertThat(maps.get("assignee").userDirectory()).isTrue();
        assertThat(maps.get("status").toZen("in progress", null)).contains("Doing");
        assertThat(maps.get("status").toZen("Closed", "done")).contains("Done");
        assertThat(maps.get("status").toZen("Closed", null)).isEmpty();
        assertThat(maps.get("status").remotePolicy()).isEqualTo(UnmappedPolicy.skip());
    }

    @Test
    void givenTwoZenValuesForOneExternalValueWithoutWriteBackWhenLoadedThenTheWriteBackKeyIsNamed() {
        refused("""
                status:
                  values: {Doing: In Progress, Blocked: In Progress}
                """, "integrations.providers.jira.value_maps.status.write_back", "[Doing, Blocked]");
    }

    @Test
    void givenAnUnknownPolicyWhenLoadedThenItsKeyAndTheAcceptedPoliciesAreNamed() {
        refused("""
                status:
                  unmapped: ignore
                """, "integrations.providers.jira.value_maps.status.unmapped", "keep, skip, fail or {default: VALUE}");
        refused("""
                status:
                  unmapped: {fallback: To Do}
                """, "integrations.providers.jira.value_maps.status.unmapped", "keep, skip, fail or {default: VALUE}");
    }

    @Test
    void givenAnUnknownKeyInAValueMapWhenLoadedThenItIsNamed() {
        refused("""
                status:
                  value: {Doing: In Progress}
                """, "integrations.providers.jira.value_maps.status.value", "accepted keys under");
    }

    @Test
    void givenSkipForLabelsWhenLoadedThenItIsRefusedBecauseLabelsWouldReadBackRemoved() {
        refused("""
                labels:
                  values: {bug: defect}
                  unmapped: skip
                """, "integrations.providers.jira.value_maps.labels.unmapped", "reads back as removed");
    }

    @Test
    void givenADefaultThatDoesNotReadBackWhenLoadedThenUnmappedRemoteIsAskedFor() {
        refused("""
                status:
                  values: {Doing: In Progress}
                  unmapped: {default: To Do}
                """, "integrations.providers.jira.value_maps.status.unmapped_remote", "set unmapped_remote");
    }

    @Test
    void givenABlankValueWhenLoadedThenItsKeyIsNamed() {
        refused("""
                status:
                  values: {Doing: ""}
                """, "integrations.providers.jira.value_maps.status.values.Doing", "must not be blank");
    }

    @Test
    void givenAValueMapInCodeWhenCopiedThroughTheBuilderThenItIsKept() {
        ProviderConfig p = ProviderConfig.builder("jira").valueMap("status", ValueMap.of("Doing", "In Progress"))
                .build();

        assertThat(p.toBuilder().build().valueMaps()).isEqualTo(p.valueMaps());
        assertThat(p.valueMaps().get("status").toExternal("Doing")).contains("In Progress");
        assertThat(ProviderConfig.builder("jira").build().valueMaps()).isEmpty();
    }
}
