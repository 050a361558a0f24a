package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The order behind minimumVersion: numeric parts as numbers, a pre-release before its release. */
class SemanticVersionTest {
    private static SemanticVersion v(String text) {
        return SemanticVersion.parse(text).orElseThrow();
    }

    @Test
    void givenVersionsInSemVerPrecedenceOrderWhenSortedThenTheOrderIsKept() {
        List<String> ordered = List.of("0.9.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0",
                "10.0.0");

        List<String> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(14));

        List<String> sorted = shuffled.stream().map(SemanticVersionTest::v).sorted()
                .map(SemanticVersion::text).collect(Collectors.toList());

        assertThat(sorted).isEqualTo(ordered);
    }

    @Test
    void givenMissingPartsOrBuildMetadataWhenComparedThenTheyDoNotCount() {
        assertThat(v("1.2").compareTo(v("1.2.0"))).isZero();
        assertThat(v("1.2.0+build.7").compareTo(v("1.2.0"))).isZero();
        assertThat(v("1.2.0.1").compareTo(v("1.2.0"))).isPositive();
    }

    @Test
    void givenTextThatIsNotAVersionWhenParsedThenItIsEmpty() {
        for (String bad : List.of("", "latest", "v1.2.0", "1..2", "1.2.0-", "-1.0.0", "1.2.3 beta", "99999999999.0")) {
            assertThat(SemanticVersion.parse(bad)).as(bad).isEmpty();
        }
    }
}
