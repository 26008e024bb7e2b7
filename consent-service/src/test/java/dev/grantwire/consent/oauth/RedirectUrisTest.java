package dev.grantwire.consent.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedirectUrisTest {

    @Test
    void matchesWhenExactThenTrueOtherwiseFalse() {
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example/cb")).isTrue();
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example/cb?x"))
                .isFalse();
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example:8443/cb"))
                .isFalse();
        assertThat(RedirectUris.matches("https://a.example/cb", null)).isFalse();
    }

    @Test
    void matchesWhenLoopbackThenAnyPortButSameHostAndPath() {
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:5000/cb"))
                .isTrue();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:5000/other"))
                .isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://[::1]:5000/cb")).isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://u@127.0.0.1:5000/cb"))
                .isFalse();
    }

    @Test
    void isLoopbackWhenLocalHostNamesThenTrue() {
        assertThat(RedirectUris.isLoopback("http://127.0.0.1:8/cb")).isTrue();
        assertThat(RedirectUris.isLoopback("http://[::1]/cb")).isTrue();
        assertThat(RedirectUris.isLoopback("http://LOCALHOST:3000/cb")).isTrue();
        assertThat(RedirectUris.isLoopback("https://app.example/cb")).isFalse();
    }

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
