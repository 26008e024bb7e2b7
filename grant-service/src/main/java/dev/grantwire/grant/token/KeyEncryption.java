package dev.grantwire.grant.token;

import dev.grantwire.grant.config.KeysConfig;
import dev.grantwire.grant.protocol.AesGcm;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Encrypts the signing keys' private parts with the key of {@code grantwire.keys.encryption-key}.
 * Built at start; a missing or malformed key stops the service with a message that says which
 * setting to fix.
 */
@Singleton
public class KeyEncryption {

    static final String SETTING = "grantwire.keys.encryption-key";

    private final byte[] key;

    @Inject
    KeyEncryption(KeysConfig config) {
        this(
                config.encryptionKey()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                SETTING
                                                        + " is not set: give it the base64 of 32"
                                                        + " random bytes (openssl rand -base64 32),"
                                                        + " from a Secret in production")));
    }

    /** For a given base64 key; public for tests. */
    public KeyEncryption(String base64Key) {
        this.key = parse(base64Key);
    }

    /** Decodes and checks a key setting. */
    public static byte[] parse(String base64Key) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(SETTING + " is not valid base64", e);
        }
        if (decoded.length != 32) {
            throw new IllegalStateException(
                    SETTING
                            + " must be the base64 of exactly 32 bytes (AES-256), it has "
                            + decoded.length);
        }
        return decoded;
    }

    /** Encrypts a private key, bound to its key id. */
    public byte[] encrypt(byte[] privateKey, String kid) {
        return AesGcm.encrypt(key, privateKey, "signing-key:" + kid);
    }

    /** Decrypts a private key stored by {@link #encrypt}. */
    public byte[] decrypt(byte[] stored, String kid) throws GeneralSecurityException {
        return AesGcm.decrypt(key, stored, "signing-key:" + kid);
    }
}
