package dev.grantwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompactJwsTest {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    /** One byte of signature ("A" then 4 zero bits: "QQ"), two bytes ("AB": "QUI"), three. */
    private static final String TOKEN =
            URL.encodeToString(
                            "{\"alg\":\"RS256\",\"kid\":\"k?>\"}".getBytes(StandardCharsets.UTF_8))
                    + "."
                    + URL.encodeToString("{\"sub\":\"alice\"}".getBytes(StandardCharsets.UTF_8))
                    + ".QUI";

    @Test
    void isCanonicalWhenSpelledAsEncodingGivesItThenTrue() {
        assertThat(CompactJws.isCanonical(TOKEN)).isTrue();
        assertThat(CompactJws.isCanonical("QQ.QUI.QUJD")).isTrue();
    }

    @Test
    void isCanonicalWhenTheLastCharacterCarriesBitsPastTheLastByteThenFalse() {
        // "QUI" is "AB"; "QUJ" decodes to the same two bytes with a trailing bit set.
        assertThat(Base64.getUrlDecoder().decode("QUJ"))
                .isEqualTo(Base64.getUrlDecoder().decode("QUI"));
        assertThat(CompactJws.isCanonical(TOKEN.substring(0, TOKEN.length() - 1) + "J")).isFalse();
        // "QQ" is "A"; "QR" carries 4 more bits.
        assertThat(CompactJws.isCanonical("QR.QUI.QUJD")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "QQ==.QUI.QUJD",
                "QQ.QUI=.QUJD",
                "Q+.QUI.QUJD",
                "Q/.QUI.QUJD",
                "QQ.QUI.QUJD.",
                ".QQ.QUI.QUJD",
                "QQ.QUI.QUJD.QQ",
                "QQ..QUJD",
                "QQ.QUI.",
                "QQ.QUI",
                "QQ.QUI.QUJD ",
                " QQ.QUI.QUJD",
                "QQ.QUI.QUJD\n",
                "QQ.Q.QUJD",
                "QQ.QUI.QU JD",
                "QQ.QUI.QUJ\u0000",
                ""
            })
    void isCanonicalWhenNotTheCanonicalCompactFormThenFalse(String token) {
        assertThat(CompactJws.isCanonical(token)).isFalse();
    }

    @Test
    void isCanonicalWhenNullOrLongerThanAnyTokenIssuedThenFalse() {
        assertThat(CompactJws.isCanonical(null)).isFalse();
        assertThat(CompactJws.isCanonical("QUJD." + "QUJD".repeat(5_000) + ".QUJD")).isFalse();
    }
}
