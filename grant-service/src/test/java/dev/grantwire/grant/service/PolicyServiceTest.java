package dev.grantwire.grant.service;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The access token lifetime's hard cap, checked at start. */
class PolicyServiceTest {

    @Test
    void accessTokenLifetimeWhenAboveCapThenStartFails() {
        PolicyService.checkAccessTokenLifetime(Duration.ofMinutes(90));
        assertThatThrownBy(() -> PolicyService.checkAccessTokenLifetime(Duration.ofMinutes(91)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hard cap of 90 minutes");
        assertThatThrownBy(() -> PolicyService.checkAccessTokenLifetime(Duration.ZERO))
                .isInstanceOf(IllegalStateException.class);
    }
}
