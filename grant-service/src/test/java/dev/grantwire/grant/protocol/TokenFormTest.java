package dev.grantwire.grant.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Strict form parsing: every malformed body is an invalid_request. */
class TokenFormTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void parseWhenWellFormedThenDecodes() {
        TokenForm form = TokenForm.parse(FORM + "; charset=UTF-8", "a=1%202&b=x+y&c=");
        assertThat(form.single("a")).isEqualTo("1 2");
        assertThat(form.single("b")).isEqualTo("x y");
        assertThat(form.single("c")).isNull();
        assertThat(form.single("missing")).isNull();
    }

    @Test
    void parseWhenWrongTypeBadEncodingOrRepeatedThenInvalidRequest() {
        assertError(() -> TokenForm.parse("application/json", "{}"));
        assertError(() -> TokenForm.parse(null, "a=1"));
        assertError(() -> TokenForm.parse(FORM, "a=%ZZ"));
        assertError(() -> TokenForm.parse(FORM, "a=1&a=2").single("a"));
        assertError(() -> TokenForm.parse(FORM, "").required("grant_type"));
    }

    private static void assertError(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        OAuthException.class,
                        e -> assertThat(e.error()).isEqualTo("invalid_request"));
    }
}
