package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The scan finds a secret however a server mixes the encodings of its characters, so the skip by the next raw
 * character never skips a real match: each character of the secret is written raw, JSON-escaped ({@code \/},
 * {@code \u0041} in either case), percent-encoded (either case) or as {@code +} for a space, at random; or the whole
 * secret is echoed as hex in random letter case. The text around it uses characters no form of the secret contains,
 * so the scrubbed text is exactly that text around one mask.
 */
class SecretFormsProperties {
    private static final String CONTEXT_CHARS = "{}[]:,#!;<>|()*&^$@";

    @Property(tries = 1000)
    void aSecretEncodedCharacterByCharacterInAnyMixtureIsMasked(@ForAll("secrets") String secret,
                                                                  @ForAll("contexts") String before,
                                                                  @ForAll("contexts") String after,
                                                                  @ForAll long seed) {
        String echoed = mixed(secret, new Random(seed));

        String out = SecretForms.of(List.of(secret)).scrub(before + echoed + after, Redactor.MASK);

        assertThat(out).as("echoed as %s", echoed).isEqualTo(before + Redactor.MASK + after);
    }

    @Property(tries = 300)
    void aSecretEchoedAsHexInAnyLetterCaseIsMasked(@ForAll("secrets") String secret, @ForAll("contexts") String before,
                                                   @ForAll @IntRange(min = 0) int caseBits) {
        String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
        StringBuilder echoed = new StringBuilder();
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            echoed.append((caseBits >>> (i % 31) & 1) == 1 ? Character.toUpperCase(c) : c);
        }

        String out = SecretForms.of(List.of(secret)).scrub(before + echoed, Redactor.MASK);

        assertThat(out).as("echoed as %s", echoed).isEqualTo(before + Redactor.MASK);
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withChars("abcxyzABCXYZ0189/+=~._- ").ofMinLength(4).ofMaxLength(24)
                .filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<String> contexts() {
        return Arbitraries.strings().withChars(CONTEXT_CHARS).ofMaxLength(12);
    }

    private static String mixed(String secret, Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            switch (random.nextInt(5)) {
                case 0 -> b.append(String.format(Locale.ROOT, random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                case 1 -> b.append(String.format(Locale.ROOT, random.nextBoolean() ? "%%%02x" : "%%%02X", (int) c));
                case 2 -> b.append(c == '/' ? "\\/" : c == ' ' ? "+" : String.valueOf(c));
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
