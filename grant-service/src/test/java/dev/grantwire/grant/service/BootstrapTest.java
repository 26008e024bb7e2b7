package dev.grantwire.grant.service;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The start refuses configured secrets too short to be compared by their hash alone. */
class BootstrapTest {

    // Outside review 6: the initial access token has at least 32 characters.
    @Test
    void requireLongSecretWhenShorterThan32ThenStartRefusedNamingTheSetting() {
        assertThatThrownBy(
                        () ->
                                Bootstrap.requireLongSecret(
                                        "grantwire.bootstrap.initial-access-token", "a".repeat(31)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grantwire.bootstrap.initial-access-token")
                .hasMessageContaining("32");
        assertThatCode(
                        () ->
                                Bootstrap.requireLongSecret(
                                        "grantwire.bootstrap.initial-access-token", "a".repeat(32)))
                .doesNotThrowAnyException();
    }
}
