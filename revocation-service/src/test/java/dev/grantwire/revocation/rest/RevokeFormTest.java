package dev.grantwire.revocation.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The strict form parsing of {@code /oauth2/revoke} (RFC 6749 sections 3.1 and 3.2). */
class RevokeFormTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void parseWhenEncodedParametersThenDecodedAndEmptyValuesAbsent() {
        RevokeForm form =
                RevokeForm.parse(
                        FORM + "; charset=UTF-8",
                        "token=a%2Bb%3D&token_type_hint=&client_id=my+app&flag");

        assertThat(form.get("token")).isEqualTo("a+b=");
        assertThat(form.get("token_type_hint")).isNull();
        assertThat(form.get("client_id")).isEqualTo("my app");
        assertThat(form.get("flag")).isNull();
        assertThat(form.get("missing")).isNull();
    }

    @Test
    void parseWhenNotAFormThenMalformed() {
        assertThatThrownBy(() -> RevokeForm.parse("application/json", "{\"token\":\"x\"}"))
                .isInstanceOf(RevokeForm.Malformed.class);
        assertThatThrownBy(() -> RevokeForm.parse(null, "token=x"))
                .isInstanceOf(RevokeForm.Malformed.class);
    }

    @Test
    void parseWhenParameterRepeatedOrBadlyEncodedThenMalformed() {
        assertThatThrownBy(() -> RevokeForm.parse(FORM, "token=x&token=y"))
                .isInstanceOf(RevokeForm.Malformed.class)
                .hasMessageContaining("token");
        assertThatThrownBy(() -> RevokeForm.parse(FORM, "token=%zz"))
                .isInstanceOf(RevokeForm.Malformed.class);
    }

    @Test
    void parseWhenBodyEmptyThenNoParameters() {
        assertThat(RevokeForm.parse(FORM, "").get("token")).isNull();
        assertThat(RevokeForm.parse(FORM, null).get("token")).isNull();
    }
}
