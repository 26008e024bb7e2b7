package dev.grantwire.grant.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A grace-period response opens only with the old refresh token, and never shows it in clear. */
class GraceResponsesTest {

    @Test
    void openWhenSameTokenThenIdenticalBody() {
        String token = Secrets.newSecret();
        byte[] hash = Secrets.sha256(token);
        String body = "{\"access_token\":\"a\",\"refresh_token\":\"" + Secrets.newSecret() + "\"}";
        byte[] sealed = GraceResponses.seal(token, hash, body);
        assertThat(GraceResponses.open(token, hash, sealed)).hasValue(body);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("refresh_token");
    }

    @Test
    void openWhenOtherTokenOrOtherRowThenEmpty() {
        String token = Secrets.newSecret();
        byte[] hash = Secrets.sha256(token);
        byte[] sealed = GraceResponses.seal(token, hash, "{}");
        assertThat(GraceResponses.open(Secrets.newSecret(), hash, sealed)).isEmpty();
        assertThat(GraceResponses.open(token, Secrets.sha256("other"), sealed)).isEmpty();
    }
}
