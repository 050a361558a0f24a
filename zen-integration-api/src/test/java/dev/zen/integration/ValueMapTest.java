package dev.zen.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** ValueMap and UnmappedPolicy: lookups both ways, the derived remote policy, and CONFIG_ERRORs naming the key. */
class ValueMapTest {
    private static void configError(Runnable r, String key, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(IntegrationException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_ERROR);
            assertThat(e.details()).containsEntry("key", key);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void givenAMapWhenLookedUpThenWriteBackThenTheOneSourceThenCaseThenCategoryDecide() {
        ValueMap m = ValueMap.builder().value("Doing", "In Progress").value("Blocked", "In Progress")
                .value("Done", "Done").writeBack("In Progress", "Doing").writeBack("category:done", "Done").build();

        assertThat(m.toExternal("Blocked")).contains("In Progress");
        assertThat(m.toExternal("Waiting")).isEmpty();
        assertThat(m.toZen("In Progress", null)).contains("Doing");
        assertThat(m.toZen("DONE", null)).contains("Done");
        assertThat(m.toZen("Resolved", "Done")).contains("Done");
        assertThat(m.toZen("Resolved", "indeterminate")).isEmpty();
        assertThat(m.toZen("Resolved", null)).isEmpty();
    }

    @Test
    void givenADefaultThatReadsBackWhenNoRemotePolicyThenUnmappedExternalValuesReadAsItsZenValue() {
        ValueMap m = ValueMap.builder().value("P3", "Medium").unmapped(UnmappedPolicy.defaultTo("Medium")).build();

        assertThat(m.remotePolicy()).isEqualTo(UnmappedPolicy.defaultTo("P3"));
        assertThat(ValueMap.builder().unmapped(UnmappedPolicy.skip()).build().remotePolicy())
                .isEqualTo(UnmappedPolicy.skip());
        assertThat(ValueMap.of("a", "b").remotePolicy()).isEqualTo(UnmappedPolicy.keep());
    }

    @Test
    void givenBadMapsWhenBuiltThenConfigErrorsNameTheKey() {
        configError(() -> ValueMap.of("Doing", "In Progress", "Blocked", "In Progress"), "write_back",
                "say which one it reads back as");
        configError(() -> ValueMap.builder().unmapped(UnmappedPolicy.defaultTo("Nowhere")).build(), "unmapped_remote",
                "does not read back");
        configError(() -> ValueMap.of("Doing"), "values", "takes pairs");
        configError(() -> ValueMap.of("Doing", " "), "values.Doing", "must not be blank");
    }

    @Test
    void givenPolicyWordsWhenParsedThenKnownOnesAreAcceptedAndOthersNamed() {
        assertThat(UnmappedPolicy.parse(" FAIL ")).isEqualTo(UnmappedPolicy.fail());
        assertThat(UnmappedPolicy.parse("keep")).isEqualTo(UnmappedPolicy.keep());
        assertThat(UnmappedPolicy.defaultTo("X")).hasToString("{default: X}");
        configError(() -> UnmappedPolicy.parse("ignore"), "unmapped", "accepted: keep, skip, fail or {default: VALUE}");
        configError(() -> UnmappedPolicy.defaultTo(" "), "unmapped", "needs a non-blank value");
        configError(() -> new UnmappedPolicy(UnmappedPolicy.Kind.SKIP, "x"), "unmapped", "only the default policy");
    }
}
