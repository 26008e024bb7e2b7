package dev.grantwire.grant.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * The response of a refresh-token rotation, kept for the grace period so that a retried refresh (a
 * lost answer) gets the identical response (RFC 9700 section 4.14.2 allows a grace period). It
 * holds live tokens, so it is sealed with AES-256-GCM under a key derived with HKDF-SHA-256 from
 * the old refresh token, which is stored only hashed: the database alone cannot open it.
 */
public final class GraceResponses {

    private static final String INFO = "grantwire refresh-token grace response v1";

    private GraceResponses() {}

    /** Seals a response body for the holder of {@code refreshToken}. */
    public static byte[] seal(String refreshToken, byte[] tokenHash, String body) {
        return AesGcm.encrypt(
                key(refreshToken),
                body.getBytes(StandardCharsets.UTF_8),
                associatedData(tokenHash));
    }

    /** Opens a sealed body; empty when the token does not open it. */
    public static Optional<String> open(String refreshToken, byte[] tokenHash, byte[] sealed) {
        try {
            return Optional.of(
                    new String(
                            AesGcm.decrypt(key(refreshToken), sealed, associatedData(tokenHash)),
                            StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] key(String refreshToken) {
        return Hkdf.derive(refreshToken.getBytes(StandardCharsets.UTF_8), new byte[0], INFO, 32);
    }

    private static String associatedData(byte[] tokenHash) {
        return "refresh-grace:" + Base64.getUrlEncoder().encodeToString(tokenHash);
    }
}
