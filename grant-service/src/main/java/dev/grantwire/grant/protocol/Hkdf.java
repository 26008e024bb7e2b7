package dev.grantwire.grant.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA-256, <a href="https://www.rfc-editor.org/rfc/rfc5869">RFC 5869</a>. */
public final class Hkdf {

    private Hkdf() {}

    /** Derives {@code length} bytes with a UTF-8 context string. */
    public static byte[] derive(byte[] secret, byte[] salt, String info, int length) {
        return derive(secret, salt, info.getBytes(StandardCharsets.UTF_8), length);
    }

    /** Derives {@code length} bytes (at most 255 * 32) from a secret. */
    public static byte[] derive(byte[] secret, byte[] salt, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] pseudoRandomKey = mac.doFinal(secret);
            mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] block = new byte[0];
            for (int counter = 1; out.size() < length; counter++) {
                mac.update(block);
                mac.update(info);
                mac.update((byte) counter);
                block = mac.doFinal();
                out.write(block, 0, Math.min(block.length, length - out.size()));
            }
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is missing from this JVM", e);
        }
    }
}
