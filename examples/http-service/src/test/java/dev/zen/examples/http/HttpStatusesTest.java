package dev.zen.examples.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.ErrorCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Which HTTP status each library error code gets. */
class HttpStatusesTest {
    @ParameterizedTest
    @CsvSource({"INVALID_DATA,400", "NOT_FOUND,404", "SYNC_CONFLICT,409", "AUTH_FAILED,502", "NETWORK_ERROR,502",
            "RATE_LIMITED,503", "PROVIDER_UNAVAILABLE,503", "LOCK_TIMEOUT,503", "CONFIG_ERROR,500", "STORAGE_ERROR,500",
            "INTERRUPTED,500", "INTERNAL_ERROR,500"})
    void givenACodeWhenMappedThenItsStatus(ErrorCode code, int status) {
        assertThat(HttpStatuses.of(code)).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void givenAnyCodeWhenMappedThenAnErrorStatusThatIsServerSideExactlyWhenTheClientCannotFixIt(ErrorCode code) {
        int status = HttpStatuses.of(code);
        boolean clientsFault = code == ErrorCode.INVALID_DATA || code == ErrorCode.NOT_FOUND
                || code == ErrorCode.SYNC_CONFLICT;

        assertThat(status).isBetween(400, 599);
        assertThat(status < 500).isEqualTo(clientsFault);
    }
}
