package dev.grantwire.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EdgeRulesTest {

    @Test
    void decodeWhenWellFormedThenPercentEncodingAndPlusAreDecoded() {
        assertThat(EdgeRules.decode("a%20b+c%C3%A9", true)).isEqualTo("a b c\u00e9");
        assertThat(EdgeRules.decode("a+b", false)).isEqualTo("a+b");
        assertThat(EdgeRules.decode("%00", false)).isEqualTo("\u0000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%", "%4", "a%e9", "%c0%af", "%ed%a0%80", "%u0041", "%ff%fe"})
    void decodeWhenBrokenOrNotUtf8ThenNull(String encoded) {
        assertThat(EdgeRules.decode(encoded, true)).isNull();
    }

    @Test
    void decodeWhenCharactersOutsideTheBmpSitBesideEscapesThenKeptWhole() {
        assertThat(EdgeRules.decode("scope=\ud83d\ude00+x%21", true))
                .isEqualTo("scope=\ud83d\ude00 x!");
    }

    @Test
    void decodeWhenTheHexDigitsAreNotAsciiThenNull() {
        // Fullwidth "41": Character.digit would read it as hex.
        assertThat(EdgeRules.decode("%\uff14\uff11", false)).isNull();
    }

    @Test
    void callersFailureWhenAFormParserOrASignInRefusedThenItsStatusElseZero() {
        IOException multipart = new IOException("Connection terminated parsing multipart request");
        multipart.setStackTrace(
                new StackTraceElement[] {
                    new StackTraceElement(
                            "org.jboss.resteasy.reactive.server.core.multipart.MultiPartParserDefinition",
                            "parseBlocking",
                            null,
                            1)
                });

        assertThat(EdgeRules.callersFailure(new RuntimeException(multipart))).isEqualTo(400);
        assertThat(
                        EdgeRules.callersFailure(
                                new io.quarkus.security.AuthenticationFailedException()))
                .isEqualTo(401);
        assertThat(EdgeRules.callersFailure(new IllegalStateException("a bug"))).isZero();
        assertThat(EdgeRules.callersFailure(null)).isZero();
    }
}
