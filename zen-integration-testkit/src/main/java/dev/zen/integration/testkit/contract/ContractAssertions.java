package dev.zen.integration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zen.integration.ErrorCode;
import dev.zen.integration.IntegrationException;

/** The one assertion the contracts share: an action fails with a given error code. */
final class ContractAssertions {
    private ContractAssertions() {}

    static void assertCode(Runnable r, ErrorCode code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(IntegrationException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }
}
