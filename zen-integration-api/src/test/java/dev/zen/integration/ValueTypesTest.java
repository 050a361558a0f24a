package dev.zen.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValueTypesTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void aNewLinkStartsActiveAtVersionZeroWithAnEmptyBase() {
        TaskSyncRecord record = TaskSyncRecord.link("t-1", "jira", "SYNC-1", SyncDirection.BIDIRECTIONAL, NOW);

        assertThat(record.status()).isEqualTo(SyncStatus.ACTIVE);
        assertThat(record.version()).isZero();
        assertThat(record.baseSnapshot()).isEmpty();
        assertThat(record.created()).isEqualTo(NOW);
    }

    @Test
    void aRecordRefusesAConflictOfAnotherTask() {
        TaskSyncRecord record = TaskSyncRecord.link("t-1", "jira", "SYNC-1", SyncDirection.PULL, NOW);
        ConflictRecord other = new ConflictRecord("c-1", "t-2", "jira", "SYNC-2", "title", null, "a", "b",
                null, null, NOW);

        assertThatThrownBy(() -> record.toBuilder().conflicts(List.of(other)).build())
                .hasMessageContaining("belongs to task t-2");
    }

    @Test
    void aRecordCopiesItsCollections() {
        List<PendingChange> pending = new ArrayList<>();
        TaskSyncRecord record = TaskSyncRecord.link("t-1", "jira", "SYNC-1", SyncDirection.PUSH, NOW)
                .toBuilder().pendingChanges(pending).build();
        pending.add(new PendingChange("p-1", Map.of("title", "x"), NOW, 0));

        assertThat(record.pendingChanges()).isEmpty();
        assertThatThrownBy(() -> record.baseSnapshot().put("a", "b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsWithEqualValuesAreEqual() {
        TaskSyncRecord a = TaskSyncRecord.link("t-1", "jira", "SYNC-1", SyncDirection.PUSH, NOW);
        TaskSyncRecord b = TaskSyncRecord.link("t-1", "jira", "SYNC-1", SyncDirection.PUSH, NOW);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toBuilder().version(1).build()).isNotEqualTo(a);
    }

    @Test
    void aSyncRequestDropsDuplicateIdsAndKeepsTheirOrder() {
        SyncRequest request = SyncRequest.of(List.of("b", "a", "b"), SyncDirection.PULL);

        assertThat(request.taskIds()).containsExactly("b", "a");
        assertThat(request.dryRun()).isFalse();
    }

    @Test
    void theDefaultRequestSyncsEveryLinkedTaskBothWays() {
        SyncRequest request = SyncRequest.builder().build();

        assertThat(request.taskIds()).isEmpty();
        assertThat(request.direction()).isEqualTo(SyncDirection.BIDIRECTIONAL);
    }

    @Test
    void aResultHasAnErrorExactlyWhenItFailed() {
        TaskSyncResult.ErrorInfo error = new TaskSyncResult.ErrorInfo(ErrorCode.NETWORK_ERROR, "down", true);

        assertThatThrownBy(() -> new TaskSyncResult("t-1", true, TaskSyncResult.Outcome.UPDATED, null, null, null,
                false, Optional.of(error))).hasMessageContaining("error exactly when");
        assertThat(TaskSyncResult.failed("t-1", "SYNC-1", error).success()).isFalse();
    }

    @Test
    void givenASucceededAndAFailedResultWhenTheirErrorsAreReadThenEachIsAnOptional() {
        TaskSyncResult.ErrorInfo error = new TaskSyncResult.ErrorInfo(ErrorCode.NETWORK_ERROR, "down", true);
        TaskSyncResult ok = new TaskSyncResult("t-1", true, TaskSyncResult.Outcome.UNCHANGED, "SYNC-1", List.of(),
                List.of(), false, Optional.empty());

        assertThat(ok.error()).isEmpty();
        assertThat(TaskSyncResult.failed("t-2", "SYNC-2", error).error()).contains(error);
        assertThatThrownBy(() -> new TaskSyncResult("t-1", true, TaskSyncResult.Outcome.UPDATED, null, List.of(),
                List.of(), false, null)).isInstanceOf(NullPointerException.class).hasMessageContaining("Optional.empty()");
    }

    @Test
    void theReportStatusFollowsItsRows() {
        TaskSyncResult ok = new TaskSyncResult("t-1", true, TaskSyncResult.Outcome.UNCHANGED, "SYNC-1", null, null,
                false, Optional.empty());
        TaskSyncResult bad = TaskSyncResult.failed("t-2", null,
                new TaskSyncResult.ErrorInfo(ErrorCode.NOT_FOUND, "gone", false));

        assertThat(SyncReport.statusOf(List.of(ok))).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(SyncReport.statusOf(List.of(ok, bad))).isEqualTo(SyncReport.Status.PARTIAL);
        assertThat(SyncReport.statusOf(List.of(bad))).isEqualTo(SyncReport.Status.FAILED);
    }

    @Test
    void aReportCannotFinishBeforeItStarted() {
        assertThatThrownBy(() -> new SyncReport("s-1", SyncReport.Status.COMPLETED, false, NOW,
                NOW.minusSeconds(1), List.of())).hasMessageContaining("before started");
    }

    @Test
    void theSyncDirectionsCombineByNarrowing() {
        assertThat(SyncDirection.BIDIRECTIONAL.restrictTo(SyncDirection.PULL)).isEqualTo(SyncDirection.PULL);
        assertThat(SyncDirection.PUSH.restrictTo(SyncDirection.BIDIRECTIONAL)).isEqualTo(SyncDirection.PUSH);
        assertThat(SyncDirection.PUSH.restrictTo(SyncDirection.PULL)).isNull();
    }

    @Test
    void aMergedValueIsOnlyAllowedWithAMergedResolution() {
        assertThatThrownBy(() -> new ConflictResolution(ConflictResolution.Choice.LOCAL, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ConflictResolution.merged("x").mergedValue()).isEqualTo("x");
    }

    @Test
    void anExternalItemIsReadThroughDotPathsAndIsDeeplyImmutable() {
        ExternalItem item = new ExternalItem("jira", "10042", "SYNC-7", null,
                Map.of("status", Map.of("name", "Done"), "labels", List.of("a")), NOW, null);

        assertThat(item.field("status.name")).contains("Done");
        assertThat(item.field("status.missing")).isEmpty();
        assertThat(item.field("labels.name")).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) item.fields().get("status");
        assertThatThrownBy(() -> status.put("name", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anExternalItemRefusesValuesThatAreNotJson() {
        assertThatThrownBy(() -> new ExternalItem("jira", "1", null, null, Map.of("when", NOW), null, null))
                .hasMessageContaining("not a JSON value");
    }

    @Test
    void aFieldMappingRefusesAPathThatIsNotADotPath() {
        assertThatThrownBy(() -> FieldMapping.of("status", "status..name"))
                .isInstanceOfSatisfying(IntegrationException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
                    assertThat(e.details()).containsEntry("key", "field_mapping.status");
                })
                .hasMessageContaining("not a dot path");
        assertThatThrownBy(() -> FieldMapping.of("status")).isInstanceOf(IntegrationException.class)
                .hasMessageContaining("takes pairs");
        assertThat(FieldMapping.of("status", "status.name").overriddenBy(Map.of("status", "status.id"))
                .externalPath("status")).contains("status.id");
    }

    @Test
    void anExceptionTakesItsRetryabilityFromItsCodeUnlessToldOtherwise() {
        assertThat(IntegrationException.of(ErrorCode.RATE_LIMITED, "slow down").retryable()).isTrue();
        assertThat(IntegrationException.of(ErrorCode.INVALID_DATA, "bad").retryable()).isFalse();
        assertThat(IntegrationException.builder(ErrorCode.NETWORK_ERROR, "400").retryable(false).build().retryable())
                .isFalse();
    }

    @Test
    void anExceptionKeepsItsContextWhenRebuilt() {
        IntegrationException e = IntegrationException.builder(ErrorCode.RATE_LIMITED, "slow down")
                .provider("jira").retryAfter(Duration.ofSeconds(5)).detail("http_status", "429").build();

        IntegrationException withTask = e.toBuilder().taskId("t-1").build();

        assertThat(withTask.provider()).contains("jira");
        assertThat(withTask.taskId()).contains("t-1");
        assertThat(withTask.retryAfter()).contains(Duration.ofSeconds(5));
        assertThat(withTask.details()).containsEntry("http_status", "429");
        assertThat(withTask).hasToString(
                "IntegrationException[RATE_LIMITED] slow down (provider=jira) (task=t-1) (retry after PT5S)");
    }

    @Test
    void aCredentialNeverShowsItsSecret() {
        var credential = dev.zen.integration.spi.Credential.basic("bot@example.com", "s3cr3t-token");

        assertThat(credential.toString()).doesNotContain("s3cr3t-token").contains("***");
        assertThat(credential.authorizationHeader()).startsWith("Basic ");
    }

    @Test
    void aCredentialBoundToOriginsKeepsThemNormalisedAndRefusesAnythingButAnOrigin() {
        var credential = dev.zen.integration.spi.Credential.bearer("t").boundTo("HTTPS://Acme.Atlassian.net/",
                "http://127.0.0.1:8080");

        assertThat(credential.origins()).containsExactly("https://acme.atlassian.net", "http://127.0.0.1:8080");
        assertThat(credential.toString()).contains("origins=[https://acme.atlassian.net");
        for (String bad : new String[] {"https://bot:pw@acme.net", "https://acme.net/rest", "ftp://acme.net", "acme"}) {
            assertThatThrownBy(() -> credential.boundTo(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an origin").hasMessageNotContaining("pw");
        }
    }
}
