package dev.grantwire.grant.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** HKDF-SHA-256 (RFC 5869) and AES-256-GCM, the primitives of the grace responses and keys. */
class CryptoTest {

    @Test
    void hkdfWhenRfc5869TestCase1ThenExpectedOutput() {
        HexFormat hex = HexFormat.of();
        byte[] okm =
                Hkdf.derive(
                        hex.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                        hex.parseHex("000102030405060708090a0b0c"),
                        hex.parseHex("f0f1f2f3f4f5f6f7f8f9"),
                        42);
        assertThat(hex.formatHex(okm))
                .isEqualTo(
                        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                                + "34007208d5b887185865");
    }

    @Test
    void aesGcmWhenWrongKeyOrAssociatedDataThenRefused() throws Exception {
        byte[] key = new byte[32];
        byte[] other = new byte[32];
        other[31] = 7;
        byte[] sealed = AesGcm.encrypt(key, "secret".getBytes(StandardCharsets.UTF_8), "row-1");
        assertThat(new String(AesGcm.decrypt(key, sealed, "row-1"), StandardCharsets.UTF_8))
                .isEqualTo("secret");
        assertThatThrownBy(() -> AesGcm.decrypt(other, sealed, "row-1"))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> AesGcm.decrypt(key, sealed, "row-2"))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
