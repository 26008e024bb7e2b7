package dev.grantwire.grant.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Redirect URI registration and matching (RFC 9700 section 2.1, RFC 8252 section 7.3). */
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
    }

    @Test
    void matchesWhenExactOrLoopbackOtherPortThenTrueOtherwiseFalse() {
        assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example/cb"))
                .isTrue();
        assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example/cb/"))
                .isFalse();
        assertThat(RedirectUris.matches("https://app.example/cb", "https://app.example:8443/cb"))
                .isFalse();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb"))
                .isTrue();
        assertThat(RedirectUris.matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/other"))
                .isFalse();
    }
}
