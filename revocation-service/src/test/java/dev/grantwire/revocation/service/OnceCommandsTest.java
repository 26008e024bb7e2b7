package dev.grantwire.revocation.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantwire.events.RevocationKind;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Command ids that make a second revoke of the same grant or token a replay. */
class OnceCommandsTest {

    @Test
    void ofWhenSameKeyThenSameIdAndOtherwiseDifferent() {
        String grant = UUID.randomUUID().toString();

        UUID id = OnceCommands.of(RevocationKind.GRANT, grant);

        assertThat(OnceCommands.of(RevocationKind.GRANT, grant)).isEqualTo(id);
        assertThat(OnceCommands.of(RevocationKind.TOKEN, grant)).isNotEqualTo(id);
        assertThat(OnceCommands.of(RevocationKind.GRANT, UUID.randomUUID().toString()))
                .isNotEqualTo(id);
        // Name-based, never equal to grant-service's random (version 4) command ids.
        assertThat(id.version()).isEqualTo(3);
    }

    @Test
    void ofWhenAppOrUserThenRefused() {
        assertThatThrownBy(() -> OnceCommands.of(RevocationKind.CLIENT, "app"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnceCommands.of(RevocationKind.USER, "u"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
