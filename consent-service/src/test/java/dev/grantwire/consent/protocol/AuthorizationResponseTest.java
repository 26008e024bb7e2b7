package dev.grantwire.consent.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The authorization response's redirect (RFC 6749 section 4.1.2, RFC 9207 {@code iss}). */
class AuthorizationResponseTest {

    @Test
    void responseWhenRedirectUriHasQueryThenParametersAppendedAndEncoded() {
        URI uri =
                AuthorizationResponse.error(
                        "https://a.example/cb?tenant=1",
                        AuthorizationError.accessDenied("the user cancelled"),
                        "s&1",
                        "http://127.0.0.1:8081");
        assertThat(uri.toString())
                .isEqualTo(
                        "https://a.example/cb?tenant=1&error=access_denied"
                                + "&error_description=the+user+cancelled&state=s%261"
                                + "&iss=http%3A%2F%2F127.0.0.1%3A8081");
        assertThat(AuthorizationResponse.code("https://a.example/cb", "c", null, "i").toString())
                .isEqualTo("https://a.example/cb?code=c&iss=i");
    }
}
