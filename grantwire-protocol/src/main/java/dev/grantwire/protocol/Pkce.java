package dev.grantwire.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * PKCE with S256 only (<a href="https://www.rfc-editor.org/rfc/rfc7636#section-4">RFC 7636 section
 * 4</a>); {@code plain} is refused everywhere (<a
 * href="https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1">RFC 9700 section 2.1.1</a>).
 * consent-service checks the challenge at the authorization endpoint, grant-service checks the
 * verifier at the token endpoint, and clients (tests, benchmarks) make verifiers with it. Stateless
 * and thread-safe.
 */
public final class Pkce {

    /** The only code challenge method accepted. */
    public static final String S256 = "S256";

    /** RFC 7636 section 4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    /** base64url of a SHA-256 digest, unpadded: 43 characters. */
    private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Pkce() {}

    /** Whether a challenge is a well-formed S256 challenge (base64url of 32 bytes, unpadded). */
    public static boolean isS256Challenge(String challenge) {
        return challenge != null && CHALLENGE.matcher(challenge).matches();
    }

    /**
     * Whether the verifier is well formed and hashes to the challenge (RFC 7636 section 4.6),
     * compared in constant time.
     */
    public static boolean verify(String verifier, String challenge) {
        if (verifier == null || challenge == null || !VERIFIER.matcher(verifier).matches()) {
            return false;
        }
        return MessageDigest.isEqual(
                challenge(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }

    /** The S256 challenge of a verifier: base64url(SHA-256(ASCII(verifier))), unpadded. */
    public static String challenge(String verifier) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A new verifier, as a client makes one: 32 random bytes, base64url (43 characters). */
    public static String newVerifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
