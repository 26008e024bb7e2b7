package dev.grantwire.internal.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {

    @Test
    void parseWhenWellFormedThenEachPartFormDecoded() {
        assertThat(BasicCredentials.parse("Basic " + b64("my%20app:s%3Acret+x")))
                .isEqualTo(new BasicCredentials("my app", "s:cret x"));
        assertThat(BasicCredentials.parse("basic  " + b64("a:")))
                .isEqualTo(new BasicCredentials("a", ""));
    }

    @Test
    void parseWhenNotBasicThenNull() {
        assertThat(BasicCredentials.parse(null)).isNull();
        assertThat(BasicCredentials.parse("Bearer abc")).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "client\u0000:secret",
                "client%00:secret",
                "%00:%FF",
                "a:%zz",
                "a\u001b:b",
                "%ED%A0%80:x"
            })
    void parseWhenTheDecodedTextBreaksTheRuleThenRefusedAtTheEdge(String credentials) {
        // "%00:%FF" is not UTF-8 once decoded as a whole, but its client id alone is a NUL.
        assertThatThrownBy(() -> BasicCredentials.parse("Basic " + b64(credentials)))
                .isInstanceOfSatisfying(
                        BasicCredentials.Malformed.class,
                        e -> assertThat(e.refusedText()).isTrue());
    }

    @Test
    void parseWhenBytesAreNotUtf8ThenRefusedAtTheEdge() {
        String header =
                "Basic " + Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xff});

        assertThatThrownBy(() -> BasicCredentials.parse(header))
                .isInstanceOfSatisfying(
                        BasicCredentials.Malformed.class,
                        e -> assertThat(e.refusedText()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic ", "Basic !!!!", "Basic bm8tY29sb24="})
    void parseWhenNotBase64OrWithoutAColonThenWrongCredentialsForTheEndpoint(String header) {
        assertThatThrownBy(() -> BasicCredentials.parse(header))
                .isInstanceOfSatisfying(
                        BasicCredentials.Malformed.class,
                        e -> assertThat(e.refusedText()).isFalse());
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
