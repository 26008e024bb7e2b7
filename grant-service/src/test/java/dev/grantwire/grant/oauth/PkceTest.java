package dev.grantwire.grant.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 7636 S256, with the example of appendix B. */
class PkceTest {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void verifyWhenRfcExampleThenMatches() {
        assertThat(Pkce.isS256Challenge(CHALLENGE)).isTrue();
        assertThat(Pkce.verify(VERIFIER, CHALLENGE)).isTrue();
    }

    @Test
    void verifyWhenPlainOrShortOrWrongThenRefused() {
        assertThat(Pkce.verify(CHALLENGE, CHALLENGE)).isFalse();
        assertThat(Pkce.verify("short", CHALLENGE)).isFalse();
        assertThat(Pkce.verify(null, CHALLENGE)).isFalse();
        assertThat(Pkce.verify(VERIFIER + "x", CHALLENGE)).isFalse();
        assertThat(Pkce.isS256Challenge(VERIFIER + "a")).isFalse();
    }
}
