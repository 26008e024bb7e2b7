package dev.grantwire.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Redirect URI registration and matching (RFC 9700 sections 2.1 and 4.1.3, RFC 8252 7.3). */
class RedirectUrisTest {

    @Test
    void registrationWhenHttpsOrLoopbackThenAccepted() {
        assertThat(RedirectUris.registrationProblem("https://app.example/cb")).isNull();
        assertThat(RedirectUris.registrationProblem("http://127.0.0.1/cb")).isNull();
        assertThat(RedirectUris.registrationProblem("http://[::1]:8080/cb")).isNull();
    }

    @Test
    void registrationWhenHttpFragmentWildcardOrRelativeThenRefused() {
        assertThat(RedirectUris.registrationProblem("http://app.example/cb")).isNotNull();
        assertThat(RedirectUris.registrationProblem("http://localhost/cb")).isNotNull();
        assertThat(RedirectUris.registrationProblem("https://app.example/cb#frag")).isNotNull();
        assertThat(RedirectUris.registrationProblem("https://*.example/cb")).isNotNull();
        assertThat(RedirectUris.registrationProblem("/cb")).isNotNull();
        assertThat(RedirectUris.registrationProblem(" ")).isNotNull();
        assertThat(RedirectUris.registrationProblem(null)).isNotNull();
    }

    @Test
    void registrationWhenLocalhostInAnySchemeThenRefusedNamingTheLiterals() {
        assertThat(RedirectUris.registrationProblem("https://localhost:8443/cb"))
                .contains("127.0.0.1");
        assertThat(RedirectUris.registrationProblem("http://LOCALHOST:3000/cb"))
                .contains("not localhost");
    }

    @Test
    void matchesWhenExactThenTrueOtherwiseFalse() {
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example/cb")).isTrue();
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example/cb?x"))
                .isFalse();
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example/cb/")).isFalse();
        assertThat(RedirectUris.matches("https://a.example/cb", "https://a.example:8443/cb"))
                .isFalse();
        assertThat(RedirectUris.matches("https://a.example/cb", null)).isFalse();
        assertThat(RedirectUris.matches(null, "https://a.example/cb")).isFalse();
    }

    @Test
    void matchesWhenLoopbackThenAnyPortButSameHostAndPath() {
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:5000/cb"))
                .isTrue();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb"))
                .isTrue();
        assertThat(RedirectUris.matches("http://[::1]/cb", "http://[::1]:5000/cb")).isTrue();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:5000/other"))
                .isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://[::1]:5000/cb")).isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://u@127.0.0.1:5000/cb"))
                .isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb?a=1", "http://127.0.0.1:9/cb?a=2"))
                .isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:9/cb#f"))
                .isFalse();
    }

    @Test
    void matchesWhenLocalhostThenOnlyExactlyAndNeverOnAnotherPort() {
        // The one rule: localhost gets no port exception (it is not a loopback IP literal).
        assertThat(RedirectUris.matches("http://localhost/cb", "http://localhost:5000/cb"))
                .isFalse();
        assertThat(RedirectUris.matches("https://127.0.0.1/cb", "https://127.0.0.1:5000/cb"))
                .isFalse();
    }

    @Test
    void isLoopbackWhenLoopbackIpLiteralsThenTrueAndLocalhostIsNot() {
        assertThat(RedirectUris.isLoopback("http://127.0.0.1:8/cb")).isTrue();
        assertThat(RedirectUris.isLoopback("http://[::1]/cb")).isTrue();
        assertThat(RedirectUris.isLoopback("http://LOCALHOST:3000/cb")).isFalse();
        assertThat(RedirectUris.isLoopback("https://app.example/cb")).isFalse();
        assertThat(RedirectUris.isLoopback("not a uri")).isFalse();
        assertThat(RedirectUris.isLoopback(null)).isFalse();
    }
}
