package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zen.integration.spi.Credential;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorEncodingsTest {
    private static final String SECRET = "tok-9f8e7d6c5b4a3210/+=";

    private static Redactor remembering(Credential c) {
        Redactor r = new Redactor();
        r.remember(c);
        return r;
    }

    @ParameterizedTest(name = "{0} prefix bytes, url-safe {1}")
    @CsvSource({"0,false", "1,false", "2,false", "3,false", "4,false", "5,false", "0,true", "1,true", "2,true"})
    void givenTheSecretAtAnyByteOffsetInsideALargerBase64BlobWhenScrubbedThenNoCoreOfItRemains(int prefix,
                                                                                                 boolean urlSafe) {
        Random random = new Random(prefix);
        byte[] before = new byte[30 + prefix];
        byte[] after = new byte[31];
        random.nextBytes(before);
        random.nextBytes(after);
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] blob = new byte[before.length + secret.length + after.length];
        System.arraycopy(before, 0, blob, 0, before.length);
        System.arraycopy(secret, 0, blob, before.length, secret.length);
        System.arraycopy(after, 0, blob, before.length + secret.length, after.length);
        Base64.Encoder encoder = urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder();

        String out = remembering(Credential.bearer(SECRET)).scrubKnown("data=" + encoder.encodeToString(blob));

        assertThat(out).contains(Redactor.MASK);
        for (String core : SecretForms.base64Cores(secret, encoder.withoutPadding())) {
            assertThat(out).doesNotContain(core.substring(0, SecretForms.MIN_DERIVED_CHARS));
        }
    }

    @Test
    void givenTextWithoutAnySecretWhenScrubbedThenTheSameStringComesBack() {
        Redactor r = remembering(Credential.basic("bot@acme.test", SECRET));
        String text = "{\"a\":\"b\\/c \\u0041 %41 +\",\"n\":[1,2,3]}";

        assertThat(r.scrubKnown(text)).isSameAs(text);
    }

    @Test
    void givenARefreshTokenWhenEchoedInHexThenItIsScrubbedToo() {
        Redactor r = remembering(new Credential(Credential.Type.BEARER, null, SECRET, "refresh-77aa99bb", Instant.MAX));
        String hex = HexFormat.of().formatHex("refresh-77aa99bb".getBytes(StandardCharsets.UTF_8));

        assertThat(r.scrubKnown("x" + hex.toUpperCase(Locale.ROOT) + "y")).isEqualTo("x" + Redactor.MASK + "y");
    }

    /** Rough timing of the scan on an 8 MiB response (printed; the bound only catches a pathological slowdown). */
    @Test
    void givenAnEightMiBJsonBodyWhenScrubbedThenItTakesWellUnderASecond() {
        Redactor r = remembering(new Credential(Credential.Type.BASIC, "bot@acme.test", SECRET, "refresh-77aa99bb",
                Instant.MAX));
        StringBuilder b = new StringBuilder(8 << 20);
        Random random = new Random(1);
        while (b.length() < (8 << 20)) {
            b.append("{\"key\":\"SYNC-").append(random.nextInt(100_000)).append("\",\"summary\":\"Fix the export \\\"")
                    .append(Long.toHexString(random.nextLong())).append("\\\" at https:\\/\\/acme.test\\/a%20b\","
                            + "\"description\":\"line one\\nline two\\u00e9 \",\"labels\":[\"backend\",\"p1\"]},");
        }
        String body = b.append("\"").append(SECRET.replace("/", "\\/")).append("\"").toString();
        r.scrubKnown(body); // warm-up

        long best = Long.MAX_VALUE;
        String out = null;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            out = r.scrubKnown(body);
            best = Math.min(best, System.nanoTime() - start);
        }

        System.out.printf("scrubKnown on %d chars: best of 5 = %d ms%n", body.length(), best / 1_000_000);
        assertThat(out).endsWith("\"" + Redactor.MASK + "\"");
        assertThat(best / 1_000_000).isLessThan(1_000);
    }
}
