package dev.grantwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 7636 S256, with the example of appendix B. */
class PkceTest {

    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void verifyWhenRfcExampleThenMatches() {
        assertThat(Pkce.isS256Challenge(CHALLENGE)).isTrue();
        assertThat(Pkce.challenge(VERIFIER)).isEqualTo(CHALLENGE);
        assertThat(Pkce.verify(VERIFIER, CHALLENGE)).isTrue();
    }

    @Test
    void verifyWhenPlainOrShortOrWrongThenRefused() {
        assertThat(Pkce.verify(CHALLENGE, CHALLENGE)).isFalse();
        assertThat(Pkce.verify("short", CHALLENGE)).isFalse();
        assertThat(Pkce.verify(null, CHALLENGE)).isFalse();
        assertThat(Pkce.verify(VERIFIER, null)).isFalse();
        assertThat(Pkce.verify(VERIFIER + "x", CHALLENGE)).isFalse();
        assertThat(Pkce.isS256Challenge(VERIFIER + "a")).isFalse();
        assertThat(Pkce.isS256Challenge(null)).isFalse();
        assertThat(Pkce.isS256Challenge(CHALLENGE + "=")).isFalse();
    }

    @Test
    void newVerifierWhenMadeThenWellFormedFreshAndVerifiable() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String verifier = Pkce.newVerifier();
            assertThat(verifier).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(Pkce.verify(verifier, Pkce.challenge(verifier))).isTrue();
            seen.add(verifier);
        }
        assertThat(seen).hasSize(100);
    }
}
