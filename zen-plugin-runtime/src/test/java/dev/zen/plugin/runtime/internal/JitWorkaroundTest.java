package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the registry asks for the JVM flags that keep Java 17's JIT away from Chicory's unsigned comparisons. */
class JitWorkaroundTest {
    @Test
    void givenJava17WithoutTheFlagsWhenCheckedThenTheyAreMissing() {
        assertThat(JitWorkaround.missing(17, List.of("-Xmx1g"))).isTrue();
    }

    @Test
    void givenJava17WithTheFlagsWhenCheckedThenNothingIsMissing() {
        List<String> args = Arrays.asList(JitWorkaround.FLAGS.split(" "));

        assertThat(JitWorkaround.missing(17, args)).isFalse();
    }

    @Test
    void givenJava17WithOnlySomeOfTheFlagsWhenCheckedThenTheyAreMissing() {
        assertThat(JitWorkaround.missing(17,
                List.of("-XX:CompileCommand=dontinline,com/dylibso/chicory/runtime/OpcodeImpl.I32_GE_U"))).isTrue();
    }

    @Test
    void givenJava17WithTheSlowerExcludeFlagsWhenCheckedThenNothingIsMissing() {
        List<String> args = Arrays.asList(JitWorkaround.FLAGS.replace("dontinline,", "exclude,").split(" "));

        assertThat(JitWorkaround.missing(17, args)).isFalse();
    }

    @Test
    void givenJava21WhenCheckedThenNoFlagsAreNeeded() {
        assertThat(JitWorkaround.missing(21, List.of())).isFalse();
    }
}
