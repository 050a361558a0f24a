package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaPatternsTest {
    @ParameterizedTest
    @ValueSource(strings = {"^https?://.+", "^[A-Z][A-Z0-9_]+$", "^[^/]+/[^/]+$", "^\\d{4}-\\d{2}-\\d{2}$",
        "^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", "(?i)^(low|medium|high)$", "^\\p{L}[\\p{L}\\p{N} _-]{0,63}$",
        "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", "\\Q(literal)\\E",
        "^x{1000}$", "[]a]", "[^]a]+", "[[:alpha:]]+"})
    void givenAPatternSchemasUseWhenCompiledThenItIsAccepted(String pattern) {
        assertThat(SchemaPatterns.compile(pattern).matcher("").find()).isIn(true, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a{1000}){1000}", "((a{100}){100}){100}", "(x{100}){101}", "a{1000}b{1000}c{1000}d{1000}"
        + "e{1000}f{1000}"})
    void givenCountedRepetitionsThatUnrollTooFarWhenCompiledThenTheyAreRefusedBeforeRe2jBuildsThem(String pattern) {
        assertThat(SchemaPatterns.expandedSize(pattern)).isGreaterThan(SchemaPatterns.MAX_PROGRAM_SIZE);
        assertThatThrownBy(() -> SchemaPatterns.compile(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expands to more than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"(a)\\1", "a(?=b)", "a(?!b)", "(?<=a)b", "(?<!a)b", "a++", "[unclosed"})
    void givenSyntaxOnlyABacktrackingEngineHasWhenCompiledThenItIsRefused(String pattern) {
        assertThatThrownBy(() -> SchemaPatterns.compile(pattern)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linear-time");
    }
}
