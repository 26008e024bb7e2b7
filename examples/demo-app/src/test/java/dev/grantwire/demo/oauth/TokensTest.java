package dev.grantwire.demo.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static final Instant EXPIRES = Instant.parse("2026-01-01T01:00:00Z");
    private final Tokens tokens = new Tokens("access", "refresh", EXPIRES);

    @Test
    void expiresBeforeWhenWellBeforeExpiryThenFalse() {
        assertThat(tokens.expiresBefore(EXPIRES.minusSeconds(60), 5)).isFalse();
    }

    @Test
    void expiresBeforeWhenWithinTheMarginThenTrue() {
        assertThat(tokens.expiresBefore(EXPIRES.minusSeconds(3), 5)).isTrue();
    }

    @Test
    void expiresBeforeWhenPastExpiryThenTrue() {
        assertThat(tokens.expiresBefore(EXPIRES.plusSeconds(1), 5)).isTrue();
    }
}
