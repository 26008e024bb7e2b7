package dev.grantwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InputTextTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alice",
                "Work tracker demo",
                "tab\there",
                "two\r\nlines",
                "caf\u00e9 \u00fc\u00df",
                "\u202egnp.exe",
                "😀 emoji (a surrogate pair)",
                "' OR '1'='1",
                ""
            })
    void isAcceptableWhenPrintableTextThenTrue(String text) {
        assertThat(InputText.isAcceptable(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\u0000b",
                "\u0000",
                "bell\u0007",
                "escape\u001b[31m",
                "delete\u007f",
                "lone high \ud800",
                "lone low \udfff here",
                "swapped \udfff\ud800"
            })
    void isAcceptableWhenANulControlCharacterOrLoneSurrogateThenFalse(String text) {
        assertThat(InputText.isAcceptable(text)).isFalse();
    }
}
