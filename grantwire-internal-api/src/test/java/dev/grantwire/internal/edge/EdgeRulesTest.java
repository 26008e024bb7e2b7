package dev.grantwire.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
    void basicCredentialsWhenTheyHideANulThenTheDecodedTextShowsIt() {
        String raw = "Basic " + b64("client\u0000:secret");
        String encoded = "Basic " + b64("client%00:secret");

        assertThat(EdgeRules.basicCredentials(raw)).contains("\u0000");
        assertThat(EdgeRules.basicCredentials(encoded)).contains("\u0000");
    }

    @Test
    void basicCredentialsWhenNotBasicOrNotBase64ThenLeftToTheEndpoint() {
        assertThat(EdgeRules.basicCredentials("Bearer abc")).isNull();
        assertThat(EdgeRules.basicCredentials("Basic !!!!")).isNull();
        assertThat(EdgeRules.basicCredentials(null)).isNull();
        assertThat(EdgeRules.basicCredentials("Basic " + b64("client:secret")))
                .isEqualTo("client:secret");
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

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
