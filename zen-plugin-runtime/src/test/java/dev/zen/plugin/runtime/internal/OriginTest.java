package dev.zen.plugin.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Origins compare scheme, host and effective port; only literal loopback addresses and localhost are local. */
class OriginTest {
    @Test
    void givenUrlsOfOneServerWhenComparedThenSchemeAndEffectivePortDecide() {
        assertThat(Origin.of(URI.create("https://Acme.Atlassian.net/rest?x=1")))
                .isEqualTo(Origin.of(URI.create("https://acme.atlassian.net:443")));
        assertThat(Origin.of(URI.create("https://acme.atlassian.net")))
                .isNotEqualTo(Origin.of(URI.create("http://acme.atlassian.net")))
                .isNotEqualTo(Origin.of(URI.create("https://acme.atlassian.net:8443")));
        assertThat(Origin.of(URI.create("http://acme.test")).toString()).isEqualTo("http://acme.test:80");
        assertThat(Origin.of(URI.create("ftp://acme.test"))).isNull();
    }

    @Test
    void givenOriginsInASetWhenLookedUpThenEqualOnesHashAlikeAndDifferingOnesDoNotMatch() {
        Origin a = new Origin("https", "acme.test", 443);

        assertThat(a).isEqualTo(new Origin("https", "acme.test", 443)).hasSameHashCodeAs(
                new Origin("https", "acme.test", 443));
        assertThat(Set.of(a)).contains(new Origin("https", "acme.test", 443))
                .doesNotContain(new Origin("http", "acme.test", 443), new Origin("https", "acme.tes", 443),
                        new Origin("https", "acme.test", 8443));
        assertThat(a).isNotEqualTo(null).isNotEqualTo("https://acme.test:443");
    }

    @ParameterizedTest
    @CsvSource({"http://localhost:8080,true", "http://127.0.0.1,true", "http://127.200.3.4,true",
            "http://[::1]:9000,true", "http://[0:0:0:0:0:0:0:1],true", "http://[::ffff:127.0.0.1],true",
            "http://localhost.evil.test,false", "http://127.0.0.1.evil.test,false", "http://10.0.0.1,false",
            "http://128.0.0.1,false", "http://[::2],false", "http://jira.example.test,false"})
    void givenAHostWhenAskedWhetherItIsLoopbackThenOnlyLiteralLoopbackAndLocalhostAre(String url, boolean loopback) {
        assertThat(Origin.of(URI.create(url)).loopback()).isEqualTo(loopback);
    }
}
