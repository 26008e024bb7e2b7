package dev.grantwire.grant.token;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The signing keys' encryption key setting. */
class KeyEncryptionTest {

    @Test
    void keySettingWhenMissingShortOrNotBase64ThenClearStartFailure() {
        assertThatThrownBy(
                        () -> new KeyEncryption(Base64.getEncoder().encodeToString(new byte[16])))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grantwire.keys.encryption-key")
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new KeyEncryption("not base64 !!!"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("grantwire.keys.encryption-key");
    }
}
